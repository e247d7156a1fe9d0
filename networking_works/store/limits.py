"""Attempts counted over a sliding window, per client and overall, in the database.

Every process behind the proxy reads the same rows, so a client cannot escape a limit
by landing on another process. ``attempt`` counts and records in one transaction that
attempts of the same kind take in turn, so that attempts sent together each see the
ones before them: counting, comparing and recording apart, 40 passphrase guesses sent
at once had 15 compared where 3 were allowed.

Clients are named by ``client_key``: their address keyed with the server's secret
(``NW_CLIENT_KEY_SECRET``; unset, a random one made once per database and kept in
``nw_meta``, so every process over the database keys alike). The secret is never logged.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from networking_works.schema import limit_events, meta
from networking_works.store.database import Database
from networking_works.throttle import Recent, client_key

KEEP_EVENTS = timedelta(days=1)  # longer than any window a limit looks at
SECRET_KEY = "client_key_secret"  # noqa: S105 -- the nw_meta row's name, not a secret
SECRET_BYTES = 32
Reason = TypeVar("Reason")


class Limits:
    def __init__(self, database: Database, secret: str | None = None) -> None:
        """``secret``: the configured key of client hashes; None, the database's own."""
        self._db = database
        self._secret = secret.encode("utf-8") if secret else None
        self._secret_lock = threading.Lock()

    def client_key(self, address: str) -> str:
        """What the limits store for the client at ``address``: never the address, and
        no hash of it that anyone without the server's secret could compute."""
        return client_key(address, self.secret())

    def secret(self) -> bytes:
        """The key of client hashes: configured, else the database's, made on first use."""
        with self._secret_lock:
            if self._secret is None:
                self._secret = _database_secret(self._db)
            return self._secret

    def now(self) -> datetime:
        """The store's clock, which every window is measured against."""
        return self._db.now()

    def record(self, kind: str, client: str) -> None:
        stamp = self._db.now()
        with self._db.write() as conn:
            _insert(conn, kind, client, stamp)

    def attempt(
        self,
        kind: str,
        client: str,
        within: timedelta,
        refusal: Callable[[Recent], Reason | None],
    ) -> Reason | None:
        """One more attempt of ``kind`` by ``client``: ``refusal`` of what came before in
        the last ``within``, or None when the attempt is allowed, and then recorded.

        Attempts of one kind take this transaction in turn (SQLite's writes always do; on
        PostgreSQL an advisory lock per kind), so none decides on a count another one
        has not finished writing.
        """
        with self._db.write() as conn:
            take_turn(conn, kind)
            return attempt_in(conn, kind, client, self._db.now(), within, refusal)

    def count(self, kind: str, within: timedelta, client: str | None = None) -> int:
        """Events of ``kind`` in the last ``within``: of ``client``, or of everyone."""
        query = sa.select(sa.func.count()).where(*self._recent(kind, within, client))
        with self._db.read() as conn:
            return int(conn.execute(query).scalar_one())

    def last(self, kind: str, within: timedelta, client: str) -> datetime | None:
        query = sa.select(sa.func.max(limit_events.c.at)).where(*self._recent(kind, within, client))
        with self._db.read() as conn:
            found: datetime | None = conn.execute(query).scalar()
        return found

    def forget(self, kind: str, client: str) -> None:
        with self._db.write() as conn:
            conn.execute(
                sa.delete(limit_events).where(
                    limit_events.c.kind == kind, limit_events.c.client == client
                )
            )

    def _recent(
        self, kind: str, within: timedelta, client: str | None
    ) -> list[sa.ColumnElement[bool]]:
        found = [limit_events.c.kind == kind, limit_events.c.at > self._db.now() - within]
        if client is not None:
            found.append(limit_events.c.client == client)
        return found


def take_turn(conn: Connection, kind: str) -> None:
    """Inside a write: wait for other transactions counting ``kind`` to end (SQLite's
    writes always wait for each other; PostgreSQL takes an advisory lock per kind)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_lock_key(kind))))


def attempt_in(
    conn: Connection,
    kind: str,
    client: str,
    stamp: datetime,
    within: timedelta,
    refusal: Callable[[Recent], Reason | None],
) -> Reason | None:
    """``Limits.attempt`` inside a write the caller holds, which must already keep other
    attempts of ``kind`` out (``take_turn``, or a lock on the one row they share:
    a room's joins take its row's lock)."""
    mine = limit_events.c.client == client
    recent = [limit_events.c.kind == kind, limit_events.c.at > stamp - within]
    overall, by_client, last = conn.execute(
        sa.select(
            sa.func.count(),
            sa.func.count().filter(mine),
            sa.func.max(limit_events.c.at).filter(mine),
        ).where(*recent)
    ).one()
    reason = refusal(Recent(int(by_client), int(overall), last, stamp))
    if reason is None:
        _insert(conn, kind, client, stamp)
    return reason


def count_in(conn: Connection, kind: str, client: str, since: datetime) -> int:
    """Inside a transaction: events of ``kind`` by ``client`` after ``since``."""
    query = sa.select(sa.func.count()).where(
        limit_events.c.kind == kind, limit_events.c.client == client, limit_events.c.at > since
    )
    return int(conn.execute(query).scalar_one())


def record_in(conn: Connection, kind: str, client: str, stamp: datetime) -> None:
    """Inside a write: one event of ``kind`` by ``client``, counted from now on."""
    _insert(conn, kind, client, stamp)


def _insert(conn: Connection, kind: str, client: str, stamp: datetime) -> None:
    conn.execute(sa.insert(limit_events).values(kind=kind, client=client, at=stamp))
    conn.execute(
        sa.delete(limit_events).where(
            limit_events.c.kind == kind, limit_events.c.at < stamp - KEEP_EVENTS
        )
    )


def delete_old(conn: Connection, at: datetime) -> int:
    """Delete every event older than the longest window, of every kind (issue 23, M9).

    ``_insert`` trims only the kind it records, so a kind nobody uses again kept its
    address hashes forever; the scheduled purge calls this so none outlives a day.
    """
    gone = conn.execute(sa.delete(limit_events).where(limit_events.c.at < at - KEEP_EVENTS))
    return int(gone.rowcount or 0)


def _database_secret(db: Database) -> bytes:
    """The secret kept in ``nw_meta``; the first process to need one makes it, and a
    process that loses that race reads the winner's, so all of them key alike."""
    query = sa.select(meta.c.value).where(meta.c.key == SECRET_KEY)
    with db.read() as conn:
        found = conn.execute(query).scalar()
    if found is None:
        try:
            with db.write() as conn:
                made = secrets.token_hex(SECRET_BYTES)
                conn.execute(sa.insert(meta).values(key=SECRET_KEY, value=made))
        except IntegrityError:
            pass  # another process made it first: read theirs
        with db.read() as conn:
            found = conn.execute(query).scalar_one()
    return bytes.fromhex(found)


def _lock_key(kind: str) -> int:
    """A signed 64-bit advisory lock key of its own for each kind of limit."""
    digest = hashlib.sha256(f"nw_limit:{kind}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)
