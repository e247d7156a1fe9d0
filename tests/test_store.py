"""The storage module against both backends: SQLite (default) and PostgreSQL.

Every test runs twice via the parametrized `db_url` fixture. The PostgreSQL
variant needs TEST_DATABASE_URL (see `pg_url` in conftest.py); it drops every
`nw_*` table before and after each test, so tests must run serially against it.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from networking_works.store import (
    SCHEMA_VERSION,
    Store,
    assessments,
    hash_secret,
    meta,
    new_token,
    plausible_token,
    results,
    secret_matches,
)
from tests.threads import run_threads

TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{22,}")

GARBAGE_TOKENS: list[object] = [
    None,
    "",
    "x",
    "../../etc",
    "../../etc/passwd/../../..",
    "x" * 1000,
    "'; DROP TABLE nw_results; --",
    "' OR '1'='1' OR 'x'='xxxxxxxx",
    "tökentökentökentökentöken",
    "abc def ghi jkl mno pqr",
    12345678901234567890,
    b"AAAAAAAAAAAAAAAAAAAAAA",
    ["AAAAAAAAAAAAAAAAAAAAAA"],
]

StoreFactory = Callable[..., Store]


# -- schema -------------------------------------------------------------------


def test_schema_created_on_first_use_and_reused(store: Store, make_store: StoreFactory) -> None:
    with store.engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        version = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema")).scalar()
    assert {"nw_meta", "nw_assessments", "nw_results"} <= tables
    assert version == str(SCHEMA_VERSION)

    token = store.start_assessment("bank")
    shared, _ = store.share_result({"score": 3})

    again = make_store()
    assert again.assessment(token) is not None
    assert again.shared_result(shared) == {"score": 3}
    with again.engine.connect() as conn:
        rows = conn.execute(sa.select(meta.c.key, meta.c.value)).all()
    assert [tuple(row) for row in rows] == [("schema", str(SCHEMA_VERSION))]


def test_newer_schema_version_is_refused(store: Store, make_store: StoreFactory) -> None:
    newer = SCHEMA_VERSION + 1
    with store.engine.begin() as conn:
        conn.execute(sa.update(meta).where(meta.c.key == "schema").values(value=str(newer)))

    with pytest.raises(RuntimeError, match=rf"schema {newer}\b.*knows {SCHEMA_VERSION}"):
        make_store()

    # Refusing must not have touched the recorded version.
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(meta.c.value)).scalar() == str(newer)


# -- tokens and secrets -------------------------------------------------------


def test_new_token_has_128_bits_and_is_url_safe() -> None:
    tokens = {new_token() for _ in range(2000)}
    assert len(tokens) == 2000
    for token in tokens:
        assert TOKEN_RE.fullmatch(token)
        assert plausible_token(token)


@pytest.mark.parametrize("value", GARBAGE_TOKENS, ids=repr)
def test_plausible_token_rejects_garbage(value: object) -> None:
    assert plausible_token(value) is False


def test_secret_matches() -> None:
    secret = new_token()
    stored = hash_secret(secret)
    assert re.fullmatch(r"[0-9a-f]{64}", stored)
    assert stored != secret
    assert hash_secret(secret) == stored
    assert secret_matches(secret, stored)
    assert not secret_matches(secret + "x", stored)
    assert not secret_matches(secret[:-1], stored)
    assert not secret_matches("", stored)
    assert not secret_matches(secret, "")
    assert not secret_matches(secret, stored.upper())
    assert not secret_matches(stored, stored)  # the hash itself is no key


# -- unfinished assessments ---------------------------------------------------


def test_start_assessment_returns_unique_strong_tokens(store: Store) -> None:
    tokens = [store.start_assessment("bank") for _ in range(50)]
    assert len(set(tokens)) == len(tokens)
    for token in tokens:
        assert TOKEN_RE.fullmatch(token)
        found = store.assessment(token)
        assert found is not None
        assert (found.token, found.bank_id, found.stage, found.step, found.answers) == (
            token,
            "bank",
            "definition",
            0,
            {},
        )


def test_start_assessment_with_stage(store: Store) -> None:
    token = store.start_assessment("other-bank", stage="questions")
    found = store.assessment(token)
    assert found is not None
    assert (found.bank_id, found.stage) == ("other-bank", "questions")


@pytest.mark.parametrize("value", GARBAGE_TOKENS, ids=repr)
def test_assessment_rejects_garbage(store: Store, value: object) -> None:
    store.start_assessment("bank")
    assert store.assessment(value) is None
    assert store.shared_result(value) is None
    assert store.delete_result(value, value) is False


def test_unknown_well_formed_tokens_read_nothing(store: Store) -> None:
    known = store.start_assessment("bank")
    shared, delete_token = store.share_result({"a": 1})
    for token in (new_token(), known.swapcase(), "A" * 22, "-" * 64):
        if token in (known, shared):
            continue
        assert plausible_token(token)
        assert store.assessment(token) is None
        assert store.shared_result(token) is None
        assert store.delete_result(token, delete_token) is False
    # An assessment token is not a result token and vice versa.
    assert store.shared_result(known) is None
    assert store.assessment(shared) is None
    assert store.count_results() == 1


def test_save_progress_round_trips(store: Store) -> None:
    token = store.start_assessment("bank")
    other = store.start_assessment("bank")

    store.save_progress(token, "questions", 3, {"q1": 1, "q2": 5, "q3": 0})
    found = store.assessment(token)
    assert found is not None
    assert (found.stage, found.step, found.answers) == ("questions", 3, {"q1": 1, "q2": 5, "q3": 0})

    # answers=None keeps the stored answers.
    store.save_progress(token, "done", 4)
    found = store.assessment(token)
    assert found is not None
    assert (found.stage, found.step, found.answers) == ("done", 4, {"q1": 1, "q2": 5, "q3": 0})

    # An empty dict replaces them.
    store.save_progress(token, "questions", 0, {})
    found = store.assessment(token)
    assert found is not None
    assert found.answers == {}

    # Only the addressed assessment changed.
    untouched = store.assessment(other)
    assert untouched is not None
    assert (untouched.stage, untouched.step, untouched.answers) == ("definition", 0, {})

    # Saving to an unknown token creates nothing.
    ghost = new_token()
    store.save_progress(ghost, "questions", 1, {"q1": 1})
    assert store.assessment(ghost) is None


def test_forget_assessment(store: Store) -> None:
    token = store.start_assessment("bank")
    keep = store.start_assessment("bank")
    store.forget_assessment(token)
    assert store.assessment(token) is None
    assert store.assessment(keep) is not None
    store.forget_assessment(token)  # forgetting twice is harmless


def test_expired_assessments_are_unreadable_and_purged(make_store: StoreFactory) -> None:
    live_store = make_store()
    expired_store = make_store(unfinished_ttl=timedelta(seconds=-1))

    live = live_store.start_assessment("bank")
    expired = expired_store.start_assessment("bank")
    saved = live_store.start_assessment("bank")
    expired_store.save_progress(saved, "questions", 2, {"q1": 1})  # refreshes expiry into the past

    for store in (live_store, expired_store):
        assert store.assessment(live) is not None
        assert store.assessment(expired) is None
        assert store.assessment(saved) is None

    assert expired_store.purge_expired() == 2
    assert live_store.purge_expired() == 0
    assert live_store.assessment(live) is not None

    # Purged rows are really gone: a store that would accept them finds nothing.
    with live_store.engine.connect() as conn:
        tokens = set(conn.execute(sa.text("SELECT token FROM nw_assessments")).scalars())
    assert tokens == {live}


def test_tiny_ttl_expires(make_store: StoreFactory) -> None:
    store = make_store(unfinished_ttl=timedelta(milliseconds=50))
    token = store.start_assessment("bank")
    time.sleep(0.2)
    assert store.assessment(token) is None
    assert store.purge_expired() == 1


def test_save_progress_extends_expiry(store: Store) -> None:
    token = store.start_assessment("bank")
    query = sa.select(assessments.c.expires_at).where(assessments.c.token == token)
    with store.engine.connect() as conn:
        before = conn.execute(query).scalar_one()
    time.sleep(0.05)
    store.save_progress(token, "questions", 1)
    with store.engine.connect() as conn:
        after = conn.execute(query).scalar_one()
    assert after - before >= timedelta(milliseconds=40)


# -- shared results -----------------------------------------------------------


def test_share_result_round_trips(store: Store) -> None:
    payload: dict[str, Any] = {
        "bank": "default",
        "scores": {"reach": 3.5, "trust": 4},
        "answers": [1, 2, 3],
        "name": "Zoë — “quotes” 'and' \\ backslash",
        "none": None,
        "flag": True,
    }
    token, delete_token = store.share_result(payload)
    assert TOKEN_RE.fullmatch(token)
    assert TOKEN_RE.fullmatch(delete_token)
    assert token != delete_token
    assert store.shared_result(token) == payload
    assert store.count_results() == 1

    # The delete token is stored only as a hash.
    with store.engine.connect() as conn:
        stored = conn.execute(
            sa.select(results.c.delete_hash).where(results.c.token == token)
        ).scalar_one()
    assert stored != delete_token
    assert secret_matches(delete_token, stored)


def test_delete_result(store: Store) -> None:
    token, delete_token = store.share_result({"a": 1})
    other, other_delete = store.share_result({"b": 2})

    assert store.delete_result(token, new_token()) is False
    assert store.delete_result(token, other_delete) is False
    assert store.delete_result(token, hash_secret(delete_token)) is False
    assert store.delete_result(token, "") is False
    assert store.delete_result(token, None) is False
    assert store.shared_result(token) == {"a": 1}
    assert store.count_results() == 2

    assert store.delete_result(token, delete_token) is True
    assert store.shared_result(token) is None
    assert store.count_results() == 1
    assert store.delete_result(token, delete_token) is False

    assert store.shared_result(other) == {"b": 2}
    assert store.delete_result(other, other_delete) is True
    assert store.count_results() == 0


def test_concurrent_deletes_of_one_result_succeed_once(store: Store) -> None:
    rounds, threads = 10, 8
    for _ in range(rounds):
        token, delete_token = store.share_result({"x": 1})
        outcomes = _delete_concurrently(store, token, delete_token, threads)
        assert sorted(outcomes) == [False] * (threads - 1) + [True]
    assert store.count_results() == 0


def _delete_concurrently(store: Store, token: str, delete_token: str, threads: int) -> list[bool]:
    outcomes: list[bool] = []

    def delete(_: int) -> None:
        outcomes.append(store.delete_result(token, delete_token))

    errors, _ = run_threads(threads, delete)
    assert errors == []
    return outcomes


# -- concurrency --------------------------------------------------------------


def test_concurrent_share_result(store: Store, request: pytest.FixtureRequest) -> None:
    threads, per_thread = 50, 20
    saved: dict[tuple[int, int], tuple[str, str]] = {}
    lock = threading.Lock()

    def work(t: int) -> None:
        for i in range(per_thread):
            token, delete_token = store.share_result({"thread": t, "index": i})
            with lock:
                saved[(t, i)] = (token, delete_token)

    errors, elapsed = run_threads(threads, work)
    assert errors == []
    request.node.user_properties.append(("elapsed_s", round(elapsed, 3)))

    assert len(saved) == threads * per_thread
    assert store.count_results() == threads * per_thread
    tokens = [token for token, _ in saved.values()]
    assert len(set(tokens)) == len(tokens)
    for (t, i), (token, _) in saved.items():
        assert store.shared_result(token) == {"thread": t, "index": i}


def test_concurrent_save_progress(store: Store, request: pytest.FixtureRequest) -> None:
    threads, per_thread = 20, 10
    tokens = [store.start_assessment("bank") for _ in range(threads)]

    def work(t: int) -> None:
        answers: dict[str, int] = {}
        for i in range(per_thread):
            answers[f"q{i}"] = (t + i) % 6
            store.save_progress(tokens[t], "questions", i + 1, answers)
            found = store.assessment(tokens[t])
            assert found is not None
            assert found.step == i + 1

    errors, elapsed = run_threads(threads, work)
    assert not [e for e in errors if "database is locked" in str(e)]
    assert errors == []
    request.node.user_properties.append(("elapsed_s", round(elapsed, 3)))

    for t, token in enumerate(tokens):
        found = store.assessment(token)
        assert found is not None
        assert (found.stage, found.step) == ("questions", per_thread)
        assert found.answers == {f"q{i}": (t + i) % 6 for i in range(per_thread)}


def test_concurrent_first_use_of_a_fresh_database(db_url: str) -> None:
    """Several processes' worth of Stores opening one empty database at once."""
    opened: list[Store] = []
    lock = threading.Lock()

    def open_store(_: int) -> None:
        store = Store(db_url)
        with lock:
            opened.append(store)
        store.share_result({"ok": True})

    try:
        errors, _ = run_threads(8, open_store)
        assert errors == []
        assert len(opened) == 8
        assert opened[0].count_results() == 8
        with opened[0].engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(meta)).scalar_one() == 1
    finally:
        for store in opened:
            store.engine.dispose()


# -- SQLite specifics ---------------------------------------------------------


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path}/nested/dir/t.sqlite3")
    try:
        assert (tmp_path / "nested" / "dir" / "t.sqlite3").exists()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        # WAL is a property of the file: a plain connection sees it too.
        raw = sqlite3.connect(tmp_path / "nested" / "dir" / "t.sqlite3")
        try:
            assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        finally:
            raw.close()
    finally:
        store.engine.dispose()
