"""What a phone reads off an audience page: its kind, its forms, how it waits, the part
it holds; and ``Hop``, one request and its answer. Parsed only where needed (the
``<form>`` elements and the tags that say how a page waits), never the whole document;
``harness/phone.py`` is the phone that sends and follows them.
"""

from __future__ import annotations

import html
import html.parser
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from html.parser import HTMLParser
from urllib.parse import urlsplit

import httpx

# Weights of the options of a statement, in the order a part page draws them
# (1..5, then "does not apply"); a group of another size is chosen uniformly.
OPTION_WEIGHTS = (18, 20, 22, 20, 15, 5)


class PhoneError(Exception):
    """A page a phone cannot go on from (its message names no query string)."""


class Kind(StrEnum):
    """What a page is: as its ``<body data-page>`` names it, else read from its
    structure; never from its words or field names."""

    JOIN = "join"  # a form with a text input
    DEFINITION = "definition"  # a form of buttons only
    PART = "part"  # a form with radio groups
    WAITING = "waiting"  # no form; the page says how it waits
    RESULT = "result"  # a chart (SVG), no radio groups
    REFUSAL = "refusal"  # an error status, or anything else


_KINDS = frozenset(kind.value for kind in Kind)


@dataclass(frozen=True)
class Button:
    name: str
    value: str
    primary: bool
    disabled: bool


@dataclass
class Form:
    action: str
    method: str
    hidden: list[tuple[str, str]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # name -> value drawn
    radios: dict[str, list[str]] = field(default_factory=dict)  # group -> values in order
    checked: dict[str, str] = field(default_factory=dict)  # group -> value drawn checked
    checkboxes: list[tuple[str, str, bool]] = field(default_factory=list)  # name, value, on
    buttons: list[Button] = field(default_factory=list)

    def button(self, prefer: Sequence[str] = ()) -> Button | None:
        """The enabled button whose value comes first in ``prefer``, else the primary one,
        else the first (None: the form has none)."""
        enabled = [b for b in self.buttons if not b.disabled]
        for wanted in prefer:
            for found in enabled:
                if found.value == wanted:
                    return found
        return next((b for b in enabled if b.primary), enabled[0] if enabled else None)

    def fill(
        self,
        rng: random.Random,
        texts: Mapping[str, str] | None = None,
        prefer: Sequence[str] = (),
        choose: Mapping[str, str] | None = None,
    ) -> tuple[list[tuple[str, str]], dict[str, str]]:
        """The fields a person's press sends, and the radio choices made (group -> value):
        ``choose``'s value for a group it names, else a weighted random option."""
        fields = list(self.hidden)
        fields += [(name, (texts or {}).get(name, value)) for name, value in self.texts.items()]
        chosen = {}
        for group, values in self.radios.items():
            if choose and group in choose:
                chosen[group] = choose[group]
                continue
            weights = OPTION_WEIGHTS if len(values) == len(OPTION_WEIGHTS) else None
            chosen[group] = rng.choices(values, weights)[0]
        fields += chosen.items()
        fields += [(name, value) for name, value, on in self.checkboxes if on]
        pressed = self.button(prefer)
        if pressed is not None and pressed.name:
            fields.append((pressed.name, pressed.value))
        return fields, chosen


class _FormReader:
    """The forms of a page, from their ``<form>``, ``<input>`` and ``<button>`` tags."""

    def __init__(self) -> None:
        self.forms: list[Form] = []
        self.open = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
            self.open = True
            return
        if not self.open or (tag == "input" and "disabled" in a):
            return  # outside a form, or an input a browser would not send
        form, name, value = self.forms[-1], a.get("name", ""), a.get("value", "")
        kind = a.get("type", "submit" if tag == "button" else "text").lower()
        if tag == "button" or (tag == "input" and kind in {"submit", "image"}):
            if kind == "submit":
                primary = "primary" in a.get("class", "").split()
                form.buttons.append(Button(name, value, primary, "disabled" in a))
        elif tag != "input" or not name:
            return
        elif kind == "hidden":
            form.hidden.append((name, value))
        elif kind == "radio":
            form.radios.setdefault(name, []).append(value)
            if "checked" in a:
                form.checked[name] = value
        elif kind == "checkbox":
            form.checkboxes.append((name, value or "on", "checked" in a))
        elif kind in {"text", "search", "email", "tel", "number", "url"}:
            form.texts[name] = value


# The only tags a form's reader needs; everything between them (labels, text) is skipped.
_FORM_TAGS = re.compile(r"<(form|input|button)\b[^>]*>|</form\s*>", re.I)


def _attributes(tag: str, start: int) -> list[tuple[str, str | None]]:
    """A start tag's attributes, read with html.parser's own attribute pattern (without
    its per-character state machine, which costs ~20 µs a tag)."""
    found: list[tuple[str, str | None]] = []
    for match in html.parser.attrfind_tolerant.finditer(tag, start):  # type: ignore[attr-defined]
        name, rest, value = match.group(1, 2, 3)
        if not name:
            continue
        if not rest:
            value = None
        elif value[:1] in "'\"" and value[:1] == value[-1:]:
            value = value[1:-1]
        found.append((name.lower(), html.unescape(value) if value else value))
    return found


def forms_of(text: str) -> list[Form]:
    """Every form of ``text``, from its form, input and button tags alone."""
    reader = _FormReader()
    for match in _FORM_TAGS.finditer(text):
        tag = match.group(1)
        if tag is None:
            reader.handle_endtag("form")
        else:
            markup = match.group(0).rstrip(">").rstrip("/")
            reader.handle_starttag(tag.lower(), _attributes(markup, len(tag) + 1))
    return reader.forms


class _Attrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = {k: v or "" for k, v in attrs}

    handle_startendtag = handle_starttag


def attrs_of(tag: str) -> dict[str, str]:
    """The attributes of one start tag's markup (entities decoded)."""
    reader = _Attrs()
    reader.feed(tag)
    reader.close()
    return reader.attrs


_BODY = re.compile(r"<body\b[^>]*>", re.I)
ASSET = re.compile(
    r"<link\b[^>]*\brel=\"stylesheet\"[^>]*\bhref=\"([^\"]+)\"|<script\b[^>]*\bsrc=\"([^\"]+)\"",
    re.I,
)
_REFRESH = re.compile(r"<meta\b[^>]*http-equiv=[\"']?refresh[^>]*>", re.I)
# A waiting page's held part (audience/templates/waiting.html): inert until shown.
_HELD = re.compile(r"<template\b[^>]*\bid=[\"']?held\b[^>]*>(.*?)</template\s*>", re.I | re.S)


@dataclass(frozen=True)
class Wait:
    """How a waiting page waits: its long poll (with a script) and its refresh (without)."""

    changes: str  # the long poll's address, "" if none
    seen: str  # the state the page was drawn from
    refresh_s: float | None  # the no-script reload, None if none


@dataclass(frozen=True)
class Hop:
    """One request of a phone: what it asked, what came back, how long it took."""

    method: str
    path: str  # without the query string (it may carry a private token)
    status: int
    seconds: float
    asset: bool = False  # a stylesheet or script the page named (fetched once a phone)
    headers: httpx.Headers | None = field(default=None, compare=False, repr=False)


@dataclass
class Page:
    url: str  # the address the phone shows (path and query), after redirects
    status: int
    text: str
    hops: list[Hop]
    received_at: float  # time.perf_counter() when the last byte arrived

    @cached_property
    def visible(self) -> str:
        """The page without its held part: what it shows now."""
        return _HELD.sub("", self.text)

    @cached_property
    def held(self) -> tuple[int, str] | None:
        """The part a waiting page holds, drawn but inert: (its number, its HTML)."""
        found = _HELD.search(self.text)
        if found is None:
            return None
        number = attrs_of(found.group(0)[: found.start(1) - found.start()]).get("data-part", "")
        return (int(number), found.group(1)) if number.isdigit() else None

    @cached_property
    def scripted(self) -> bool:
        """Whether the page loads a script (then its posts are sent as the script does)."""
        head = self.text[: self.text.find("<body")]
        return any(match.group(2) for match in ASSET.finditer(head))

    @cached_property
    def forms(self) -> list[Form]:
        return forms_of(self.visible)

    @cached_property
    def body(self) -> dict[str, str]:
        """The attributes of the page's ``<body>`` tag."""
        found = _BODY.search(self.text)
        return attrs_of(found.group(0)) if found else {}

    @cached_property
    def wait(self) -> Wait | None:
        attrs = self.body
        refresh = _REFRESH.search(self.text)
        seconds = None
        if refresh:
            content = attrs_of(refresh.group(0)).get("content", "").split(";")[0].strip()
            seconds = float(content) if content.replace(".", "", 1).isdigit() else None
        if "data-changes" not in attrs and seconds is None:
            return None
        return Wait(attrs.get("data-changes", ""), attrs.get("data-seen", ""), seconds)

    @cached_property
    def kind(self) -> Kind:
        if self.status >= 400:
            return Kind.REFUSAL
        named = self.body.get("data-page", "")
        if named in _KINDS:  # the page says what it is (every audience template does)
            return Kind(named)
        return self.structure

    @cached_property
    def structure(self) -> Kind:
        """What the page is by its forms and tags alone, whatever it says it is."""
        if self.status >= 400:
            return Kind.REFUSAL
        forms = [f for f in self.forms if f.method == "post"]
        if any(f.radios for f in forms):
            return Kind.PART
        if not forms and self.wait is not None:
            return Kind.WAITING
        if any(f.texts for f in forms):
            return Kind.JOIN
        if "<svg" in self.visible:
            return Kind.RESULT
        if forms and all(f.buttons and not f.checkboxes for f in forms):
            return Kind.DEFINITION
        return Kind.REFUSAL

    def form(self) -> Form:
        """The page's last post form: the one its main button sends."""
        posts = [f for f in self.forms if f.method == "post"]
        if not posts:
            raise PhoneError(f"no form on the {self.kind} page {path_of(self.url)}")
        return posts[-1]


def opens(state: str, part: int) -> bool:
    """Whether a room's state (``OPEN_PARTS-ACCEPTING-REVEALED``, audience/watch.py's
    ``state_of``) opens held part ``part``, as static/audience.js decides."""
    at = state.split("-")
    return len(at) == 3 and at[0].isdigit() and int(at[0]) >= part and at[1] == "1"


def path_of(url: str) -> str:
    return urlsplit(url).path or "/"
