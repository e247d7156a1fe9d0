"""Waiting for a room to change, cheaply: one small read per live room per process.

A phone on the waiting screen asks ``/room/CODE/changes`` and is held until the room's
state (the parts opened, whether answers are open, whether results are revealed)
differs from the one its page was drawn from. However many phones wait, each process
reads each waited-on room once every ``POLL_SECONDS`` and wakes all of its waiters at
once: no staggering, and every process learns a change made by any other (the read is
of the database) within that period. A read that fails (the database restarting) is
tried again a period later: the waiters keep waiting, and see the change once the
database is back; only the error's type is logged (its text may hold values).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from anyio import to_thread

from networking_works.store import Workshop

POLL_SECONDS = 0.25  # one small read per waited-on room; half of it is the mean added wait
# A room the watch read this recently is the room the pages of this process draw and
# check presses against, with no read of their own (audience/places.py, Audience.room):
# a room's change reaches a page at most this late, well within issue 22's 1 s.
FRESH_SECONDS = 2 * POLL_SECONDS
GONE = "gone"
_log = logging.getLogger(__name__)


def state_of(room: Workshop | None) -> str:
    """What a phone's page depends on in ``room``, as a short text (also its ETag)."""
    if room is None:
        return GONE
    return f"{room.open_parts}-{int(room.accepting)}-{int(room.revealed)}"


@dataclass
class _Watched:
    state: str = GONE
    read: asyncio.Event = field(default_factory=asyncio.Event)  # set once first read
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    waiters: int = 0


class RoomWatch:
    """The rooms phones wait on in this process, each read by one polling task."""

    def __init__(self, read: Callable[[str], Workshop | None], poll_seconds: float = POLL_SECONDS):
        self._read = read
        self._poll = poll_seconds
        self._rooms: dict[str, _Watched] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    async def wait(self, workshop_id: str, seen: str, timeout: float) -> str:
        """The room's state once it differs from ``seen``, or ``seen`` after ``timeout``."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # asyncio objects belong to one loop (tests run several)
            self._rooms, self._loop = {}, loop
        watched = self._rooms.get(workshop_id)
        if watched is None:  # the first waiter starts the room's one reader, before any await
            watched = self._rooms[workshop_id] = _Watched()
            task = loop.create_task(self._follow(workshop_id, watched))
            self._tasks.add(task)  # kept until done: the loop holds tasks only weakly
            task.add_done_callback(self._tasks.discard)
        watched.waiters += 1
        try:
            async with asyncio.timeout(timeout):
                await watched.read.wait()
                while watched.state == seen:
                    await watched.changed.wait()
        except TimeoutError:
            return seen
        finally:
            watched.waiters -= 1
        return watched.state

    async def _follow(self, workshop_id: str, watched: _Watched) -> None:
        try:
            while True:
                try:
                    state = state_of(await to_thread.run_sync(self._read, workshop_id))
                except Exception as exc:  # the database away: read again, waiters wait on
                    _log.warning("room watch read failed (%s)", type(exc).__name__)
                    await asyncio.sleep(self._poll)
                    if watched.waiters <= 0:
                        return
                    continue
                if state != watched.state or not watched.read.is_set():
                    watched.state = state
                    watched.read.set()
                    watched.changed.set()  # every waiter wakes at once
                    watched.changed = asyncio.Event()
                if watched.waiters <= 0 or state == GONE:
                    return
                await asyncio.sleep(self._poll)
                if watched.waiters <= 0:
                    return
        finally:
            if self._rooms.get(workshop_id) is watched:
                del self._rooms[workshop_id]
