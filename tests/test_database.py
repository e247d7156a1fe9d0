"""store.database against both backends: schema creation, its version, SQLite's WAL.

Every test runs on SQLite and PostgreSQL via the parametrized `db_url` fixture (the
PostgreSQL variant needs TEST_DATABASE_URL, see conftest.py).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from networking_works.bank import load_bank
from networking_works.journal import Imported
from networking_works.report import build_report
from networking_works.schema import (
    SCHEMA_VERSION,
    assessments,
    meta,
)
from networking_works.store import Store
from networking_works.store.database import SQLITE_BUSY_TIMEOUT_MS
from networking_works.store.migrations import VERSION_TABLE
from tests.bank_helpers import DEFAULT_BANK
from tests.store_helpers import (
    MovableClock,
    StoreFactory,
    share,
)
from tests.threads import run_threads

VERSIONS = sa.table(VERSION_TABLE, sa.column("version_num", sa.String))


def test_schema_created_on_first_use_and_reused(store: Store, make_store: StoreFactory) -> None:
    with store.database.engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        version = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema")).scalar()
    assert {"nw_meta", "nw_assessments", "nw_results"} <= tables
    assert version == str(SCHEMA_VERSION)

    token = store.assessments.start("bank")
    shared, _ = share(store, {"score": 3})

    again = make_store()
    assert again.assessments.get(token) is not None
    assert again.results.get(shared) == {"score": 3}
    with again.database.engine.connect() as conn:
        rows = conn.execute(sa.select(meta.c.key, meta.c.value)).all()
    assert [tuple(row) for row in rows] == [("schema", str(SCHEMA_VERSION))]


def test_newer_revision_is_refused(store: Store, make_store: StoreFactory) -> None:
    with store.database.engine.begin() as conn:
        conn.execute(sa.update(VERSIONS).values(version_num="9999"))
    with pytest.raises(RuntimeError, match=r"revision 9999, which this code does not know"):
        make_store()
    with store.database.engine.connect() as conn:  # refusing changed nothing
        assert conn.execute(sa.select(VERSIONS.c.version_num)).scalar() == "9999"


def test_newer_schema_version_is_refused(store: Store, make_store: StoreFactory) -> None:
    newer = SCHEMA_VERSION + 1
    with store.database.engine.begin() as conn:
        conn.execute(sa.update(meta).where(meta.c.key == "schema").values(value=str(newer)))

    with pytest.raises(RuntimeError, match=rf"schema {newer}\b.*knows {SCHEMA_VERSION}"):
        make_store()

    # Refusing must not have touched the recorded version.
    with store.database.engine.connect() as conn:
        assert conn.execute(sa.select(meta.c.value)).scalar() == str(newer)


def test_concurrent_first_use_of_a_fresh_database(db_url: str) -> None:
    """Several processes' worth of Stores opening one empty database at once."""
    opened: list[Store] = []
    lock = threading.Lock()

    def open_store(_: int) -> None:
        store = Store(db_url)
        with lock:
            opened.append(store)
        share(store, {"ok": True})

    try:
        errors, _ = run_threads(8, open_store)
        assert errors == []
        assert len(opened) == 8
        assert opened[0].results.count() == 8
        with opened[0].database.engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(meta)).scalar_one() == 1
    finally:
        for store in opened:
            store.database.engine.dispose()


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path}/nested/dir/t.sqlite3")
    try:
        assert (tmp_path / "nested" / "dir" / "t.sqlite3").exists()
        with store.database.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS
            assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        # WAL is a property of the file: a plain connection sees it too.
        raw = sqlite3.connect(tmp_path / "nested" / "dir" / "t.sqlite3")
        try:
            assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        finally:
            raw.close()
    finally:
        store.database.engine.dispose()


def test_deleted_rows_leave_the_sqlite_file(tmp_path: Path) -> None:
    """secure_delete: a deleted shared result's text is overwritten, not left in the file."""
    path = tmp_path / "t.sqlite3"
    store = Store(f"sqlite:///{path}")
    try:
        marker = "Unforgettable-Marker-" * 20
        token, delete_token = share(store, {"note": marker})
        for _ in range(50):  # enough rows that the page with the marker stays in use
            share(store, {"filler": "x" * 200})
        assert store.results.delete(token, delete_token)
        with store.database.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        assert marker.encode() not in path.read_bytes()
    finally:
        store.database.dispose()


MARKER = "Wal-Marker-Qz7"  # fits a nickname (30 characters)


def _delete_a_shared_result(store: Store, _clock: MovableClock) -> None:
    token, delete_token = share(store, {"note": MARKER * 10})
    assert store.results.delete(token, delete_token)


def _delete_a_room(store: Store, _clock: MovableClock) -> None:
    room, _secret = store.workshops.create(MARKER * 4, "networking", False, None)
    store.workshops.join(room.id, MARKER)
    store.workshops.delete(room.id)


def _a_journal(store: Store) -> str:
    bank = load_bank(DEFAULT_BANK)
    made = build_report(bank, {st.id: 3 for st in bank.statements}, store.database.now())
    imported = Imported(bank.id, ((store.database.now(), replace(made, why=MARKER * 10)),))
    return store.journals.start_from(imported)


def _delete_a_journal(store: Store, _clock: MovableClock) -> None:
    assert store.journals.delete(_a_journal(store))


def _remove_a_journal_entry(store: Store, _clock: MovableClock) -> None:
    journal = _a_journal(store)
    found = store.journals.get(journal)
    assert found is not None and store.journals.remove(journal, found.entries[0].id)


def _let_a_result_expire(store: Store, clock: MovableClock) -> None:
    share(store, {"note": MARKER * 10})
    clock.move(timedelta(days=400))
    store.purge_expired()


@pytest.mark.parametrize(
    "delete",
    [
        _delete_a_shared_result,
        _delete_a_room,
        _delete_a_journal,
        _remove_a_journal_entry,
        _let_a_result_expire,
    ],
    ids=["shared-result", "room", "journal", "journal-entry", "expiry"],
)
def test_deleted_rows_leave_the_wal_file_while_the_server_runs(
    tmp_path: Path, delete: Callable[[Store, MovableClock], None]
) -> None:
    """Issue 23, L1: the -wal file kept a deleted row's pages until the last connection
    closed; it is read here with the store open, and nothing checkpointed by hand."""
    path = tmp_path / "t.sqlite3"
    clock = MovableClock()
    store = Store(f"sqlite:///{path}", clock=clock)
    try:
        for _ in range(20):
            share(store, {"filler": "x" * 200})
        delete(store, clock)
        with store.database.read() as conn:  # the pool holds connections open
            conn.execute(sa.select(1)).scalar()
        wal = path.with_name(path.name + "-wal")
        assert MARKER.encode() not in (wal.read_bytes() if wal.exists() else b"")
        assert MARKER.encode() not in path.read_bytes()
    finally:
        store.database.dispose()


def test_plain_reads_on_postgresql_run_in_autocommit(store: Store) -> None:
    """psycopg wraps a read in BEGIN ... ROLLBACK otherwise: three round trips for one
    SELECT (bench/pg_read_cost.py). Reads that must agree keep their snapshot."""
    postgres = store.database.url.get_backend_name() == "postgresql"
    with store.database.read() as conn:
        assert conn.execute(sa.select(1)).scalar() == 1
        if postgres:
            assert conn.connection.dbapi_connection.autocommit is True  # type: ignore[union-attr]
    with store.database.snapshot() as conn:
        assert conn.execute(sa.select(1)).scalar() == 1
        if postgres:
            assert conn.connection.dbapi_connection.autocommit is False  # type: ignore[union-attr]
            assert conn.get_isolation_level() == "REPEATABLE READ"
    with store.database.write() as conn:  # writes stay transactions everywhere
        assert conn.in_transaction()


def test_a_database_error_carries_no_bound_parameter(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    # SQLAlchemy's error text lists the statement's parameters, tokens among them, and an
    # uncaught page error is logged whole. A real error: the same assessment twice.
    token = store.assessments.start("bank")
    with store.database.engine.connect() as conn:
        row = conn.execute(sa.select(assessments).where(assessments.c.token == token)).one()
    logger = logging.getLogger("tests.uncaught")
    with caplog.at_level(logging.DEBUG), pytest.raises(sa.exc.IntegrityError) as failed:
        try:
            with store.database.write() as conn:
                conn.execute(sa.insert(assessments).values(**row._mapping))
        except sa.exc.DBAPIError:
            logger.exception("Uncaught app exception")  # as Streamlit logs a page's error
            raise
    assert "Uncaught app exception" in caplog.text and "UNIQUE" in caplog.text.upper()
    assert token not in str(failed.value)
    assert token not in caplog.text
    assert "parameters hidden" in str(failed.value)


def test_postgresql_pings_only_a_connection_that_sat_idle(pg_url: str) -> None:
    """PING_AFTER_IDLE_S: a connection in steady use goes without its SELECT 1; one that
    sat idle is pinged, and one whose server side went away meanwhile (as in a restart)
    is replaced before any statement meets it."""
    from networking_works.store.database import PING_AFTER_IDLE_S, Database

    database = Database(pg_url)
    pings: list[bool] = []
    ping = database.engine.dialect.do_ping

    def counted(dbapi_connection: object) -> bool:
        pings.append(True)
        return ping(dbapi_connection)

    database.engine.dialect.do_ping = counted  # type: ignore[method-assign]
    try:
        for _ in range(5):  # steady use: the connection just used comes back, unpinged
            with database.read() as conn:
                pid = conn.execute(sa.text("SELECT pg_backend_pid()")).scalar()
        assert pings == []
        with sa.create_engine(pg_url).connect() as admin:  # the server side goes away
            admin.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        time.sleep(PING_AFTER_IDLE_S + 0.1)
        with database.read() as conn:
            assert conn.execute(sa.text("SELECT pg_backend_pid()")).scalar() != pid
        assert pings == [True]
    finally:
        database.dispose()
