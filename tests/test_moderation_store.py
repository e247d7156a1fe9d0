"""Moderation in the store, on SQLite and PostgreSQL: locking, the join rate, removing
people, the room's progress per part, practice rooms and the attempt limits."""

from __future__ import annotations

import random
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from networking_works.messages import Message
from networking_works.progress import Stage
from networking_works.rehearsal import fill_practice_room
from networking_works.schema import assessments
from networking_works.store import Counted, JoinLimit, JoinRefused, Store
from networking_works.store.refusals import AssessmentGone, SaveRefused
from networking_works.store.workshops import LOCKED, TRY_AGAIN
from networking_works.throttle import (
    CREATE,
    FAILURE_WINDOW,
    FREE_FAILURES,
    WRONG_PASSPHRASE,
    CreationLimit,
    Recent,
    creation_refusal,
    passphrase_delay,
)
from networking_works.workshop import answers_csv
from tests.store_helpers import (
    BANK,
    PARTS,
    MovableClock,
    StoreFactory,
    finish,
    populated,
    room,
)
from tests.threads import run_threads


def test_a_locked_room_refuses_newcomers_and_keeps_its_people(store: Store) -> None:
    workshop, _ = room(store)
    inside = store.workshops.join(workshop.id, "")
    store.workshops.update(workshop.id, joining=False)
    found = store.workshops.get(workshop.id)
    assert found is not None and (found.joining, found.accepting) == (False, True)
    with pytest.raises(JoinRefused, match=LOCKED):
        store.workshops.join(workshop.id, "")
    store.assessments.finish(inside, {}, {p: 60.0 for p in PARTS}, [], version=0)
    assert store.room_stats.counts(workshop.id) == (1, 1)
    store.workshops.update(workshop.id, joining=True)
    store.workshops.join(workshop.id, "")
    assert store.room_stats.counts(workshop.id) == (2, 1)


def test_the_join_rate_per_room_is_limited_and_says_try_again(make_store: StoreFactory) -> None:
    store = make_store(join_limit=JoinLimit(joins=3, seconds=60))
    first, _ = room(store)
    other, _ = room(store)
    for _ in range(3):
        store.workshops.join(first.id, "")
    with pytest.raises(JoinRefused, match=TRY_AGAIN):
        store.workshops.join(first.id, "")
    store.workshops.join(other.id, "")  # another room has its own allowance
    assert store.room_stats.counts(first.id) == (3, 0)


def test_the_join_rate_counts_only_the_last_seconds(make_store: StoreFactory) -> None:
    store = make_store(join_limit=JoinLimit(joins=1, seconds=0.2))
    workshop, _ = room(store)
    store.workshops.join(workshop.id, "")
    with pytest.raises(JoinRefused, match=TRY_AGAIN):
        store.workshops.join(workshop.id, "")

    time.sleep(0.3)  # the window itself is what is tested here
    store.workshops.join(workshop.id, "")


def test_a_removed_participant_leaves_every_aggregate_and_export(store: Store) -> None:
    workshop, _ = room(store)
    kept = populated(store, workshop, 3)
    gone = finish(store, workshop, {p: 0.0 for p in PARTS}, answers={"x": 1}, profiles=["Loner"])
    store.workshops.set_spotlight(gone, True)
    store.workshops.update(workshop.id, spotlight_token=gone)
    assert store.room_stats.counts(workshop.id) == (4, 4)

    assert store.moderation.remove(workshop.id, gone)
    assert store.room_stats.counts(workshop.id) == (3, 3)
    summary = store.room_stats.summary(workshop.id, PARTS)
    assert summary.completed == 3 and summary.means == [50.0] * len(PARTS)
    assert dict(store.room_stats.profiles(workshop.id)) == {"Collector": 3}
    assert [p.token for p in store.moderation.participants(workshop.id)] == kept
    assert store.room_stats.spotlight_volunteers(workshop.id) == []
    store.workshops.update(workshop.id, revealed=True)
    exported = store.room_stats.anonymous_answers(workshop.id)
    assert len(exported) == 3
    assert answers_csv(BANK, exported).count("\n") == 4
    assert store.room_stats.progress(workshop.id, len(PARTS)).joined == 3
    found = store.workshops.get(workshop.id)
    assert found is not None and found.spotlight_token is None
    mine = store.assessments.get(gone)
    assert mine is not None and mine.removed and mine.workshop_id is None

    # Finishing again afterwards (a late submit) is refused and counts in no room.
    with pytest.raises(AssessmentGone):
        store.assessments.finish(gone, {}, {p: 0.0 for p in PARTS}, ["Loner"], version=mine.version)
    assert store.room_stats.counts(workshop.id) == (3, 3)
    assert not store.moderation.remove(workshop.id, gone)  # once is enough


def test_a_page_already_open_cannot_write_for_a_removed_participant(store: Store) -> None:
    # The phone's page was built before the speaker pressed Remove: its press names the
    # version it read. Every write must be refused, whatever version it names.
    workshop, _ = room(store)
    populated(store, workshop, 3)
    gone = store.workshops.join(workshop.id, "Alex")
    store.workshops.set_spotlight(gone, True)
    before = store.assessments.get(gone)
    assert before is not None
    expires = expiry_of(store, gone)
    assert store.moderation.remove(workshop.id, gone)
    after = store.assessments.get(gone)
    assert after is not None and after.removed and after.version > before.version
    scores = dict.fromkeys(PARTS, 99.0)
    for version in (before.version, after.version):
        with pytest.raises(SaveRefused):
            store.assessments.save(gone, Stage.QUESTIONS, 1, {"x": 1}, version=version)
        with pytest.raises(SaveRefused):
            store.assessments.finish(
                gone, {"x": 1}, scores, [], version=version, counted=Counted(BANK.version)
            )
    with pytest.raises(AssessmentGone):
        store.workshops.set_spotlight(gone, True)
    found = store.assessments.get(gone)
    assert found is not None and (found.stage, found.answers) == (Stage.DEFINITION, {})
    assert expiry_of(store, gone) == expires  # not moved 7 days past the room's end
    assert store.norms.fresh_distributions(BANK.id, BANK.version) == {}  # counted nowhere
    assert store.room_stats.counts(workshop.id) == (3, 3)


def test_a_removed_participant_who_had_finished_cannot_keep_a_journal(store: Store) -> None:
    workshop, _ = room(store)
    gone = finish(store, workshop, {p: 50.0 for p in PARTS})
    assert store.moderation.remove(workshop.id, gone)
    with pytest.raises(AssessmentGone):
        store.journals.keep(gone, BANK.id, {"scores": {}})


def test_a_removed_participant_is_deleted_with_the_room(store: Store) -> None:
    workshop, _ = room(store)
    other, _ = room(store)
    gone = store.workshops.join(workshop.id, "Alex")
    elsewhere = store.workshops.join(other.id, "Sam")
    assert store.moderation.remove(workshop.id, gone)
    assert store.moderation.remove(other.id, elsewhere)
    store.workshops.delete(workshop.id)
    assert store.assessments.get(gone) is None  # nickname, made-up name and answers gone
    assert stored_tokens(store) == {elsewhere}  # the other room's removed person stays


def test_a_removed_participant_ends_with_the_room(make_store: StoreFactory) -> None:
    clock = MovableClock()
    store = make_store(clock=clock, workshop_ttl=timedelta(hours=1))
    workshop, _ = room(store)
    gone = store.workshops.join(workshop.id, "Alex")
    assert store.moderation.remove(workshop.id, gone)
    clock.move(timedelta(hours=2))
    store.purge_expired()
    assert stored_tokens(store) == set()


def expiry_of(store: Store, token: str) -> object:
    with store.database.read() as conn:
        return conn.execute(
            sa.select(assessments.c.expires_at).where(assessments.c.token == token)
        ).scalar_one()


def stored_tokens(store: Store) -> set[str]:
    with store.database.read() as conn:
        return set(conn.execute(sa.select(assessments.c.token)).scalars())


def test_removing_needs_the_right_room_and_a_real_token(store: Store) -> None:
    workshop, _ = room(store)
    other, _ = room(store)
    token = store.workshops.join(workshop.id, "")
    assert not store.moderation.remove(other.id, token)
    assert not store.moderation.remove(workshop.id, "'; DROP TABLE nw_assessments; --")
    assert store.room_stats.counts(workshop.id) == (1, 0)


def test_progress_counts_people_past_each_part(store: Store) -> None:
    workshop, _ = room(store)
    reading = store.workshops.join(workshop.id, "")
    on_third = store.workshops.join(workshop.id, "")
    store.assessments.save(on_third, Stage.QUESTIONS, 2, version=0)
    populated(store, workshop, 2)
    assert reading
    progress = store.room_stats.progress(workshop.id, len(PARTS))
    assert (progress.joined, progress.answering, progress.finished) == (4, 2, 2)
    assert progress.parts_done == (3, 3, 2, 2, 2, 2)


def test_a_practice_room_fills_with_simulated_people(store: Store) -> None:
    practice, _ = store.workshops.create("Rehearsal", "networking", False, None, practice=True)
    assert practice.practice and store.workshops.get(practice.id).practice  # type: ignore[union-attr]
    rng = random.Random(1)  # noqa: S311 -- made-up answers
    added = fill_practice_room(store, BANK, practice, rng, finished=5, midway=2)
    assert added == 7
    progress = store.room_stats.progress(practice.id, len(PARTS))
    assert (progress.joined, progress.finished) == (7, 5)
    assert store.room_stats.summary(practice.id, PARTS).completed == 5

    real, _ = room(store)
    with pytest.raises(JoinRefused):
        fill_practice_room(store, BANK, real)
    assert store.room_stats.counts(real.id) == (0, 0)


def test_banner_and_joining_are_updatable_and_other_fields_are_not(store: Store) -> None:
    workshop, _ = room(store)
    store.workshops.update(workshop.id, banner=False, joining=False)
    found = store.workshops.get(workshop.id)
    assert found is not None and (found.banner, found.joining) == (False, False)
    with pytest.raises(ValueError):
        store.workshops.update(workshop.id, practice=True)


def test_limits_count_per_client_and_overall(store: Store) -> None:
    for client in ("a", "a", "b"):
        store.limits.record("create", client)
    store.limits.record("passphrase", "a")
    hour = timedelta(hours=1)
    assert store.limits.count("create", hour, "a") == 2
    assert store.limits.count("create", hour) == 3
    assert store.limits.count("create", timedelta(seconds=-1)) == 0
    assert store.limits.last("passphrase", hour, "a") is not None
    assert store.limits.last("passphrase", hour, "b") is None
    store.limits.forget("passphrase", "a")
    assert store.limits.count("passphrase", hour) == 0
    assert store.limits.count("create", hour) == 3


def test_attempts_sent_together_each_count_the_ones_before(store: Store) -> None:
    # The passphrase's back-off and the room limit, 40 at once: at most the allowed
    # number pass, per client and overall, on both databases.
    limit = CreationLimit(per_client=3, overall=5)
    hour = timedelta(hours=1)

    def create(before: Recent) -> Message | None:
        return creation_refusal(before.by_client, before.overall, limit)

    passed: list[str] = []

    def attempt(i: int) -> None:
        if store.limits.attempt(WRONG_PASSPHRASE, "one", FAILURE_WINDOW, passphrase_delay) is None:
            passed.append("guess")
        client = "a" if i % 2 else "b"
        if store.limits.attempt(CREATE, client, limit.window, create) is None:
            passed.append(f"room {client}")

    errors, _ = run_threads(40, attempt)
    assert not errors
    assert passed.count("guess") == FREE_FAILURES
    rooms = [p for p in passed if p.startswith("room")]
    assert len(rooms) == limit.overall and max(map(rooms.count, rooms)) <= limit.per_client
    assert store.limits.count(WRONG_PASSPHRASE, hour) == FREE_FAILURES  # refused: not recorded
    assert store.limits.count(CREATE, hour) == limit.overall
