"""Preview pictures of shared results, kept by public token: ``CARDS``, the one store of
this process, read by ``web/serving.py`` (which serves them) and ``web/diagnostics.py``
(which counts them)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

import anyio
from anyio import to_thread


class Cards:
    """Preview pictures by public token, each built at most once while it is kept.

    A new picture takes about 0.1 s of CPU. It is built by at most ``builders`` threads
    at once, counted by their own limiter, not by the thread pool every page's head
    needs; whoever waits for one waits in the event loop, holding no thread. Past
    ``max_waiting`` requests for pictures not built yet, the next one is refused (503
    with Retry-After) rather than queued: before this, 60 new pictures at once held the
    page heads back for seconds. Kept pictures are bounded in bytes.
    """

    def __init__(
        self, max_bytes: int = 16 * 1024 * 1024, builders: int = 1, max_waiting: int = 16
    ) -> None:
        self._kept: OrderedDict[str, bytes] = OrderedDict()
        self._building: dict[str, anyio.Event] = {}  # one build per token however many ask
        self._builders = anyio.CapacityLimiter(builders)
        self._waiting = 0
        self.max_bytes = max_bytes
        self.max_waiting = max_waiting
        self.kept_bytes = 0
        self.builds = 0

    async def get(self, token: str, build: Callable[[], bytes]) -> bytes | None:
        """The picture, or None when too many are waiting to be built: ask again later."""
        while (pending := self._building.get(token)) is not None and token not in self._kept:
            if self._waiting >= self.max_waiting:
                return None
            self._waiting += 1
            try:
                await pending.wait()  # built by another request: then kept, or failed
            finally:
                self._waiting -= 1
        if token in self._kept:
            self._kept.move_to_end(token)
            return self._kept[token]
        if self._waiting >= self.max_waiting:
            return None
        self._waiting += 1
        done = self._building[token] = anyio.Event()
        try:
            png = await to_thread.run_sync(build, limiter=self._builders)
            self.builds += 1
            self._keep(token, png)
        finally:
            self._waiting -= 1
            del self._building[token]
            done.set()
        return png

    def _keep(self, token: str, png: bytes) -> None:
        if len(png) > self.max_bytes:
            return
        self._kept[token] = png
        self.kept_bytes += len(png)
        while self.kept_bytes > self.max_bytes:
            self.kept_bytes -= len(self._kept.popitem(last=False)[1])

    def __len__(self) -> int:
        return len(self._kept)


CARDS = Cards()
