"""Waiting for a room to change, cheaply: one small read per live room per process.

A phone on the waiting screen asks ``/room/CODE/changes`` and is held until the room's
state (the parts opened, whether answers are open, whether results are revealed)
differs from the one its page was drawn from. However many phones wait, each process
reads each waited-on room once every ``POLL_SECONDS`` and wakes all of its waiters at
once: no staggering, and every process learns a change made by any other (the read is
of the database) within that period.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from anyio import to_thread

from networking_works.store import Workshop

POLL_SECONDS = 0.5
GONE = "gone"


def state_of(room: Workshop | None) -> str:
    """What a phone's page depends on in ``room``, as a short text (also its ETag)."""
    if room is None:
        return GONE
    return f"{room.open_parts}-{int(room.accepting)}-{int(room.revealed)}"


@dataclass
class _Watched:
    state: str
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    waiters: int = 0
    task: asyncio.Task[None] | None = None


class RoomWatch:
    """The rooms phones wait on in this process, each read by one polling task."""

    def __init__(self, read: Callable[[str], Workshop | None], poll_seconds: float = POLL_SECONDS):
        self._read = read
        self._poll = poll_seconds
        self._rooms: dict[str, _Watched] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    async def wait(self, workshop_id: str, seen: str, timeout: float) -> str:
        """The room's state once it differs from ``seen``, or ``seen`` after ``timeout``."""
        if not self._same_loop():
            self._rooms, self._loop = {}, asyncio.get_running_loop()
        watched = self._rooms.get(workshop_id)
        if watched is None:
            first = state_of(await to_thread.run_sync(self._read, workshop_id))
            if first != seen:
                return first
            # Another waiter may have started following the room during the read.
            watched = self._rooms.setdefault(workshop_id, _Watched(first))
        if watched.state != seen:
            return watched.state
        watched.waiters += 1
        if watched.task is None:
            watched.task = asyncio.get_running_loop().create_task(self._follow(workshop_id))
        try:
            event = watched.changed
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            return seen
        finally:
            watched.waiters -= 1
        return watched.state

    async def _follow(self, workshop_id: str) -> None:
        watched = self._rooms[workshop_id]
        try:
            while watched.waiters > 0 and watched.state != GONE:
                await asyncio.sleep(self._poll)
                state = state_of(await to_thread.run_sync(self._read, workshop_id))
                if state != watched.state:
                    watched.state = state
                    watched.changed.set()  # every waiter wakes at once
                    watched.changed = asyncio.Event()
        finally:
            self._rooms.pop(workshop_id, None)

    def _same_loop(self) -> bool:
        try:
            return self._loop is asyncio.get_running_loop()
        except RuntimeError:
            return False
