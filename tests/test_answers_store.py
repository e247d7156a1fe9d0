"""store/answers.py on SQLite and PostgreSQL: finished answers only, of a live room or of
a bank, never of an unfinished, removed or expired assessment."""

from __future__ import annotations

from datetime import timedelta

from networking_works.progress import Stage
from networking_works.store import Store
from tests.store_helpers import PARTS, MovableClock, StoreFactory, finish, room


def test_a_rooms_finished_answers_and_nothing_else(store: Store) -> None:
    workshop, _ = room(store)
    other, _ = room(store)
    finish(store, workshop, {p: 50.0 for p in PARTS}, answers={"creation_1": 4})
    gone = finish(store, workshop, {p: 50.0 for p in PARTS}, answers={"creation_1": 1})
    finish(store, other, {p: 50.0 for p in PARTS}, answers={"creation_1": 2})
    store.workshops.join(workshop.id, "")  # joined, not finished
    assert store.moderation.remove(workshop.id, gone)
    assert store.answers.of_room(workshop.id) == [{"creation_1": 4}]
    store.workshops.delete(workshop.id)
    assert store.answers.of_room(workshop.id) == []


def test_a_banks_finished_answers_solo_and_in_rooms(store: Store) -> None:
    solo = store.assessments.start("networking")
    store.assessments.finish(solo, {"creation_1": 5}, {p: 50.0 for p in PARTS}, [], version=0)
    unfinished = store.assessments.start("networking")
    store.assessments.save(unfinished, Stage.QUESTIONS, 0, {"creation_1": 3}, version=0)
    other_bank = store.assessments.start("networking-fr")
    store.assessments.finish(other_bank, {"creation_1": 1}, {p: 1.0 for p in PARTS}, [], version=0)
    workshop, _ = room(store)
    finish(store, workshop, {p: 50.0 for p in PARTS}, answers={"creation_1": 2})
    found = store.answers.of_bank("networking")
    assert sorted(str(a["creation_1"]) for a in found) == ["2", "5"]


def test_expired_answers_are_never_read(make_store: StoreFactory) -> None:
    clock = MovableClock()
    timed = make_store(clock=clock, unfinished_ttl=timedelta(days=1))
    solo = timed.assessments.start("networking")
    timed.assessments.finish(solo, {"creation_1": 5}, {p: 50.0 for p in PARTS}, [], version=0)
    assert len(timed.answers.of_bank("networking")) == 1
    clock.move(timedelta(days=2))
    assert timed.answers.of_bank("networking") == []
