"""Workshop queries of the store: rooms, participants and the room's aggregates.

Every query filters by the workshop id, so rooms on one server never mix.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from networking_works import tokens
from networking_works.bands import Band
from networking_works.recent import Recent
from networking_works.schema import assessments, part_scores, profile_matches, workshops
from networking_works.workshop import (
    FIRST_QUARTILE,
    THIRD_QUARTILE,
    PartSummary,
    RoomSummary,
    new_codename,
    new_join_code,
    quartile,
    rank_below,
    room_summary,
)

DEFAULT_WORKSHOP_TTL = timedelta(hours=24)
_UPDATABLE = {"revealed", "accepting", "open_parts", "spotlight_token"}


@dataclass(frozen=True)
class Workshop:
    id: str
    code: str
    title: str
    bank_id: str
    speaker_paced: bool
    open_parts: int
    cap: int | None
    revealed: bool
    accepting: bool
    spotlight_token: str | None
    expires_at: datetime


@dataclass(frozen=True)
class Participant:
    token: str
    codename: str
    nickname: str
    spotlight: bool


class JoinRefused(Exception):
    """Why a person cannot join: the message is shown to them as it is."""


# Built once (polled by every phone in a room); see store._ASSESSMENT.
_WORKSHOP_BY = {
    column: sa.select(workshops).where(
        workshops.c[column] == sa.bindparam("value"),
        workshops.c.expires_at > sa.bindparam("now"),
    )
    for column in ("id", "code")
}
_PARTICIPANT = sa.select(
    assessments.c.token, assessments.c.codename, assessments.c.nickname, assessments.c.spotlight
).where(assessments.c.token == sa.bindparam("token"), assessments.c.workshop_id.is_not(None))


class RoomQueries:
    engine: Engine
    unfinished_ttl: timedelta
    workshop_ttl: timedelta
    recent: Recent

    def _write(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def _snapshot(self) -> Connection:
        """A connection whose statements all see one snapshot, for reads that must agree.

        PostgreSQL's default (read committed) takes a new snapshot per statement, so counts
        and ranks read while people finish disagreed (a KeyError on the dashboard, found by
        bench/loadgen.py). SQLite's transaction already reads one snapshot in WAL mode.
        """
        conn = self.engine.connect()
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        return conn

    def create_workshop(
        self, title: str, bank_id: str, speaker_paced: bool, cap: int | None
    ) -> tuple[Workshop, str]:
        """A new room; returns it with the facilitator secret (only its hash is kept)."""
        secret = tokens.new_token()
        stamp = tokens.now()
        for _ in range(20):
            values: dict[str, Any] = {
                "id": tokens.new_token(),
                "code": new_join_code(),
                "title": title,
                "bank_id": bank_id,
                "speaker_paced": speaker_paced,
                "open_parts": 1 if speaker_paced else 0,
                "cap": cap,
                "secret_hash": tokens.hash_secret(secret),
                "revealed": False,
                "accepting": True,
                "spotlight_token": None,
                "created_at": stamp,
                "expires_at": stamp + self.workshop_ttl,
            }
            try:
                with self._write() as conn:
                    conn.execute(sa.insert(workshops).values(**values))
            except IntegrityError:
                continue  # a live room already has this code
            fields = {f: values[f] for f in Workshop.__dataclass_fields__}
            return Workshop(**fields), secret
        raise RuntimeError("could not find a free join code")

    def _find_workshop(self, by: str, value: object) -> Workshop | None:
        with self.engine.connect() as conn:
            row = conn.execute(_WORKSHOP_BY[by], {"value": value, "now": tokens.now()}).first()
        if row is None:
            return None
        return Workshop(**{f: getattr(row, f) for f in Workshop.__dataclass_fields__})

    def workshop(self, workshop_id: object) -> Workshop | None:
        if not tokens.plausible_token(workshop_id):
            return None
        return self._find_workshop("id", workshop_id)

    def recent_workshop(self, workshop_id: object) -> Workshop | None:
        """The room as a participant's phone sees it: at most ``recent.max_age`` old."""
        return self.recent.get((workshop_id, "room"), lambda: self.workshop(workshop_id))

    def recent_room_counts(self, workshop_id: str) -> tuple[int, int]:
        """(joined, completed) as participants see them: at most ``recent.max_age`` old."""
        return self.recent.get((workshop_id, "counts"), lambda: self.room_counts(workshop_id))

    def recent_room_summary(self, workshop_id: str, part_ids: Sequence[str]) -> RoomSummary:
        """The summary on participants' results pages, at most ``recent.max_age`` old."""
        return self.recent.get(
            (workshop_id, "summary", tuple(part_ids)),
            lambda: self.room_summary(workshop_id, part_ids),
        )

    def workshop_by_code(self, code: str) -> Workshop | None:
        return self._find_workshop("code", code)

    def facilitated_workshop(self, workshop_id: object, secret: object) -> Workshop | None:
        """The room, only for the holder of its facilitator secret."""
        if not (tokens.plausible_token(workshop_id) and tokens.plausible_token(secret)):
            return None
        with self.engine.connect() as conn:
            stored = conn.execute(
                sa.select(workshops.c.secret_hash).where(workshops.c.id == workshop_id)
            ).scalar()
        if stored is None or not tokens.secret_matches(str(secret), stored):
            return None
        return self.workshop(workshop_id)

    def update_workshop(self, workshop_id: str, **changes: Any) -> None:
        if not changes.keys() <= _UPDATABLE:
            raise ValueError(f"cannot change {sorted(changes.keys() - _UPDATABLE)}")
        with self._write() as conn:
            conn.execute(
                sa.update(workshops).where(workshops.c.id == workshop_id).values(**changes)
            )
        self.recent.forget(workshop_id)

    def delete_workshop(self, workshop_id: str) -> None:
        with self._write() as conn:
            _delete_rooms(conn, [workshop_id])
        self.recent.forget(workshop_id)

    def purge_expired_workshops(self) -> int:
        with self._write() as conn:
            expired = sa.select(workshops.c.id).where(workshops.c.expires_at <= tokens.now())
            ids = list(conn.execute(expired).scalars())
            _delete_rooms(conn, ids)
        return len(ids)

    def join_workshop(self, workshop_id: str, nickname: str) -> str:
        """A participant's assessment token; raises ``JoinRefused`` with a reason."""
        token, stamp = tokens.new_token(), tokens.now()
        with self._write() as conn:
            # FOR UPDATE serializes joins to one room on PostgreSQL, so the cap holds
            # when a whole room scans the QR code at once (SQLite's BEGIN IMMEDIATE does).
            room = conn.execute(
                sa.select(workshops)
                .where(workshops.c.id == workshop_id, workshops.c.expires_at > stamp)
                .with_for_update()
            ).first()
            if room is None:
                raise JoinRefused("This workshop has ended or does not exist.")
            if not room.accepting:
                raise JoinRefused("The speaker has closed this workshop for now.")
            if room.cap is not None and self._joined(conn, workshop_id) >= room.cap:
                raise JoinRefused("This workshop is full.")
            conn.execute(
                sa.insert(assessments).values(
                    token=token,
                    bank_id=room.bank_id,
                    stage="definition",
                    step=0,
                    answers="{}",
                    created_at=stamp,
                    expires_at=room.expires_at,
                    workshop_id=workshop_id,
                    codename=new_codename(),
                    nickname=nickname,
                    spotlight=False,
                )
            )
        return token

    @staticmethod
    def _joined(conn: Connection, workshop_id: str) -> int:
        query = sa.select(sa.func.count()).where(assessments.c.workshop_id == workshop_id)
        return int(conn.execute(query).scalar_one())

    def participant(self, token: object) -> Participant | None:
        if not tokens.plausible_token(token):
            return None
        with self.engine.connect() as conn:
            row = conn.execute(_PARTICIPANT, {"token": token}).first()
        if row is None:
            return None
        return Participant(row.token, row.codename or "", row.nickname or "", bool(row.spotlight))

    def set_spotlight(self, token: str, allowed: bool) -> None:
        with self._write() as conn:
            conn.execute(
                sa.update(assessments).where(assessments.c.token == token).values(spotlight=allowed)
            )

    def record_completion(
        self,
        token: str,
        workshop_id: str,
        scores: dict[str, float | None],
        profiles: Sequence[str],
    ) -> None:
        """Count a finished participant in the room; submitting twice counts once."""
        with self._write() as conn:
            # Two tabs finishing at once: the row lock makes the second replace the first
            # on PostgreSQL instead of failing on the primary key (SQLite is serialized).
            conn.execute(
                sa.select(assessments.c.token).where(assessments.c.token == token).with_for_update()
            )
            for table in (part_scores, profile_matches):
                conn.execute(sa.delete(table).where(table.c.token == token))
            conn.execute(
                sa.insert(part_scores),
                [
                    {"token": token, "part_id": pid, "workshop_id": workshop_id, "score": score}
                    for pid, score in scores.items()
                ],
            )
            if profiles:
                conn.execute(
                    sa.insert(profile_matches),
                    [{"token": token, "profile": p, "workshop_id": workshop_id} for p in profiles],
                )

    def room_counts(self, workshop_id: str) -> tuple[int, int]:
        """(joined, completed)."""
        completed = sa.select(sa.func.count(sa.distinct(part_scores.c.token))).where(
            part_scores.c.workshop_id == workshop_id
        )
        with self._snapshot() as conn:
            joined = self._joined(conn, workshop_id)
            done = int(conn.execute(completed).scalar_one())
        return joined, done

    def room_summary(self, workshop_id: str, part_ids: Sequence[str]) -> RoomSummary:
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
        with self._snapshot() as conn:
            rows = {r[0]: r for r in conn.execute(per_part)}
            ranked = self._quartile_rows(conn, workshop_id)
            completed = int(
                conn.execute(
                    sa.select(sa.func.count(sa.distinct(part_scores.c.token))).where(
                        part_scores.c.workshop_id == workshop_id
                    )
                ).scalar_one()
            )
        return room_summary(completed, [_part(pid, rows.get(pid), ranked) for pid in part_ids])

    @staticmethod
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
        wanted = sa.or_(
            *(
                ranked.c.rank == rank_below(ranked.c.n, quarter) + step
                for quarter in (FIRST_QUARTILE, THIRD_QUARTILE)
                for step in (0, 1)
            )
        )
        found: dict[str, dict[int, float]] = {}
        for part_id, value, rank, _ in conn.execute(sa.select(ranked).where(wanted)):
            found.setdefault(part_id, {})[int(rank)] = float(value)
        return found

    def room_profiles(self, workshop_id: str) -> list[tuple[str, int]]:
        query = (
            sa.select(profile_matches.c.profile, sa.func.count())
            .where(profile_matches.c.workshop_id == workshop_id)
            .group_by(profile_matches.c.profile)
            .order_by(sa.func.count().desc(), profile_matches.c.profile)
        )
        with self.engine.connect() as conn:
            return [(name, int(count)) for name, count in conn.execute(query)]

    def spotlight_volunteers(self, workshop_id: str) -> list[Participant]:
        done = sa.select(part_scores.c.token).where(part_scores.c.workshop_id == workshop_id)
        query = (
            sa.select(assessments.c.token, assessments.c.codename, assessments.c.nickname)
            .where(
                assessments.c.workshop_id == workshop_id,
                assessments.c.spotlight.is_(True),
                assessments.c.token.in_(done),
            )
            .order_by(assessments.c.created_at)
        )
        with self.engine.connect() as conn:
            return [Participant(t, c or "", n or "", True) for t, c, n in conn.execute(query)]

    def participant_scores(self, token: str) -> dict[str, float | None]:
        query = sa.select(part_scores.c.part_id, part_scores.c.score).where(
            part_scores.c.token == token
        )
        with self.engine.connect() as conn:
            return {part_id: score for part_id, score in conn.execute(query)}

    def room_answers(self, workshop_id: str) -> Iterator[dict[str, int]]:
        """Every completed participant's answers, without names or tokens."""
        done = sa.select(part_scores.c.token).where(part_scores.c.workshop_id == workshop_id)
        query = (
            sa.select(assessments.c.answers)
            .where(assessments.c.workshop_id == workshop_id, assessments.c.token.in_(done))
            .order_by(assessments.c.created_at)
        )
        with self.engine.connect() as conn:
            for (answers,) in conn.execute(query):
                yield json.loads(answers)


def _part(part_id: str, row: Any, ranked: dict[str, dict[int, float]]) -> PartSummary:
    if row is None or not row[1]:
        return PartSummary(part_id, 0, None, None, None, dict.fromkeys(Band, 0))
    count, mean = int(row[1]), float(row[2])
    by_rank = ranked.get(part_id, {})
    return PartSummary(
        part_id,
        count,
        round(mean, 1),
        quartile(count, FIRST_QUARTILE, by_rank),
        quartile(count, THIRD_QUARTILE, by_rank),
        {band: int(people) for band, people in zip(Band, row[3:], strict=True)},
    )


def _delete_rooms(conn: Connection, workshop_ids: Sequence[str]) -> None:
    if not workshop_ids:
        return
    for table in (part_scores, profile_matches, assessments):
        conn.execute(sa.delete(table).where(table.c.workshop_id.in_(workshop_ids)))
    conn.execute(sa.delete(workshops).where(workshops.c.id.in_(workshop_ids)))
