"""The one place where state lives: SQLite by default, PostgreSQL when configured.

Streamlit keeps nothing across a reload, so the truth is here and the
browser only holds an opaque token in its URL. Writes are single short
transactions; every read is by primary key or an indexed column.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from networking_works.recent import Recent
from networking_works.rooms import DEFAULT_WORKSHOP_TTL, RoomQueries
from networking_works.schema import (
    SCHEMA_VERSION,
    assessments,
    meta,
    metadata,
    results,
)
from networking_works.tokens import (  # noqa: F401 - re-exported for callers
    hash_secret,
    new_token,
    now,
    plausible_token,
    secret_matches,
)

DEFAULT_UNFINISHED_TTL = timedelta(days=7)
# How stale a participant's view of their room may be (the facilitator's is always fresh).
PARTICIPANT_VIEW_MAX_AGE_S = 1.0

# Built once: every rerun reads the assessment and every step saves it, and building
# the statement took longer than running it on SQLite (258 us against 94 us a read).
_ASSESSMENT = sa.select(assessments).where(
    assessments.c.token == sa.bindparam("token"), assessments.c.expires_at > sa.bindparam("now")
)
_SAVE_PROGRESS = sa.update(assessments).where(assessments.c.token == sa.bindparam("b_token"))
PURGE_EVERY = timedelta(hours=1)
MIGRATE_LOCK_KEY = 0x6E775F6D  # "nw_m": serializes schema creation on PostgreSQL


@dataclass(frozen=True)
class Assessment:
    token: str
    bank_id: str
    stage: str  # "definition" | "questions" | "done"
    step: int
    answers: dict[str, int]
    workshop_id: str | None = None


def default_url(data_dir: str | Path) -> str:
    return f"sqlite:///{Path(data_dir) / 'networking-works.sqlite3'}"


class Store(RoomQueries):
    """All reads and writes of the app, named for what they do (workshops in ``RoomQueries``)."""

    def __init__(
        self,
        url: str,
        unfinished_ttl: timedelta = DEFAULT_UNFINISHED_TTL,
        workshop_ttl: timedelta = DEFAULT_WORKSHOP_TTL,
    ) -> None:
        self.url = sa.engine.make_url(url)
        self.unfinished_ttl = unfinished_ttl
        self.workshop_ttl = workshop_ttl
        self.engine = _engine(self.url)
        self.recent = Recent(max_age=PARTICIPANT_VIEW_MAX_AGE_S)
        self._migrate()
        self._next_purge = now()

    def _migrate(self) -> None:
        # Several servers may start at once on one database: take the write lock
        # first (BEGIN IMMEDIATE / an advisory lock) so they create the schema in turn.
        with self._write() as conn:
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

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        # On SQLite a write transaction takes the lock up front (BEGIN IMMEDIATE):
        # a deferred one that reads first can fail to upgrade under concurrency.
        with self.engine.connect().execution_options(nw_write=True) as conn, conn.begin():
            yield conn

    # -- unfinished assessments -------------------------------------------------

    def start_assessment(self, bank_id: str, stage: str = "definition") -> str:
        token = new_token()
        stamp = now()
        if stamp >= self._next_purge:
            # Expired rows are already invisible; this only reclaims their space.
            self._next_purge = stamp + PURGE_EVERY
            self.purge_expired()
            self.purge_expired_workshops()
        with self._write() as conn:
            conn.execute(
                sa.insert(assessments).values(
                    token=token,
                    bank_id=bank_id,
                    stage=stage,
                    step=0,
                    answers="{}",
                    created_at=stamp,
                    expires_at=stamp + self.unfinished_ttl,
                )
            )
        return token

    def assessment(self, token: object) -> Assessment | None:
        if not plausible_token(token):
            return None
        with self.engine.connect() as conn:
            row = conn.execute(_ASSESSMENT, {"token": token, "now": now()}).first()
        if row is None:
            return None
        return Assessment(
            row.token, row.bank_id, row.stage, row.step, _answers(row.answers), row.workshop_id
        )

    def save_progress(
        self, token: str, stage: str, step: int, answers: dict[str, int] | None = None
    ) -> None:
        values: dict[str, Any] = {
            "b_token": token,
            "stage": stage,
            "step": step,
            "expires_at": now() + self.unfinished_ttl,
        }
        if answers is not None:
            values["answers"] = json.dumps(answers, sort_keys=True)
        with self._write() as conn:
            conn.execute(_SAVE_PROGRESS, values)  # SET takes the columns named in values

    def forget_assessment(self, token: str) -> None:
        with self._write() as conn:
            conn.execute(sa.delete(assessments).where(assessments.c.token == token))

    def purge_expired(self) -> int:
        with self._write() as conn:
            gone = conn.execute(sa.delete(assessments).where(assessments.c.expires_at <= now()))
        return gone.rowcount

    # -- shared results ---------------------------------------------------------

    def share_result(self, payload: dict[str, Any]) -> tuple[str, str]:
        """Store a result snapshot; return (public token, private delete token)."""
        token, delete_token = new_token(), new_token()
        with self._write() as conn:
            conn.execute(
                sa.insert(results).values(
                    token=token,
                    delete_hash=hash_secret(delete_token),
                    payload=json.dumps(payload, sort_keys=True),
                    created_at=now(),
                )
            )
        return token, delete_token

    def shared_result(self, token: object) -> dict[str, Any] | None:
        if not plausible_token(token):
            return None
        with self.engine.connect() as conn:
            payload = conn.execute(
                sa.select(results.c.payload).where(results.c.token == token)
            ).scalar()
        return json.loads(payload) if payload is not None else None

    def delete_result(self, token: object, delete_token: object) -> bool:
        if not (plausible_token(token) and plausible_token(delete_token)):
            return False
        with self._write() as conn:
            stored = conn.execute(
                sa.select(results.c.delete_hash).where(results.c.token == token)
            ).scalar()
            if stored is None or not secret_matches(str(delete_token), stored):
                return False
            gone = conn.execute(sa.delete(results).where(results.c.token == token))
        # A concurrent delete of the same result may have won since the select above.
        return gone.rowcount > 0

    def count_results(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(results)).scalar_one())


def _answers(text: str) -> dict[str, int]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


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
