"""Attempts counted over a sliding window, per client and overall, in the database.

Every process behind the proxy reads the same rows, so a client cannot escape a limit
by landing on another process.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from networking_works.schema import limit_events
from networking_works.store.database import Database

KEEP_EVENTS = timedelta(days=1)  # longer than any window a limit looks at


class Limits:
    def __init__(self, database: Database) -> None:
        self._db = database

    def now(self) -> datetime:
        """The store's clock, which every window is measured against."""
        return self._db.now()

    def record(self, kind: str, client: str) -> None:
        stamp = self._db.now()
        with self._db.write() as conn:
            conn.execute(sa.insert(limit_events).values(kind=kind, client=client, at=stamp))
            conn.execute(
                sa.delete(limit_events).where(
                    limit_events.c.kind == kind, limit_events.c.at < stamp - KEEP_EVENTS
                )
            )

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
