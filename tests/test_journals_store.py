"""Private journals on SQLite and PostgreSQL: keeping, retakes, removing, deleting, expiry."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
import sqlalchemy as sa

from networking_works import answering
from networking_works.journal import parse_journal_file, to_json
from networking_works.report import build_report
from networking_works.schema import assessments, journal_entries, journals
from networking_works.store import AlreadyInJournal, AssessmentGone, Store
from networking_works.tokens import hash_secret
from tests.store_helpers import BANK, MovableClock, StoreFactory
from tests.threads import run_threads


def answers(value: int) -> dict[str, int]:
    return {s.id: value for s in BANK.statements}


def take(store: Store, value: int, journal: str | None = None) -> str:
    """A finished assessment (a retake of ``journal`` when given); its token."""
    token = store.journals.retake(journal) if journal else store.assessments.start(BANK.id)
    assert token is not None
    found = store.assessments.get(token)
    assert found is not None
    answering.complete(store, BANK, found, answers(value))
    return token


def kept(store: Store, value: int) -> tuple[str, str]:
    """A finished assessment kept in a new journal: (assessment, journal token)."""
    token = take(store, value)
    report = build_report(BANK, answers(value), store.database.now())
    return token, store.journals.keep(token, BANK.id, report.to_dict())


def rows_of(store: Store, journal: str) -> dict[str, int]:
    key = hash_secret(journal)
    checks = {
        "nw_journals": sa.select(sa.func.count()).where(journals.c.id == key),
        "nw_journal_entries": sa.select(sa.func.count()).where(journal_entries.c.journal_id == key),
        "nw_assessments": sa.select(sa.func.count()).where(assessments.c.journal_id == key),
    }
    with store.database.read() as conn:
        return {name: int(conn.execute(query).scalar_one()) for name, query in checks.items()}


def test_keeping_and_two_retakes_give_three_entries_in_date_order(
    make_store: StoreFactory,
) -> None:
    clock = MovableClock()
    store = make_store(clock=clock)
    first, journal = kept(store, 2)
    clock.move(timedelta(weeks=4))
    take(store, 4, journal)
    clock.move(timedelta(weeks=4))
    take(store, 5, journal)
    found = store.journals.get(journal)
    assert found is not None and found.bank_id == BANK.id
    scores = [e.report.scores for e in found.entries]
    expected = [build_report(BANK, answers(v), clock()).scores for v in (2, 4, 5)]
    assert scores == expected
    assert [e.added for e in found.entries] == sorted(e.added for e in found.entries)
    assert found.expires_at == clock() + store.journal_ttl  # the last entry extended it
    assert store.journals.standing(first).kept


def test_the_journal_token_is_only_kept_hashed(store: Store) -> None:
    _, journal = kept(store, 3)
    with store.database.read() as conn:
        dump = "\n".join(
            str(row)
            for table in (journals, journal_entries, assessments)
            for row in conn.execute(sa.select(table))
        )
    assert journal not in dump and hash_secret(journal) in dump
    assert len(journal) >= 22  # 128 bits, URL-safe
    assert store.journals.get(journal[:-1] + ("A" if journal[-1] != "A" else "B")) is None


def test_a_result_goes_into_one_journal_once(store: Store) -> None:
    token, journal = kept(store, 3)
    report = build_report(BANK, answers(3), store.database.now()).to_dict()
    with pytest.raises(AlreadyInJournal):
        store.journals.keep(token, BANK.id, report)
    unfinished = store.assessments.start(BANK.id)
    with pytest.raises(AssessmentGone):
        store.journals.keep(unfinished, BANK.id, report)
    found = store.journals.get(journal)
    assert found is not None and len(found.entries) == 1


def test_keeping_the_same_result_from_two_tabs_at_once_makes_one_journal(store: Store) -> None:
    token = take(store, 3)
    report = build_report(BANK, answers(3), store.database.now()).to_dict()
    made: list[str] = []

    def keep(_: int) -> None:
        with contextlib.suppress(AlreadyInJournal):
            made.append(store.journals.keep(token, BANK.id, report))

    errors, _ = run_threads(4, keep)
    assert errors == [] and len(made) == 1
    with store.database.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(journals)).scalar_one() == 1


def test_finishing_a_retake_twice_adds_it_once(store: Store) -> None:
    _, journal = kept(store, 2)
    retake = take(store, 4, journal)
    found = store.assessments.get(retake)
    assert found is not None
    answering.complete(store, BANK, found, answers(5))  # the same assessment, again
    entries = store.journals.get(journal).entries  # type: ignore[union-attr]
    assert (
        len(entries) == 2
        and entries[-1].report.scores == build_report(BANK, answers(4), store.database.now()).scores
    )


def test_previous_is_the_entry_before_this_assessments_own(make_store: StoreFactory) -> None:
    clock = MovableClock()
    store = make_store(clock=clock)
    first, journal = kept(store, 2)
    assert store.journals.standing(first).previous is None
    clock.move(timedelta(days=3))
    second = take(store, 4, journal)
    clock.move(timedelta(days=3))
    third = take(store, 5, journal)
    assert store.journals.standing(second).previous.report.scores == (  # type: ignore[union-attr]
        build_report(BANK, answers(2), clock()).scores
    )
    assert store.journals.standing(third).previous.report.scores == (  # type: ignore[union-attr]
        build_report(BANK, answers(4), clock()).scores
    )
    assert store.journals.standing(store.assessments.start(BANK.id)).previous is None


def test_an_expired_journal_offers_no_before(make_store: StoreFactory) -> None:
    clock = MovableClock()
    store = make_store(clock=clock)
    _, journal = kept(store, 2)
    clock.move(timedelta(days=3))
    second = take(store, 4, journal)
    assert store.journals.standing(second).previous is not None
    clock.move(store.journal_ttl + timedelta(days=1))
    assert store.journals.standing(second).previous is None


def test_removing_one_entry_deletes_its_row(store: Store) -> None:
    _, journal = kept(store, 2)
    take(store, 4, journal)
    entries = store.journals.get(journal).entries  # type: ignore[union-attr]
    assert store.journals.remove(journal, entries[0].id)
    assert not store.journals.remove(journal, entries[0].id)
    other = kept(store, 3)[1]
    assert not store.journals.remove(other, entries[1].id)  # not that journal's entry
    left = store.journals.get(journal).entries  # type: ignore[union-attr]
    assert [e.id for e in left] == [entries[1].id]
    assert rows_of(store, journal)["nw_journal_entries"] == 1


def test_deleting_the_journal_leaves_no_row_of_it(store: Store) -> None:
    first, journal = kept(store, 2)
    take(store, 4, journal)
    pending = store.journals.retake(journal)  # a retake not finished yet
    assert pending is not None
    assert rows_of(store, journal) == {
        "nw_journals": 1,
        "nw_journal_entries": 2,
        "nw_assessments": 3,
    }
    assert store.journals.delete(journal)
    assert rows_of(store, journal) == dict.fromkeys(rows_of(store, journal), 0)
    assert store.journals.get(journal) is None
    assert store.journals.retake(journal) is None
    assert not store.journals.standing(first).kept
    # The retake begun before the delete finishes without bringing anything back.
    found = store.assessments.get(pending)
    assert found is not None and found.journal_id is None
    answering.complete(store, BANK, found, answers(5))
    assert rows_of(store, journal) == dict.fromkeys(rows_of(store, journal), 0)


def test_a_journal_expires_a_year_after_its_last_entry(make_store: StoreFactory) -> None:
    clock = MovableClock()
    store = make_store(clock=clock)
    _, journal = kept(store, 2)
    clock.move(timedelta(days=200))
    take(store, 4, journal)
    clock.move(timedelta(days=364))
    assert store.journals.get(journal) is not None
    clock.move(timedelta(days=1))
    assert store.journals.get(journal) is None
    assert store.purge_expired() >= 1  # the journal, and the finished assessments
    assert store.journals.retake(journal) is None
    with store.database.read() as conn:
        for table in (journals, journal_entries):
            assert conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one() == 0


def test_an_exported_journal_starts_a_new_one_elsewhere(
    store: Store, make_store: StoreFactory
) -> None:
    _, journal = kept(store, 2)
    take(store, 4, journal)
    exported = to_json(store.journals.get(journal).entries)  # type: ignore[union-attr]
    elsewhere = make_store()  # the same database stands in for another server here
    moved = elsewhere.journals.start_from(parse_journal_file(exported))
    assert moved != journal
    found = elsewhere.journals.get(moved)
    original = store.journals.get(journal)
    assert found is not None and original is not None
    assert [e.report for e in found.entries] == [e.report for e in original.entries]
    assert take(elsewhere, 5, moved)
    assert len(elsewhere.journals.get(moved).entries) == 3  # type: ignore[union-attr]
