"""The app's own HTTP, next to Streamlit's (``asgi.py`` serves both through ``st.App``).

* ``PageHead``, a middleware: a page's HTML (Streamlit's index, the same for every page)
  leaves with the head ``web.head`` decides for its route and query, and
  ``Referrer-Policy: no-referrer``; a private link also gets ``X-Robots-Tag: noindex``
  and ``Cache-Control: no-store``. Everything else, websockets included, passes untouched.
* ``SecurityHeaders``, a middleware around everything: every HTTP response (pages,
  Streamlit's scripts and endpoints, pictures, errors) says ``nosniff`` and may not be
  framed by any page (``X-Frame-Options: DENY``, ``frame-ancestors 'none'``), also on a
  server reached without the ``deploy/`` nginx. Nothing of the app is meant to be framed:
  the projector opens the screen in a window of its own. A response that names one of
  them already (the audience pages' own policy) keeps its own.
* ``preview_image``: ``/preview/<public token>.png``, a shared result's 1200x630 picture,
  built once per result in this process (``web/preview_cards.py``: one builder at a
  time, off the shared thread pool, bounded in bytes) and cached by browsers and crawlers for a day.
* ``diagnostics`` (``web/diagnostics.py``): ``/_nw/diagnostics``, counts for
  bench/memory.py, answered only with ``NW_DIAGNOSTICS`` on and only over loopback.

Nothing here logs a URL: links carry tokens.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from anyio import to_thread
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route as HttpRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from networking_works.preview_card import card_png
from web import client, resources, urls
from web.diagnostics import DIAGNOSTICS_PATH, diagnostics
from web.head import (
    SITE,
    Head,
    card_lines,
    generic_head,
    head_for,
    image_path,
    rewrite,
    say,
    shared_report,
)
from web.i18n import DEFAULT
from web.preview_cards import CARDS
from web.routes import Route, by_url_path

_log = logging.getLogger(__name__)

IMAGE_MAX_AGE_S = 24 * 3600
# Request headers that would make Streamlit answer a page with less than its whole HTML.
_PARTIAL = {b"accept-encoding", b"if-none-match", b"if-modified-since", b"range"}
_STALE = {b"content-length", b"etag", b"last-modified", b"content-encoding"}


BUSY_RETRY_AFTER_S = 5


def _card_builder(token: str) -> Callable[[], bytes] | None:
    """How to build the picture of a shared result, or None when it is gone."""
    report = shared_report(resources.store(), token)  # deleted or expired: no picture
    if report is None:
        return None
    lang = resources.languages().get(report.bank_id, DEFAULT)  # the result's language
    return lambda: card_png(report, say("shared", lang), card_lines(report, lang), SITE)


async def preview_image(request: Request) -> Response:
    token = str(request.path_params["token"])
    build = await to_thread.run_sync(_card_builder, token)  # one indexed read
    if build is None:
        return Response(say("not_found", DEFAULT), 404, {"Cache-Control": "no-store"}, "text/plain")
    png = await CARDS.get(token, build)
    if png is None:
        busy = {"Retry-After": str(BUSY_RETRY_AFTER_S), "Cache-Control": "no-store"}
        return Response(say("picture_busy", DEFAULT), 503, busy, "text/plain")
    etag = f'"{hashlib.sha256(png).hexdigest()[:32]}"'
    headers = {"Cache-Control": f"public, max-age={IMAGE_MAX_AGE_S}", "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(png, headers=headers, media_type="image/png")


def _head(route: Route, scope: Scope) -> Head:
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
    scheme = str(scope.get("scheme", "http"))
    if client.trust_proxy():
        scheme = headers.get("x-forwarded-proto", scheme).split(",")[0].strip() or scheme
    host = headers.get("host", "localhost")
    base = urls.base_url(f"{scheme}://{host}{scope.get('root_path', '')}{scope['path']}")
    query_text = scope.get("query_string", b"").decode("latin-1")
    return head_for(route, query_text, base, resources.store(), resources.languages())


class PageHead:
    """Pure ASGI middleware (see the module docstring); websockets are not slowed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = by_url_path(scope["path"]) if scope["type"] == "http" else None
        if route is None or scope["method"] not in {"GET", "HEAD"}:
            await self.app(scope, receive, send)
            return
        try:
            head = await to_thread.run_sync(_head, route, scope)
        except Exception as exc:  # the page still loads; only its type: SQL errors hold tokens
            _log.error("page head failed (%s): served without a preview", type(exc).__name__)
            head = generic_head(route)
        whole = [(k, v) for k, v in scope["headers"] if k.lower() not in _PARTIAL]
        inner = {**scope, "method": "GET", "headers": whole}
        messages: list[Message] = []

        async def keep(message: Message) -> None:
            messages.append(message)

        await self.app(inner, receive, keep)
        start, body = messages[0], b"".join(m.get("body", b"") for m in messages[1:])
        kind = dict(start.get("headers", [])).get(b"content-type", b"")
        if start["status"] == 200 and kind.startswith(b"text/html"):
            body = rewrite(body, head)
        stale = _STALE | {b"cache-control"} if head.private else _STALE
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in stale]
        headers += [(b"content-length", str(len(body)).encode()), *_policy(head)]
        await send({**start, "headers": headers})
        sent = b"" if scope["method"] == "HEAD" else body
        await send({"type": "http.response.body", "body": sent})


# The headers every response carries (deploy/nginx.conf.template sends the same).
ALWAYS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
)


class SecurityHeaders:
    """Pure ASGI middleware (see the module docstring); websockets pass untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                named = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in ALWAYS if k not in named]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, secured)


def _policy(head: Head) -> list[tuple[bytes, bytes]]:
    found = [(b"referrer-policy", b"no-referrer")]  # pages become private without a reload
    if head.private:
        found += [(b"x-robots-tag", b"noindex, nofollow")]
        found += [(b"cache-control", b"no-store")]
    return found


ROUTES = [
    HttpRoute(image_path("{token}"), preview_image, methods=["GET", "HEAD"]),
    HttpRoute(DIAGNOSTICS_PATH, diagnostics, methods=["GET"]),  # off unless NW_DIAGNOSTICS
]
MIDDLEWARE = [Middleware(SecurityHeaders), Middleware(PageHead)]  # the first is outermost
