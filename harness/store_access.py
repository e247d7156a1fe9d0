"""Every call into ``networking_works.store`` made by the harness, bench/ and its tests.

When the store's API changes, this one module changes and the load generator, the
benchmarks and the scale-out test follow. Nothing outside it opens a ``Store`` or names
one of its methods; direct reads of the schema's tables (for checks that must not trust
the store's own queries) are here too.

``check_room`` is the load generator's database check: exactly N joined and N
completed, each participant's stored answers equal to the ones sent, one set of part
scores each, and no completed response that nobody sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from networking_works.norms import Distribution
from networking_works.progress import Stage
from networking_works.report import ReportError, report_from_dict
from networking_works.schema import assessments, norms, part_scores, results, workshops
from networking_works.scoring import VALID_ANSWERS
from networking_works.store import Counted, Store, default_url
from networking_works.store.recent_view import PARTICIPANT_VIEW_MAX_AGE_S
from networking_works.store.results import SHARE_LIFETIMES
from networking_works.workshop import MAX_CAP, MAX_NICKNAME, MAX_TITLE

# How old a room may look on a participant's phone: a change made through another
# process (or this module) shows there within this many seconds.
VIEW_MAX_AGE_S = PARTICIPANT_VIEW_MAX_AGE_S


@dataclass(frozen=True)
class Room:
    workshop_id: str
    code: str
    secret: str  # the facilitator's, for the remote's link


@dataclass(frozen=True)
class StoredAssessment:
    token: str
    workshop_id: str | None
    nickname: str | None
    stage: str


def data_dir_url(data_dir: str | Path) -> str:
    """The database URL of a server started with this NW_DATA_DIR and no DATABASE_URL."""
    return default_url(data_dir)


@contextmanager
def store_access(database_url: str) -> Iterator[StoreAccess]:
    """The app's store at ``database_url``, its connections closed when the block ends."""
    store = Store(database_url)
    try:
        yield StoreAccess(store)
    finally:
        store.database.dispose()


class StoreAccess:
    """What the harness, bench/ and its tests ask of the app's store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # -- rooms ---------------------------------------------------------------------

    def create_room(self, title: str, bank_id: str, speaker_paced: bool, cap: int | None) -> Room:
        workshop, secret = self._store.workshops.create(title, bank_id, speaker_paced, cap)
        return Room(workshop.id, workshop.code, secret)

    def room_id(self, code: str) -> str | None:
        """The id of the live room with this join code, if any."""
        found = self._store.workshops.by_code(code)
        return None if found is None else found.id

    def reveal(self, workshop_id: str) -> None:
        self._store.workshops.update(workshop_id, revealed=True)

    def open_parts(self, workshop_id: str, count: int) -> None:
        """As the remote's "open the next part": the first ``count`` parts are open."""
        self._store.workshops.update(workshop_id, open_parts=count)

    def counts(self, workshop_id: str) -> tuple[int, int]:
        """(joined, completed), as the remote shows them."""
        return self._store.room_stats.counts(workshop_id)

    def part_score_counts(self, workshop_id: str) -> dict[str, int]:
        """Token -> how many part scores the room holds for it (one per part when complete)."""
        query = (
            sa.select(part_scores.c.token, sa.func.count())
            .where(part_scores.c.workshop_id == workshop_id)
            .group_by(part_scores.c.token)
        )
        with self._store.database.read() as conn:
            return {token: count for token, count in conn.execute(query)}

    # -- people --------------------------------------------------------------------

    def stored_answers(self, token: str) -> tuple[str, dict[str, int]] | None:
        """(stage, answers) of an assessment, None if there is none."""
        found = self._store.assessments.get(token)
        return None if found is None else (found.stage, dict(found.answers))

    def participant_scores(self, token: str) -> dict[str, float | None]:
        return self._store.room_stats.participant_scores(token)

    def all_assessments(self) -> list[StoredAssessment]:
        """Every assessment in the database, whichever room (or none) it belongs to."""
        columns = (assessments.c.token, assessments.c.workshop_id)
        query = sa.select(*columns, assessments.c.nickname, assessments.c.stage)
        with self._store.database.read() as conn:
            return [StoredAssessment(*row) for row in conn.execute(query)]

    def out_of_limits(self) -> list[str]:
        """Stored values outside what the pages offer, read from the tables themselves."""
        found: list[str] = []
        with self._store.database.read() as conn:
            for token, nickname, answers in conn.execute(
                sa.select(assessments.c.token, assessments.c.nickname, assessments.c.answers)
            ):
                if len(nickname or "") > MAX_NICKNAME:
                    found.append(f"nickname of {len(nickname)} characters ({token[:6]}…)")
                if any(
                    v not in VALID_ANSWERS or type(v) is not int
                    for v in json.loads(answers).values()
                ):
                    found.append(f"answers outside the scale: {answers[:200]}")
            for title, cap, paced in conn.execute(
                sa.select(workshops.c.title, workshops.c.cap, workshops.c.speaker_paced)
            ):
                if len(title) > MAX_TITLE or not title.strip():
                    found.append(f"room title of {len(title)} characters")
                if cap is not None and not 1 <= cap <= MAX_CAP:
                    found.append(f"room cap {cap}")
                if not isinstance(paced, bool):
                    found.append(f"room pacing {paced!r}")
            for payload, created, expires in conn.execute(
                sa.select(results.c.payload, results.c.created_at, results.c.expires_at)
            ):
                if expires - created not in SHARE_LIFETIMES:
                    found.append(f"shared result living {expires - created}")
                try:
                    report_from_dict(json.loads(payload))
                except ReportError as problem:
                    found.append(f"shared result that cannot be shown: {problem}")
        return found

    def start_assessments(self, bank_id: str, answers: Mapping[str, int]) -> dict[str, str]:
        """One assessment at each stage, for benchmarks of each page: stage -> token."""
        definition, questions, done = (self._store.assessments.start(bank_id) for _ in "123")
        self._store.assessments.save(questions, Stage.QUESTIONS, 0, version=0)
        self._store.assessments.save(done, Stage.DONE, 0, dict(answers), version=0)
        return {"definition": definition, "questions": questions, "results": done}


class NormsAccess:
    """What bench/norms_cost.py asks of the store's anonymous norms."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def load(
        self, bank_id: str, version: str, counts: Mapping[tuple[str, str, float], int]
    ) -> None:
        self._store.norms.load(bank_id, version, counts)

    def fresh(self, bank_id: str, version: str) -> dict[str, Distribution]:
        """The norms query itself, never cached."""
        return self._store.norms.fresh_distributions(bank_id, version)

    def cached(self, bank_id: str, version: str) -> dict[str, Distribution]:
        """As a results page reads them: reused for NORMS_MAX_AGE_S."""
        return self._store.norms.distributions(bank_id, version)

    def finish(self, bank_id: str, scores: Mapping[str, float | None], version: str | None) -> None:
        """A new solo assessment finished with ``scores``; counted when ``version`` is given."""
        token = self._store.assessments.start(bank_id)
        counted = None if version is None else Counted(version)
        self._store.assessments.finish(token, {}, dict(scores), [], version=0, counted=counted)

    def rows(self) -> int:
        with self._store.database.read() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(norms)).scalar_one())


@contextmanager
def norms_access(database_url: str) -> Iterator[NormsAccess]:
    store = Store(database_url)
    try:
        yield NormsAccess(store)
    finally:
        store.database.dispose()


def check_room(
    access: StoreAccess, room: Room, parts: int, sent: Sequence[tuple[str, dict[str, int]]]
) -> list[str]:
    """What is wrong in the store after a load run (empty: one response per person).

    ``sent`` holds each participant's (token, answers sent); "" for one who got no token.
    """
    problems: list[str] = []
    n = len(sent)
    counts = access.counts(room.workshop_id)
    if counts != (n, n):
        problems.append(f"room_counts {counts} != ({n}, {n})")
    scored = access.part_score_counts(room.workshop_id)
    doubled = {t: c for t, c in scored.items() if c != parts}
    if doubled:
        problems.append(f"{len(doubled)} participants without exactly {parts} part scores")
    tokens = {token for token, _ in sent if token}
    if len(tokens) != sum(bool(token) for token, _ in sent):
        problems.append("two participants got the same token")
    if set(scored) - tokens:
        problems.append(f"{len(set(scored) - tokens)} completed responses nobody sent")
    wrong = sum(
        (access.stored_answers(token) if token else None) != ("done", answers)
        for token, answers in sent
    )
    if wrong:
        problems.append(f"{wrong} participants' stored answers differ from what they sent")
    return problems
