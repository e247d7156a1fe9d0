"""A phone on the audience pages, over HTTP: it follows links and forms as a browser
does (its own cookies, the hidden fields of each form), so tests read like a person."""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from starlette.applications import Starlette

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from starlette.testclient import TestClient

from audience import Context, starlette_app
from audience.paths import FOLLOW_HEADER
from networking_works.bank import Bank
from networking_works.services import load_banks
from networking_works.store import Store
from networking_works.store.private_banks import is_private

QUESTIONS = Path(__file__).resolve().parent.parent / "questions"
BANKS = load_banks(QUESTIONS)


def context(store: Store) -> Context:
    def bank(bank_id: str) -> Bank | None:
        found = BANKS.by_id.get(bank_id)
        if found is None and is_private(bank_id):
            found = store.private_banks.bank(bank_id)
        return found

    return Context(store=lambda: store, bank=bank)


def app_for(store: Store) -> Starlette:
    return starlette_app(context(store))


@dataclass
class Form:
    action: str
    method: str
    hidden: dict[str, str] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (name, value)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(found.get("action", ""), found.get("method", "get")))
        elif tag == "input" and found.get("type") == "hidden" and self.forms:
            self.forms[-1].hidden[found["name"]] = found.get("value", "")
        elif tag == "button" and self.forms and "name" in found:
            self.forms[-1].buttons.append((found["name"], found.get("value", "")))


def forms(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


class Phone:
    def __init__(self, app: Starlette, **headers: str) -> None:
        self.client = TestClient(
            app, base_url="http://testserver", follow_redirects=False, headers=headers
        )
        self.page = ""
        self.status = 0
        self.url = ""

    def open(self, path: str, **headers: str) -> Phone:
        response = self.client.get(path, headers=headers)
        return self._follow(response, path)

    def submit(
        self,
        fields: Mapping[str, str] | None = None,
        move: str | None = None,
        index: int = -1,
        script: bool = False,
    ) -> Phone:
        """Send the page's form (the last one unless ``index``) with ``fields``, pressing
        the button whose value is ``move``; ``script``: as the page's script sends it
        (the page it leads to comes back in the answer, named by Content-Location)."""
        form = forms(self.page)[index]
        data = dict(form.hidden)
        if move is not None:
            assert ("move", move) in form.buttons, f"no {move} button in {form.buttons}"
            data["move"] = move
        data.update(fields or {})
        headers = {FOLLOW_HEADER: "1"} if script else {}
        response = self.client.post(form.action, data=data, headers=headers)
        self.posted = response
        return self._follow(response, response.headers.get("content-location", form.action))

    def post(self, path: str, content: bytes | str, **headers: str) -> Phone:
        kind = headers.pop("content_type", "application/x-www-form-urlencoded")
        response = self.client.post(
            path, content=content, headers={"content-type": kind, **headers}
        )
        return self._follow(response, path)

    def _follow(self, response: Any, path: str) -> Phone:
        self.redirects = 0
        while response.status_code in {301, 302, 303, 307}:
            path = response.headers["location"]
            self.redirects += 1
            response = self.client.get(path)
        self.status, self.page, self.url = response.status_code, response.text, path
        self.headers = response.headers
        return self

    @property
    def heading(self) -> str:
        found = re.search(r"<h1[^>]*>(.*?)</h1>", self.page, re.S)
        return found.group(1).strip() if found else ""

    @property
    def path(self) -> str:
        return self.url.split("?")[0]


def answer_all(phone: Phone, statement_ids: list[str], value: int = 4) -> dict[str, str]:
    return {f"s-{sid}": str(value) for sid in statement_ids}
