"""A look inside this server process for bench/memory.py: sessions, objects, caches, memory.

``/_nw/diagnostics`` answers only when the ``NW_DIAGNOSTICS`` setting is on (off by
default), only to a client on this machine's loopback, and only directly: a request that
came through a proxy (it carries ``X-Real-IP``, ``X-Forwarded-For`` or ``Forwarded``, as
the ``deploy/`` nginx sends) is refused, because behind a proxy every client would look
local. Anything refused gets the same 404 as an unknown address. The answer holds counts,
byte sizes and type, cache and file names only: no session id, no token, no query, no
widget value, nothing a person typed.
"""

from __future__ import annotations

import ctypes
import gc
import sys
import threading
import tracemalloc
from collections import Counter
from pathlib import Path
from types import FrameType
from typing import Any

from anyio import to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from streamlit.runtime import Runtime
from streamlit.runtime.app_session import AppSession, AppSessionState
from streamlit.runtime.stats import ACTIVE_SESSIONS_FAMILY, CACHE_MEMORY_FAMILY

from web import resources
from web.preview_cards import CARDS
from web.screens.projector import qr_data_uri, qr_svg
from web.screens.report import RADAR_FIGURES
from web.sessions import ClosingSessionStorage

DIAGNOSTICS_PATH = "/_nw/diagnostics"
LOOPBACK = frozenset({"127.0.0.1", "::1"})
# Headers a proxy adds; behind one, the connection's address is the proxy's own.
PROXIED = ("x-real-ip", "x-forwarded-for", "forwarded")
TOP_TYPES = 25
TOP_SITES = 25
HELD_SESSIONS = 3  # sessions whose holders are named
SCRIPT_THREAD = "ScriptRunner.scriptThread"  # Streamlit's name for a session's script thread
_NO_STORE = {"Cache-Control": "no-store"}

_first_snapshot: list[tracemalloc.Snapshot] = []  # the baseline of the allocation sites


def allowed(request: Request) -> bool:
    """Whether this request may read the diagnostics (see the module docstring)."""
    if not resources.settings().flag("NW_DIAGNOSTICS"):
        return False
    host = request.client.host if request.client is not None else ""
    if host not in LOOPBACK:
        return False
    return not any(name in request.headers for name in PROXIED)


async def diagnostics(request: Request) -> Response:
    if not allowed(request):
        return Response("Not Found", 404, _NO_STORE, "text/plain")
    trim = request.query_params.get("trim") == "1"
    # Off the event loop: a full collection and a walk over every object take a moment.
    return JSONResponse(await to_thread.run_sync(measure, trim), headers=_NO_STORE)


def measure(trim: bool = False) -> dict[str, Any]:
    """The figures, after a full garbage collection (so only what is reachable counts).

    ``trim``: first hand the C allocator's free memory back to the system (glibc's
    ``malloc_trim``), which tells memory the process holds apart from memory it merely kept.
    """
    gc.collect()
    if trim:
        malloc_trim()
    objects = gc.get_objects()
    sessions = [o for o in objects if isinstance(o, AppSession)]
    storages = [o for o in objects if isinstance(o, ClosingSessionStorage)]
    types = Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in objects)
    del objects
    found: dict[str, Any] = {
        "rss_kib": rss_kib(),
        "allocated_blocks": sys.getallocatedblocks(),
        "gc_objects": sum(types.values()),
        "threads": threading.active_count(),
        "script_threads": sum(t.name == SCRIPT_THREAD for t in threading.enumerate()),
        "app_sessions": len(sessions),
        "app_sessions_not_shut_down": sum(
            getattr(s, "_state", None) != AppSessionState.SHUTDOWN_REQUESTED for s in sessions
        ),
        # None: the runtime keeps closed tabs' sessions in Streamlit's own storage.
        "sessions_shut_down_by_storage": sum(s.shut_down for s in storages) if storages else None,
        "top_types": dict(types.most_common(TOP_TYPES)),
        "app_session_holders": holders(sessions[:HELD_SESSIONS]),
    }
    del sessions, storages
    if Runtime.exists():
        found.update(runtime_figures(Runtime.instance()))
    found.update(app_caches())
    if tracemalloc.is_tracing():
        found["allocation_sites"] = allocation_sites()
    return found


def holders(kept: list[AppSession]) -> list[list[str]]:
    """What keeps each of ``kept`` alive: each referrer's type, and what holds that referrer
    (a frame by its function's name: a coroutine's local variable shows up as one)."""
    found: list[list[str]] = []
    this_call = sys._getframe()  # noqa: SLF001 -- this function's own references do not count
    for session in kept:
        names: list[str] = []
        for referrer in gc.get_referrers(session):
            if referrer is kept or referrer is this_call:
                continue
            owners = sorted({_name(o) for o in gc.get_referrers(referrer) if o is not this_call})
            names.append(f"{_name(referrer)} held by {owners[:4]}")
        found.append(names)
    return found


def _name(thing: object) -> str:
    if isinstance(thing, FrameType):
        return f"frame of {thing.f_code.co_qualname}"
    return type(thing).__qualname__


def malloc_trim() -> bool:
    """glibc's ``malloc_trim(0)``; False where the C library has none."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    return bool(libc.malloc_trim(0))


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def runtime_figures(runtime: Runtime) -> dict[str, Any]:
    """What Streamlit's runtime holds: connected sessions, media and cache sizes."""
    stats = runtime.stats_mgr.get_stats([ACTIVE_SESSIONS_FAMILY, CACHE_MEMORY_FAMILY])
    connected = sum(int(getattr(s, "value", 0)) for s in stats.get(ACTIVE_SESSIONS_FAMILY, []))
    caches: Counter[str] = Counter()
    for stat in stats.get(CACHE_MEMORY_FAMILY, []):
        name = f"{getattr(stat, 'category_name', '')}:{getattr(stat, 'cache_name', '')}"
        caches[name] += int(getattr(stat, "byte_length", 0))
    media = runtime.media_file_mgr
    # Private fields of Streamlit 1.67's MediaFileManager, read only and with defaults: a
    # session that ends without being shut down leaves its entries here.
    return {
        "connected_sessions": connected,
        "cache_bytes": dict(caches.most_common()),
        "media_sessions": len(getattr(media, "_files_by_session_and_coord", {})),
        "deferred_downloads": len(getattr(media, "_deferred_callables", {})),
        "media_files": len(getattr(media, "_file_metadata", {})),
    }


def app_caches() -> dict[str, Any]:
    """The app's own caches outside Streamlit's: entries held now."""
    return {
        "preview_cards": len(CARDS),
        "qr_codes": qr_data_uri.cache_info().currsize + qr_svg.cache_info().currsize,
        "radar_figures": len(RADAR_FIGURES),
        "radar_figure_bytes_counted": RADAR_FIGURES.kept_bytes,
    }


def allocation_sites() -> list[dict[str, Any]]:
    """Where the memory allocated since the first call lives (PYTHONTRACEMALLOC=1)."""
    snapshot = tracemalloc.take_snapshot().filter_traces(
        [tracemalloc.Filter(False, tracemalloc.__file__)]
    )
    if not _first_snapshot:
        _first_snapshot.append(snapshot)
    grown = snapshot.compare_to(_first_snapshot[0], "lineno")[:TOP_SITES]
    return [
        {
            "site": f"{stat.traceback[0].filename}:{stat.traceback[0].lineno}",
            "grown_kib": round(stat.size_diff / 1024, 1),
            "kib": round(stat.size / 1024, 1),
            "blocks": stat.count,
        }
        for stat in grown
    ]
