"""Pages from Jinja2 templates, and the two static files they load.

The stylesheet and the script are read once per process and served under a name that
holds a hash of their content, so a phone caches them for a year and a new release is
fetched at once. Templates are autoescaped: a room's title, a nickname or a bank's text
is always shown as plain text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from audience import paths
from audience.safety import HEADERS, PRIVATE, csrf_cookie, form_value, masked, secure
from audience.speech import Speech
from networking_works.languages import LANGUAGES

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC_FILES = {"audience.css": "text/css", "audience.js": "text/javascript"}
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    name: str  # as served: audience.<hash>.css
    body: bytes
    media_type: str


@cache
def assets() -> dict[str, Asset]:
    """The static files by their served names (read and hashed once)."""
    found: dict[str, Asset] = {}
    for name, kind in STATIC_FILES.items():
        body = (HERE / "static" / name).read_bytes()
        stem, ext = name.rsplit(".", 1)
        served = f"{stem}.{hashlib.sha256(body).hexdigest()[:12]}.{ext}"
        found[served] = Asset(served, body, kind)
    return found


def asset_url(name: str) -> str:
    """The URL of the static file ``name`` (``audience.css``) as served now."""
    stem = name.rsplit(".", 1)[0]
    ext = name.rsplit(".", 1)[1]
    served = next(a for a in assets() if a.startswith(f"{stem}.") and a.endswith(f".{ext}"))
    return paths.static(served)


def static_file(request: Request) -> Response:
    found = assets().get(str(request.path_params["name"]))
    if found is None:
        return Response("not found", 404, {**HEADERS, "Cache-Control": "no-store"}, "text/plain")
    etag = f'"{found.name}"'
    headers = {**HEADERS, "Cache-Control": IMMUTABLE, "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(found.body, headers=headers, media_type=found.media_type)


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["css_url"] = asset_url("audience.css")
    env.globals["js_url"] = asset_url("audience.js")
    env.globals["paths"] = paths
    env.globals["languages"] = LANGUAGES  # each named in itself, never translated
    return env


def page(
    request: Request,
    template: str,
    speech: Speech,
    *,
    status: int = 200,
    private: bool = True,
    extra_headers: dict[str, str] | None = None,
    trust_proxy: bool = False,
    **values: Any,
) -> HTMLResponse:
    """``template`` rendered in ``speech``'s language, with the form value every form
    repeats (set as a cookie when the browser has none yet)."""
    token, new = form_value(request)
    html = (
        environment()
        .get_template(template)
        .render(
            _=speech._,
            ngettext=speech.ngettext,
            speech=speech,
            lang=speech.language,
            csrf=masked(token),
            here=paths.page_of(request.url.path),
            **values,
        )
    )
    headers = {**HEADERS, **(PRIVATE if private else {"Cache-Control": "no-store"})}
    response = HTMLResponse(html, status, {**headers, **(extra_headers or {})})
    if new:
        response.set_cookie(**csrf_cookie(token, secure(request, trust_proxy)))  # type: ignore[arg-type]
    return response
