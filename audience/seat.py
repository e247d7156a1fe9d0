"""A phone's place in a room: its assessment token, kept in a cookie of that room.

The room's code is public (projected, in its QR code); the token is the phone's own.
The cookie is HttpOnly (no script reads it), SameSite=Lax (no other site's post
carries it), Secure over https, scoped to the room's pages (``/room/CODE``) and lives
as long as the room. So a re-scan of the room's QR code, the closing slide's included,
brings the phone back to its own place and result, and the token never appears in a
URL, a log line or a Referer.
"""

from __future__ import annotations

from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response

from audience import paths
from networking_works.tokens import aware, plausible_token


def held(request: Request) -> str | None:
    """The token this phone keeps for the room of this request's path (unchecked)."""
    value = request.cookies.get(paths.SEAT_COOKIE)
    return value if plausible_token(value) else None


def keep(
    response: Response, code: str, token: str, until: datetime, now: datetime, https: bool
) -> None:
    seconds = int((aware(until) - aware(now)).total_seconds())
    if seconds > 0 and plausible_token(token):
        response.set_cookie(
            paths.SEAT_COOKIE,
            token,
            max_age=seconds,
            path=paths.room(code),
            httponly=True,
            samesite="lax",
            secure=https,
        )


def forget(response: Response, code: str) -> None:
    response.delete_cookie(paths.SEAT_COOKIE, path=paths.room(code))
