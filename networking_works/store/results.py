"""Shared result snapshots: public by token, deletable only with their private token."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from networking_works.schema import results
from networking_works.store.database import Database
from networking_works.tokens import hash_secret, new_token, now, plausible_token, secret_matches


class SharedResults:
    def __init__(self, database: Database) -> None:
        self._db = database

    def share(self, payload: dict[str, Any]) -> tuple[str, str]:
        """Store a result snapshot; return (public token, private delete token)."""
        token, delete_token = new_token(), new_token()
        with self._db.write() as conn:
            conn.execute(
                sa.insert(results).values(
                    token=token,
                    delete_hash=hash_secret(delete_token),
                    payload=json.dumps(payload, sort_keys=True),
                    created_at=now(),
                )
            )
        return token, delete_token

    def get(self, token: object) -> dict[str, Any] | None:
        if not plausible_token(token):
            return None
        with self._db.read() as conn:
            payload = conn.execute(
                sa.select(results.c.payload).where(results.c.token == token)
            ).scalar()
        return json.loads(payload) if payload is not None else None

    def delete(self, token: object, delete_token: object) -> bool:
        if not (plausible_token(token) and plausible_token(delete_token)):
            return False
        with self._db.write() as conn:
            stored = conn.execute(
                sa.select(results.c.delete_hash).where(results.c.token == token)
            ).scalar()
            if stored is None or not secret_matches(str(delete_token), stored):
                return False
            gone = conn.execute(sa.delete(results).where(results.c.token == token))
        # A concurrent delete of the same result may have won since the select above.
        return gone.rowcount > 0

    def count(self) -> int:
        with self._db.read() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(results)).scalar_one())
