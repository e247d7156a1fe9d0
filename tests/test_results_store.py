"""store.results on SQLite and PostgreSQL: sharing, reading and deleting snapshots."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import sqlalchemy as sa

from networking_works.schema import (
    results,
)
from networking_works.store import Store
from networking_works.tokens import hash_secret, new_token, secret_matches
from tests.store_helpers import (
    TOKEN_RE,
    share,
)
from tests.threads import run_threads


def test_share_result_round_trips(store: Store) -> None:
    payload: dict[str, Any] = {
        "bank": "default",
        "scores": {"reach": 3.5, "trust": 4},
        "answers": [1, 2, 3],
        "name": "Zoë — “quotes” 'and' \\ backslash",
        "none": None,
        "flag": True,
    }
    token, delete_token = share(store, payload)
    assert TOKEN_RE.fullmatch(token)
    assert TOKEN_RE.fullmatch(delete_token)
    assert token != delete_token
    assert store.results.get(token) == payload
    assert store.results.count() == 1

    # The delete token is stored only as a hash.
    with store.database.engine.connect() as conn:
        stored = conn.execute(
            sa.select(results.c.delete_hash).where(results.c.token == token)
        ).scalar_one()
    assert stored != delete_token
    assert secret_matches(delete_token, stored)


def test_delete_result(store: Store) -> None:
    token, delete_token = share(store, {"a": 1})
    other, other_delete = share(store, {"b": 2})

    assert store.results.delete(token, new_token()) is False
    assert store.results.delete(token, other_delete) is False
    assert store.results.delete(token, hash_secret(delete_token)) is False
    assert store.results.delete(token, "") is False
    assert store.results.delete(token, None) is False
    assert store.results.get(token) == {"a": 1}
    assert store.results.count() == 2

    assert store.results.delete(token, delete_token) is True
    assert store.results.get(token) is None
    assert store.results.count() == 1
    assert store.results.delete(token, delete_token) is False

    assert store.results.get(other) == {"b": 2}
    assert store.results.delete(other, other_delete) is True
    assert store.results.count() == 0


def test_concurrent_deletes_of_one_result_succeed_once(store: Store) -> None:
    rounds, threads = 10, 8
    for _ in range(rounds):
        token, delete_token = share(store, {"x": 1})
        outcomes = _delete_concurrently(store, token, delete_token, threads)
        assert sorted(outcomes) == [False] * (threads - 1) + [True]
    assert store.results.count() == 0


def _delete_concurrently(store: Store, token: str, delete_token: str, threads: int) -> list[bool]:
    outcomes: list[bool] = []

    def delete(_: int) -> None:
        outcomes.append(store.results.delete(token, delete_token))

    errors, _ = run_threads(threads, delete)
    assert errors == []
    return outcomes


@pytest.mark.slow  # over a second
def test_concurrent_share_result(store: Store, request: pytest.FixtureRequest) -> None:
    threads, per_thread = 50, 20
    saved: dict[tuple[int, int], tuple[str, str]] = {}
    lock = threading.Lock()

    def work(t: int) -> None:
        for i in range(per_thread):
            token, delete_token = share(store, {"thread": t, "index": i})
            with lock:
                saved[(t, i)] = (token, delete_token)

    errors, elapsed = run_threads(threads, work)
    assert errors == []
    request.node.user_properties.append(("elapsed_s", round(elapsed, 3)))

    assert len(saved) == threads * per_thread
    assert store.results.count() == threads * per_thread
    tokens = [token for token, _ in saved.values()]
    assert len(set(tokens)) == len(tokens)
    for (t, i), (token, _) in saved.items():
        assert store.results.get(token) == {"thread": t, "index": i}
