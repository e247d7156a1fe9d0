"""store.assessments on SQLite and PostgreSQL: starting, saving, finishing, expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from networking_works.progress import Stage
from networking_works.schema import (
    assessments,
)
from networking_works.store import AssessmentGone, StaleAssessment, Store
from networking_works.tokens import new_token, plausible_token
from tests.store_helpers import (
    GARBAGE_TOKENS,
    PARTS,
    TOKEN_RE,
    MovableClock,
    StoreFactory,
    room,
    row_counts,
    share,
)
from tests.threads import run_threads


def test_start_assessment_returns_unique_strong_tokens(store: Store) -> None:
    tokens = [store.assessments.start("bank") for _ in range(50)]
    assert len(set(tokens)) == len(tokens)
    for token in tokens:
        assert TOKEN_RE.fullmatch(token)
        found = store.assessments.get(token)
        assert found is not None
        assert (found.token, found.bank_id, found.stage, found.step, found.answers) == (
            token,
            "bank",
            Stage.DEFINITION,
            0,
            {},
        )


def test_start_records_the_bank_and_reads_back_a_stage(store: Store) -> None:
    token = store.assessments.start("other-bank")
    found = store.assessments.get(token)
    assert found is not None
    assert (found.bank_id, found.stage, found.workshop_id) == ("other-bank", Stage.DEFINITION, None)
    assert type(found.stage) is Stage
    store.assessments.save(token, Stage.QUESTIONS, 2, version=found.version)
    found = store.assessments.get(token)
    assert found is not None
    assert (found.stage, found.step) == (Stage.QUESTIONS, 2)


def test_an_unknown_stored_stage_reads_as_the_start(store: Store) -> None:
    token = store.assessments.start("bank")
    store.assessments.save(token, Stage.QUESTIONS, 3, {"q1": 2}, version=0)
    with store.database.engine.begin() as conn:
        conn.execute(
            sa.update(assessments).where(assessments.c.token == token).values(stage="weird")
        )
    found = store.assessments.get(token)
    assert found is not None
    assert (found.stage, found.step, found.answers) == (Stage.DEFINITION, 0, {"q1": 2})


@pytest.mark.parametrize("value", GARBAGE_TOKENS, ids=repr)
def test_assessment_rejects_garbage(store: Store, value: object) -> None:
    store.assessments.start("bank")
    assert store.assessments.get(value) is None
    assert store.results.get(value) is None
    assert store.results.delete(value, value) is False


def test_unknown_well_formed_tokens_read_nothing(store: Store) -> None:
    known = store.assessments.start("bank")
    shared, delete_token = share(store, {"a": 1})
    for token in (new_token(), known.swapcase(), "A" * 22, "-" * 64):
        if token in (known, shared):
            continue
        assert plausible_token(token)
        assert store.assessments.get(token) is None
        assert store.results.get(token) is None
        assert store.results.delete(token, delete_token) is False
    # An assessment token is not a result token and vice versa.
    assert store.results.get(known) is None
    assert store.assessments.get(shared) is None
    assert store.results.count() == 1


def test_save_round_trips(store: Store) -> None:
    token = store.assessments.start("bank")
    other = store.assessments.start("bank")

    version = store.assessments.save(
        token, Stage.QUESTIONS, 3, {"q1": 1, "q2": 5, "q3": 0}, version=0
    )
    found = store.assessments.get(token)
    assert found is not None
    assert (found.stage, found.step, found.answers) == ("questions", 3, {"q1": 1, "q2": 5, "q3": 0})

    # answers=None keeps the stored answers.
    version = store.assessments.save(token, Stage.DONE, 4, version=version)
    found = store.assessments.get(token)
    assert found is not None
    assert (found.stage, found.step, found.answers) == ("done", 4, {"q1": 1, "q2": 5, "q3": 0})

    # An empty dict replaces them.
    store.assessments.save(token, Stage.QUESTIONS, 0, {}, version=version)
    found = store.assessments.get(token)
    assert found is not None
    assert found.answers == {}

    # Only the addressed assessment changed.
    untouched = store.assessments.get(other)
    assert untouched is not None
    assert (untouched.stage, untouched.step, untouched.answers) == ("definition", 0, {})

    # Saving to an unknown token creates nothing, and says so.
    ghost = new_token()
    with pytest.raises(AssessmentGone):
        store.assessments.save(ghost, Stage.QUESTIONS, 1, {"q1": 1}, version=0)
    assert store.assessments.get(ghost) is None


def test_forget_assessment(store: Store) -> None:
    token = store.assessments.start("bank")
    keep = store.assessments.start("bank")
    store.assessments.forget(token)
    assert store.assessments.get(token) is None
    assert store.assessments.get(keep) is not None
    store.assessments.forget(token)  # forgetting twice is harmless


def test_expired_assessments_are_unreadable_and_purged(make_store: StoreFactory) -> None:
    clock = MovableClock()
    store = make_store(clock=clock, unfinished_ttl=timedelta(days=7))
    old = store.assessments.start("bank")
    clock.move(timedelta(days=3))
    saved = store.assessments.start("bank")
    store.assessments.save(saved, Stage.QUESTIONS, 2, {"q1": 1}, version=0)
    clock.move(timedelta(days=4))  # old: 7 days untouched; saved: 4 days since its save

    assert store.assessments.get(old) is None
    assert store.assessments.get(saved) is not None
    assert store.assessments.purge_expired() == 1
    assert store.assessments.purge_expired() == 0

    # Purged rows are really gone: not merely hidden from reads.
    with store.database.engine.connect() as conn:
        tokens = set(conn.execute(sa.text("SELECT token FROM nw_assessments")).scalars())
    assert tokens == {saved}


def test_an_assessment_lives_exactly_its_ttl(make_store: StoreFactory) -> None:
    clock = MovableClock()
    store = make_store(clock=clock, unfinished_ttl=timedelta(hours=1))
    token = store.assessments.start("bank")
    clock.move(timedelta(minutes=59, seconds=59))
    assert store.assessments.get(token) is not None
    clock.move(timedelta(seconds=1))
    assert store.assessments.get(token) is None
    assert store.assessments.purge_expired() == 1


def test_save_extends_expiry(make_store: StoreFactory) -> None:
    clock = MovableClock()
    store = make_store(clock=clock)
    token = store.assessments.start("bank")
    query = sa.select(assessments.c.expires_at).where(assessments.c.token == token)
    with store.database.engine.connect() as conn:
        before = conn.execute(query).scalar_one()
    clock.move(timedelta(hours=5))
    store.assessments.save(token, Stage.QUESTIONS, 1, version=0)
    with store.database.engine.connect() as conn:
        after = conn.execute(query).scalar_one()
    assert after - before == timedelta(hours=5)


def test_concurrent_saves(store: Store, request: pytest.FixtureRequest) -> None:
    threads, per_thread = 20, 10
    tokens = [store.assessments.start("bank") for _ in range(threads)]

    def work(t: int) -> None:
        answers: dict[str, int] = {}
        for i in range(per_thread):
            answers[f"q{i}"] = (t + i) % 6
            store.assessments.save(tokens[t], Stage.QUESTIONS, i + 1, answers, version=i)
            found = store.assessments.get(tokens[t])
            assert found is not None
            assert found.step == i + 1

    errors, elapsed = run_threads(threads, work)
    assert not [e for e in errors if "database is locked" in str(e)]
    assert errors == []
    request.node.user_properties.append(("elapsed_s", round(elapsed, 3)))

    for t, token in enumerate(tokens):
        found = store.assessments.get(token)
        assert found is not None
        assert (found.stage, found.step) == ("questions", per_thread)
        assert found.answers == {f"q{i}": (t + i) % 6 for i in range(per_thread)}


def test_starting_an_assessment_purges_expired_rooms(make_store: StoreFactory) -> None:
    expired_store = make_store(workshop_ttl=timedelta(seconds=-1))
    expired, _ = room(expired_store)
    fresh = make_store()  # its first start_assessment purges
    fresh.assessments.start("networking")
    assert row_counts(fresh)["nw_workshops"] == 0
    assert fresh.workshops.get(expired.id) is None


def test_finish_marks_a_plain_assessment_done_and_counts_in_no_room(store: Store) -> None:
    token = store.assessments.start("networking")
    store.assessments.save(token, Stage.QUESTIONS, 4, {"q1": 1}, version=0)
    scores = {p: 50.0 for p in PARTS}
    store.assessments.finish(token, {"q1": 1, "q2": 5}, scores, ["P"], version=1)
    found = store.assessments.get(token)
    assert found is not None
    assert (found.stage, found.step, found.answers) == (Stage.DONE, 0, {"q1": 1, "q2": 5})
    counts = row_counts(store)
    assert (counts["nw_part_scores"], counts["nw_profile_matches"]) == (0, 0)


def test_finish_of_an_unknown_or_deleted_participant_writes_nothing(store: Store) -> None:
    workshop, _ = room(store)
    token = store.workshops.join(workshop.id, "")
    store.workshops.delete(workshop.id)
    for gone in (token, new_token()):
        with pytest.raises(AssessmentGone):
            store.assessments.finish(gone, {"q1": 3}, {p: 50.0 for p in PARTS}, ["P"], version=0)
        assert store.assessments.get(gone) is None
    assert set(row_counts(store).values()) == {0}


def test_finish_twice_counts_once(store: Store) -> None:
    workshop, _ = room(store)
    token = store.workshops.join(workshop.id, "")
    store.workshops.join(workshop.id, "")  # joined, never finished
    first = {p: 10.0 for p in PARTS}
    second = {p: 90.0 for p in PARTS}
    store.assessments.finish(token, {"q1": 1}, first, ["Collector"], version=0)
    store.assessments.finish(token, {"q1": 5}, second, ["Quiet giver", "One way"], version=1)
    found = store.assessments.get(token)
    assert found is not None and found.answers == {"q1": 5}
    assert store.room_stats.counts(workshop.id) == (2, 1)
    assert store.room_stats.participant_scores(token) == second
    assert store.room_stats.profiles(workshop.id) == [("One way", 1), ("Quiet giver", 1)]
    summary = store.room_stats.summary(workshop.id, PARTS)
    assert summary.completed == 1
    assert summary.means == [90.0] * len(PARTS)


def test_concurrent_completions_of_one_participant_count_once(store: Store) -> None:
    workshop, _ = room(store)
    for _ in range(5):
        token = store.workshops.join(workshop.id, "")

        def complete(i: int, token: str = token) -> None:
            store.assessments.finish(token, {}, {p: float(i) for p in PARTS}, ["P"], version=0)

        # Four tabs finish from the same version: one wins, three are told they are stale.
        errors = run_threads(4, complete)[0]
        assert len(errors) == 3 and all(isinstance(e, StaleAssessment) for e in errors)
    joined, completed = store.room_stats.counts(workshop.id)
    assert (joined, completed) == (5, 5)
    assert store.room_stats.profiles(workshop.id) == [("P", 5)]


# A profile the room cannot record: twice in one finish breaks the primary key (both
# databases); a name longer than its 200-character column only PostgreSQL refuses.
FAILING_PROFILES = {
    "duplicate-profile": ["Collector", "Collector"],
    "profile-too-long": ["x" * 201],
}


@pytest.mark.parametrize("profiles", FAILING_PROFILES.values(), ids=FAILING_PROFILES.keys())
def test_finish_is_all_or_nothing(store: Store, profiles: list[str]) -> None:
    if len(profiles[0]) > 200 and store.url.get_backend_name() == "sqlite":
        pytest.skip("SQLite does not enforce a column's length")
    workshop, _ = room(store)
    token = store.workshops.join(workshop.id, "")
    store.assessments.save(token, Stage.QUESTIONS, 2, {"q1": 2}, version=0)
    scores = {p: 50.0 for p in PARTS}
    with pytest.raises(sa.exc.DBAPIError):
        store.assessments.finish(token, {"q1": 2, "q2": 4}, scores, profiles, version=1)
    found = store.assessments.get(token)
    assert found is not None
    assert (found.stage, found.step, found.answers) == (Stage.QUESTIONS, 2, {"q1": 2})
    assert store.room_stats.counts(workshop.id) == (1, 0)
    assert store.room_stats.participant_scores(token) == {}
    assert row_counts(store)["nw_profile_matches"] == 0


def test_a_failed_second_finish_keeps_the_first(store: Store) -> None:
    workshop, _ = room(store)
    token = store.workshops.join(workshop.id, "")
    store.assessments.finish(token, {"q1": 1}, {p: 10.0 for p in PARTS}, ["Collector"], version=0)
    with pytest.raises(sa.exc.IntegrityError):
        store.assessments.finish(token, {"q1": 5}, {p: 90.0 for p in PARTS}, ["P", "P"], version=1)
    found = store.assessments.get(token)
    assert found is not None and found.answers == {"q1": 1}
    assert store.room_stats.participant_scores(token) == {p: 10.0 for p in PARTS}
    assert store.room_stats.profiles(workshop.id) == [("Collector", 1)]
