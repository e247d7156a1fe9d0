"""The room as participants' phones see it: the store's reads, shared for a moment."""

from __future__ import annotations

from collections.abc import Sequence

from networking_works.recent import Recent
from networking_works.store.room_stats import RoomStats
from networking_works.store.workshops import Workshop, Workshops
from networking_works.workshop import RoomProgress, RoomSummary

# How stale a participant's view of their room may be (the facilitator's is always fresh).
PARTICIPANT_VIEW_MAX_AGE_S = 1.0


class RecentRoomView:
    """``Workshops`` and ``RoomStats`` reads, each answer reused for ``cache.max_age``."""

    def __init__(self, workshops: Workshops, room_stats: RoomStats, cache: Recent) -> None:
        self._workshops = workshops
        self._room_stats = room_stats
        self.cache = cache

    def workshop(self, workshop_id: object) -> Workshop | None:
        return self.cache.get((workshop_id, "room"), lambda: self._workshops.get(workshop_id))

    def counts(self, workshop_id: str) -> tuple[int, int]:
        """(joined, completed)."""
        return self.cache.get((workshop_id, "counts"), lambda: self._room_stats.counts(workshop_id))

    def progress(self, workshop_id: str, parts: int) -> RoomProgress:
        return self.cache.get(
            (workshop_id, "progress", parts),
            lambda: self._room_stats.progress(workshop_id, parts),
        )

    def summary(self, workshop_id: str, part_ids: Sequence[str]) -> RoomSummary:
        return self.cache.get(
            (workshop_id, "summary", tuple(part_ids)),
            lambda: self._room_stats.summary(workshop_id, part_ids),
        )

    def answers(self, workshop_id: str) -> list[dict[str, object]]:
        """Everyone's answers in the room (for a talk's answers slide)."""
        return self.cache.get(
            (workshop_id, "answers"), lambda: self._room_stats.answers(workshop_id)
        )

    def profiles(self, workshop_id: str) -> list[tuple[str, int]]:
        """(profile name, people), most common first (for a talk's closing slide)."""
        return self.cache.get(
            (workshop_id, "profiles"), lambda: self._room_stats.profiles(workshop_id)
        )

    def forget(self, workshop_id: str) -> None:
        """Drop every answer about the room: a write in this process shows at once."""
        self.cache.forget(workshop_id)
