"""Deleting rooms with everything in them: on the speaker's Delete, and when they end.

Both the room's delete and the expiry purge go through ``delete_rooms``, which takes the
rooms' locks in the order a completion does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from networking_works.schema import assessments, part_scores, profile_matches, workshops
from networking_works.store import norms, private_banks


def delete_expired_rooms(conn: Connection, at: datetime) -> int:
    """Delete the rooms that ended by ``at`` with everything in them, and any rows left
    without a room (written before completions checked their room); how many rooms."""
    expired = sa.select(workshops.c.id).where(workshops.c.expires_at <= at)
    ids = list(conn.execute(expired).scalars())
    # The people who let their scores count are counted as their room ends.
    norms.count_ended_rooms(conn, ids, at)
    delete_rooms(conn, ids)
    rooms = sa.select(workshops.c.id)
    for table in (part_scores, profile_matches, assessments):
        conn.execute(
            sa.delete(table).where(
                table.c.workshop_id.is_not(None), table.c.workshop_id.not_in(rooms)
            )
        )
    removed = assessments.c.removed_from
    conn.execute(sa.delete(assessments).where(removed.is_not(None), removed.not_in(rooms)))
    return len(ids)


def delete_rooms(conn: Connection, workshop_ids: Sequence[str]) -> None:
    if not workshop_ids:
        return
    # Lock the rooms first, as a completion does (store/completion.py): a
    # completion either commits before this delete sees its rows, or finds no room.
    conn.execute(
        sa.select(workshops.c.id).where(workshops.c.id.in_(workshop_ids)).with_for_update()
    )
    for table in (part_scores, profile_matches, assessments):
        conn.execute(sa.delete(table).where(table.c.workshop_id.in_(workshop_ids)))
    conn.execute(sa.delete(assessments).where(assessments.c.removed_from.in_(workshop_ids)))
    private_banks.delete_with_rooms(conn, workshop_ids)
    conn.execute(sa.delete(workshops).where(workshops.c.id.in_(workshop_ids)))
