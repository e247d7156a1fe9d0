"""How many page scripts of one server process run at the same time.

Streamlit starts a thread for every run, however many sessions ask at once. When a
room's phones all press together (a part opens, everyone finishes), hundreds of threads
share one interpreter lock: they all make progress together, so each run takes about as
long as the whole burst. The gate lets a few runs work at a time while the others wait
without holding the lock, in the order they came: the first presses are answered first,
and the database sees a few connections instead of dozens. docs/benchmarks.md has the
figures ("Capacity, fourth pass").
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from web import resources

DEFAULT_RUNS_AT_ONCE = 4


@cache
def _gate() -> threading.Semaphore | None:
    """One gate per process; ``NW_RUNS_AT_ONCE=0`` turns it off."""
    text = resources.setting("NW_RUNS_AT_ONCE")
    try:
        runs = DEFAULT_RUNS_AT_ONCE if text is None else int(text)
    except ValueError:
        runs = DEFAULT_RUNS_AT_ONCE  # a typo must not stop the app
    return threading.Semaphore(runs) if runs > 0 else None


@contextmanager
def admitted() -> Iterator[None]:
    """Hold one of the process's run slots for the block (a page's whole script run)."""
    gate = _gate()
    if gate is None:
        yield
        return
    with gate:  # threading's waiters are woken oldest first
        yield
