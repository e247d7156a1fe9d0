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

from networking_works.norms import version_key
from networking_works.progress import Stage
from networking_works.quotas import Quota
from networking_works.schema import assessments
from networking_works.settings import DEFAULTS
from networking_works.store import journal_rows, norms
from networking_works.store.completion import finishing, replace_completion
from networking_works.store.database import Database
from networking_works.store.limits import attempt_in, take_turn
from networking_works.store.refusals import AssessmentGone, StaleAssessment
from networking_works.tokens import new_token, plausible_token

DEFAULT_UNFINISHED_TTL = DEFAULTS.duration("NW_UNFINISHED_DAYS")
DEFAULT_JOURNAL_TTL = DEFAULTS.duration("NW_JOURNAL_DAYS")

# Built once: every rerun reads the assessment and every step saves it, and building
# the statement took longer than running it on SQLite (258 us against 94 us a read).
_ASSESSMENT = sa.select(assessments).where(
    assessments.c.token == sa.bindparam("token"), assessments.c.expires_at > sa.bindparam("now")
)
# A save changes the row only if it is still alive, not removed from its room by the
# speaker, and still at the version the person's screen was built from; a workshop
# participant's row keeps its room's end.
_SAVE_PROGRESS = (
    sa.update(assessments)
    .where(
        assessments.c.token == sa.bindparam("b_token"),
        assessments.c.version == sa.bindparam("b_version"),
        assessments.c.expires_at > sa.bindparam("b_now"),
        assessments.c.removed.is_(False),
    )
    .values(
        version=assessments.c.version + 1,
        expires_at=sa.case(
            (
                assessments.c.workshop_id.is_(None),
                sa.bindparam("b_expires", type_=assessments.c.expires_at.type),
            ),
            else_=assessments.c.expires_at,
        ),
    )
)


@dataclass(frozen=True)
class Counted:
    """A completion the person lets count in the anonymous norms, for this bank version."""

    bank_version: str
    # Who finished (limits.client_key): a solo result counts only within the client's
    # daily quota (quotas.counted_per_day), so a script cannot shift the norms. None:
    # a client that is not told apart (the command line, tests) counts as before.
    client: str | None = None


@dataclass(frozen=True)
class Assessment:
    token: str
    bank_id: str
    stage: Stage
    step: int
    answers: dict[str, int]
    workshop_id: str | None = None
    version: int = 0  # what a save of this assessment must name
    removed: bool = False  # taken out of their workshop by the speaker
    journal_id: str | None = None  # a journal's retake: the journal's id


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
        "version": 0,
    }


class Assessments:
    def __init__(
        self,
        database: Database,
        ttl: timedelta = DEFAULT_UNFINISHED_TTL,
        housekeeping: Callable[[], object] = lambda: None,
        journal_ttl: timedelta = DEFAULT_JOURNAL_TTL,
        counted_quota: Quota | None = None,
    ) -> None:
        """``ttl``: how long an untouched assessment lives; ``housekeeping``: run on start;
        ``journal_ttl``: how long a journal lives after a finished retake adds to it;
        ``counted_quota``: solo results one client adds to the norms (None: no quota)."""
        self._db = database
        self.counted_quota = counted_quota
        self.ttl = ttl
        self._housekeeping = housekeeping
        self.journal_ttl = journal_ttl

    def start(self, bank_id: str) -> str:
        self._housekeeping()
        token, stamp = new_token(), self._db.now()
        with self._db.write() as conn:
            conn.execute(
                sa.insert(assessments).values(new_row(token, bank_id, stamp, stamp + self.ttl))
            )
        return token

    def get(self, token: object) -> Assessment | None:
        if not plausible_token(token):
            return None
        with self._db.read() as conn:
            row = conn.execute(_ASSESSMENT, {"token": token, "now": self._db.now()}).first()
        if row is None:
            return None
        stage, step = _position(row.stage, row.step)
        answers = answers_from_json(row.answers)
        return Assessment(
            row.token,
            row.bank_id,
            stage,
            step,
            answers,
            row.workshop_id,
            row.version,
            bool(row.removed),
            row.journal_id,
        )

    def save(
        self,
        token: str,
        stage: Stage,
        step: int,
        answers: Mapping[str, int] | None = None,
        *,
        version: int,
    ) -> int:
        """Keep the position (and the answers, unless None) of the assessment read at
        ``version``; returns the new version. Extends a solo assessment's life.

        Raises ``AssessmentGone`` (unknown, expired, deleted: never revived) or
        ``StaleAssessment`` (saved elsewhere since ``version``), changing nothing.
        """
        with self._db.write() as conn:
            _save(conn, self._progress(token, stage, step, answers, version))
        return version + 1

    def finish(
        self,
        token: str,
        answers: Mapping[str, int],
        scores: Mapping[str, float | None],
        profiles: Sequence[str],
        *,
        version: int,
        counted: Counted | None = None,
        entry: Mapping[str, Any] | None = None,
    ) -> None:
        """Mark the assessment done and count it in its workshop's room, all or nothing.

        ``counted``: the person lets their part scores count in the anonymous norms. A
        solo assessment adds them now, on its first completion only; a workshop
        participant's are marked and added when the room ends (not if the speaker
        removed them or deleted the room, nor for a practice room). ``entry`` (the result
        as shown) goes into the assessment's journal, if it is a journal's retake and the
        journal is live. All in the same transaction.

        Raises as ``save`` does, and ``AssessmentGone`` when the room has ended: then
        nothing at all is written.
        """
        version_counted = None if counted is None else version_key(counted.bank_version)
        with self._db.write() as conn:
            stamp = self._db.now()
            found = finishing(conn, token, stamp)
            _save(conn, self._progress(token, Stage.DONE, 0, answers, version))
            if found.workshop_id is not None:
                replace_completion(
                    conn,
                    token,
                    found.workshop_id,
                    scores,
                    profiles,
                    version_counted,
                    first=found.stage != Stage.DONE.value,
                )
            if found.stage == Stage.DONE.value:
                return  # counted and kept the first time
            if (
                counted is not None
                and found.workshop_id is None
                and self._may_count(conn, counted, stamp)
            ):
                norms.count_in(conn, found.bank_id, counted.bank_version, stamp, scores)
            if entry is not None and found.journal_id is not None:
                journal_rows.add_entry(
                    conn, found.journal_id, token, entry, stamp, self.journal_ttl
                )

    def _may_count(self, conn: Connection, counted: Counted, stamp: datetime) -> bool:
        """Whether this solo result is within its client's quota of counted results
        (then it is recorded as counted, in this transaction)."""
        quota = self.counted_quota
        if quota is None or counted.client is None:
            return True
        take_turn(conn, quota.kind)
        refused = attempt_in(conn, quota.kind, counted.client, stamp, quota.window, quota.refusal)
        return refused is None

    def forget(self, token: str) -> None:
        with self._db.erase() as conn:
            conn.execute(sa.delete(assessments).where(assessments.c.token == token))

    def purge_expired(self) -> int:
        with self._db.erase() as conn:
            return delete_expired(conn, self._db.now())

    def _progress(
        self,
        token: str,
        stage: Stage,
        step: int,
        answers: Mapping[str, int] | None,
        version: int,
    ) -> dict[str, Any]:
        stamp = self._db.now()
        values: dict[str, Any] = {
            "b_token": token,
            "b_version": version,
            "b_now": stamp,
            "b_expires": stamp + self.ttl,
            "stage": stage.value,
            "step": step,
        }
        if answers is not None:
            values["answers"] = json.dumps(dict(answers), sort_keys=True)
        return values  # _SAVE_PROGRESS also sets the columns named here


def delete_expired(conn: Connection, at: datetime) -> int:
    """Delete the assessments that expired by ``at``; how many."""
    return conn.execute(sa.delete(assessments).where(assessments.c.expires_at <= at)).rowcount


def _save(conn: Connection, values: dict[str, Any]) -> None:
    if conn.execute(_SAVE_PROGRESS, values).rowcount == 1:
        return
    found = conn.execute(
        sa.select(assessments.c.removed).where(
            assessments.c.token == values["b_token"],
            assessments.c.expires_at > values["b_now"],
        )
    ).first()
    raise AssessmentGone() if found is None or found.removed else StaleAssessment()


def _position(stage: str, step: int) -> tuple[Stage, int]:
    # Only this code writes the stage; an unknown one reads as the start, as in progress.py.
    try:
        return Stage(stage), step
    except ValueError:
        return Stage.DEFINITION, 0


def answers_from_json(text: str) -> dict[str, int]:
    """Stored answers; damaged text reads as no answers."""
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
