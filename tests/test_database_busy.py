"""Writers at once on SQLite: none lost to "database is locked"; past the bound, a clear
refusal with nothing half-written."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from networking_works import answering
from networking_works.schema import assessments
from networking_works.store import Store
from networking_works.store.database import WRITE_ATTEMPTS, Database, StoreBusy
from tests.store_helpers import BANK
from tests.threads import run_threads

FINISHERS = 48  # a room's end burst on one process: many completions in the same instant


def test_many_people_finishing_at_once_on_sqlite_lose_nothing(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path}/busy.sqlite3")
    try:
        tokens = [store.assessments.start(BANK.id) for _ in range(FINISHERS)]
        answers = {s.id: 3 for s in BANK.statements}

        def finish(i: int) -> None:
            found = store.assessments.get(tokens[i])
            assert found is not None
            answering.complete(store, BANK, found, answers)

        errors, _ = run_threads(FINISHERS, finish)
        assert errors == []
        done = [store.assessments.get(t) for t in tokens]
        assert all(a is not None and a.stage == "done" for a in done)
    finally:
        store.database.dispose()


def test_a_write_past_the_bound_is_refused_whole_and_says_try_again(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite3"
    database = Database(f"sqlite:///{path}", busy_timeout_ms=100)
    database.upgrade()
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another writer that does not let go
        with pytest.raises(StoreBusy) as refused, database.write() as conn:
            conn.execute(sa.delete(assessments))  # never reached
            raise AssertionError("the write ran without the lock")
        assert "try again" in refused.value.message.template
        assert "locked" not in refused.value.message.template  # no driver text shown
        assert refused.value.__cause__ is None  # nor chained into a log line's traceback
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with database.write() as conn:  # the lock released: writes go through again
        conn.execute(sa.delete(assessments))
    database.dispose()


def test_a_lock_released_within_the_bound_is_waited_for(tmp_path: Path) -> None:
    path = tmp_path / "brief.sqlite3"
    database = Database(f"sqlite:///{path}", busy_timeout_ms=200)
    database.upgrade()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    released: list[bool] = []

    def hold_then_release(i: int) -> None:
        if i == 0:  # longer than one busy timeout, shorter than all the attempts
            time.sleep(0.2 * (WRITE_ATTEMPTS - 1) + 0.05)
            holder.execute("ROLLBACK")
            released.append(True)
        else:
            with database.write() as conn:
                conn.execute(sa.delete(assessments))

    try:
        errors, _ = run_threads(2, hold_then_release)
        assert errors == [] and released == [True]
    finally:
        holder.close()
        database.dispose()
