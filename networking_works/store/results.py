"""Shared result snapshots: public by token, deletable only with their private token.

One shared result per assessment: sharing again finds the one already shared (its
public token; the private delete token is kept only hashed, so it cannot be shown
again), and ``renew`` replaces it with new links, revoking the old ones. Every shared
result expires after the lifetime its owner chose.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from networking_works.schema import results
from networking_works.store.database import Database
from networking_works.tokens import aware, hash_secret, new_token, plausible_token, secret_matches

DEFAULT_SHARE_TTL = timedelta(days=30)
# What an owner may choose; the default is among them.
SHARE_LIFETIMES = (timedelta(days=7), DEFAULT_SHARE_TTL, timedelta(days=365))


@dataclass(frozen=True)
class Links:
    """A shared result's public token, and its delete token when it was just made."""

    token: str
    delete_token: str | None


class SharedResults:
    def __init__(
        self, database: Database, housekeeping: Callable[[], object] = lambda: None
    ) -> None:
        self._db = database
        self._housekeeping = housekeeping

    def share(self, owner: str, payload: dict[str, Any], lives: timedelta) -> Links:
        """Share ``owner``'s result (``owner``: the assessment token) for ``lives``, once.

        When ``owner`` already has a live shared result, returns its public token and
        no delete token, and stores nothing.
        """
        self._housekeeping()
        try:
            with self._db.write() as conn:
                found = self._live_token(conn, owner)
                if found is not None:
                    return Links(found, None)
                # An expired result of this owner may wait for the purge: it makes room.
                # Only an expired one: a live one shared meanwhile by another tab is kept.
                expired = sa.and_(
                    results.c.owner_hash == hash_secret(owner),
                    results.c.expires_at <= self._db.now(),
                )
                conn.execute(sa.delete(results).where(expired))
                return self._insert(conn, owner, payload, lives)
        except IntegrityError:  # another tab shared it in the same moment (PostgreSQL)
            with self._db.read() as conn:
                found = self._live_token(conn, owner)
            if found is None:
                raise
            return Links(found, None)

    def renew(self, owner: str, payload: dict[str, Any], lives: timedelta) -> Links:
        """New links for ``owner``'s shared result; the old ones stop working at once.

        When another tab renews in the same moment (PostgreSQL), its links win and this
        returns their public token without a delete token, as ``share`` does.
        """
        try:
            with self._db.erase() as conn:
                mine = results.c.owner_hash == hash_secret(owner)
                conn.execute(sa.delete(results).where(mine))
                return self._insert(conn, owner, payload, lives)
        except IntegrityError:
            return self.share(owner, payload, lives)

    def shared_by(self, owner: str) -> str | None:
        """The public token of ``owner``'s live shared result, if any."""
        with self._db.read() as conn:
            return self._live_token(conn, owner)

    def get(self, token: object) -> dict[str, Any] | None:
        if not plausible_token(token):
            return None
        live = sa.and_(results.c.token == token, results.c.expires_at > self._db.now())
        with self._db.read() as conn:
            payload = conn.execute(sa.select(results.c.payload).where(live)).scalar()
        return json.loads(payload) if payload is not None else None

    def expires_at(self, token: object) -> datetime | None:
        """When the shared result ``token`` expires (in UTC), if it is stored."""
        if not plausible_token(token):
            return None  # found by tests/test_fuzz_query_params.py: NUL failed on PostgreSQL
        with self._db.read() as conn:
            found = conn.execute(
                sa.select(results.c.expires_at).where(results.c.token == token)
            ).scalar()
        return None if found is None else aware(found)

    def delete(self, token: object, delete_token: object) -> bool:
        if not (plausible_token(token) and plausible_token(delete_token)):
            return False
        with self._db.erase() as conn:
            stored = conn.execute(
                sa.select(results.c.delete_hash).where(results.c.token == token)
            ).scalar()
            if stored is None or not secret_matches(str(delete_token), stored):
                return False
            gone = conn.execute(sa.delete(results).where(results.c.token == token))
        # A concurrent delete of the same result may have won since the select above.
        return gone.rowcount > 0

    def purge_expired(self) -> int:
        with self._db.erase() as conn:
            return delete_expired(conn, self._db.now())

    def count(self) -> int:
        with self._db.read() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(results)).scalar_one())

    def _live_token(self, conn: Connection, owner: str) -> str | None:
        mine = sa.and_(
            results.c.owner_hash == hash_secret(owner), results.c.expires_at > self._db.now()
        )
        found = conn.execute(sa.select(results.c.token).where(mine)).scalar()
        return None if found is None else str(found)

    def _insert(
        self, conn: Connection, owner: str, payload: dict[str, Any], lives: timedelta
    ) -> Links:
        if lives not in SHARE_LIFETIMES:
            raise ValueError(f"a shared result lives one of {SHARE_LIFETIMES}, not {lives!r}")
        token, delete_token, stamp = new_token(), new_token(), self._db.now()
        conn.execute(
            sa.insert(results).values(
                token=token,
                delete_hash=hash_secret(delete_token),
                owner_hash=hash_secret(owner),
                payload=json.dumps(payload, sort_keys=True),
                created_at=stamp,
                expires_at=stamp + lives,
            )
        )
        return Links(token, delete_token)


def delete_expired(conn: Connection, at: datetime) -> int:
    """Delete the shared results that expired by ``at``; how many."""
    return conn.execute(sa.delete(results).where(results.c.expires_at <= at)).rowcount
