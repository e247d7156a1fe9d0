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

from networking_works.messages import N_, Explained
from networking_works.store import migrations
from networking_works.store.error_text import hide_values
from networking_works.tokens import Clock, now

MIGRATE_LOCK_KEY = 0x6E775F6D  # "nw_m": serializes schema upgrades on PostgreSQL
# A write waits for the database at most WRITE_ATTEMPTS x SQLITE_BUSY_TIMEOUT_MS on
# SQLite (another writer holds the lock), or WRITE_ATTEMPTS tries a POSTGRES_RETRY_S
# apart on PostgreSQL (a restart drops connections), then is refused as StoreBusy.
WRITE_ATTEMPTS = 3
SQLITE_BUSY_TIMEOUT_MS = 10_000
POSTGRES_RETRY_S = 1.0
# A pooled PostgreSQL connection idle this long is pinged (SELECT 1) before it is used:
# a restart of the database drops them all, and takes far longer than this. One in
# steady use is not, which saves a round trip on every read and write under load (a
# page makes two or three); the pool hands out the connection used last (LIFO).
PING_AFTER_IDLE_S = 0.25


class StoreBusy(Explained):
    """The database could not take a write in time; nothing was written, try again."""

    def __init__(self) -> None:
        super().__init__(
            N_(
                "The server is very busy right now and nothing was saved. "
                "Please try again in a moment."
            )
        )


def default_url(data_dir: str | Path) -> str:
    return f"sqlite:///{Path(data_dir) / 'networking-works.sqlite3'}"


class Database:
    """One engine and one clock; writes are single short transactions, reads plain ones.

    ``clock`` is the only time the store reads: tests pass one they can move.
    """

    def __init__(
        self,
        url: str | sa.engine.URL,
        clock: Clock = now,
        busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
    ) -> None:
        self.url = sa.engine.make_url(url)
        self.engine = _engine(self.url, busy_timeout_ms)
        # A plain read on PostgreSQL runs in autocommit: psycopg would otherwise wrap
        # each one in BEGIN ... ROLLBACK, three round trips for one SELECT. Read
        # committed takes a snapshot per statement either way; reads that must agree
        # use ``snapshot``.
        self._reader = (
            self.engine.execution_options(isolation_level="AUTOCOMMIT")
            if self.url.get_backend_name() == "postgresql"
            else self.engine
        )
        self.now = clock

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction, committed when the block ends without an exception.

        Raises ``StoreBusy`` when the database cannot start it within the bound above;
        the block has not run then, so nothing is half-written.
        """
        conn, transaction = self._begin_write()
        with conn, transaction:
            yield conn

    @contextmanager
    def erase(self) -> Iterator[Connection]:
        """A write that deletes someone's data: ``write``, then ``checkpoint``.

        On SQLite, ``secure_delete`` zeroes deleted rows in the database file, but the
        WAL file still holds the pages that carried them, until a checkpoint resets it,
        which SQLite does by itself only when the last connection closes: a deleted
        result stayed readable in ``-wal`` for as long as the server ran (issue 23, L1).
        """
        with self.write() as conn:
            yield conn
        self.checkpoint()

    def checkpoint(self) -> bool:
        """On SQLite, copy the WAL into the file and truncate it to nothing (waiting, up to
        the busy timeout, for readers of an older snapshot); whether it was truncated.
        PostgreSQL has no such file: True."""
        if self.url.get_backend_name() != "sqlite":
            return True
        raw = self.engine.raw_connection()  # outside any transaction: it must hold none
        try:
            cursor = raw.cursor()
            busy, _frames, _copied = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            cursor.close()
        finally:
            raw.close()
        return not busy

    def _begin_write(self) -> tuple[Connection, sa.RootTransaction]:
        # On SQLite a write transaction takes the lock up front (BEGIN IMMEDIATE): a
        # deferred one that reads first can fail to upgrade under concurrency. Only
        # the start is retried: it is the one step that waits for the lock.
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            conn: Connection | None = None
            try:
                conn = self.engine.connect().execution_options(nw_write=True)
                return conn, conn.begin()
            except sa.exc.OperationalError as exc:
                if conn is not None:
                    conn.close()
                if attempt == WRITE_ATTEMPTS or not _waitable(self.url, exc):
                    raise StoreBusy() from None  # the driver's text may hold values
                if self.url.get_backend_name() == "postgresql":
                    time.sleep(POSTGRES_RETRY_S)
        raise AssertionError("unreachable")

    def read(self) -> Connection:
        return self._reader.connect()

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

    def upgrade(self) -> None:
        """Migrate to the newest schema (see ``migrations``); refuse one from newer code."""
        # Several servers may start at once on one database: take the write lock
        # first (BEGIN IMMEDIATE / an advisory lock) so they upgrade in turn, and the
        # ones that come later find nothing left to do.
        with self.write() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATE_LOCK_KEY)))
            migrations.upgrade(conn)

    def dispose(self) -> None:
        self.engine.dispose()


def _ping_when_idle(engine: Engine) -> None:
    """``pool_pre_ping``, for connections idle more than PING_AFTER_IDLE_S only.

    A connection whose ping fails is replaced before use (DisconnectionError makes the
    pool open a new one), as with ``pool_pre_ping``. One in use when the database went
    away fails its statement instead; SQLAlchemy then sees a disconnect and drops every
    older connection of the pool, so the next checkouts get new ones.
    """

    @sa.event.listens_for(engine, "connect")
    @sa.event.listens_for(engine, "checkin")
    def _used(_dbapi_connection: Any, record: Any) -> None:
        record.info["nw_used_at"] = time.monotonic()

    @sa.event.listens_for(engine, "checkout")
    def _ping(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        used_at = record.info.get("nw_used_at")
        if used_at is not None and time.monotonic() - used_at < PING_AFTER_IDLE_S:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception:  # the driver's text may hold values: not kept
            raise sa.exc.DisconnectionError() from None
        if not alive:
            raise sa.exc.DisconnectionError()


def _engine(url: sa.engine.URL, busy_timeout_ms: int) -> Engine:
    # hide_parameters: an error's text (and so any log line of it) would list the bound
    # parameters of its statement, tokens among them.
    if url.get_backend_name() != "sqlite":
        engine = sa.create_engine(
            url, pool_size=10, max_overflow=20, pool_use_lifo=True, hide_parameters=True
        )
        hide_values(engine)  # PostgreSQL's DETAIL can quote a value
        _ping_when_idle(engine)
        return engine
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    timeout_s = busy_timeout_ms / 1000
    engine = sa.create_engine(
        url, connect_args={"timeout": timeout_s, "check_same_thread": False}, hide_parameters=True
    )

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN, not the driver.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        _enable_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows are overwritten with zeros, not left in free pages of the file.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("nw_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _waitable(url: sa.engine.URL, error: sa.exc.OperationalError) -> bool:
    """Whether trying the write again can help: a locked SQLite file, or PostgreSQL
    refusing connections (restarting) or dropping one."""
    if url.get_backend_name() == "sqlite":
        return "locked" in str(error.orig) or "busy" in str(error.orig)
    return True


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
