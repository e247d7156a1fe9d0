"""The plain HTTP of a page load, asyncio, with a cookie jar as a phone keeps one.

A minimal HTTP/1.1 GET (``Connection: close``, gzip and chunked bodies) is all a
Streamlit page load needs before its websocket: the page's HTML, ``/_stcore/health``,
``/_stcore/host-config`` and the entry scripts and styles. The jar matters behind the
sticky nginx of ``deploy/``: its ``nw_route`` cookie keeps a phone on one process.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: dict[str, str]  # lower-case names; the last value of a repeated header
    body: bytes


async def http_get(
    url: str,
    timeout: float,
    cookies: dict[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    """GET ``url`` with extra ``headers``; ``cookies`` is sent and updated from ``Set-Cookie``."""
    jar = {} if cookies is None else cookies
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    async with asyncio.timeout(timeout):
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
        try:
            request = [f"GET {path} HTTP/1.1", f"Host: {parts.netloc}", "Connection: close"]
            request.append("Accept-Encoding: gzip")
            request += [f"{name}: {value}" for name, value in (headers or {}).items()]
            if jar:
                request.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in jar.items()))
            writer.write(("\r\n".join(request) + "\r\n\r\n").encode())
            data = await reader.read()
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
    head, _, body = data.partition(b"\r\n\r\n")
    received: dict[str, str] = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip()
        received[name] = value
        if name == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key] = rest.split(";", 1)[0]
    if received.get("transfer-encoding", "").lower() == "chunked":
        body = dechunk(body)
    if received.get("content-encoding", "").lower() == "gzip":
        body = gzip.decompress(body)
    return HttpResponse(int(head.split(b" ", 2)[1]), received, body)


def dechunk(data: bytes) -> bytes:
    """The body of a ``Transfer-Encoding: chunked`` response."""
    out = bytearray()
    while data:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";", 1)[0], 16)
        if size == 0:
            break
        out += data[:size]
        data = data[size + 2 :]
    return bytes(out)


def entry_assets(html: bytes) -> list[str]:
    """The scripts and styles a page's HTML loads up front (relative ``./static/…``)."""
    found = re.findall(rb'(?:src|href)="\./(static/[^"]+\.(?:js|css))"', html)
    return list(dict.fromkeys(f.decode() for f in found))
