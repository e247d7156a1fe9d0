"""Anonymous norms on SQLite and PostgreSQL: a known distribution gives known percentiles,
fewer than 30 people give none, nothing personal is stored, old months are deleted, and
past rooms are compared from five rooms on."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import sqlalchemy as sa

from networking_works import answering
from networking_works.norms import (
    MIN_PEOPLE,
    NORMS_MONTHS,
    first_kept_month,
    month_of,
    past_rooms,
    standings,
)
from networking_works.schema import norms, room_norms
from networking_works.store import Counted, Store
from networking_works.workshop import MIN_FOR_AGGREGATE
from tests.store_helpers import BANK, PARTS, MovableClock, StoreFactory

VERSION = BANK.version


def counted_completion(
    store: Store, scores: Mapping[str, float | None], workshop_id: str | None = None
) -> str:
    """A person who finishes with ``scores`` and lets them count; their token."""
    if workshop_id is None:
        token = store.assessments.start(BANK.id)
    else:
        token = store.workshops.join(workshop_id, "")
    store.assessments.finish(token, {}, dict(scores), [], version=0, counted=Counted(VERSION))
    return token


def seed(store: Store, people: dict[float, int], parts: list[str] = PARTS) -> None:
    """``people[score]`` people with that score on every part in ``parts``."""
    for score, count in people.items():
        for _ in range(count):
            counted_completion(store, dict.fromkeys(parts, score))


def table_rows(store: Store, table: sa.Table) -> list[dict[str, object]]:
    with store.database.read() as conn:
        return [dict(row) for row in conn.execute(sa.select(table)).mappings()]


def test_a_known_distribution_gives_known_percentiles(store: Store) -> None:
    seed(store, {20.0: 10, 50.0: 20, 80.0: 10})
    counted = store.norms.fresh_distributions(BANK.id, VERSION)
    assert set(counted) == set(PARTS)
    creation = counted["creation"]
    assert creation.scores == (200, 500, 800)
    assert creation.people == (10, 20, 10)
    assert creation.below == (0, 10, 30)
    found = standings({"creation": 50.0, "long_term": 80.0, "two_or_more": 90.0}, counted)
    assert found["creation"].higher_than == 25  # 10 of 40
    assert found["long_term"].higher_than == 75  # 30 of 40
    assert found["two_or_more"].higher_than == 100
    assert {s.people for s in found.values()} == {40}


def test_fewer_than_30_people_show_no_percentile(store: Store) -> None:
    seed(store, {40.0: MIN_PEOPLE - 1})
    seed(store, {60.0: 1}, parts=["creation"])  # creation reaches 30; the others do not
    found = standings(dict.fromkeys(PARTS, 50.0), store.norms.fresh_distributions(BANK.id, VERSION))
    assert found["creation"].higher_than == 96  # 29 of 30
    for part in PARTS[1:]:
        assert found[part].higher_than is None and found[part].people == MIN_PEOPLE - 1


def test_only_the_same_bank_version_counts(store: Store) -> None:
    seed(store, {50.0: 5})
    assert store.norms.fresh_distributions(BANK.id, "2.0") == {}
    assert store.norms.fresh_distributions("another", VERSION) == {}


def test_nothing_personal_is_stored_and_an_unticked_completion_adds_nothing(
    store: Store,
) -> None:
    token = counted_completion(store, {"creation": 55.0, "long_term": None})
    assert table_rows(store, norms) == [
        {
            "bank_id": BANK.id,
            "bank_version": VERSION,
            "month": store.database.now().strftime("%Y-%m"),
            "part_id": "creation",
            "score_tenths": 550,
            "people": 1,
        }
    ]
    assert token not in str(table_rows(store, norms))
    unticked = store.assessments.start(BANK.id)
    store.assessments.finish(unticked, {}, {"creation": 55.0}, [], version=0)
    assert table_rows(store, norms)[0]["people"] == 1


def test_the_walk_through_counts_once_and_honours_the_untick(store: Store) -> None:
    answers = {s.id: 4 for s in BANK.statements}
    ticked = store.assessments.start(BANK.id)
    assessment = store.assessments.get(ticked)
    assert assessment is not None
    answering.complete(store, BANK, assessment, answers)
    again = store.assessments.get(ticked)
    assert again is not None
    answering.complete(store, BANK, again, answers)  # finishing twice counts once
    unticked = store.assessments.get(store.assessments.start(BANK.id))
    assert unticked is not None
    answering.complete(store, BANK, unticked, answers, counted=False)
    counted = store.norms.fresh_distributions(BANK.id, VERSION)
    assert {part: d.total for part, d in counted.items()} == dict.fromkeys(PARTS, 1)


def test_months_older_than_kept_are_deleted(make_store: StoreFactory) -> None:
    clock = MovableClock()
    store = make_store(clock=clock)
    counted_completion(store, {"creation": 50.0})
    counted_in = month_of(clock())
    months = 1
    while first_kept_month(clock() + timedelta(days=28)) <= counted_in:
        clock.move(timedelta(days=28))  # the last days on which that month is still kept
        months += month_of(clock()) != month_of(clock() - timedelta(days=28))
    assert months == NORMS_MONTHS
    store.purge_expired()
    assert len(table_rows(store, norms)) == 1
    clock.move(timedelta(days=28))
    store.purge_expired()
    assert table_rows(store, norms) == []


def test_the_cache_reuses_figures_for_a_while(store: Store) -> None:
    seed(store, {50.0: 2})
    first = store.norms.distributions(BANK.id, VERSION)
    seed(store, {60.0: 1})
    assert store.norms.distributions(BANK.id, VERSION) is first
    store.norms.cache.forget("people")
    assert store.norms.distributions(BANK.id, VERSION)["creation"].total == 3


def finished_room(store: Store, scores: list[float], practice: bool = False) -> str:
    """A room whose people finished with ``scores`` on every part and let them count."""
    workshop, _ = store.workshops.create("Job club", BANK.id, False, None, practice=practice)
    for score in scores:
        if practice:
            token = store.workshops.join(workshop.id, "", simulated=True)
            store.assessments.finish(
                token, {}, dict.fromkeys(PARTS, score), [], version=0, counted=Counted(VERSION)
            )
        else:
            counted_completion(store, dict.fromkeys(PARTS, score), workshop.id)
    return workshop.id


def people_counted(store: Store) -> int:
    found = store.norms.fresh_distributions(BANK.id, VERSION)
    return found["creation"].total if "creation" in found else 0


def test_participants_count_when_their_room_ends(make_store: StoreFactory) -> None:
    clock = MovableClock()
    store = make_store(clock=clock, workshop_ttl=timedelta(hours=1))
    kept = finished_room(store, [40.0, 50.0, 60.0])
    unticked = store.workshops.join(kept, "")
    store.assessments.finish(unticked, {}, dict.fromkeys(PARTS, 90.0), [], version=0)
    removed = counted_completion(store, dict.fromkeys(PARTS, 99.0), kept)
    assert store.moderation.remove(kept, removed)
    deleted = finished_room(store, [70.0] * 3)
    finished_room(store, [80.0] * 3, practice=True)  # simulated people never count
    finished_room(store, [30.0] * 2)  # too few for room sums; still two people counted
    assert people_counted(store) == 0  # nothing yet: the rooms are live
    store.workshops.delete(deleted)  # a deleted room counts nothing, ever
    clock.move(timedelta(hours=2))
    store.purge_expired()
    counted = store.norms.fresh_distributions(BANK.id, VERSION)["creation"]
    assert dict(zip(counted.scores, counted.people, strict=True)) == {
        300: 2,
        400: 1,
        500: 1,
        600: 1,
    }
    rooms = store.norms.fresh_past_rooms(BANK.id, VERSION)
    assert [room.means["creation"] for room in rooms] == [50.0]
    keys = {row["room_key"] for row in table_rows(store, room_norms)}
    assert len(keys) == 1 and kept not in str(table_rows(store, room_norms))


def test_a_room_is_compared_with_past_rooms_from_five_on(make_store: StoreFactory) -> None:
    clock = MovableClock()
    store = make_store(clock=clock, workshop_ttl=timedelta(hours=1))
    for mean in (40.0, 50.0, 70.0, 80.0):
        finished_room(store, [mean] * MIN_FOR_AGGREGATE)
    clock.move(timedelta(hours=2))
    store.purge_expired()
    mine = dict.fromkeys(PARTS, 60.0)
    four = past_rooms(mine, store.norms.fresh_past_rooms(BANK.id, VERSION))
    assert (four.rooms, four.shown) == (4, False)
    finished_room(store, [20.0] * MIN_FOR_AGGREGATE)
    clock.move(timedelta(hours=2))
    store.purge_expired()
    five = past_rooms(mine, store.norms.fresh_past_rooms(BANK.id, VERSION))
    assert (five.rooms, five.shown) == (5, True)
    assert five.below["creation"] == 3  # 20, 40, 50
    assert five.means["creation"] == 52.0  # (40 + 50 + 70 + 80 + 20) / 5
    assert store.norms.fresh_past_rooms(BANK.id, "2.0") == []


def test_room_sums_are_kept_24_months(make_store: StoreFactory) -> None:
    clock = MovableClock()
    store = make_store(clock=clock, workshop_ttl=timedelta(hours=1))
    finished_room(store, [50.0] * 3)
    clock.move(timedelta(hours=2))
    store.purge_expired()
    assert len(store.norms.fresh_past_rooms(BANK.id, VERSION)) == 1
    clock.move(timedelta(days=31 * NORMS_MONTHS))
    store.purge_expired()
    assert table_rows(store, room_norms) == [] and table_rows(store, norms) == []
