"""store.recent: participants' view of their room, shared for up to max_age."""

from __future__ import annotations

from networking_works.recent import Recent
from networking_works.store import Store
from networking_works.store.recent_view import RecentRoomView
from tests.store_helpers import (
    PARTS,
    StoreFactory,
    finish,
    room,
)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def with_clock(store: Store, clock: Clock) -> None:
    """A view of ``store`` whose answers last one second of ``clock``."""
    store.recent = RecentRoomView(store.workshops, store.room_stats, Recent(1.0, clock=clock))


def test_participants_view_is_at_most_max_age_old_and_own_writes_show_at_once(
    make_store: StoreFactory,
) -> None:
    clock = Clock()
    speaker, other_process = make_store(), make_store()
    with_clock(other_process, clock)
    workshop, _ = room(speaker, paced=True)
    assert other_process.recent.workshop(workshop.id).open_parts == 1  # type: ignore[union-attr]
    speaker.workshops.update(workshop.id, open_parts=2)
    # Another process may show the old state for up to max_age...
    assert other_process.recent.workshop(workshop.id).open_parts == 1  # type: ignore[union-attr]
    clock.now += 1.0
    assert other_process.recent.workshop(workshop.id).open_parts == 2  # type: ignore[union-attr]
    # ...while a change made through a store shows in that store's view at once.
    other_process.workshops.update(workshop.id, open_parts=3)
    assert other_process.recent.workshop(workshop.id).open_parts == 3  # type: ignore[union-attr]
    other_process.workshops.delete(workshop.id)
    assert other_process.recent.workshop(workshop.id) is None
    assert other_process.recent.workshop("not a token") is None


def test_participants_room_summary_is_shared_for_max_age(make_store: StoreFactory) -> None:
    clock = Clock()
    store = make_store()
    with_clock(store, clock)
    workshop, _ = room(store)
    for value in (20.0, 40.0, 60.0):
        finish(store, workshop, {p: value for p in PARTS})
    summary = store.recent.summary(workshop.id, PARTS)
    assert summary.completed == 3
    assert summary.means == store.room_stats.summary(workshop.id, PARTS).means
    finish(store, workshop, {p: 100.0 for p in PARTS})
    assert store.recent.summary(workshop.id, PARTS).completed == 3
    clock.now += 1.0
    summary = store.recent.summary(workshop.id, PARTS)
    assert summary.completed == 4
    assert summary.means == store.room_stats.summary(workshop.id, PARTS).means


def test_participants_room_counts_are_shared_for_max_age(make_store: StoreFactory) -> None:
    clock = Clock()
    store = make_store()
    with_clock(store, clock)
    workshop, _ = room(store)
    finish(store, workshop, {p: 50.0 for p in PARTS})
    assert store.recent.counts(workshop.id) == (1, 1)
    store.workshops.join(workshop.id, "")  # a join is no write to the room's own row
    assert store.recent.counts(workshop.id) == (1, 1)
    clock.now += 1.0
    assert store.recent.counts(workshop.id) == (2, 1) == store.room_stats.counts(workshop.id)
    # A change to the room drops every cached answer about it, counts included.
    finish(store, workshop, {p: 50.0 for p in PARTS})
    store.workshops.update(workshop.id, revealed=True)
    assert store.recent.counts(workshop.id) == (3, 2)
