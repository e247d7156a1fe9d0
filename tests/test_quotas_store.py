"""Quotas in the store, on SQLite and PostgreSQL (issue 23): one client's share of a room's
joins, a removed person's wait to rejoin, removing many fake seats at once, and the
daily cap on a client's solo results counted in the norms."""

from __future__ import annotations

from datetime import timedelta

import pytest

from networking_works import quotas
from networking_works.quotas import Quota, counted_per_day, quota, room_client
from networking_works.schema import norms
from networking_works.settings import Settings
from networking_works.store import Counted, JoinLimit, JoinRefused, JoinTooFast, Store
from networking_works.store.refusals import AssessmentGone
from networking_works.store.workshops import JUST_REMOVED, TRY_AGAIN
from networking_works.throttle import client_key
from tests.store_helpers import BANK, PARTS, MovableClock, StoreFactory, room
from tests.threads import run_threads

KEY = b"a test secret of thirty-two bytes"  # what limits.client_key keys with
SCRIPT, PHONE = client_key("127.0.0.2", KEY), client_key("127.0.0.3", KEY)


def _limited(make_store: StoreFactory, clock: MovableClock, **limit: object) -> Store:
    values = {"joins": 10, "seconds": 5.0, "per_client": 3, "rejoin_wait": timedelta(minutes=2)}
    values.update(limit)
    return make_store(clock=clock, join_limit=JoinLimit(**values))  # type: ignore[arg-type]


def test_one_client_takes_only_its_share_and_the_next_phone_gets_in(
    make_store: StoreFactory,
) -> None:
    clock = MovableClock()
    store = _limited(make_store, clock)
    workshop, _ = room(store)
    other, _ = room(store)
    for _ in range(3):
        store.workshops.join(workshop.id, "", client=SCRIPT)
    with pytest.raises(JoinTooFast, match=TRY_AGAIN):
        store.workshops.join(workshop.id, "", client=SCRIPT)
    store.workshops.join(workshop.id, "", client=PHONE)  # the real phone is not refused
    store.workshops.join(other.id, "", client=SCRIPT)  # a share is per room
    assert store.room_stats.counts(workshop.id) == (4, 0)
    clock.move(timedelta(seconds=6))
    store.workshops.join(workshop.id, "", client=SCRIPT)  # the window has passed


def test_a_flood_sent_at_once_gets_only_its_share(make_store: StoreFactory) -> None:
    store = _limited(make_store, MovableClock(), joins=100, per_client=5)
    workshop, _ = room(store)
    outcomes: list[str] = []

    def join(_: int) -> None:
        try:
            store.workshops.join(workshop.id, "", client=SCRIPT)
            outcomes.append("in")
        except JoinTooFast:
            outcomes.append("refused")

    errors, _ = run_threads(20, join)
    assert errors == []
    assert outcomes.count("in") == 5 and store.room_stats.counts(workshop.id)[0] == 5


def test_a_removed_person_waits_before_rejoining_from_the_same_place(
    make_store: StoreFactory,
) -> None:
    clock = MovableClock()
    store = _limited(make_store, clock)
    workshop, _ = room(store)
    other, _ = room(store)
    token = store.workshops.join(workshop.id, "Troll", client=SCRIPT)
    assert store.moderation.remove(workshop.id, token)
    with pytest.raises(JoinRefused, match=JUST_REMOVED):
        store.workshops.join(workshop.id, "Troll again", client=SCRIPT)
    store.workshops.join(other.id, "", client=SCRIPT)  # only the room they were taken from
    store.workshops.join(workshop.id, "", client=PHONE)
    clock.move(timedelta(minutes=2, seconds=1))
    store.workshops.join(workshop.id, "", client=SCRIPT)


def test_a_row_keeps_only_its_client_key_within_its_room(store: Store) -> None:
    workshop, _ = room(store)
    token = store.workshops.join(workshop.id, "", client=SCRIPT)
    with store.database.read() as conn:
        kept = conn.exec_driver_sql(
            "SELECT joined_from FROM nw_assessments WHERE token = %s"
            if store.url.get_backend_name() == "postgresql"
            else "SELECT joined_from FROM nw_assessments WHERE token = ?",
            (token,),
        ).scalar()
    assert kept == room_client(SCRIPT, workshop.id) and kept not in {SCRIPT, "127.0.0.2"}


def test_the_remote_removes_everyone_who_joined_in_the_last_seconds(
    make_store: StoreFactory,
) -> None:
    clock = MovableClock()
    store = _limited(make_store, clock, per_client=10)
    workshop, _ = room(store)
    early = store.workshops.join(workshop.id, "Early")
    clock.move(timedelta(minutes=5))
    flood = [store.workshops.join(workshop.id, "", client=SCRIPT) for _ in range(4)]
    before = {t: store.assessments.get(t) for t in flood}
    assert store.moderation.joined_within(workshop.id, timedelta(seconds=60)) == 4
    assert store.moderation.remove_joined_within(workshop.id, timedelta(seconds=60)) == 4
    assert [p.token for p in store.moderation.participants(workshop.id)] == [early]
    for token, was in before.items():
        now = store.assessments.get(token)
        assert was is not None and now is not None and now.removed
        assert now.version == was.version + 1  # a page already open saves nothing
        with pytest.raises(AssessmentGone):
            store.assessments.finish(token, {}, dict.fromkeys(PARTS, 50.0), [], version=1)
    with pytest.raises(JoinRefused, match=JUST_REMOVED):  # removal as one at a time does
        store.workshops.join(workshop.id, "", client=SCRIPT)


def test_the_remote_removes_everyone_who_has_not_answered_anything(store: Store) -> None:
    workshop, _ = room(store)
    answering = store.workshops.join(workshop.id, "Answers")
    store.assessments.save(answering, *_first_part(), version=0)
    silent = [store.workshops.join(workshop.id, "") for _ in range(3)]
    assert store.moderation.silent(workshop.id) == 3
    assert store.moderation.remove_silent(workshop.id) == 3
    assert [p.token for p in store.moderation.participants(workshop.id)] == [answering]
    assert all(store.assessments.get(t).removed for t in silent)  # type: ignore[union-attr]
    assert store.moderation.remove_silent(workshop.id) == 0


def _first_part() -> tuple[object, int, dict[str, int]]:
    from networking_works.progress import Stage

    return Stage.QUESTIONS, 0, {BANK.parts[0].statements[0].id: 4}


def _people_counted(store: Store) -> int:
    with store.database.read() as conn:
        rows = conn.execute(norms.select().where(norms.c.part_id == PARTS[0])).all()
    return sum(row.people for row in rows)


def test_a_client_counts_at_most_its_quota_of_solo_results_a_day(
    make_store: StoreFactory,
) -> None:
    clock = MovableClock()
    cap = Quota(quotas.COUNTED, 2, None, timedelta(days=1), "")
    store = make_store(clock=clock, counted_quota=cap)

    def solo(client: str | None) -> str:
        token = store.assessments.start(BANK.id)
        counted = Counted(BANK.version, client=client)
        store.assessments.finish(
            token, {}, dict.fromkeys(PARTS, 50.0), [], version=0, counted=counted
        )
        return token

    kept = [solo(SCRIPT) for _ in range(5)]
    assert _people_counted(store) == 2  # the script's other three shift nothing
    assert all(store.assessments.get(t).stage == "done" for t in kept)  # type: ignore[union-attr]
    solo(PHONE)
    assert _people_counted(store) == 3
    clock.move(timedelta(days=1, seconds=1))
    solo(SCRIPT)
    assert _people_counted(store) == 4


def test_the_quotas_come_from_the_settings() -> None:
    read = Settings(
        [
            {
                "NW_SHARES_PER_CLIENT_DAY": "7",
                "NW_SHARES_PER_DAY": "70",
                "NW_COUNTED_PER_CLIENT_DAY": "3",
                "NW_UNKNOWN_CODES_PER_CLIENT_HOUR": "9",
            }
        ]
    )
    shares = quota(quotas.SHARE, read)
    assert (shares.per_client, shares.overall, shares.window) == (7, 70, timedelta(days=1))
    assert counted_per_day(read).per_client == 3
    assert quotas.unknown_codes(read).per_client == 9
    defaults = {k: quota(k) for k in (quotas.BANK_SAVE, quotas.BANK_KEEP, quotas.JOURNAL_IMPORT)}
    assert {k: (q.per_client, q.overall) for k, q in defaults.items()} == {
        quotas.BANK_SAVE: (100, 2000),
        quotas.BANK_KEEP: (5, 100),
        quotas.JOURNAL_IMPORT: (10, 500),
    }


@pytest.mark.parametrize("kind", [quotas.BANK_SAVE, quotas.SHARE, quotas.JOURNAL_IMPORT])
def test_a_quota_holds_per_client_and_for_the_server(store: Store, kind: str) -> None:
    limit = Quota(kind, 2, 3, timedelta(days=1), "mine", "everyone")
    said = [
        store.limits.attempt(kind, who, limit.window, limit.refusal)
        for who in (SCRIPT, SCRIPT, SCRIPT, PHONE, PHONE)
    ]
    assert [str(s) if s else None for s in said] == [None, None, "mine", None, "everyone"]
