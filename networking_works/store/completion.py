"""Finishing an assessment inside its transaction: the room locked, its figures replaced.

``Assessments.finish`` calls these so that "done", the part scores and the profile
matches are written together or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from networking_works.schema import assessments, part_scores, profile_matches, workshops
from networking_works.store.refusals import AssessmentGone


@dataclass(frozen=True)
class Finishing:
    bank_id: str
    stage: str
    workshop_id: str | None
    journal_id: str | None


_FINISHING = (
    assessments.c.bank_id,
    assessments.c.stage,
    assessments.c.workshop_id,
    assessments.c.journal_id,
    assessments.c.removed,
)


def finishing(conn: Connection, token: str, at: datetime) -> Finishing:
    """The assessment about to finish, its room locked against deletion until commit.

    Raises ``AssessmentGone`` for an unknown or expired token, a participant the speaker
    removed, or an ended room. The room is locked before the assessment row, in the
    order deleting a room takes them. A participant of a live room (the case of a room
    finishing together) is read and its room locked in one statement; anyone else
    takes a second one, which tells a solo assessment from an ended room.
    """
    live = conn.execute(
        sa.select(*_FINISHING)
        .join(workshops, workshops.c.id == assessments.c.workshop_id)
        .where(
            assessments.c.token == token,
            assessments.c.expires_at > at,
            workshops.c.expires_at > at,
        )
        .with_for_update(read=True, of=workshops)
    ).first()
    found = (
        live
        or conn.execute(
            sa.select(*_FINISHING).where(
                assessments.c.token == token, assessments.c.expires_at > at
            )
        ).first()
    )
    if found is None or found.removed or (live is None and found.workshop_id is not None):
        raise AssessmentGone()
    return Finishing(found.bank_id, found.stage, found.workshop_id, found.journal_id)


def replace_completion(
    conn: Connection,
    token: str,
    workshop_id: str,
    scores: Mapping[str, float | None],
    profiles: Sequence[str],
    counted_version: str | None = None,
    first: bool = False,
) -> None:
    """The room's figures of ``token``: its part scores and profile matches, replacing
    any of an earlier finish (none to replace when ``first``)."""
    if not first:
        for table in (part_scores, profile_matches):
            conn.execute(sa.delete(table).where(table.c.token == token))
    conn.execute(
        sa.insert(part_scores),
        [
            {
                "token": token,
                "part_id": pid,
                "workshop_id": workshop_id,
                "score": score,
                "counted_version": counted_version,
            }
            for pid, score in scores.items()
        ],
    )
    if profiles:
        conn.execute(
            sa.insert(profile_matches),
            [{"token": token, "profile": p, "workshop_id": workshop_id} for p in profiles],
        )
