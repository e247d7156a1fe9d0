"""The audience pages' limits over HTTP, on SQLite and PostgreSQL (issue 23): a client's
share of a room's joins (M10), no cheap search for live codes (L5), and a removed phone
that cannot join again at once (L3)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from audience import paths, starlette_app
from audience.watch import state_of
from networking_works import quotas
from networking_works.quotas import Quota
from networking_works.store import JoinLimit, Store, Workshop
from networking_works.store.workshops import TRY_AGAIN
from tests.audience_phone import Phone, context
from tests.conftest import StoreFactory

CODES = Quota(quotas.UNKNOWN_CODE, 3, None, timedelta(hours=1), quotas.unknown_codes().mine)


def _app(store: Store):  # type: ignore[no-untyped-def]
    trusting = dataclasses.replace(
        context(store), trust_proxy=lambda: True, unknown_codes=lambda: CODES
    )
    return starlette_app(trusting)


def _room(store: Store) -> Workshop:
    return store.workshops.create("Job club", "networking", False, None)[0]


def _phone(store: Store, address: str) -> Phone:
    return Phone(_app(store), **{"X-Real-IP": address})


def _join(store: Store, room: Workshop, address: str) -> Phone:
    return _phone(store, address).open(paths.room(room.code)).submit({"nickname": ""})


def test_one_address_takes_its_share_of_the_burst_and_a_real_phone_still_joins(
    make_store: StoreFactory,
) -> None:
    store = make_store(join_limit=JoinLimit(joins=10, per_client=3))
    room = _room(store)
    flood = [_join(store, room, "127.0.0.2") for _ in range(5)]
    assert [p.status for p in flood] == [200, 200, 200, 429, 429]
    assert TRY_AGAIN in flood[-1].page
    real = _join(store, room, "127.0.0.3")
    assert real.status == 200 and "/definition/1" in real.url
    assert store.room_stats.counts(room.id) == (4, 0)


def _unknown_codes(phone: Phone, count: int) -> list[int]:
    return [phone.open(f"{paths.PREFIX}?code=ZZZZZ{c}").status for c in "ABCDEFGH"[:count]]


def test_unknown_codes_are_limited_per_client_and_then_no_code_is_looked_up(
    store: Store,
) -> None:
    room = _room(store)
    prober = _phone(store, "127.0.0.2")
    assert _unknown_codes(prober, 4) == [404, 404, 404, 429]
    # Past the quota a live code is refused the same way, so it tells nothing either.
    for path in (f"{paths.PREFIX}?code={room.code}", paths.room(room.code)):
        assert prober.open(path).status == 429
    assert room.title not in prober.page
    assert "Too many codes from here named no workshop" in prober.page
    neighbour = _phone(store, "127.0.0.3").open(paths.room(room.code))
    assert neighbour.status == 200 and room.title in neighbour.page


def test_a_phone_in_the_room_is_never_held_by_the_code_quota(store: Store) -> None:
    room = _room(store)
    seated = _join(store, room, "127.0.0.2")
    assert _unknown_codes(seated, 4)[-1] == 429
    assert seated.open(paths.definition(room.code, 1)).status == 200  # its own seat


def test_a_removed_phone_cannot_join_again_at_once(make_store: StoreFactory) -> None:
    store = make_store(join_limit=JoinLimit(joins=10, per_client=5))
    room = _room(store)
    phone = _join(store, room, "127.0.0.2")
    (removed,) = store.moderation.participants(room.id)
    assert store.moderation.remove(room.id, removed.token)
    again = phone.open(paths.room(room.code))  # the same phone: its seat cookie says so
    assert again.status == 403 and "no longer in this workshop" in again.page
    fresh = _join(store, room, "127.0.0.2")  # cookies cleared: the address waits
    assert fresh.status == 403 and "taken someone who joined from here out" in fresh.page
    assert store.room_stats.counts(room.id) == (0, 0)
    assert _join(store, room, "127.0.0.3").status == 200


def test_the_long_poll_tells_a_live_code_only_to_a_phone_seated_there(store: Store) -> None:
    # A client trying codes learns nothing from /changes: a live room's answers it as an
    # unknown code's, each try counts against the quota, and past it both are refused.
    room = _room(store)
    prober = _phone(store, "127.0.0.2")
    answers = []
    for code in (room.code, "ZZZZZZ", room.code, "ZZZZZY"):
        prober.open(f"{paths.changes(code)}?seen=")
        answers.append((prober.status, prober.page))
    assert answers == [(200, "gone")] * 3 + [(429, "")]
    seated = _join(store, room, "127.0.0.3").open(f"{paths.changes(room.code)}?seen=")
    live = store.workshops.get(room.id)
    assert (seated.status, seated.page) == (200, state_of(live))
