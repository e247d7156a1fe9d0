"""The connection to SQLite (by default) or PostgreSQL, and the shape of a transaction."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from networking_works.schema import SCHEMA_VERSION, meta, metadata

MIGRATE_LOCK_KEY = 0x6E775F6D  # "nw_m": serializes schema creation on PostgreSQL


def default_url(data_dir: str | Path) -> str:
    return f"sqlite:///{Path(data_dir) / 'networking-works.sqlite3'}"


class Database:
    """One engine; writes are single short transactions, reads plain connections."""

    def __init__(self, url: str | sa.engine.URL) -> None:
        self.url = sa.engine.make_url(url)
        self.engine = _engine(self.url)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction, committed when the block ends without an exception."""
        # On SQLite a write transaction takes the lock up front (BEGIN IMMEDIATE):
        # a deferred one that reads first can fail to upgrade under concurrency.
        with self.engine.connect().execution_options(nw_write=True) as conn, conn.begin():
            yield conn

    def read(self) -> Connection:
        return self.engine.connect()

    def snapshot(self) -> Connection:
        """A connection whose statements all see one snapshot, for reads that must agree.

        PostgreSQL's default (read committed) takes a new snapshot per statement, so counts
        and ranks read while people finish disagreed (a KeyError on the dashboard, found by
        bench/loadgen.py). SQLite's transaction already reads one snapshot in WAL mode.
        """
        conn = self.engine.connect()
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        return conn

    def create_schema(self) -> None:
        """Create the tables that are missing; refuse a database from newer code."""
        # Several servers may start at once on one database: take the write lock
        # first (BEGIN IMMEDIATE / an advisory lock) so they create the schema in turn.
        with self.write() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATE_LOCK_KEY)))
            metadata.create_all(conn)
            found = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema")).scalar()
            if found is None:
                conn.execute(sa.insert(meta).values(key="schema", value=str(SCHEMA_VERSION)))
            elif int(found) > SCHEMA_VERSION:
                raise RuntimeError(
                    f"the database has schema {found}; this code knows {SCHEMA_VERSION}"
                )

    def dispose(self) -> None:
        self.engine.dispose()


def _engine(url: sa.engine.URL) -> Engine:
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN, not the driver.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=30000")
        _enable_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("nw_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _enable_wal(cursor: Any) -> None:
    """WAL is stored in the file: only the first connection ever switches it.

    Switching needs an exclusive lock, and SQLite may refuse it at once, without
    waiting, while other connections open the same new file (seen with 8 threads).
    """
    for _ in range(100):
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:
            time.sleep(0.05)
    cursor.execute("PRAGMA journal_mode=WAL")
