"""The room's answers export, on both databases: after Reveal, for at least
MIN_FOR_AGGREGATE people, shuffled, and never with the rows of spotlight volunteers."""

from __future__ import annotations

import pytest

from networking_works.store import ExportRefused, Store
from networking_works.workshop import MIN_FOR_AGGREGATE
from tests.store_helpers import BANK, PARTS, finish, room

SCORES = {p: 50.0 for p in PARTS}


def answered(value: int) -> dict[str, int]:
    return {s.id: value for s in BANK.statements}


def test_refused_before_reveal(store: Store) -> None:
    workshop, _ = room(store)
    for value in (1, 2, 3):
        finish(store, workshop, SCORES, answers=answered(value))
    with pytest.raises(ExportRefused, match="reveal"):
        store.room_stats.anonymous_answers(workshop.id)
    assert store.room_stats.export_refused(workshop.id) is not None
    store.workshops.update(workshop.id, revealed=True)
    assert store.room_stats.export_refused(workshop.id) is None
    assert len(store.room_stats.anonymous_answers(workshop.id)) == 3


def test_refused_with_fewer_than_three_finished(store: Store) -> None:
    workshop, _ = room(store)
    store.workshops.update(workshop.id, revealed=True)
    for value in range(1, MIN_FOR_AGGREGATE):
        finish(store, workshop, SCORES, answers=answered(value))
    store.workshops.join(workshop.id, "")  # joined, not finished: does not count
    with pytest.raises(ExportRefused, match=f"at least {MIN_FOR_AGGREGATE} people"):
        store.room_stats.anonymous_answers(workshop.id)


def test_spotlight_volunteers_are_left_out_and_counted_out(store: Store) -> None:
    workshop, _ = room(store)
    store.workshops.update(workshop.id, revealed=True)
    people = [finish(store, workshop, SCORES, answers=answered(v)) for v in (1, 2, 3)]
    store.workshops.set_spotlight(people[0], True)
    with pytest.raises(ExportRefused):  # two rows left: too few to stay anonymous
        store.room_stats.anonymous_answers(workshop.id)
    finish(store, workshop, SCORES, answers=answered(4))
    rows = store.room_stats.anonymous_answers(workshop.id)
    assert sorted(r[BANK.statements[0].id] for r in rows) == [2, 3, 4]


def test_rows_come_in_no_join_order(store: Store) -> None:
    workshop, _ = room(store)
    store.workshops.update(workshop.id, revealed=True)
    joined = [answered(1 + i % 5) | {"n": i} for i in range(12)]
    for answers in joined:
        finish(store, workshop, SCORES, answers=answers)
    orders = {
        tuple(r["n"] for r in store.room_stats.anonymous_answers(workshop.id)) for _ in range(5)
    }
    in_join_order = tuple(range(12))
    assert all(sorted(order) == list(in_join_order) for order in orders)
    # Five shuffles of 12 rows all in join order, or all alike: about 1 in 10^8 each.
    assert in_join_order not in orders and len(orders) > 1


def test_an_ended_room_exports_nothing(store: Store) -> None:
    workshop, _ = room(store)
    store.workshops.update(workshop.id, revealed=True)
    for value in (1, 2, 3):
        finish(store, workshop, SCORES, answers=answered(value))
    store.workshops.delete(workshop.id)
    with pytest.raises(ExportRefused, match="ended"):
        store.room_stats.anonymous_answers(workshop.id)
