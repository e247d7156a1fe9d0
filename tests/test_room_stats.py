"""store.room_stats on SQLite and PostgreSQL: what a room adds up to, room by room."""

from __future__ import annotations

import csv
import io
import json
import random
import statistics
import threading
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from networking_works.bands import Band
from networking_works.progress import Stage
from networking_works.schema import part_scores
from networking_works.store import Store
from networking_works.tokens import new_token
from networking_works.workshop import FIRST_QUARTILE, THIRD_QUARTILE, answers_csv, quartile
from tests.store_helpers import (
    BANK,
    PARTS,
    StoreFactory,
    finish,
    room,
)


@pytest.mark.slow  # over a second (threads)
def test_room_summary_is_consistent_while_people_finish(make_store: StoreFactory) -> None:
    """Found by bench/loadgen.py on PostgreSQL: counts and ranks read in different snapshots
    while others finished made the dashboard fail (KeyError in quartile)."""
    store, writer = make_store(), make_store()
    workshop, _ = room(store)
    tokens_ = [writer.workshops.join(workshop.id, "") for _ in range(120)]
    done = threading.Event()

    def finish_all() -> None:
        try:
            for i, token in enumerate(tokens_):
                scores = {p: float(i % 101) for p in PARTS}
                writer.assessments.finish(token, {}, scores, [], version=0)
        finally:
            done.set()

    thread = threading.Thread(target=finish_all)
    thread.start()
    summaries = 0
    while not done.is_set():
        summary = store.room_stats.summary(workshop.id, PARTS)  # must never raise
        assert all(p.count <= summary.completed for p in summary.parts)
        summaries += 1
    thread.join(30)
    assert summaries > 0
    assert store.room_stats.summary(workshop.id, PARTS).completed == len(tokens_)


def test_room_counts_joined_versus_completed(store: Store) -> None:
    workshop, _ = room(store)
    assert store.room_stats.counts(workshop.id) == (0, 0)
    tokens = [store.workshops.join(workshop.id, "") for _ in range(5)]
    assert store.room_stats.counts(workshop.id) == (5, 0)
    for token in tokens[:2]:
        store.assessments.finish(token, {}, {p: 50.0 for p in PARTS}, [], version=0)
    assert store.room_stats.counts(workshop.id) == (5, 2)
    # Someone whose every part had too few answers still finished.
    store.assessments.finish(tokens[2], {}, {p: None for p in PARTS}, [], version=0)
    assert store.room_stats.counts(workshop.id) == (5, 3)
    # Plain assessments never count in a room.
    store.assessments.start("networking")
    assert store.room_stats.counts(workshop.id) == (5, 3)


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

    summary = store.room_stats.summary(workshop.id, PARTS)
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
    summary = store.room_stats.summary(workshop.id, PARTS)
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
    store.workshops.join(workshop.id, "")
    summary = store.room_stats.summary(workshop.id, PARTS)
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
    assert store.room_stats.profiles(workshop.id) == [
        ("One way", 3),
        ("Collector", 2),
        ("Quiet giver", 1),
    ]


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
            token = store.workshops.join(workshop.id, "")
            scores = {p: value for p in PARTS}
            store.assessments.finish(token, answers, scores, [profile], version=0)
    store.workshops.join(second.id, "")  # one more joined, unfinished
    volunteer = finish(store, second, {p: 90.0 for p in PARTS})
    store.workshops.set_spotlight(volunteer, True)

    assert store.room_stats.counts(first.id) == (3, 3)
    assert store.room_stats.counts(second.id) == (5, 4)
    assert store.room_stats.summary(first.id, PARTS).means == [10.0] * len(PARTS)
    assert store.room_stats.summary(second.id, PARTS).means == [90.0] * len(PARTS)
    assert store.room_stats.profiles(first.id) == [("Collector", 3)]
    assert store.room_stats.profiles(second.id) == [("Quiet giver", 3)]
    assert store.room_stats.spotlight_volunteers(first.id) == []
    assert [v.token for v in store.room_stats.spotlight_volunteers(second.id)] == [volunteer]

    for workshop in (first, second):
        store.workshops.update(workshop.id, revealed=True)
    first_rows = store.room_stats.anonymous_answers(first.id)
    assert first_rows == [low_answers] * 3
    # The volunteer's row is never exported: the spotlight may show their radar.
    second_rows = store.room_stats.anonymous_answers(second.id)
    assert second_rows == [high_answers] * 3
    header, *rows = csv.reader(io.StringIO(answers_csv(BANK, first_rows)))
    assert len(rows) == 3
    answer_columns = [i for i, name in enumerate(header) if name in low_answers]
    assert {row[i] for row in rows for i in answer_columns} == {"1"}


def test_room_answers_hold_no_names_or_tokens(store: Store) -> None:
    workshop, _ = room(store)
    answers = {s.id: 4 for s in BANK.statements}
    names = ["Secret Sam", "Quiet Quinn", "Brave Bo"]
    done = [
        finish(store, workshop, {p: 75.0 for p in PARTS}, nickname=n, answers=answers)
        for n in names
    ]
    unfinished = store.workshops.join(workshop.id, "Half Way")
    store.assessments.save(unfinished, Stage.QUESTIONS, 2, {BANK.statements[0].id: 1}, version=0)
    store.workshops.update(workshop.id, revealed=True)

    rows = store.room_stats.anonymous_answers(workshop.id)
    assert rows == [answers] * 3
    dumped = json.dumps(rows) + answers_csv(BANK, rows)
    for secret in (*done, unfinished, *names, "Half Way"):
        assert secret not in dumped


def test_spotlight_volunteers_opted_in_and_completed_only(store: Store) -> None:
    workshop, _ = room(store)
    scores = {p: 60.0 for p in PARTS}
    first = finish(store, workshop, scores, nickname="First")
    not_done = store.workshops.join(workshop.id, "Not done")
    shy = finish(store, workshop, scores, nickname="Shy")
    changed_mind = finish(store, workshop, scores, nickname="Changed mind")
    anonymous = finish(store, workshop, scores)
    for token in (first, not_done, changed_mind, anonymous):
        store.workshops.set_spotlight(token, True)
    store.workshops.set_spotlight(changed_mind, False)

    volunteers = store.room_stats.spotlight_volunteers(workshop.id)
    assert [v.token for v in volunteers] == [first, anonymous]  # in joining order
    assert volunteers[0].nickname == "First" and volunteers[0].spotlight
    assert volunteers[1].nickname == "" and volunteers[1].codename
    assert shy not in {v.token for v in volunteers}

    participant = store.workshops.participant(first)
    assert participant is not None and participant.spotlight
    assert not store.workshops.participant(shy).spotlight  # type: ignore[union-attr]


def test_participant_scores(store: Store) -> None:
    workshop, _ = room(store)
    scores: dict[str, float | None] = {p: float(i * 10) for i, p in enumerate(PARTS)}
    scores[PARTS[2]] = None
    token = finish(store, workshop, scores)
    other = finish(store, workshop, {p: 99.0 for p in PARTS})
    assert store.room_stats.participant_scores(token) == scores
    assert store.room_stats.participant_scores(other) == {p: 99.0 for p in PARTS}
    assert store.room_stats.participant_scores(store.workshops.join(workshop.id, "")) == {}
    assert store.room_stats.participant_scores(new_token()) == {}


# -- SQL and Python agree ---------------------------------------------------------

EDGES = [0.0, 39.9, 40.0, 69.9, 70.0, 100.0]


def test_sql_band_counts_agree_with_band_of_on_the_boundaries(store: Store) -> None:
    assert len(PARTS) == len(EDGES)
    workshop, _ = room(store)
    finish(store, workshop, dict(zip(PARTS, EDGES, strict=True)))
    summary = store.room_stats.summary(workshop.id, PARTS)
    for part, edge in zip(summary.parts, EDGES, strict=True):
        assert part.bands == {band: int(band is Band.of(edge)) for band in Band}, edge


def scored_room(store: Store, values: list[float | None]) -> str:
    """A room whose one part "p" has ``values``, written straight to the scores table."""
    workshop, _ = room(store)
    rows = [
        {"token": new_token(), "part_id": "p", "workshop_id": workshop.id, "score": value}
        for value in values
    ]
    with store.database.engine.begin() as conn:
        conn.execute(sa.insert(part_scores), rows)
    return workshop.id


SCORE_OR_NONE = st.one_of(
    st.none(), st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda x: round(x, 1))
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(SCORE_OR_NONE, min_size=1, max_size=40))
def test_sql_quartiles_equal_the_python_ones(store: Store, values: list[float | None]) -> None:
    """The SQL window query picks exactly the ranks that the Python quartile reads."""
    [found] = store.room_stats.summary(scored_room(store, values), ["p"]).parts
    scored = sorted(v for v in values if v is not None)
    if not scored:
        assert (found.count, found.q1, found.q3) == (0, None, None)
        return
    by_rank = dict(enumerate(scored, 1))
    count = len(scored)
    want = (quartile(count, FIRST_QUARTILE, by_rank), quartile(count, THIRD_QUARTILE, by_rank))
    assert (found.count, found.q1, found.q3) == (count, *want)
