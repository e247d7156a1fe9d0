"""The speaker's hand on the room: who is in it, and taking someone out of it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa

from networking_works.quotas import REMOVED
from networking_works.schema import assessments, part_scores, profile_matches, workshops
from networking_works.store.database import Database
from networking_works.store.limits import record_in
from networking_works.store.workshops import Participant
from networking_works.tokens import plausible_token

NO_ANSWERS = "{}"  # a new assessment's answers (assessments.new_row), before any press


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
        this update takes. The client they joined from waits before it joins again.
        """
        if not plausible_token(token):
            return False
        return self._remove(workshop_id, assessments.c.token == token) == 1

    def remove_joined_within(self, workshop_id: str, within: timedelta) -> int:
        """Remove everyone who joined the room in the last ``within`` (a flood of fake
        seats); how many were removed. Each as ``remove`` takes one person out."""
        since = self._db.now() - within
        return self._remove(workshop_id, assessments.c.created_at > since)

    def remove_silent(self, workshop_id: str) -> int:
        """Remove everyone in the room who has not answered anything yet; how many."""
        return self._remove(workshop_id, assessments.c.answers == NO_ANSWERS)

    def silent(self, workshop_id: str) -> int:
        """How many in the room have not answered anything yet (what ``remove_silent``
        would take out now)."""
        return self._count(workshop_id, assessments.c.answers == NO_ANSWERS)

    def joined_within(self, workshop_id: str, within: timedelta) -> int:
        return self._count(workshop_id, assessments.c.created_at > self._db.now() - within)

    def _count(self, workshop_id: str, which: sa.ColumnElement[bool]) -> int:
        query = sa.select(sa.func.count()).where(assessments.c.workshop_id == workshop_id, which)
        with self._db.read() as conn:
            return int(conn.execute(query).scalar_one())

    def _remove(self, workshop_id: str, which: sa.ColumnElement[bool]) -> int:
        in_room = sa.and_(assessments.c.workshop_id == workshop_id, which)
        with self._db.write() as conn:
            stamp = self._db.now()
            chosen = conn.execute(
                sa.select(assessments.c.token, assessments.c.joined_from).where(in_room)
            ).all()
            tokens = [row.token for row in chosen]
            if not tokens:
                return 0
            for batch in _batches(tokens):
                taken = assessments.c.token.in_(batch)
                conn.execute(
                    sa.update(assessments)
                    .where(taken, assessments.c.workshop_id == workshop_id)
                    .values(
                        workshop_id=None,
                        removed=True,
                        removed_from=workshop_id,
                        spotlight=False,
                        version=assessments.c.version + 1,
                        joined_from=None,
                    )
                )
                for table in (part_scores, profile_matches):
                    conn.execute(sa.delete(table).where(table.c.token.in_(batch)))
                conn.execute(
                    sa.update(workshops)
                    .where(workshops.c.id == workshop_id, workshops.c.spotlight_token.in_(batch))
                    .values(spotlight_token=None)
                )
            for client in {row.joined_from for row in chosen if row.joined_from}:
                record_in(conn, REMOVED, client, stamp)
        self._on_change(workshop_id)
        return len(tokens)


def _batches(tokens: list[str], size: int = 500) -> list[list[str]]:
    """Rooms hold up to 5,000 people: IN lists kept well under SQLite's variable limit."""
    return [tokens[i : i + size] for i in range(0, len(tokens), size)]
