"""The audience pages as Starlette routes: mounted beside Streamlit's by ``asgi.py``
(``st.App(routes=…)``), or served alone (``starlette_app``) in tests."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from anyio import to_thread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from audience import follow, joining, paths, render, result, seat, walk
from audience.context import Context
from audience.paths import Param
from audience.places import Audience, TooManyCodes, canonical
from audience.safety import HEADERS, Refused
from audience.watch import state_of

_log = logging.getLogger(__name__)

Page = Callable[[Audience, Request], Response]
Press = Callable[[Audience, Request, dict[str, str]], Response]


def _get(audience: Audience, page: Page) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return await to_thread.run_sync(_safely, audience, request, lambda: page(audience, request))

    return endpoint


def _post(
    audience: Audience, press: Press, pages: list[tuple[Route, follow.Draw]]
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        fields = await joining.posted(audience, request)
        if isinstance(fields, Response):
            return fields
        checked = fields

        def pressed() -> Response:  # the page it leads to, when the script asks for it
            return follow.followed(request, press(audience, request, checked), pages)

        return await to_thread.run_sync(_safely, audience, request, pressed, checked)

    return endpoint


def _safely(
    audience: Audience,
    request: Request,
    run: Callable[[], Response],
    posted: dict[str, str] | None = None,
) -> Response:
    try:
        return run()
    except Refused as refused:
        return joining.hostile(audience, request, refused)
    except TooManyCodes:
        return joining.too_many_codes(audience, request)
    except Exception as exc:  # only its type: a database error's text can hold a token
        _log.error("audience page failed (%s)", type(exc).__name__)
        return joining.broken(audience, request, posted)


def _waiting(audience: Audience) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return await _changes(audience, request)

    return endpoint


async def _changes(audience: Audience, request: Request) -> Response:
    """The long poll of a waiting page (see audience/watch.py)."""
    code = canonical(request.path_params["code"])
    headers = {**HEADERS, "Cache-Control": "no-store"}
    if code is None:
        return Response(status_code=404, headers=headers)
    found = audience.room_ids.get(code)
    if found is None:
        room = await to_thread.run_sync(audience.context.store().workshops.by_code, code)
        found = audience.room_ids.keep(code, room.id) if room is not None else None
    try:
        if not await to_thread.run_sync(_may_wait, audience, request, found):
            found = None  # answered as a code of no live room: nothing told about the room
    except TooManyCodes:
        return Response(status_code=429, headers={**headers, "Retry-After": "60"})
    conditional = request.headers.get("if-none-match", "").strip('"')
    seen = conditional or request.query_params.get(Param.SEEN, "")
    if found is None:
        state = state_of(None)
    else:
        state = await audience.watch.wait(found, seen[:40], paths.WAIT_SECONDS)
        if state == state_of(None):
            audience.room_ids.drop(code)
    headers["ETag"] = f'"{state}"'
    if state == seen:  # nothing changed: 304 to a conditional request, else 204
        return Response(status_code=304 if conditional else 204, headers=headers)
    return Response(state, headers=headers, media_type="text/plain")


def _may_wait(audience: Audience, request: Request, room_id: str | None) -> bool:
    """Whether this phone holds a seat in the room it waits on. Anyone else (an unknown
    code, no seat, a seat elsewhere, a removed one) is counted as naming a code of no
    room, ``TooManyCodes`` past the quota: the long poll cannot tell a live code from a
    dead one to a client trying codes (issue 23, L5)."""
    token = seat.held(request)
    found = audience.context.store().assessments.get(token) if token and room_id else None
    if found is None or found.removed or found.workshop_id != room_id:
        audience.missed_code(request)
        return False
    return True


def routes(context: Context) -> list[BaseRoute]:
    """Every audience route (see audience/paths.py for the map)."""
    audience = Audience(context)
    code = paths.PREFIX + "/{code}"
    # Each page a GET draws, also drawn at once for a script's post that leads to it.
    drawn: list[tuple[str, Page]] = [
        (paths.OLD_JOIN, joining.old_join),
        (paths.PREFIX, joining.join_page),
        (code, joining.join_page),
        (code + "/definition/{number:int}", walk.definition_page),
        (code + "/part/{number:int}", walk.part_page),
        (code + "/result", result.result_page),
        (code + "/leave", joining.leave_page),
    ]
    pages = [
        (Route(path, _get(audience, page), methods=["GET", "HEAD"]), _bound(audience, page))
        for path, page in drawn
    ]
    presses: list[tuple[str, Press]] = [
        (paths.PREFIX, joining.join),
        (code, joining.join),
        (code + "/definition/{number:int}", walk.press_definition),
        (code + "/part/{number:int}", walk.press_part),
        (code + "/spotlight", result.set_spotlight),
        (code + "/leave", joining.leave),
    ]
    return [
        Route(paths.STATIC + "/{name}", render.static_file, methods=["GET", "HEAD"]),
        *(route for route, _ in pages),
        *(Route(path, _post(audience, press, pages), methods=["POST"]) for path, press in presses),
        Route(code + "/changes", _waiting(audience), methods=["GET"]),
    ]


def _bound(audience: Audience, page: Page) -> follow.Draw:
    return lambda request: page(audience, request)


def starlette_app(context: Context) -> Starlette:
    """The audience pages alone (tests; a server of its own)."""
    return Starlette(routes=routes(context))
