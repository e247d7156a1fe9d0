"""Work done once per content: results kept by the SHA-256 of the text they came from.

A rerun of the bank editor hands the same text to the same check again and again; this
keeps the last few answers, bounded both in entries and in the bytes of the texts they
stand for (a kept value, such as a bank, grows with its text), dropping the least
recently used first. Keyed by a hash, so a text is not kept twice.

A kept value may cost more than its text: ``overhead`` bytes each, plus ``scale`` times
the text's bytes, is what an entry counts against ``max_bytes`` (a radar figure is about
42 KiB before its labels, and holds its labels' text about 1.3 times over).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class ContentCache(Generic[V]):
    """``compute(text)`` at most once while its result is kept; safe across threads."""

    def __init__(self, max_entries: int, max_bytes: int, overhead: int = 0, scale: int = 1) -> None:
        self._kept: OrderedDict[bytes, tuple[int, V]] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.overhead = overhead
        self.scale = scale
        self.kept_bytes = 0
        self.computed = 0

    def get(self, text: str, compute: Callable[[str], V]) -> V:
        raw = text.encode("utf-8", errors="surrogatepass")
        key = hashlib.sha256(raw).digest()
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found[1]
        value = compute(text)  # outside the lock: other texts are not held up
        cost = self.overhead + self.scale * len(raw)
        with self._lock:
            self.computed += 1
            if cost <= self.max_bytes and key not in self._kept:
                self._kept[key] = (cost, value)
                self.kept_bytes += cost
                while len(self._kept) > self.max_entries or self.kept_bytes > self.max_bytes:
                    size, _ = self._kept.popitem(last=False)[1]
                    self.kept_bytes -= size
        return value

    def __len__(self) -> int:
        return len(self._kept)
