"""Workshop queries of the store (networking_works/rooms.py) on SQLite and PostgreSQL.

Every test runs on both backends via the parametrized `db_url` fixture. The
PostgreSQL variant works in a schema of its own (created and dropped around each
test), so it never touches tables that other test modules create and drop.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import random
import statistics
import threading
from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from networking_works.bands import Band
from networking_works.bank import load_bank
from networking_works.recent import Recent
from networking_works.rooms import JoinRefused, Workshop
from networking_works.schema import (
    assessments,
    part_scores,
    profile_matches,
    results,
    workshops,
)
from networking_works.store import Store, hash_secret, new_token, plausible_token
from networking_works.workshop import CODE_ALPHABET, answers_csv, normalize_code
from tests.threads import run_threads

ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank(ROOT / "questions" / "networking.yaml")
PARTS = [p.id for p in BANK.parts]
NW_TABLES = (workshops, part_scores, profile_matches, assessments, results)

StoreFactory = Callable[..., Store]


def same(found: Workshop | None, expected: Workshop) -> bool:
    """Equal rooms; SQLite hands back naive UTC datetimes, PostgreSQL aware ones."""

    def naive(w: Workshop) -> Workshop:
        at = w.expires_at
        if at.tzinfo is not None:
            at = at.astimezone(UTC).replace(tzinfo=None)
        return dataclasses.replace(w, expires_at=at)

    return found is not None and naive(found) == naive(expected)


def room(store: Store, cap: int | None = None, paced: bool = False) -> tuple[Workshop, str]:
    return store.create_workshop("Job club", "networking", paced, cap)


def finish(store: Store, workshop: Workshop, scores: dict[str, float | None], **kw: Any) -> str:
    token = store.join_workshop(workshop.id, kw.get("nickname", ""))
    store.record_completion(token, workshop.id, scores, kw.get("profiles", []))
    return token


def row_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            t.name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
            for t in NW_TABLES
        }


# -- creating and finding rooms -----------------------------------------------


def test_create_workshop(store: Store) -> None:
    workshop, secret = store.create_workshop("Job club, 3 March", "networking", False, 25)
    assert plausible_token(workshop.id) and plausible_token(secret)
    assert len(secret) >= 22 and len(workshop.id) >= 22
    assert secret != workshop.id
    assert normalize_code(workshop.code) == workshop.code
    assert set(workshop.code) <= set(CODE_ALPHABET)
    assert (workshop.title, workshop.bank_id, workshop.cap) == (
        "Job club, 3 March",
        "networking",
        25,
    )
    assert (workshop.speaker_paced, workshop.open_parts) == (False, 0)
    assert (workshop.revealed, workshop.accepting, workshop.spotlight_token) == (False, True, None)
    assert same(store.workshop(workshop.id), workshop)
    assert same(store.workshop_by_code(workshop.code), workshop)

    paced, _ = store.create_workshop("Paced", "networking", True, None)
    assert (paced.speaker_paced, paced.open_parts, paced.cap) == (True, 1, None)
    assert same(store.workshop(paced.id), paced)


def test_only_the_hash_of_the_facilitator_secret_is_stored(store: Store) -> None:
    workshop, secret = room(store)
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(workshops).where(workshops.c.id == workshop.id)).one()
    assert row.secret_hash == hash_secret(secret)
    for column, value in row._mapping.items():
        assert secret not in str(value), f"the secret is readable in column {column}"


def test_join_codes_are_unique_among_rooms(store: Store) -> None:
    rooms = [room(store)[0] for _ in range(60)]
    assert len({r.code for r in rooms}) == len(rooms)
    assert len({r.id for r in rooms}) == len(rooms)
    for r in rooms:
        assert same(store.workshop_by_code(r.code), r)


@pytest.mark.parametrize(
    "code",
    ["", "ZZZZZZ", "abcdef", "' OR 1=1 --", "%", "_" * 6, "A" * 5000, "<b>AB</b>"],
)
def test_unknown_codes_find_nothing(store: Store, code: str) -> None:
    workshop, _ = room(store)
    if code == workshop.code:
        return
    assert store.workshop_by_code(code) is None


@pytest.mark.parametrize("value", [None, "", "x", "A" * 1000, "'; DROP TABLE nw_workshops; --", 7])
def test_garbage_workshop_ids_find_nothing(store: Store, value: object) -> None:
    room(store)
    assert store.workshop(value) is None
    assert store.facilitated_workshop(value, value) is None
    assert store.participant(value) is None


def test_facilitated_workshop_needs_the_right_secret_for_the_right_room(store: Store) -> None:
    workshop, secret = room(store)
    other, other_secret = room(store)
    assert same(store.facilitated_workshop(workshop.id, secret), workshop)
    assert same(store.facilitated_workshop(other.id, other_secret), other)

    last = "A" if secret[-1] != "A" else "B"
    refused = [
        new_token(),
        secret[:-1] + last,  # one character changed
        secret[:-1],
        secret + "A",
        secret.swapcase(),
        hash_secret(secret),  # the stored hash is no key
        other_secret,
        "",
        None,
        "x" * 5000,
    ]
    for wrong in refused:
        assert store.facilitated_workshop(workshop.id, wrong) is None, wrong
    for wrong_id in (other.id, new_token(), workshop.code, secret):
        assert store.facilitated_workshop(wrong_id, secret) is None, wrong_id
    # The secret is never the room id, nor the other way round.
    assert store.facilitated_workshop(secret, workshop.id) is None


def test_update_workshop_changes_only_allowed_fields(store: Store) -> None:
    workshop, secret = room(store, paced=True)
    store.update_workshop(workshop.id, revealed=True, accepting=False, open_parts=3)
    found = store.workshop(workshop.id)
    assert found is not None
    assert (found.revealed, found.accepting, found.open_parts) == (True, False, 3)
    for forbidden in ({"secret_hash": "x"}, {"cap": 1}, {"code": "ABCDEF"}, {"id": "x" * 22}):
        with pytest.raises(ValueError, match="cannot change"):
            store.update_workshop(workshop.id, **forbidden)
    assert same(store.facilitated_workshop(workshop.id, secret), found)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_participants_view_is_at_most_max_age_old_and_own_writes_show_at_once(
    make_store: StoreFactory,
) -> None:
    clock = Clock()
    speaker, other_process = make_store(), make_store()
    other_process.recent = Recent(max_age=1.0, clock=clock)
    workshop, _ = room(speaker, paced=True)
    assert other_process.recent_workshop(workshop.id).open_parts == 1  # type: ignore[union-attr]
    speaker.update_workshop(workshop.id, open_parts=2)
    # Another process may show the old state for up to max_age...
    assert other_process.recent_workshop(workshop.id).open_parts == 1  # type: ignore[union-attr]
    clock.now += 1.0
    assert other_process.recent_workshop(workshop.id).open_parts == 2  # type: ignore[union-attr]
    # ...while a change made through a store shows in that store's view at once.
    other_process.update_workshop(workshop.id, open_parts=3)
    assert other_process.recent_workshop(workshop.id).open_parts == 3  # type: ignore[union-attr]
    other_process.delete_workshop(workshop.id)
    assert other_process.recent_workshop(workshop.id) is None
    assert other_process.recent_workshop("not a token") is None


def test_participants_room_summary_is_shared_for_max_age(make_store: StoreFactory) -> None:
    clock = Clock()
    store = make_store()
    store.recent = Recent(max_age=1.0, clock=clock)
    workshop, _ = room(store)
    for value in (20.0, 40.0, 60.0):
        finish(store, workshop, {p: value for p in PARTS})
    summary = store.recent_room_summary(workshop.id, PARTS)
    assert summary.completed == 3
    assert summary.means == store.room_summary(workshop.id, PARTS).means
    finish(store, workshop, {p: 100.0 for p in PARTS})
    assert store.recent_room_summary(workshop.id, PARTS).completed == 3
    clock.now += 1.0
    summary = store.recent_room_summary(workshop.id, PARTS)
    assert summary.completed == 4
    assert summary.means == store.room_summary(workshop.id, PARTS).means


def test_room_summary_is_consistent_while_people_finish(make_store: StoreFactory) -> None:
    """Found by bench/loadgen.py on PostgreSQL: counts and ranks read in different snapshots
    while others finished made the dashboard fail (KeyError in quartile)."""
    store, writer = make_store(), make_store()
    workshop, _ = room(store)
    tokens_ = [writer.join_workshop(workshop.id, "") for _ in range(120)]
    done = threading.Event()

    def finish_all() -> None:
        try:
            for i, token in enumerate(tokens_):
                writer.record_completion(token, workshop.id, {p: float(i % 101) for p in PARTS}, [])
        finally:
            done.set()

    thread = threading.Thread(target=finish_all)
    thread.start()
    summaries = 0
    while not done.is_set():
        summary = store.room_summary(workshop.id, PARTS)  # must never raise
        assert all(p.count <= summary.completed for p in summary.parts)
        summaries += 1
    thread.join(30)
    assert summaries > 0
    assert store.room_summary(workshop.id, PARTS).completed == len(tokens_)


# -- joining ------------------------------------------------------------------


def test_join_gives_an_anonymous_participant(store: Store) -> None:
    workshop, _ = room(store)
    token = store.join_workshop(workshop.id, "")
    named = store.join_workshop(workshop.id, "**Sam** <b>")
    assert plausible_token(token) and token != named

    found = store.assessment(token)
    assert found is not None
    assert (found.bank_id, found.stage, found.step, found.answers) == (
        "networking",
        "definition",
        0,
        {},
    )
    assert found.workshop_id == workshop.id

    anonymous, person = store.participant(token), store.participant(named)
    assert anonymous is not None and person is not None
    assert anonymous.nickname == "" and anonymous.codename and not anonymous.spotlight
    assert person.nickname == "**Sam** <b>"  # stored as typed; the page escapes it
    assert store.room_counts(workshop.id) == (2, 0)

    # A plain assessment is no participant.
    assert store.participant(store.start_assessment("networking")) is None


def test_join_respects_the_cap(store: Store) -> None:
    workshop, _ = room(store, cap=2)
    store.join_workshop(workshop.id, "one")
    store.join_workshop(workshop.id, "two")
    with pytest.raises(JoinRefused, match="full"):
        store.join_workshop(workshop.id, "three")
    assert store.room_counts(workshop.id) == (2, 0)
    # Another room is not affected by this one being full.
    other, _ = room(store, cap=1)
    store.join_workshop(other.id, "")


def _join_all_at_once(store: Store, workshop: Workshop, people: int) -> list[str]:
    joined: list[str] = []
    lock = threading.Lock()

    def join(_: int) -> None:
        try:
            token = store.join_workshop(workshop.id, "")
        except JoinRefused:
            return
        with lock:
            joined.append(token)

    assert run_threads(people, join)[0] == []
    return joined


def test_concurrent_joins_never_exceed_the_cap(store: Store) -> None:
    for _ in range(3):
        workshop, _ = room(store, cap=3)
        assert len(_join_all_at_once(store, workshop, 12)) == 3
        assert store.room_counts(workshop.id) == (3, 0)


def test_closed_room_refuses_joins_until_reopened(store: Store) -> None:
    workshop, _ = room(store)
    store.update_workshop(workshop.id, accepting=False)
    with pytest.raises(JoinRefused, match="closed"):
        store.join_workshop(workshop.id, "")
    assert store.room_counts(workshop.id) == (0, 0)
    store.update_workshop(workshop.id, accepting=True)
    assert store.participant(store.join_workshop(workshop.id, "")) is not None


def test_expired_room_is_gone_for_everyone(make_store: StoreFactory) -> None:
    expired_store = make_store(workshop_ttl=timedelta(seconds=-1))
    live_store = make_store()
    expired, secret = room(expired_store)
    for store in (expired_store, live_store):
        assert store.workshop_by_code(expired.code) is None
        assert store.workshop(expired.id) is None
        assert store.facilitated_workshop(expired.id, secret) is None
        with pytest.raises(JoinRefused, match="ended"):
            store.join_workshop(expired.id, "")


def test_unknown_room_refuses_joins(store: Store) -> None:
    with pytest.raises(JoinRefused):
        store.join_workshop(new_token(), "")
    assert row_counts(store)["nw_assessments"] == 0


# -- completing and counting --------------------------------------------------


def test_record_completion_twice_counts_once(store: Store) -> None:
    workshop, _ = room(store)
    token = store.join_workshop(workshop.id, "")
    store.join_workshop(workshop.id, "")  # joined, never finished
    first = {p: 10.0 for p in PARTS}
    second = {p: 90.0 for p in PARTS}
    store.record_completion(token, workshop.id, first, ["Collector"])
    store.record_completion(token, workshop.id, second, ["Quiet giver", "One way"])
    assert store.room_counts(workshop.id) == (2, 1)
    assert store.participant_scores(token) == second
    assert store.room_profiles(workshop.id) == [("One way", 1), ("Quiet giver", 1)]
    summary = store.room_summary(workshop.id, PARTS)
    assert summary.completed == 1
    assert summary.means == [90.0] * len(PARTS)


def test_concurrent_completions_of_one_participant_count_once(store: Store) -> None:
    workshop, _ = room(store)
    for _ in range(5):
        token = store.join_workshop(workshop.id, "")

        def complete(i: int, token: str = token) -> None:
            store.record_completion(token, workshop.id, {p: float(i) for p in PARTS}, ["P"])

        assert run_threads(4, complete)[0] == []
    joined, completed = store.room_counts(workshop.id)
    assert (joined, completed) == (5, 5)
    assert store.room_profiles(workshop.id) == [("P", 5)]


def test_room_counts_joined_versus_completed(store: Store) -> None:
    workshop, _ = room(store)
    assert store.room_counts(workshop.id) == (0, 0)
    tokens = [store.join_workshop(workshop.id, "") for _ in range(5)]
    assert store.room_counts(workshop.id) == (5, 0)
    for token in tokens[:2]:
        store.record_completion(token, workshop.id, {p: 50.0 for p in PARTS}, [])
    assert store.room_counts(workshop.id) == (5, 2)
    # Someone whose every part had too few answers still finished.
    store.record_completion(tokens[2], workshop.id, {p: None for p in PARTS}, [])
    assert store.room_counts(workshop.id) == (5, 3)
    # Plain assessments never count in a room.
    store.start_assessment("networking")
    assert store.room_counts(workshop.id) == (5, 3)


def expected_part(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"count": 0, "mean": None, "q1": None, "q3": None, "bands": [0, 0, 0]}
    if len(values) == 1:
        q1 = q3 = values[0]
    else:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {
        "count": len(values),
        "mean": statistics.fmean(values),
        "q1": q1,
        "q3": q3,
        "bands": [sum(Band.of(v) is band for v in values) for band in Band],
    }


@pytest.mark.parametrize("seed", range(6))
def test_room_summary_matches_python_statistics(store: Store, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    workshop, _ = room(store)
    people = rng.choice([1, 2, 3, 4, 7, 25, 60])
    edges = [0.0, 39.9, 40.0, 69.9, 70.0, 100.0]
    by_part: dict[str, list[float]] = {p: [] for p in PARTS}
    for _ in range(people):
        scores: dict[str, float | None] = {}
        for p in PARTS:
            draw = rng.random()
            value: float | None
            if p == PARTS[-1] and seed % 2 == 0:
                value = None  # a part nobody scored
            elif draw < 0.15:
                value = None
            elif draw < 0.35:
                value = rng.choice(edges)
            else:
                value = round(rng.uniform(0, 100), 1)
            scores[p] = value
            if value is not None:
                by_part[p].append(value)
        finish(store, workshop, scores)
    # Noise in another room must not change anything here.
    other, _ = room(store)
    for _ in range(3):
        finish(store, other, {p: 0.0 for p in PARTS})

    summary = store.room_summary(workshop.id, PARTS)
    assert summary.completed == people
    assert [p.part_id for p in summary.parts] == PARTS
    for found in summary.parts:
        want = expected_part(by_part[found.part_id])
        assert found.count == want["count"], found.part_id
        assert [found.bands[band] for band in Band] == want["bands"]
        for field in ("mean", "q1", "q3"):
            got, expected = getattr(found, field), want[field]
            if expected is None:
                assert got is None
            else:
                # One decimal as shown; a float sum may round the other way at .x5.
                assert got == pytest.approx(expected, abs=0.05 + 1e-9), (found.part_id, field)
    lowest = min(m for m in summary.means if m is not None)
    assert summary.weakest == tuple(
        p.part_id for p in summary.parts if p.mean is not None and p.mean == lowest
    )


def test_room_summary_weakest_keeps_ties(store: Store) -> None:
    workshop, _ = room(store)
    scores = dict.fromkeys(PARTS, 80.0) | {PARTS[1]: 20.0, PARTS[4]: 20.0}
    for _ in range(3):
        finish(store, workshop, scores)
    summary = store.room_summary(workshop.id, PARTS)
    assert summary.weakest == (PARTS[1], PARTS[4])
    assert summary.means == [scores[p] for p in PARTS]
    part = summary.parts[1]
    assert (part.q1, part.q3, part.bands) == (
        20.0,
        20.0,
        {Band.LOW: 3, Band.MIDDLE: 0, Band.HIGH: 0},
    )


def test_room_summary_of_an_empty_room(store: Store) -> None:
    workshop, _ = room(store)
    store.join_workshop(workshop.id, "")
    summary = store.room_summary(workshop.id, PARTS)
    assert summary.completed == 0
    assert summary.weakest == ()
    assert all(
        (p.count, p.mean, p.q1, p.q3) == (0, None, None, None) and p.bands == dict.fromkeys(Band, 0)
        for p in summary.parts
    )


def test_room_profiles_counts(store: Store) -> None:
    workshop, _ = room(store)
    scores = {p: 50.0 for p in PARTS}
    finish(store, workshop, scores, profiles=["Collector", "One way"])
    finish(store, workshop, scores, profiles=["One way"])
    finish(store, workshop, scores, profiles=["Quiet giver"])
    finish(store, workshop, scores, profiles=["Collector"])
    finish(store, workshop, scores, profiles=[])
    finish(store, workshop, scores, profiles=["One way"])
    # Most common first, then by name.
    assert store.room_profiles(workshop.id) == [
        ("One way", 3),
        ("Collector", 2),
        ("Quiet giver", 1),
    ]


# -- rooms never mix ------------------------------------------------------------


def test_two_workshops_never_mix(store: Store) -> None:
    first, _ = room(store)
    second, _ = room(store)
    low_answers = {s.id: 1 for s in BANK.statements}
    high_answers = {s.id: 5 for s in BANK.statements}
    for answers, workshop, value, profile in (
        (low_answers, first, 10.0, "Collector"),
        (high_answers, second, 90.0, "Quiet giver"),
    ):
        for _ in range(3):
            token = store.join_workshop(workshop.id, "")
            store.save_progress(token, "done", 0, answers)
            store.record_completion(token, workshop.id, {p: value for p in PARTS}, [profile])
    store.join_workshop(second.id, "")  # one more joined, unfinished
    volunteer = finish(store, second, {p: 90.0 for p in PARTS})
    store.set_spotlight(volunteer, True)

    assert store.room_counts(first.id) == (3, 3)
    assert store.room_counts(second.id) == (5, 4)
    assert store.room_summary(first.id, PARTS).means == [10.0] * len(PARTS)
    assert store.room_summary(second.id, PARTS).means == [90.0] * len(PARTS)
    assert store.room_profiles(first.id) == [("Collector", 3)]
    assert store.room_profiles(second.id) == [("Quiet giver", 3)]
    assert store.spotlight_volunteers(first.id) == []
    assert [v.token for v in store.spotlight_volunteers(second.id)] == [volunteer]

    first_rows = list(store.room_answers(first.id))
    assert first_rows == [low_answers] * 3
    second_rows = list(store.room_answers(second.id))
    assert second_rows == [high_answers] * 3 + [{}]
    header, *rows = csv.reader(io.StringIO(answers_csv(BANK, first_rows)))
    assert len(rows) == 3
    answer_columns = [i for i, name in enumerate(header) if name in low_answers]
    assert {row[i] for row in rows for i in answer_columns} == {"1"}


def test_room_answers_hold_no_names_or_tokens(store: Store) -> None:
    workshop, _ = room(store)
    answers = {s.id: 4 for s in BANK.statements}
    token = store.join_workshop(workshop.id, "Secret Sam")
    store.save_progress(token, "done", 0, answers)
    store.record_completion(token, workshop.id, {p: 75.0 for p in PARTS}, [])
    unfinished = store.join_workshop(workshop.id, "Half Way")
    store.save_progress(unfinished, "questions", 2, {BANK.statements[0].id: 1})

    rows = list(store.room_answers(workshop.id))
    assert rows == [answers]
    dumped = json.dumps(rows) + answers_csv(BANK, rows)
    for secret in (token, unfinished, "Secret Sam", "Half Way"):
        assert secret not in dumped


# -- deleting and expiry --------------------------------------------------------


def populated(store: Store, workshop: Workshop, people: int = 3) -> list[str]:
    return [
        finish(store, workshop, {p: 50.0 for p in PARTS}, profiles=["Collector"])
        for _ in range(people)
    ]


def test_delete_workshop_removes_that_room_only(store: Store) -> None:
    doomed, secret = room(store)
    kept, kept_secret = room(store)
    doomed_tokens = populated(store, doomed)
    kept_tokens = populated(store, kept, people=2)
    solo = store.start_assessment("networking")
    shared, _ = store.share_result({"score": 1})
    before = row_counts(store)

    store.delete_workshop(doomed.id)

    after = row_counts(store)
    assert after == {
        "nw_workshops": before["nw_workshops"] - 1,
        "nw_part_scores": before["nw_part_scores"] - 3 * len(PARTS),
        "nw_profile_matches": before["nw_profile_matches"] - 3,
        "nw_assessments": before["nw_assessments"] - 3,
        "nw_results": before["nw_results"],
    }
    assert store.workshop(doomed.id) is None
    assert store.workshop_by_code(doomed.code) is None
    assert store.facilitated_workshop(doomed.id, secret) is None
    for token in doomed_tokens:
        assert store.assessment(token) is None
        assert store.participant(token) is None
        assert store.participant_scores(token) == {}
    assert store.room_counts(doomed.id) == (0, 0)

    assert same(store.facilitated_workshop(kept.id, kept_secret), kept)
    assert store.room_counts(kept.id) == (2, 2)
    assert all(store.assessment(t) is not None for t in kept_tokens)
    assert store.assessment(solo) is not None
    assert store.shared_result(shared) == {"score": 1}
    store.delete_workshop(doomed.id)  # twice is harmless
    store.delete_workshop(new_token())


def test_purge_expired_workshops(store: Store) -> None:
    old, _ = room(store)
    live, _ = room(store)
    populated(store, old)
    populated(store, live, people=2)
    solo = store.start_assessment("networking")
    with store.engine.begin() as conn:
        conn.execute(
            sa.update(workshops)
            .where(workshops.c.id == old.id)
            .values(expires_at=old.expires_at - timedelta(days=2))
        )
    assert store.workshop(old.id) is None

    assert store.purge_expired_workshops() == 1
    assert store.purge_expired_workshops() == 0
    counts = row_counts(store)
    assert counts["nw_workshops"] == 1
    assert counts["nw_part_scores"] == 2 * len(PARTS)
    assert counts["nw_profile_matches"] == 2
    assert counts["nw_assessments"] == 3  # two participants of the live room and one solo
    assert store.room_counts(live.id) == (2, 2)
    assert store.assessment(solo) is not None


def test_starting_an_assessment_purges_expired_rooms(make_store: StoreFactory) -> None:
    expired_store = make_store(workshop_ttl=timedelta(seconds=-1))
    expired, _ = room(expired_store)
    fresh = make_store()  # its first start_assessment purges
    fresh.start_assessment("networking")
    assert row_counts(fresh)["nw_workshops"] == 0
    assert fresh.workshop(expired.id) is None


# -- spotlight and personal scores ------------------------------------------------


def test_spotlight_volunteers_opted_in_and_completed_only(store: Store) -> None:
    workshop, _ = room(store)
    scores = {p: 60.0 for p in PARTS}
    first = finish(store, workshop, scores, nickname="First")
    not_done = store.join_workshop(workshop.id, "Not done")
    shy = finish(store, workshop, scores, nickname="Shy")
    changed_mind = finish(store, workshop, scores, nickname="Changed mind")
    anonymous = finish(store, workshop, scores)
    for token in (first, not_done, changed_mind, anonymous):
        store.set_spotlight(token, True)
    store.set_spotlight(changed_mind, False)

    volunteers = store.spotlight_volunteers(workshop.id)
    assert [v.token for v in volunteers] == [first, anonymous]  # in joining order
    assert volunteers[0].nickname == "First" and volunteers[0].spotlight
    assert volunteers[1].nickname == "" and volunteers[1].codename
    assert shy not in {v.token for v in volunteers}

    participant = store.participant(first)
    assert participant is not None and participant.spotlight
    assert not store.participant(shy).spotlight  # type: ignore[union-attr]


def test_participant_scores(store: Store) -> None:
    workshop, _ = room(store)
    scores: dict[str, float | None] = {p: float(i * 10) for i, p in enumerate(PARTS)}
    scores[PARTS[2]] = None
    token = finish(store, workshop, scores)
    other = finish(store, workshop, {p: 99.0 for p in PARTS})
    assert store.participant_scores(token) == scores
    assert store.participant_scores(other) == {p: 99.0 for p in PARTS}
    assert store.participant_scores(store.join_workshop(workshop.id, "")) == {}
    assert store.participant_scores(new_token()) == {}
