"""Short-lived answers to read-only questions that many sessions ask at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Recent:
    """Reuse an answer for up to ``max_age`` seconds.

    A room of hundreds of phones asks the same questions every few seconds (is my part
    open yet? how is the room doing?); one database read per second answers them all.
    Keys are tuples whose first item is the room, so ``forget(room)`` drops every answer
    about that room (a write in this process is seen at once; other processes see it
    within ``max_age``).
    """

    def __init__(
        self,
        max_age: float,
        max_entries: int = 1024,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_age = max_age
        self.max_entries = max_entries
        self._clock = clock
        self._lock = threading.Lock()
        self._answers: dict[tuple[Hashable, ...], tuple[float, Any]] = {}

    def get(self, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        now = self._clock()
        with self._lock:
            found = self._answers.get(key)
        if found is not None and now - found[0] < self.max_age:
            return found[1]  # type: ignore[no-any-return]
        # Computed outside the lock: a slow query must not hold up other rooms' answers.
        value = compute()
        with self._lock:
            if len(self._answers) >= self.max_entries:
                self._drop_stale(now)
            self._answers[key] = (now, value)
        return value

    def forget(self, first: Hashable) -> None:
        with self._lock:
            for key in [k for k in self._answers if k[0] == first]:
                del self._answers[key]

    def _drop_stale(self, now: float) -> None:
        stale = [k for k, (at, _) in self._answers.items() if now - at >= self.max_age]
        for key in stale or list(self._answers):
            del self._answers[key]
