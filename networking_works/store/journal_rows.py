"""Journal entries as rows: the writes a completion makes inside its own transaction.

Apart from ``journals`` so that ``assessments`` (whose completion adds a retake's result)
and ``journals`` (which makes retakes) do not import each other.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from networking_works.schema import journal_entries, journals
from networking_works.tokens import hash_secret, new_token


def add_entry(
    conn: Connection,
    key: str,
    assessment: str,
    payload: Mapping[str, Any],
    at: datetime,
    ttl: timedelta,
) -> bool:
    """Add a finished retake's result to its journal, if the journal is live; extend it.

    Runs inside the completion's transaction; the journal row is locked first.
    """
    live = conn.execute(
        sa.select(journals.c.id)
        .where(journals.c.id == key, journals.c.expires_at > at)
        .with_for_update()
    ).first()
    if live is None or entry_of(conn, assessment) is not None:
        return False
    insert_entry(conn, key, hash_secret(assessment), payload, at)
    conn.execute(sa.update(journals).where(journals.c.id == key).values(expires_at=at + ttl))
    return True


def insert_entry(
    conn: Connection,
    key: str,
    source_hash: str | None,
    payload: Mapping[str, Any],
    at: datetime,
) -> None:
    conn.execute(
        sa.insert(journal_entries).values(
            id=new_token(),
            journal_id=key,
            source_hash=source_hash,
            created_at=at,
            payload=json.dumps(dict(payload), sort_keys=True),
        )
    )


def entry_of(conn: Connection, assessment: str) -> str | None:
    found = conn.execute(
        sa.select(journal_entries.c.id).where(
            journal_entries.c.source_hash == hash_secret(assessment)
        )
    ).scalar()
    return None if found is None else str(found)
