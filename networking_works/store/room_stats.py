"""What a room adds up to: counts, the per-part summary, profiles, volunteers, answers.

Read-only, and SQL does the adding up: a room of a thousand reads a few rows per part.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from networking_works.bands import Band
from networking_works.messages import N_, Explained, Message
from networking_works.schema import assessments, part_scores, profile_matches, workshops
from networking_works.scoring import shown
from networking_works.store.database import Database
from networking_works.store.workshops import Participant, joined
from networking_works.workshop import (
    FIRST_QUARTILE,
    MIN_FOR_AGGREGATE,
    THIRD_QUARTILE,
    PartSummary,
    RoomProgress,
    RoomSummary,
    quartile,
    rank_below,
    room_progress,
    room_summary,
)

_QUARTERS = (FIRST_QUARTILE, THIRD_QUARTILE)


class ExportRefused(Explained):
    """Why the room's answers cannot be exported now: the message is shown as it is."""


class RoomStats:
    def __init__(self, database: Database) -> None:
        self._db = database

    def counts(self, workshop_id: str) -> tuple[int, int]:
        """(joined, completed)."""
        with self._db.snapshot() as conn:
            return joined(conn, workshop_id), _completed(conn, workshop_id)

    def progress(self, workshop_id: str, parts: int) -> RoomProgress:
        """Joined, finished and answered per part, from one grouped read of positions."""
        query = (
            sa.select(assessments.c.stage, assessments.c.step, sa.func.count())
            .where(assessments.c.workshop_id == workshop_id)
            .group_by(assessments.c.stage, assessments.c.step)
        )
        with self._db.read() as conn:
            rows = [(str(stage), int(step), int(n)) for stage, step, n in conn.execute(query)]
        return room_progress(rows, parts)

    def summary(self, workshop_id: str, part_ids: Sequence[str]) -> RoomSummary:
        score = part_scores.c.score
        per_part = (
            sa.select(
                part_scores.c.part_id,
                sa.func.count(score),
                sa.func.avg(score),
                *(band.sql_count(score) for band in Band),
            )
            .where(part_scores.c.workshop_id == workshop_id, score.is_not(None))
            .group_by(part_scores.c.part_id)
        )
        with self._db.snapshot() as conn:
            rows = {r[0]: r for r in conn.execute(per_part)}
            ranked = _quartile_rows(conn, workshop_id)
            completed = _completed(conn, workshop_id)
        return room_summary(completed, [_part(pid, rows.get(pid), ranked) for pid in part_ids])

    def profiles(self, workshop_id: str) -> list[tuple[str, int]]:
        """(profile name, people), most common first."""
        query = (
            sa.select(profile_matches.c.profile, sa.func.count())
            .where(profile_matches.c.workshop_id == workshop_id)
            .group_by(profile_matches.c.profile)
            .order_by(sa.func.count().desc(), profile_matches.c.profile)
        )
        with self._db.read() as conn:
            return [(name, int(count)) for name, count in conn.execute(query)]

    def spotlight_volunteers(self, workshop_id: str) -> list[Participant]:
        """Finished participants who agreed to be shown, in joining order."""
        columns = (assessments.c.token, assessments.c.codename, assessments.c.nickname)
        query = _finished(workshop_id, columns).where(assessments.c.spotlight.is_(True))
        with self._db.read() as conn:
            return [Participant(t, c or "", n or "", True) for t, c, n in conn.execute(query)]

    def participant_scores(self, token: str) -> dict[str, float | None]:
        query = sa.select(part_scores.c.part_id, part_scores.c.score).where(
            part_scores.c.token == token
        )
        with self._db.read() as conn:
            return {part_id: score for part_id, score in conn.execute(query)}

    def answers(self, workshop_id: str) -> list[dict[str, object]]:
        """Everyone's stored answers in the room, finished or not, in no order: one read
        of one column, for a talk's slide of how the room answered a part."""
        query = sa.select(assessments.c.answers).where(assessments.c.workshop_id == workshop_id)
        with self._db.read() as conn:
            return [_answers(text) for (text,) in conn.execute(query)]

    def anonymous_answers(self, workshop_id: str) -> list[dict[str, int]]:
        """The finished participants' answers for export, in no order; or ``ExportRefused``.

        Only after Reveal and for at least MIN_FOR_AGGREGATE people, and never the answers
        of people who allowed the spotlight (their radar may be shown under their name,
        and their answers would point to their row). No names, tokens or join order.
        """
        with self._db.snapshot() as conn:
            _refuse_if_not_exportable(conn, workshop_id, self._db.now())
            rows = [json.loads(a) for (a,) in conn.execute(_exportable(workshop_id))]
        secrets.SystemRandom().shuffle(rows)
        return rows

    def finished_answers(self, workshop_id: str) -> list[dict[str, object]]:
        """Every finished participant's answers, shuffled, spotlight volunteers included
        (a room file names nobody, unlike the download's rows beside a shown radar)."""
        query = _finished(workshop_id, [assessments.c.answers]).order_by(None)
        with self._db.snapshot() as conn:
            rows = [_answers(text) for (text,) in conn.execute(query)]
        secrets.SystemRandom().shuffle(rows)
        return rows

    def export_refused(self, workshop_id: str) -> Message | None:
        """Why ``anonymous_answers`` would refuse now, or None when it would not."""
        try:
            with self._db.snapshot() as conn:
                _refuse_if_not_exportable(conn, workshop_id, self._db.now())
        except ExportRefused as refused:
            return refused.message
        return None


def _answers(text: str) -> dict[str, object]:
    found = json.loads(text)
    return found if isinstance(found, dict) else {}


def _exportable(workshop_id: str) -> sa.Select[Any]:
    not_shown = assessments.c.spotlight.is_not(True)
    return _finished(workshop_id, [assessments.c.answers]).where(not_shown).order_by(None)


def _refuse_if_not_exportable(conn: Connection, workshop_id: str, at: datetime) -> None:
    live = sa.and_(workshops.c.id == workshop_id, workshops.c.expires_at > at)
    revealed = conn.execute(sa.select(workshops.c.revealed).where(live)).scalar()
    if revealed is None:
        raise ExportRefused(N_("This workshop has ended, so its answers are gone."))
    if not revealed:
        raise ExportRefused(N_("The answers can be downloaded after you reveal the results."))
    count = sa.select(sa.func.count()).select_from(_exportable(workshop_id).subquery())
    if int(conn.execute(count).scalar_one()) < MIN_FOR_AGGREGATE:
        raise ExportRefused(
            N_(
                "The answers can be downloaded once at least {least} people have finished "
                "(people who allowed the spotlight are never in the download)."
            ),
            least=MIN_FOR_AGGREGATE,
        )


def _finished(workshop_id: str, columns: Sequence[sa.Column[Any]]) -> sa.Select[Any]:
    """``columns`` of the room's participants who have finished, in joining order."""
    done = sa.select(part_scores.c.token).where(part_scores.c.workshop_id == workshop_id)
    return (
        sa.select(*columns)
        .where(assessments.c.workshop_id == workshop_id, assessments.c.token.in_(done))
        .order_by(assessments.c.created_at)
    )


def _completed(conn: Connection, workshop_id: str) -> int:
    query = sa.select(sa.func.count(sa.distinct(part_scores.c.token))).where(
        part_scores.c.workshop_id == workshop_id
    )
    return int(conn.execute(query).scalar_one())


def _quartile_rows(conn: Connection, workshop_id: str) -> dict[str, dict[int, float]]:
    """Only the few ranked scores each quartile needs, found by window functions."""
    score = part_scores.c.score
    ranked = (
        sa.select(
            part_scores.c.part_id,
            score,
            sa.func.row_number()
            .over(partition_by=part_scores.c.part_id, order_by=score)
            .label("rank"),
            sa.func.count().over(partition_by=part_scores.c.part_id).label("n"),
        )
        .where(part_scores.c.workshop_id == workshop_id, score.is_not(None))
        .subquery()
    )
    # A quartile lies between its rank_below and the next rank.
    wanted = sa.or_(
        *(
            ranked.c.rank == rank_below(ranked.c.n, quarter) + step
            for quarter in _QUARTERS
            for step in (0, 1)
        )
    )
    found: dict[str, dict[int, float]] = {}
    for part_id, value, rank, _ in conn.execute(sa.select(ranked).where(wanted)):
        found.setdefault(part_id, {})[int(rank)] = float(value)
    return found


def _part(part_id: str, row: Any, ranked: dict[str, dict[int, float]]) -> PartSummary:
    if row is None or not row[1]:
        return PartSummary(part_id, 0, None, None, None, dict.fromkeys(Band, 0))
    count, mean = int(row[1]), float(row[2])
    by_rank = ranked.get(part_id, {})
    q1, q3 = (quartile(count, quarter, by_rank) for quarter in _QUARTERS)
    people = {band: int(n) for band, n in zip(Band, row[3:], strict=True)}
    return PartSummary(part_id, count, shown(mean, 1), q1, q3, people)
