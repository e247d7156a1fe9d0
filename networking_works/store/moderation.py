"""The speaker's hand on the room: who is in it, and taking someone out of it."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from networking_works.schema import assessments, part_scores, profile_matches, workshops
from networking_works.store.database import Database
from networking_works.store.workshops import Participant
from networking_works.tokens import plausible_token


class Moderation:
    def __init__(
        self, database: Database, on_change: Callable[[str], None] = lambda _: None
    ) -> None:
        self._db = database
        self._on_change = on_change

    def participants(self, workshop_id: str) -> list[Participant]:
        """Everyone in the room (finished or not), in joining order."""
        query = (
            sa.select(
                assessments.c.token,
                assessments.c.codename,
                assessments.c.nickname,
                assessments.c.spotlight,
            )
            .where(assessments.c.workshop_id == workshop_id)
            .order_by(assessments.c.created_at, assessments.c.token)
        )
        with self._db.read() as conn:
            return [Participant(t, c or "", n or "", bool(s)) for t, c, n, s in conn.execute(query)]

    def remove(self, workshop_id: str, token: object) -> bool:
        """Take a participant out of the room: out of every count, aggregate and export.

        Their assessment leaves the room (``workshop_id`` becomes NULL) and is marked
        removed, so their phone can say so; it is deleted with the room (``removed_from``).
        Its version moves on and every write refuses a removed row, so a press from a
        page already open saves nothing: ``finish`` reads the row under the same row lock
        this update takes.
        """
        if not plausible_token(token):
            return False
        with self._db.write() as conn:
            moved = conn.execute(
                sa.update(assessments)
                .where(assessments.c.token == token, assessments.c.workshop_id == workshop_id)
                .values(
                    workshop_id=None,
                    removed=True,
                    removed_from=workshop_id,
                    spotlight=False,
                    version=assessments.c.version + 1,
                )
            )
            if moved.rowcount == 0:
                return False
            for table in (part_scores, profile_matches):
                conn.execute(sa.delete(table).where(table.c.token == token))
            conn.execute(
                sa.update(workshops)
                .where(workshops.c.id == workshop_id, workshops.c.spotlight_token == token)
                .values(spotlight_token=None)
            )
        self._on_change(workshop_id)
        return True
