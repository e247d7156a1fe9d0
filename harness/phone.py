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
one costs ~20 ms), and a page is parsed only where needed (``harness/pages.py``: its
``<form>`` elements and the tags that say how it waits, never the whole document).
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib.util
import ssl
import sys
import time
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import httpx

from audience.paths import FOLLOW_HEADER
from harness.pages import (
    ASSET,
    OPTION_WEIGHTS,
    Form,
    Hop,
    Kind,
    Page,
    PhoneError,
    Wait,
    attrs_of,
    forms_of,
    opens,
    path_of,
)

# Importers of the phone find what it reads off a page here too.
__all__ = [
    "OPTION_WEIGHTS",
    "Form",
    "Hop",
    "Kind",
    "Page",
    "Phone",
    "PhoneError",
    "Stall",
    "Wait",
    "attrs_of",
    "forms_of",
    "opens",
]

# httpcore tries ``import sniffio`` for every lock it makes; where sniffio is absent each
# try searched sys.path again (~0.4 ms a request). A None entry makes it fail at once.
if importlib.util.find_spec("sniffio") is None:
    sys.modules.setdefault("sniffio", None)  # type: ignore[arg-type]

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


@dataclass(frozen=True)
class Stall:
    """One request a phone had to send more than once (or a long poll that failed)."""

    started: float  # time.perf_counter() of the first try
    ended: float  # when the answer that let the phone go on arrived
    tries: int
    what: str  # "POST /room/CODE/part/3", no query string


def _pause(response: httpx.Response | None) -> float:
    """How long a person (or the page's own refresh) waits before trying again."""
    said = response.headers.get("retry-after", "") if response is not None else ""
    if said.isdigit():
        return min(float(said), MAX_RETRY_AFTER_S)
    return PERSON_PAUSE_S


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
        follow: bool = False,
    ) -> tuple[httpx.Response, Hop]:
        """One request, sent again after a failure while the phone's patience lasts."""
        started = time.perf_counter()
        tries = 0
        while True:
            tries += 1
            try:
                response, hop = await self._send_once(method, url, data, timeout, follow)
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
            self.stalls.append(Stall(started, ended, tries, f"{method} {path_of(url)}"))
        return response, hop

    async def _send_once(
        self,
        method: str,
        url: str,
        data: list[tuple[str, str]] | None = None,
        timeout: float | None = None,
        follow: bool = False,
    ) -> tuple[httpx.Response, Hop]:
        headers, content = None, None
        if data is not None:  # a browser names its page's origin on a post
            headers = {"Origin": self.base_url, "Content-Type": FORM_TYPE}
            if follow:  # as the page's script sends it: the next page in the answer
                headers[FOLLOW_HEADER] = "1"
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
            raise PhoneError(f"{method} {path_of(url)}: {type(exc).__name__}: {exc}") from None
        seconds = time.perf_counter() - started
        hop = Hop(method, path_of(url), response.status_code, seconds, headers=response.headers)
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
            raise PhoneError(f"more than {MAX_REDIRECTS} redirects from {path_of(url)}")
        drawn = response.headers.get("content-location")
        if drawn and response.status_code == 200:  # a script's post: the page it led to
            url = str(httpx.URL(url).join(drawn))
        split = urlsplit(url)
        address = split.path + (f"?{split.query}" if split.query else "")
        page = Page(address, response.status_code, response.text, hops, time.perf_counter())
        if self.assets and page.status == 200:
            await self._fetch_assets(page)
        return page

    async def _fetch_assets(self, page: Page) -> None:
        """The page's stylesheet and script, as a browser fetches them (once, then cached)."""
        head = page.text[: page.text.find("<body")]
        for match in ASSET.finditer(head):
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
            follow = self.script and page.scripted
            response, hop = await self._send("POST", action, data=fields, follow=follow)
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
            raise PhoneError(f"the {page.kind} page {path_of(page.url)} does not wait")
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
                        raise PhoneError(f"the long poll {path_of(poll)} failed: {failure}")
                    self.retries += 1
                    tries += 1
                    pause = min(pause * 2, POLL_PAUSE_S[1])  # as audience.js: doubled first
                    await asyncio.sleep(pause)
                    continue
                if failed_at:
                    now = time.perf_counter()
                    self.stalls.append(Stall(failed_at, now, tries + 1, f"GET {path_of(poll)}"))
                    self.spans.append((failed_at, now))
                    pause, failed_at, tries = POLL_PAUSE_S[0], 0.0, 0
                if response.status_code == 200:
                    held = page.held
                    if held is not None and opens(response.text, held[0]):
                        # As the script shows it: the part in the body, named a part.
                        head = page.text[: page.text.find("<body")]  # its script stays
                        text = f'{head}<body data-page="{Kind.PART}">{held[1]}</body>'
                        shown = Page(page.url, 200, text, hops, time.perf_counter())
                        return shown
                    break
        elif how.refresh_s is not None:
            await asyncio.sleep(how.refresh_s)
        else:
            raise PhoneError(f"the waiting page {path_of(page.url)} has no way to move on")
        reloaded = await self.open(page.url)
        reloaded.hops[:0] = hops
        return reloaded
