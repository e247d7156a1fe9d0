"""Sessions Streamlit keeps for a reconnect, shut down as soon as it stops keeping them.

Streamlit 1.67 keeps a closed tab's ``AppSession`` for ``server.disconnectedSessionTTL``
seconds (120 by default), at most 128 of them, so that a tab whose connection dropped for a
moment gets its session back (``MemorySessionStorage``, a TTL cache). The cache drops an
entry only on its next write, and never shuts down what it drops (streamlit#12506; the fix
proposed in streamlit#12521 was closed unmerged): a dropped session is shut down only when
the garbage collector frees it (``AppSession.__del__``). So on a server that goes quiet the
last 128 sessions stay whole until somebody closes another tab, each with its session
state, its last messages and its entries in the runtime's media file manager, among them
the deferred downloads of the last page it showed (the results page's handouts, each a
closure over the person's report).
bench/memory.py measured it (docs/benchmarks.md, "Memory over many sessions"): after 300
visitors and 200 quiet seconds, 128 sessions not shut down and 384 deferred downloads.

``ClosingSessionStorage`` is the same storage, with the same size and lifetime, except that
it shuts down every session it drops, and while it keeps any it looks again a quarter of
the lifetime later, so a quiet server ends with none. A session taken back by a reconnect
(``delete``, by the session manager) is not shut down: it lives on. ``install()`` makes the
runtime that ``st.App`` builds use it; ``asgi.py`` calls it before building the app.
"""

from __future__ import annotations

import asyncio
import threading

import streamlit.runtime.memory_session_storage as memory_session_storage
from streamlit.runtime.caching.ttl_cache import TTLCache
from streamlit.runtime.session_manager import SessionInfo

_Base = memory_session_storage.MemorySessionStorage
REAP_FRACTION = 0.25  # of the lifetime: a dropped session lives at most 1.25 lifetimes


class ClosingSessionStorage(_Base):
    """``MemorySessionStorage`` that shuts down the sessions it drops (see the module)."""

    def __init__(self, maxsize: int = 128, ttl_seconds: int = 2 * 60) -> None:
        super().__init__(maxsize=maxsize, ttl_seconds=ttl_seconds)
        self._ttl_s = float(ttl_seconds)
        self._cache: TTLCache[str, SessionInfo] = TTLCache(
            maxsize=maxsize, ttl=ttl_seconds, on_remove=self._removed
        )
        self._lock = threading.RLock()
        self._keeping: str | None = None  # the id being saved or taken back: not dropped
        self._reaper: asyncio.TimerHandle | None = None
        self.shut_down = 0  # sessions this storage shut down, for tests and diagnostics

    def get(self, session_id: str) -> SessionInfo | None:
        with self._lock:
            return super().get(session_id)

    def save(self, session_info: SessionInfo) -> None:
        with self._lock:
            self._keeping = session_info.session.id
            try:
                super().save(session_info)
            finally:
                self._keeping = None
        self._reap_later()

    def delete(self, session_id: str) -> None:
        with self._lock:
            self._keeping = session_id
            try:
                super().delete(session_id)
            finally:
                self._keeping = None

    def list(self) -> list[SessionInfo]:  # ty: ignore[invalid-type-form]
        with self._lock:
            return super().list()

    def reap(self) -> None:
        """Drop (and so shut down) every expired session now."""
        with self._lock:
            self._cache.expire()

    def _removed(self, session_id: str, info: SessionInfo) -> None:
        if session_id == self._keeping:
            return
        info.session.shutdown()
        self.shut_down += 1

    def _reap_later(self) -> None:
        """Look again later, on the event loop the sessions live on (none: no timer)."""
        if self._reaper is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._reaper = loop.call_later(self._ttl_s * REAP_FRACTION + 0.5, self._on_timer)

    def _on_timer(self) -> None:
        self._reaper = None
        self.reap()
        if self._cache.currsize:
            self._reap_later()


def install() -> None:
    """Make the runtime Streamlit builds next keep its disconnected sessions here."""
    memory_session_storage.MemorySessionStorage = ClosingSessionStorage  # type: ignore[misc]
