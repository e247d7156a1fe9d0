"""Admission control: how many script runs may execute Python at once in one process."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class RunSlots:
    """A bounded number of concurrent runs; the rest wait their turn, off the GIL.

    Streamlit runs each session's script in its own thread. When hundreds of phones
    press a button within seconds, hundreds of threads take turns on one GIL: each run
    is sliced thinner and thinner, and the event-loop thread that writes every reply to
    the websockets waits its turn behind all of them. Letting a few runs execute at a
    time, and the others wait on a lock (which holds no GIL), keeps replies flowing.

    Re-entrant per thread: a run that is already inside (a fragment drawn during a full
    run) does not take a second slot, so runs can never wait on each other.
    """

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("at least one run must be allowed")
        self.size = size
        self._free = threading.BoundedSemaphore(size)
        self._inside = threading.local()

    @contextmanager
    def slot(self) -> Iterator[None]:
        depth = getattr(self._inside, "depth", 0)
        if depth == 0:
            self._free.acquire()
        self._inside.depth = depth + 1
        try:
            yield
        finally:
            self._inside.depth = depth
            if depth == 0:
                self._free.release()
