"""What keeps the audience's forms and pages safe: headers, the form check, posted bodies.

* Every response: a Content-Security-Policy with no inline script or style (the script
  and the stylesheet are files of this origin), ``Referrer-Policy: no-referrer``,
  ``X-Content-Type-Options: nosniff``, and no framing.
* Private pages (everything past the join form) add ``noindex`` and ``no-store``.
* Forms: a double-submit check. The browser holds a random value in an HttpOnly,
  SameSite=Lax cookie and every form repeats it in a hidden field; another site can
  neither read the cookie nor send it with a cross-site post, so a post that carries the
  matching pair came from one of our pages. A post whose ``Origin`` names another host
  is refused as well.
* A posted body: at most ``MAX_BODY`` bytes, URL-encoded form data only, at most
  ``MAX_FIELDS`` fields; anything else is refused before it is parsed.
"""

from __future__ import annotations

import base64
import hmac
import secrets
from urllib.parse import parse_qsl, urlsplit

from starlette.requests import Request

from audience.paths import CSRF_COOKIE, PREFIX, Field

MAX_BODY = 8 * 1024
MAX_FIELDS = 40
FORM_TYPE = "application/x-www-form-urlencoded"
CSRF_MAX_AGE_S = 7 * 24 * 3600
MAX_MASKED = 200  # a masked form value of the longest kept one (64 characters) is 172

POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}


class Refused(Exception):
    """A request the pages will not act on; ``status`` and a reason's name for the page."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def secure(request: Request, trust_proxy: bool) -> bool:
    """Whether the phone sees this page over https (cookies are then Secure)."""
    scheme = request.url.scheme
    if trust_proxy:
        scheme = request.headers.get("x-forwarded-proto", scheme).split(",")[0].strip()
    return scheme == "https"


def form_value(request: Request) -> tuple[str, bool]:
    """The browser's form value, and whether it is new (then the response sets it)."""
    kept = request.cookies.get(CSRF_COOKIE, "")
    if (
        20 <= len(kept) <= 64
        and kept.isascii()
        and kept.replace("-", "").replace("_", "").isalnum()
    ):
        return kept, False
    return secrets.token_urlsafe(24), True


def masked(value: str) -> str:
    """The form value as a page carries it: XORed with a fresh random pad each time.

    The pages are compressed, and a secret repeated unchanged in compressed pages can be
    guessed a character at a time by an attacker who can inject text and watch the sizes
    (BREACH). Masked, the form value never repeats between responses."""
    raw = value.encode()
    pad = secrets.token_bytes(len(raw))
    return base64.urlsafe_b64encode(
        pad + bytes(a ^ b for a, b in zip(pad, raw, strict=True))
    ).decode()


def unmasked(given: str) -> str | None:
    """The form value a page's ``masked`` field carries, or None if it carries none."""
    try:
        both = base64.urlsafe_b64decode(given.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return None
    half = len(both) // 2
    if not both or len(both) % 2:
        return None
    pad, hidden = both[:half], both[half:]
    try:
        return bytes(a ^ b for a, b in zip(pad, hidden, strict=True)).decode("ascii")
    except UnicodeDecodeError:
        return None


def csrf_cookie(value: str, https: bool) -> dict[str, object]:
    """The keyword arguments of ``Response.set_cookie`` for the form value."""
    return {
        "key": CSRF_COOKIE,
        "value": value,
        "max_age": CSRF_MAX_AGE_S,
        "path": PREFIX,
        "httponly": True,
        "samesite": "lax",
        "secure": https,
    }


async def posted_form(request: Request) -> dict[str, str]:
    """The posted fields (the first value of each), checked; raises ``Refused``."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != FORM_TYPE:
        raise Refused(415, "form")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise Refused(413, "size")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise Refused(413, "size")
    try:
        text = bytes(body).decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise Refused(400, "form") from None
    fields: dict[str, str] = {}
    for name, value in pairs:
        fields.setdefault(name, value)
    _check_origin(request)
    _check_csrf(request, fields.get(Field.CSRF, ""))
    return fields


def _check_origin(request: Request) -> None:
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return  # older browsers send none; the double submit below still holds
    host = request.headers.get("x-forwarded-host") or request.headers.get("host", "")
    if urlsplit(origin).netloc.lower() != host.split(",")[0].strip().lower():
        raise Refused(403, "origin")


def _check_csrf(request: Request, given: str) -> None:
    kept = request.cookies.get(CSRF_COOKIE, "")
    carried = unmasked(given[:MAX_MASKED]) or ""
    if not kept or not carried or not hmac.compare_digest(kept.encode(), carried.encode()):
        raise Refused(403, "csrf")
