"""A phone on the audience pages: plain HTTP over httpx, following the forms it is given.

Each ``Phone`` is one ``httpx.AsyncClient`` with its own cookies and kept-alive
connections, as a phone's browser has. It knows no field names: it reads each page's
forms (action, method, hidden inputs such as the CSRF token, text inputs, radio groups,
checkboxes, submit buttons with their name and value), fills them as a person would
(a random option in each radio group, weighted by ``OPTION_WEIGHTS``; text inputs from
what it is told; checkboxes left as drawn) and follows the redirects that answer a
post. A waiting page is waited on as the page says: with its script, the long poll
named by ``<body data-changes data-seen>`` and then a reload of the address; without,
the ``<meta http-equiv=refresh>`` of its ``<noscript>``.

A phone given ``patience_s`` rides out a fault as a person and the pages do: a request
that fails (no connection, a cut one, a timeout, or 502/503/504 from nginx or the app)
is sent again after a pause, until it has tried for ``patience_s``. A failed post is
sent again with the same fields: what the app's "could not save" page's Try again
button sends, and what Back (the browser keeps the form) and the same press send after
nginx's page. A failed GET is asked again, as those pages' Open again and refresh do.
A failed long poll is asked again after a pause that doubles from 1 s to 30 s, as
static/audience.js does. Each request that needed more than one try is kept as a
``Stall``; without patience (the load generator) a failure ends the phone's walk.

Cheap enough for thousands in one event loop: clients share one TLS context (building
one costs ~20 ms), and a page is parsed only where needed, its ``<form>`` elements and
the tags that say how it waits, never the whole document.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import html.parser
import importlib.util
import random
import re
import ssl
import sys
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import httpx

# httpcore tries ``import sniffio`` for every lock it makes; where sniffio is absent each
# try searched sys.path again (~0.4 ms a request). A None entry makes it fail at once.
if importlib.util.find_spec("sniffio") is None:
    sys.modules.setdefault("sniffio", None)  # type: ignore[arg-type]

# Weights of the options of a statement, in the order a part page draws them
# (1..5, then "does not apply"); a group of another size is chosen uniformly.
OPTION_WEIGHTS = (18, 20, 22, 20, 15, 5)
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 10
LONG_POLL_TIMEOUT_S = 65.0  # above any server's hold (nginx ends a proxied read at 60 s)
FORM_TYPE = "application/x-www-form-urlencoded"
CONNECTIONS_PER_PHONE = 2  # a page and its long poll; browsers keep a few more
RETRIED_STATUSES = frozenset({502, 503, 504})  # nginx's "the app is away", the app's "broken"
PERSON_PAUSE_S = 2.0  # reading "try again" and pressing it, when the page names no delay
MAX_RETRY_AFTER_S = 10.0
POLL_PAUSE_S = (1.0, 30.0)  # static/audience.js: the long poll's pause doubles up to 30 s
_TLS = ssl.create_default_context()  # one for every phone, built once


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
_ASSET = re.compile(
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


@dataclass(frozen=True)
class Stall:
    """One request a phone had to send more than once (or a long poll that failed)."""

    started: float  # time.perf_counter() of the first try
    ended: float  # when the answer that let the phone go on arrived
    tries: int
    what: str  # "POST /room/CODE/part/3", no query string


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
            raise PhoneError(f"no form on the {self.kind} page {_path(self.url)}")
        return posts[-1]


def opens(state: str, part: int) -> bool:
    """Whether a room's state (``OPEN_PARTS-ACCEPTING-REVEALED``, audience/watch.py's
    ``state_of``) opens held part ``part``, as static/audience.js decides."""
    at = state.split("-")
    return len(at) == 3 and at[0].isdigit() and int(at[0]) >= part and at[1] == "1"


def _pause(response: httpx.Response | None) -> float:
    """How long a person (or the page's own refresh) waits before trying again."""
    said = response.headers.get("retry-after", "") if response is not None else ""
    if said.isdigit():
        return min(float(said), MAX_RETRY_AFTER_S)
    return PERSON_PAUSE_S


def _path(url: str) -> str:
    return urlsplit(url).path or "/"


class Phone:
    """One participant's phone: its own client, cookies and connections."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 60.0,
        script: bool = True,
        drop_cookies: Collection[str] = (),
        assets: bool = True,
        transport: httpx.AsyncBaseTransport | None = None,
        patience_s: float = 0.0,
    ) -> None:
        self.patience_s = patience_s  # how long a failed request is retried (0: never)
        self.retries = 0  # requests sent again after a failure
        self.stalls: list[Stall] = []
        # (start, end) of every page, post or asset, its retries included (no long polls)
        self.spans: list[tuple[float, float]] = []
        self.base_url = base_url.rstrip("/")
        self.script = script  # waits as the page's script does; False: as a no-JS browser
        self.drop_cookies = tuple(drop_cookies)  # e.g. a proxy's sticky cookie, never sent
        self.assets = assets  # fetch the stylesheet and script a page names, once each
        self.cached: set[str] = set()  # as a browser's cache (the files live for a year)
        self.client = httpx.AsyncClient(
            base_url=self.base_url,
            verify=_TLS,
            transport=transport,  # tests: the app in process (httpx.ASGITransport)
            follow_redirects=False,
            timeout=timeout,
            limits=httpx.Limits(
                max_connections=CONNECTIONS_PER_PHONE,
                max_keepalive_connections=CONNECTIONS_PER_PHONE,
            ),
            headers={"Accept": "text/html", "User-Agent": "networking-works-phone"},
        )
        self.requests = 0

    async def __aenter__(self) -> Phone:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.client.aclose()

    async def _send(
        self,
        method: str,
        url: str,
        data: list[tuple[str, str]] | None = None,
        timeout: float | None = None,
    ) -> tuple[httpx.Response, Hop]:
        """One request, sent again after a failure while the phone's patience lasts."""
        started = time.perf_counter()
        tries = 0
        while True:
            tries += 1
            try:
                response, hop = await self._send_once(method, url, data, timeout)
                failure = None
                if self.patience_s and response.status_code in RETRIED_STATUSES:
                    failure = f"{method} {hop.path} answered {hop.status}"
            except PhoneError as exc:
                response, failure = None, str(exc)
            if failure is None and response is not None:
                break
            if time.perf_counter() - started >= self.patience_s:
                if response is not None:  # no patience: the caller judges the status
                    break
                raise PhoneError(failure)
            self.retries += 1
            await asyncio.sleep(_pause(response))
        ended = time.perf_counter()
        self.spans.append((started, ended))
        if tries > 1:
            self.stalls.append(Stall(started, ended, tries, f"{method} {_path(url)}"))
        return response, hop

    async def _send_once(
        self,
        method: str,
        url: str,
        data: list[tuple[str, str]] | None = None,
        timeout: float | None = None,
    ) -> tuple[httpx.Response, Hop]:
        headers, content = None, None
        if data is not None:  # a browser names its page's origin on a post
            headers = {"Origin": self.base_url, "Content-Type": FORM_TYPE}
            content = urlencode(data).encode()
        request = self.client.build_request(
            method,
            url,
            content=content,
            headers=headers,
            timeout=httpx.USE_CLIENT_DEFAULT if timeout is None else timeout,
        )
        started = time.perf_counter()
        try:
            response = await self.client.send(request)
        except httpx.HTTPError as exc:
            raise PhoneError(f"{method} {_path(url)}: {type(exc).__name__}: {exc}") from None
        seconds = time.perf_counter() - started
        hop = Hop(method, _path(url), response.status_code, seconds, headers=response.headers)
        self.requests += 1
        for name in self.drop_cookies:
            self.client.cookies.delete(name)
        return response, hop

    async def _follow(self, response: httpx.Response, url: str, hops: list[Hop]) -> Page:
        for _ in range(MAX_REDIRECTS):
            if response.status_code not in REDIRECTS:
                break
            url = str(httpx.URL(url).join(response.headers.get("location", "")))
            response, hop = await self._send("GET", url)
            hops.append(hop)
        else:
            raise PhoneError(f"more than {MAX_REDIRECTS} redirects from {_path(url)}")
        split = urlsplit(url)
        address = split.path + (f"?{split.query}" if split.query else "")
        page = Page(address, response.status_code, response.text, hops, time.perf_counter())
        if self.assets and page.status == 200:
            await self._fetch_assets(page)
        return page

    async def _fetch_assets(self, page: Page) -> None:
        """The page's stylesheet and script, as a browser fetches them (once, then cached)."""
        head = page.text[: page.text.find("<body")]
        for match in _ASSET.finditer(head):
            url = match.group(1) or match.group(2)
            if url in self.cached or url.startswith("data:"):
                continue
            self.cached.add(url)
            response, hop = await self._send("GET", str(httpx.URL(page.url).join(url)))
            page.hops.append(dataclasses.replace(hop, asset=True))
            if response.status_code != 200:
                raise PhoneError(f"{hop.path} answered {hop.status}")

    async def open(self, url: str) -> Page:
        """GET ``url`` (a path, or an address on the phone's server) as a typed address."""
        response, hop = await self._send("GET", url)
        return await self._follow(response, url, [hop])

    async def submit(self, page: Page, form: Form, fields: list[tuple[str, str]]) -> Page:
        """Send ``form`` of ``page`` with ``fields`` (see ``Form.fill``), following redirects."""
        action = str(httpx.URL(page.url).join(form.action or page.url))
        if form.method == "post":
            response, hop = await self._send("POST", action, data=fields)
        else:
            response, hop = await self._send("GET", f"{action.split('?')[0]}?{urlencode(fields)}")
        return await self._follow(response, action, [hop])

    async def wait(self, page: Page) -> Page:
        """Wait once as the waiting ``page`` says, then the page its address shows now.

        With a script: the long poll until it answers 200 (a 204 asks again); then, as
        static/audience.js does, the part the page holds if the new state opens it (no
        request), else a reload. Without: the refresh's delay, then a reload. The
        returned page may be a waiting page again (the room changed, but not for this
        phone)."""
        how = page.wait
        if how is None:
            raise PhoneError(f"the {page.kind} page {_path(page.url)} does not wait")
        hops: list[Hop] = []
        if self.script and how.changes:
            pause, failed_at, tries = POLL_PAUSE_S[0], 0.0, 0
            while True:
                # As the page's script asks: ?seen= the state the page was drawn from.
                poll = f"{how.changes}?{urlencode({'seen': how.seen})}"
                try:
                    response, hop = await self._send_once("GET", poll, timeout=LONG_POLL_TIMEOUT_S)
                    failure = "" if response.status_code in {200, 204} else f"{hop.status}"
                    hops.append(hop)
                except PhoneError as exc:
                    failure = str(exc)
                if failure:
                    failed_at = failed_at or time.perf_counter()
                    if not self.patience_s or time.perf_counter() - failed_at > self.patience_s:
                        raise PhoneError(f"the long poll {_path(poll)} failed: {failure}")
                    self.retries += 1
                    tries += 1
                    pause = min(pause * 2, POLL_PAUSE_S[1])  # as audience.js: doubled first
                    await asyncio.sleep(pause)
                    continue
                if failed_at:
                    now = time.perf_counter()
                    self.stalls.append(Stall(failed_at, now, tries + 1, f"GET {_path(poll)}"))
                    self.spans.append((failed_at, now))
                    pause, failed_at, tries = POLL_PAUSE_S[0], 0.0, 0
                if response.status_code == 200:
                    held = page.held
                    if held is not None and opens(response.text, held[0]):
                        # As the script shows it: the part in the body, named a part.
                        text = f'<body data-page="{Kind.PART}">{held[1]}</body>'
                        shown = Page(page.url, 200, text, hops, time.perf_counter())
                        return shown
                    break
        elif how.refresh_s is not None:
            await asyncio.sleep(how.refresh_s)
        else:
            raise PhoneError(f"the waiting page {_path(page.url)} has no way to move on")
        reloaded = await self.open(page.url)
        reloaded.hops[:0] = hops
        return reloaded
