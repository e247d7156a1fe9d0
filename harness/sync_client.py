"""The asyncio client (``harness/client.py``) for code that is not asynchronous.

Every ``SyncSession`` runs its ``Session`` on one event loop in a background thread
shared by all of them, and blocks until each call is done. A loop of its own thread,
rather than ``asyncio.run`` per call: a websocket belongs to the loop that opened it,
sessions may be driven from several threads at once (a thread pool of phones), and the
calling thread may already run a loop (Playwright's sync API keeps one in the main
thread of the browser tests).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterable
from types import TracebackType
from typing import Any, Self, TypeVar

from streamlit.proto.WidgetStates_pb2 import WidgetState

from harness.client import Session
from harness.http import HttpResponse, http_get
from harness.protocol import Element, Run

T = TypeVar("T")

_loop: asyncio.AbstractEventLoop | None = None
_loop_lock = threading.Lock()


def _background_loop() -> asyncio.AbstractEventLoop:
    global _loop
    with _loop_lock:
        if _loop is None:
            _loop = asyncio.new_event_loop()
            threading.Thread(target=_loop.run_forever, name="harness-loop", daemon=True).start()
        return _loop


def blocking(call: Coroutine[Any, Any, T], timeout_s: float) -> T:
    """Run ``call`` on the shared background loop and wait for it.

    Safe where the calling thread already runs a loop, which ``asyncio.run`` is not.
    """
    future = asyncio.run_coroutine_threadsafe(call, _background_loop())
    return future.result(timeout=timeout_s)


class SyncSession:
    """One browser tab, blocking: the calls of ``Session``, each waited for."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout_s: float = 60.0,
        origin: str | None = None,
        cookies: dict[str, str] | None = None,
    ) -> None:
        self.session = Session(base_url, timeout_s=timeout_s, origin=origin)
        self.session.cookies.update(cookies or {})

    @property
    def page(self) -> str:
        """URL path of the page the last run showed ("" for the default page)."""
        return self.session.page

    @property
    def page_script_hash(self) -> str:
        return self.session.page_script_hash

    @property
    def query(self) -> str:
        """The query string the browser's address bar would show (without ``?``)."""
        return self.session.query

    def _wait(self, call: Coroutine[Any, Any, T]) -> T:
        # The session's own timeout ends a stuck call first; this one only backs it up.
        return blocking(call, self.session.timeout_s + 10)

    def connect(self, url_path: str = "", query: str = "") -> Run:
        """Open the websocket and load ``/url_path?query``, as opening a link does."""
        self._wait(self.session.open())
        return self._wait(self.session.load(url_path, query))

    def rerun(self, extra: Iterable[WidgetState] = ()) -> Run:
        return self._wait(self.session.rerun(extra))

    def click(self, button: Element) -> Run:
        return self._wait(self.session.click(button))

    def submit_form(self, submit: Element, values: Iterable[WidgetState]) -> Run:
        return self._wait(self.session.submit_form(submit, values))

    def deferred_file_url(self, file_id: str) -> str:
        return self._wait(self.session.deferred_file_url(file_id))

    def get(self, path: str, *, cookies: dict[str, str] | None = None) -> HttpResponse:
        """GET ``path`` from the server with this tab's cookie jar (or ``cookies``, kept apart)."""
        jar = self.session.cookies if cookies is None else dict(cookies)
        url = f"{self.session.base_url.rstrip('/')}{path}"
        return self._wait(http_get(url, self.session.timeout_s, jar))

    def close(self) -> None:
        self._wait(self.session.close())

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
