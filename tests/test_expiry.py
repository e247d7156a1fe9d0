"""Expiry on SQLite and PostgreSQL, with a clock the tests move: nothing outlives its
promise, nothing expired is readable or writable by any link, and the purge (scheduled,
on write paths, several processes at once) deletes every expired row."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from networking_works.progress import Stage
from networking_works.schema import assessments, limit_events, part_scores
from networking_works.store import AssessmentGone, Store
from networking_works.store.expiry import PURGE_EVERY
from tests.store_helpers import (
    PARTS,
    MovableClock,
    StoreFactory,
    finish,
    room,
    row_counts,
    share,
)
from tests.threads import run_threads

DAY = timedelta(days=1)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def timed(make_store: StoreFactory, clock: MovableClock) -> Store:
    return make_store(
        clock=clock, unfinished_ttl=timedelta(days=7), workshop_ttl=timedelta(hours=24)
    )


def test_a_participant_never_outlives_their_room(timed: Store, clock: MovableClock) -> None:
    workshop, secret = room(timed)
    token = timed.workshops.join(workshop.id, "Night Owl")
    clock.move(timedelta(hours=23))
    # A save late in the room's life keeps the room's end (a solo save would add 7 days).
    timed.assessments.save(token, Stage.QUESTIONS, 1, {"q1": 2}, version=0)
    assert timed.assessments.get(token) is not None
    clock.move(timedelta(hours=1))

    assert timed.assessments.get(token) is None
    assert timed.workshops.participant(token) is None
    assert timed.workshops.get(workshop.id) is None
    assert timed.workshops.by_code(workshop.code) is None
    assert timed.workshops.facilitated(workshop.id, secret) is None
    with pytest.raises(AssessmentGone):
        timed.assessments.save(token, Stage.QUESTIONS, 2, {"q1": 3}, version=1)
    with pytest.raises(AssessmentGone):
        timed.workshops.set_spotlight(token, True)
    assert timed.workshops.update(workshop.id, revealed=True) is False


def test_everything_expired_is_purged_and_the_rest_kept(timed: Store, clock: MovableClock) -> None:
    workshop, _ = room(timed)
    finish(timed, workshop, {p: 50.0 for p in PARTS}, profiles=["Collector"], nickname="Kim")
    timed.workshops.join(workshop.id, "Unfinished Uma")
    solo = timed.assessments.start("networking")
    shared, _ = share(timed, {"score": 1})  # lives 30 days by default
    clock.move(DAY)  # the room ended; the solo assessment and the shared result live on

    assert timed.purge_expired() == 1  # the room (its participants and figures with it)
    counts = row_counts(timed)
    assert counts == {
        "nw_workshops": 0,
        "nw_part_scores": 0,
        "nw_profile_matches": 0,
        "nw_assessments": 1,
        "nw_results": 1,
    }
    clock.move(7 * DAY)
    assert timed.assessments.get(solo) is None
    clock.move(22 * DAY)
    assert timed.results.get(shared) is None
    assert timed.purge_expired() == 2
    assert set(row_counts(timed).values()) == {0}


def test_a_save_never_revives_an_expired_assessment(timed: Store, clock: MovableClock) -> None:
    token = timed.assessments.start("networking")
    clock.move(7 * DAY)
    with pytest.raises(AssessmentGone):
        timed.assessments.save(token, Stage.QUESTIONS, 1, {"q1": 4}, version=0)
    with pytest.raises(AssessmentGone):
        timed.assessments.finish(token, {"q1": 4}, {p: 1.0 for p in PARTS}, [], version=0)
    assert timed.assessments.get(token) is None
    with timed.database.engine.connect() as conn:
        row = conn.execute(sa.select(assessments).where(assessments.c.token == token)).one()
    assert (row.stage, row.answers, row.version) == ("definition", "{}", 0)  # untouched
    assert timed.purge_expired() == 1


def test_writes_purge_once_the_interval_has_passed(
    make_store: StoreFactory, clock: MovableClock
) -> None:
    old = make_store(clock=clock, workshop_ttl=timedelta(hours=1))
    room(old)
    old.assessments.start("networking")
    clock.move(PURGE_EVERY + 7 * DAY)
    counts = row_counts(old)
    assert (counts["nw_workshops"], counts["nw_assessments"]) == (1, 1)  # nothing purged yet
    old.assessments.start("networking")  # a write path: due, so it purges first
    counts = row_counts(old)
    assert (counts["nw_workshops"], counts["nw_assessments"]) == (0, 1)


def test_the_scheduled_purge_runs_by_itself(timed: Store, clock: MovableClock) -> None:
    workshop, _ = room(timed)
    populated = [finish(timed, workshop, {p: 40.0 for p in PARTS}) for _ in range(3)]
    clock.move(2 * DAY)
    assert row_counts(timed)["nw_assessments"] == len(populated)
    timed.expiry.start(seconds=0.05)
    try:
        deadline = time.monotonic() + 10
        while set(row_counts(timed).values()) != {0} and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        timed.expiry.stop()
    assert set(row_counts(timed).values()) == {0}


def test_several_processes_purging_at_once(make_store: StoreFactory, clock: MovableClock) -> None:
    first = make_store(clock=clock)
    for _ in range(5):
        workshop, _ = room(first)
        finish(first, workshop, {p: 30.0 for p in PARTS})
        first.assessments.start("networking")
    clock.move(8 * DAY)
    servers = [make_store(clock=clock) for _ in range(4)]  # one Store per server process
    purged: list[int] = []

    def purge(i: int) -> None:
        purged.append(servers[i].purge_expired())

    errors, _ = run_threads(len(servers), purge)
    assert errors == []
    assert sum(purged) == 10  # 5 rooms (with their participants) + 5 solo assessments
    assert set(row_counts(first).values()) == {0}


def test_rows_left_without_a_room_are_purged(timed: Store) -> None:
    """Rows an older version wrote for a room already deleted are found and removed."""
    workshop, _ = room(timed)
    token = finish(timed, workshop, {p: 30.0 for p in PARTS})
    with timed.database.engine.begin() as conn:
        conn.execute(sa.delete(sa.table("nw_workshops")))  # as if deleted without its rows
        conn.execute(sa.insert(part_scores).values(token="o" * 22, part_id="x", workshop_id="w"))
    assert row_counts(timed)["nw_part_scores"] == len(PARTS) + 1
    timed.purge_expired()
    assert set(row_counts(timed).values()) == {0}
    assert timed.assessments.get(token) is None


def test_the_purge_deletes_limit_events_older_than_a_day(timed: Store, clock: MovableClock) -> None:
    # M9 (issue 23): a kind recorded once and never again kept its address hash forever,
    # since only a new event of the same kind trimmed the old ones.
    timed.limits.record("unused-kind", "client-hash-1")
    clock.move(timedelta(hours=23))
    timed.limits.record("another-kind", "client-hash-2")
    timed.purge_expired()
    assert row_counts_of_limits(timed) == 2  # neither is a day old yet
    clock.move(timedelta(hours=2))
    timed.purge_expired()
    assert row_counts_of_limits(timed) == 1  # the first is past a day: gone
    clock.move(DAY)
    timed.purge_expired()
    assert row_counts_of_limits(timed) == 0


def row_counts_of_limits(store: Store) -> int:
    with store.database.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(limit_events)).scalar_one())
