"""Every query parameter the app reads and every link it emits, each defined once.

``Param`` names the parameters, ``Query`` parses the current URL into typed values
(garbage becomes ``None``), and ``link`` builds absolute URLs for sharing. Navigation
inside the app goes through ``go``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qs, urlencode, urlsplit

import streamlit as st

from networking_works.tokens import plausible_token
from web import resources
from web.i18n import supported
from web.routes import WELCOME, Route, url_paths


class Param(StrEnum):
    ASSESSMENT = "a"  # a person's own walk-through (private)
    RESULT = "r"  # a shared result (public by the owner's choice)
    DELETE = "delete"  # the private token that deletes a shared result
    WORKSHOP = "w"  # a workshop's id
    KEY = "k"  # a workshop's facilitator secret (private)
    CODE = "code"  # a workshop's join code (public)
    BANK = "bank"  # the private link that keeps a speaker's own bank (private)
    LANG = "lang"  # the interface's language, when chosen (web/i18n.py); links inside keep it
    JOURNAL = "j"  # a private journal (private); carried through a retake's walk-through


# Parameters that hold a secret: a link carrying any of them is private (web/head.py).
PRIVATE_PARAMS = frozenset(
    {Param.ASSESSMENT, Param.DELETE, Param.WORKSHOP, Param.KEY, Param.JOURNAL, Param.BANK}
)


@dataclass(frozen=True)
class Query:
    """The current URL's parameters; each is the raw text or None (never trusted as valid)."""

    assessment: str | None
    result: str | None
    delete: str | None
    workshop: str | None
    key: str | None
    code: str | None
    bank: str | None
    lang: str | None
    journal: str | None

    @classmethod
    def current(cls) -> Query:
        found = st.query_params
        return cls(**{p.name.lower(): found.get(p.value) for p in Param})


def query() -> Query:
    return Query.current()


def link(route: Route = WELCOME, **named: str) -> str:
    """An absolute link into this app, as the person's browser (or PUBLIC_URL) sees it.

    ``named`` are named by ``Param`` members' names in lower case (``assessment=``,
    ``result=``, ``delete=``, ``workshop=``, ``key=``, ``code=``, ``journal=``).
    """
    return link_at(base_url(st.context.url), route, **named)


def link_at(base: str, route: Route = WELCOME, **named: str) -> str:
    """``link`` from a known base (``base_url``), e.g. outside a script run."""
    query_text = f"?{urlencode(params(**named))}" if named else ""
    return f"{base.rstrip('/')}/{route.url_path}{query_text}"


def base_url(current: str | None) -> str:
    """PUBLIC_URL, else the app's root as seen in ``current`` (the address of a page)."""
    public = resources.public_url()
    if public:
        return public.rstrip("/")
    parts = urlsplit(current or "http://localhost:8501/")
    path = parts.path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last in url_paths():
        path = path[: -len(last) - 1]
    return f"{parts.scheme}://{parts.netloc}{path}"


def params(**named: str) -> dict[str, str]:
    """A query as a dict keyed by the parameters' URL names (``assessment=`` -> ``a``)."""
    return {Param[name.upper()].value: value for name, value in named.items()}


def query_string(**named: str) -> str:
    """``a=…&code=…`` for ``named`` (as in ``link``), for clients that build requests."""
    return urlencode(params(**named))


def named_in(query_text: str, param: Param) -> str | None:
    """The value of ``param`` in a query string such as ``a=TOKEN``, if present."""
    found = parse_qs(query_text).get(param.value, [])
    return found[0] if found else None


def result_in(reference: str) -> str | None:
    """The shared-result token in a pasted link (``…/results?r=TOKEN``) or a bare token."""
    text = reference.strip()
    if "?" in text or "/" in text:
        text = named_in(urlsplit(text).query, Param.RESULT) or ""
    return text if plausible_token(text) else None


def go(route: Route, **named: str) -> None:
    """Switch to ``route`` with ``named`` (as in ``link``) as its whole query, and the
    language the URL chose (if any)."""
    st.switch_page(route.file, query_params=in_app(**named))


def walk(route: Route, assessment: str) -> None:
    """Switch to a walk-through page of ``assessment``, keeping the URL's journal link.

    A retake made from a journal carries the journal's link (``j``) from page to page,
    so its results page can lead back to the journal.
    """
    journal = query().journal
    if journal is not None and plausible_token(journal):
        go(route, assessment=assessment, journal=journal)
    else:
        go(route, assessment=assessment)


def go_home() -> None:
    kept = in_app()
    st.query_params.clear()
    st.switch_page(WELCOME.file, query_params=kept)


def set_query(**named: str) -> None:
    """Replace this page's query with ``named`` (as in ``link``), keeping the language."""
    st.query_params.from_dict(in_app(**named))


def in_app(**named: str) -> dict[str, str]:
    """``params(**named)`` for a move inside the app: a language chosen in the URL stays.

    Absolute links (``link``) never carry it: whoever opens a shared link gets their own
    language, and a room's links are answered in the room's language by the join page.
    """
    chosen = supported(query().lang)
    if chosen and "lang" not in named:
        named = {**named, "lang": chosen}
    return params(**named)
