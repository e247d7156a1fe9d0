"""Expiry that runs by itself: every expired row is deleted, on a schedule and on writes.

Reads already ignore what has expired, so nothing expired is readable by any link the
moment it expires; the purge removes it from the database. Each server process runs
``Expiry.every`` in a daemon thread and ``Expiry.due`` on the write paths that create
rows. Several processes may purge at once: on PostgreSQL one purges while the others
skip (a transaction-level advisory lock); on SQLite writes take turns anyway.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from networking_works.store import (
    assessments,
    journals,
    limits,
    norms,
    private_banks,
    results,
    room_deletion,
)
from networking_works.store.database import Database

PURGE_EVERY = timedelta(minutes=10)
PURGE_LOCK_KEY = 0x6E775F70  # "nw_p": one purge at a time across processes on PostgreSQL

_log = logging.getLogger(__name__)


class Expiry:
    def __init__(self, database: Database, every: timedelta = PURGE_EVERY) -> None:
        self._db = database
        self.every = every
        self._next = database.now()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def purge(self) -> int:
        """Delete everything that has expired now, in one transaction; how many things."""
        with self._db.erase() as conn:
            if not _turn(conn):
                return 0  # another process is purging this very moment
            return purge_all(conn, self._db.now())

    def due(self) -> None:
        """Purge if the last purge of this process is ``every`` ago (for write paths)."""
        with self._lock:
            stamp = self._db.now()
            if stamp < self._next:
                return
            self._next = stamp + self.every
        self.purge()

    def start(self, seconds: float | None = None) -> None:
        """Purge every ``seconds`` (default ``every``) in a daemon thread, once per object."""
        with self._lock:
            if self._thread is not None:
                return
            wait = self.every.total_seconds() if seconds is None else seconds
            self._thread = threading.Thread(
                target=self._loop, args=(wait,), name="nw-expiry", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _loop(self, seconds: float) -> None:
        while not self._stop.is_set():
            try:
                self.purge()
            except Exception:  # a database outage must not end the schedule
                _log.exception("the scheduled purge of expired data failed; retrying later")
            self._stop.wait(seconds)


def purge_all(conn: Connection, at: datetime) -> int:
    """Rooms (with their participants, figures and unkept banks), assessments, shared
    results, journals (with their entries), speakers' banks past their end, and norms of
    months no longer kept; how many of those. Limit events older than a day (hashed
    addresses) go too, uncounted: they are bookkeeping, not something anyone made."""
    limits.delete_old(conn, at)
    return (
        room_deletion.delete_expired_rooms(conn, at)
        + assessments.delete_expired(conn, at)
        + results.delete_expired(conn, at)
        + journals.delete_expired(conn, at)
        + norms.delete_old(conn, at)
        + private_banks.delete_expired(conn, at)
    )


def _turn(conn: Connection) -> bool:
    if conn.dialect.name != "postgresql":
        return True
    taken = conn.execute(sa.select(sa.func.pg_try_advisory_xact_lock(PURGE_LOCK_KEY)))
    return bool(taken.scalar())
