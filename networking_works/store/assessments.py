"""Assessments in progress: where each person is, their answers, and finishing them.

The browser holds only the token in its URL; everything else is here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from networking_works.progress import Stage
from networking_works.schema import assessments, part_scores, profile_matches
from networking_works.store.database import Database
from networking_works.tokens import new_token, now, plausible_token

DEFAULT_UNFINISHED_TTL = timedelta(days=7)
PURGE_EVERY = timedelta(hours=1)

# Built once: every rerun reads the assessment and every step saves it, and building
# the statement took longer than running it on SQLite (258 us against 94 us a read).
_ASSESSMENT = sa.select(assessments).where(
    assessments.c.token == sa.bindparam("token"), assessments.c.expires_at > sa.bindparam("now")
)
_SAVE_PROGRESS = sa.update(assessments).where(assessments.c.token == sa.bindparam("b_token"))


@dataclass(frozen=True)
class Assessment:
    token: str
    bank_id: str
    stage: Stage
    step: int
    answers: dict[str, int]
    workshop_id: str | None = None
    removed: bool = False  # taken out of their workshop by the speaker


def new_row(token: str, bank_id: str, created: datetime, expires: datetime) -> dict[str, Any]:
    """The values of a fresh assessment at the start of the walk-through."""
    return {
        "token": token,
        "bank_id": bank_id,
        "stage": Stage.DEFINITION.value,
        "step": 0,
        "answers": "{}",
        "created_at": created,
        "expires_at": expires,
    }


class Assessments:
    def __init__(
        self,
        database: Database,
        ttl: timedelta = DEFAULT_UNFINISHED_TTL,
        purge_also: Sequence[Callable[[], int]] = (),
    ) -> None:
        """``ttl``: how long an untouched assessment lives; ``purge_also``: more hourly purges."""
        self._db = database
        self.ttl = ttl
        self._purge_also = purge_also
        self._next_purge = now()

    def start(self, bank_id: str) -> str:
        token = new_token()
        stamp = now()
        if stamp >= self._next_purge:
            # Expired rows are already invisible; this only reclaims their space.
            self._next_purge = stamp + PURGE_EVERY
            self.purge_expired()
            for purge in self._purge_also:
                purge()
        with self._db.write() as conn:
            conn.execute(
                sa.insert(assessments).values(new_row(token, bank_id, stamp, stamp + self.ttl))
            )
        return token

    def get(self, token: object) -> Assessment | None:
        if not plausible_token(token):
            return None
        with self._db.read() as conn:
            row = conn.execute(_ASSESSMENT, {"token": token, "now": now()}).first()
        if row is None:
            return None
        stage, step = _position(row.stage, row.step)
        return Assessment(
            row.token,
            row.bank_id,
            stage,
            step,
            _answers(row.answers),
            row.workshop_id,
            bool(row.removed),
        )

    def save(
        self, token: str, stage: Stage, step: int, answers: Mapping[str, int] | None = None
    ) -> None:
        """Keep the position (and the answers, unless None); extends the assessment's life."""
        with self._db.write() as conn:
            conn.execute(_SAVE_PROGRESS, self._progress(token, stage, step, answers))

    def finish(
        self,
        token: str,
        answers: Mapping[str, int],
        scores: Mapping[str, float | None],
        profiles: Sequence[str],
    ) -> None:
        """Mark the assessment done and count it in its workshop's room, all or nothing.

        Finishing twice replaces the room's record of the first time: it counts once.
        """
        with self._db.write() as conn:
            # Two tabs finishing at once: the row lock makes the second replace the first
            # on PostgreSQL instead of failing on the primary key (SQLite is serialized).
            workshop_id = conn.execute(
                sa.select(assessments.c.workshop_id)
                .where(assessments.c.token == token)
                .with_for_update()
            ).scalar()
            conn.execute(_SAVE_PROGRESS, self._progress(token, Stage.DONE, 0, answers))
            if workshop_id is not None:
                _replace_completion(conn, token, workshop_id, scores, profiles)

    def forget(self, token: str) -> None:
        with self._db.write() as conn:
            conn.execute(sa.delete(assessments).where(assessments.c.token == token))

    def purge_expired(self) -> int:
        with self._db.write() as conn:
            gone = conn.execute(sa.delete(assessments).where(assessments.c.expires_at <= now()))
        return gone.rowcount

    def _progress(
        self, token: str, stage: Stage, step: int, answers: Mapping[str, int] | None
    ) -> dict[str, Any]:
        values: dict[str, Any] = {
            "b_token": token,
            "stage": stage.value,
            "step": step,
            "expires_at": now() + self.ttl,
        }
        if answers is not None:
            values["answers"] = json.dumps(dict(answers), sort_keys=True)
        return values  # _SAVE_PROGRESS sets the columns named here


def _replace_completion(
    conn: Connection,
    token: str,
    workshop_id: str,
    scores: Mapping[str, float | None],
    profiles: Sequence[str],
) -> None:
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


def _position(stage: str, step: int) -> tuple[Stage, int]:
    # Only this code writes the stage; an unknown one reads as the start, as in progress.py.
    try:
        return Stage(stage), step
    except ValueError:
        return Stage.DEFINITION, 0


def _answers(text: str) -> dict[str, int]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
