"""Finished people's answers, read for item statistics (networking_works/items.py).

Only the answers of people who finished, in no particular order and with nothing that
names anyone: a room's (for its speaker's remote) or every stored one of a bank (for
``python -m networking_works items``). Expired rows are never read.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from networking_works.progress import Stage
from networking_works.schema import assessments, part_scores, workshops
from networking_works.store.assessments import answers_from_json
from networking_works.store.database import Database


class FinishedAnswers:
    def __init__(self, database: Database) -> None:
        self._db = database

    def of_room(self, workshop_id: str) -> list[dict[str, object]]:
        """The answers of everyone who finished in a live room (removed people left it)."""
        done = sa.select(part_scores.c.token).where(part_scores.c.workshop_id == workshop_id)
        live = sa.select(workshops.c.id).where(
            workshops.c.id == workshop_id, workshops.c.expires_at > sa.bindparam("now")
        )
        query = sa.select(assessments.c.answers).where(
            assessments.c.workshop_id.in_(live), assessments.c.token.in_(done)
        )
        return self._read(query)

    def of_bank(self, bank_id: str) -> list[dict[str, object]]:
        """The answers of every finished assessment of ``bank_id``, solo and in rooms."""
        query = sa.select(assessments.c.answers).where(
            assessments.c.bank_id == bank_id,
            assessments.c.stage == Stage.DONE.value,
            assessments.c.removed.is_not(True),
            assessments.c.expires_at > sa.bindparam("now"),
        )
        return self._read(query)

    def _read(self, query: sa.Select[Any]) -> list[dict[str, object]]:
        with self._db.read() as conn:
            found = conn.execute(query, {"now": self._db.now()}).scalars().all()
        return [dict(answers) for answers in map(answers_from_json, found) if answers]
