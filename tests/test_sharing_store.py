"""One shared result per assessment, with the lifetime its owner chose, on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from networking_works.schema import results
from networking_works.store import Store
from networking_works.store.results import DEFAULT_SHARE_TTL, SHARE_LIFETIMES
from networking_works.tokens import hash_secret, new_token
from tests.store_helpers import MovableClock, StoreFactory
from tests.threads import run_threads


def test_sharing_again_gives_the_same_public_link_and_stores_nothing(store: Store) -> None:
    owner = new_token()
    first = store.results.share(owner, {"score": 1}, DEFAULT_SHARE_TTL)
    assert first.delete_token is not None
    again = store.results.share(owner, {"score": 2}, DEFAULT_SHARE_TTL)
    assert (again.token, again.delete_token) == (first.token, None)
    assert store.results.shared_by(owner) == first.token
    assert store.results.get(first.token) == {"score": 1}
    assert store.results.count() == 1
    assert store.results.delete(first.token, first.delete_token)


def test_a_new_link_revokes_the_old_ones(store: Store) -> None:
    owner = new_token()
    old = store.results.share(owner, {"score": 1}, DEFAULT_SHARE_TTL)
    new = store.results.renew(owner, {"score": 1}, DEFAULT_SHARE_TTL)
    assert new.token != old.token and new.delete_token is not None
    assert store.results.get(old.token) is None
    assert store.results.delete(old.token, old.delete_token) is False
    assert store.results.get(new.token) == {"score": 1}
    assert store.results.count() == 1
    assert store.results.delete(new.token, new.delete_token)


@pytest.mark.parametrize("lives", [timedelta(days=1), timedelta(days=10_000), timedelta(0)])
def test_only_an_offered_lifetime_is_stored(store: Store, lives: timedelta) -> None:
    """The page offers 7, 30 or 365 days; the store refuses any other, whoever asks."""
    with pytest.raises(ValueError, match="lives one of"):
        store.results.share(new_token(), {"n": 1}, lives)
    with pytest.raises(ValueError, match="lives one of"):
        store.results.renew(new_token(), {"n": 1}, lives)
    assert store.results.get(new_token()) is None


def test_a_shared_result_lives_as_long_as_chosen(make_store: StoreFactory) -> None:
    clock = MovableClock()
    store = make_store(clock=clock)
    week, year = SHARE_LIFETIMES[0], SHARE_LIFETIMES[-1]
    short = store.results.share(new_token(), {"n": 1}, week)
    long = store.results.share(new_token(), {"n": 2}, year)
    assert store.results.expires_at(short.token) == clock() + week
    clock.move(week - timedelta(seconds=1))
    assert store.results.get(short.token) == {"n": 1}
    clock.move(timedelta(seconds=1))
    assert store.results.get(short.token) is None
    assert store.results.get(long.token) == {"n": 2}
    assert store.purge_expired() == 1
    clock.move(year)
    assert store.results.get(long.token) is None
    assert store.purge_expired() == 1
    assert store.results.count() == 0


def test_an_expired_share_makes_room_for_a_new_one(make_store: StoreFactory) -> None:
    clock = MovableClock()
    store = make_store(clock=clock)
    owner = new_token()
    old = store.results.share(owner, {"n": 1}, SHARE_LIFETIMES[0])
    clock.move(SHARE_LIFETIMES[0])
    assert store.results.shared_by(owner) is None
    new = store.results.share(owner, {"n": 2}, DEFAULT_SHARE_TTL)
    assert new.delete_token is not None and new.token != old.token
    assert store.results.count() == 1


def test_concurrent_shares_of_one_assessment_make_one_result(store: Store) -> None:
    owner = new_token()
    links = []

    def tab(i: int) -> None:
        links.append(store.results.share(owner, {"tab": i}, DEFAULT_SHARE_TTL))

    errors, _ = run_threads(6, tab)
    assert errors == []
    assert len({link.token for link in links}) == 1
    assert sum(link.delete_token is not None for link in links) == 1
    assert store.results.count() == 1


def test_only_hashes_of_the_owner_and_the_delete_token_are_stored(store: Store) -> None:
    owner = new_token()
    made = store.results.share(owner, {"score": 1}, DEFAULT_SHARE_TTL)
    assert made.delete_token is not None
    with store.database.engine.connect() as conn:
        row = conn.execute(sa.select(results)).one()
    stored = " ".join(str(value) for value in row)
    assert owner not in stored and made.delete_token not in stored
    assert (row.owner_hash, row.delete_hash) == (hash_secret(owner), hash_secret(made.delete_token))


def test_concurrent_new_links_leave_one_live_result(store: Store) -> None:
    owner = new_token()
    store.results.share(owner, {"n": 0}, DEFAULT_SHARE_TTL)

    def tab(i: int) -> None:
        store.results.renew(owner, {"n": i}, DEFAULT_SHARE_TTL)

    errors, _ = run_threads(4, tab)
    assert errors == []
    assert store.results.count() == 1
    live = store.results.shared_by(owner)
    assert live is not None and store.results.get(live) is not None
