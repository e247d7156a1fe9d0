"""Anonymous norms: counters that completions add to, and the figures read from them.

``nw_norms`` holds, per bank version, month, part and score, how many people scored
it: a completion that counts adds one to a counter per part (a participant's when
their room ends), and no row names a person. ``nw_room_norms`` holds each ended room's
sum and count per part under a random key, so a later room can be shown against past
rooms. SQL does the adding up; the answers are
reused for ``NORMS_MAX_AGE_S`` seconds, so a room of phones costs one query a minute.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from fractions import Fraction
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from networking_works.norms import (
    Distribution,
    RoomMean,
    distribution,
    first_kept_month,
    month_of,
    tenths,
    version_key,
)
from networking_works.recent import Recent
from networking_works.schema import norms, part_scores, room_norms, workshops
from networking_works.scoring import shown
from networking_works.store.database import Database
from networking_works.tokens import new_token
from networking_works.workshop import MIN_FOR_AGGREGATE

NORMS_MAX_AGE_S = 60.0  # how stale the figures shown may be; a new result shows within this


def count_in(
    conn: Connection,
    bank_id: str,
    bank_version: str,
    at: datetime,
    scores: Mapping[str, float | None],
) -> None:
    """Add one person's part scores to the counters (parts without a score are skipped)."""
    rows = [
        {
            "bank_id": bank_id,
            "bank_version": version_key(bank_version),
            "month": month_of(at),
            "part_id": part_id,
            "score_tenths": tenths(score),
            "people": 1,
        }
        for part_id, score in sorted(scores.items())  # one order: no deadlock between two
        if score is not None
    ]
    if rows:
        conn.execute(_add(conn, norms, norms.primary_key.columns, ("people",)), rows)


def _add(
    conn: Connection,
    table: sa.Table,
    key: Any,
    summed: tuple[str, ...],
    replaced: tuple[str, ...] = (),
) -> Any:
    """INSERT … ON CONFLICT (key) DO UPDATE adding ``summed``, on either database."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(table)
    changes: dict[str, Any] = {name: table.c[name] + insert.excluded[name] for name in summed}
    changes.update({name: insert.excluded[name] for name in replaced})
    return insert.on_conflict_do_update(index_elements=list(key), set_=changes)


def count_ended_rooms(conn: Connection, workshop_ids: Sequence[str], at: datetime) -> None:
    """Count the people of rooms ending now who let their scores count.

    Runs as the purge deletes the rooms: each participant still in the room (the speaker
    may have removed some) adds their part scores to the counters, and a room of at least
    MIN_FOR_AGGREGATE such people leaves its sums per part under a random key, for later
    rooms. A practice room (simulated people) counts nothing.
    """
    if not workshop_ids:
        return
    query = (
        sa.select(
            part_scores.c.workshop_id,
            part_scores.c.token,
            part_scores.c.part_id,
            part_scores.c.score,
            part_scores.c.counted_version,
            workshops.c.bank_id,
        )
        .join(workshops, workshops.c.id == part_scores.c.workshop_id)
        .where(
            part_scores.c.workshop_id.in_(workshop_ids),
            part_scores.c.counted_version.is_not(None),
            part_scores.c.score.is_not(None),
            workshops.c.practice.is_(False),
        )
    )
    month = month_of(at)
    people: Counter[tuple[str, str, str, int]] = Counter()
    rooms: dict[tuple[str, str, str], dict[str, list[int]]] = {}
    tokens: dict[tuple[str, str, str], set[str]] = {}
    for room, token, part_id, score, version, bank_id in conn.execute(query):
        people[(bank_id, version, part_id, tenths(score))] += 1
        key = (room, bank_id, version)
        rooms.setdefault(key, {}).setdefault(part_id, []).append(tenths(score))
        tokens.setdefault(key, set()).add(token)
    rows = [
        {
            "bank_id": bank_id,
            "bank_version": version,
            "month": month,
            "part_id": part_id,
            "score_tenths": score,
            "people": count,
        }
        for (bank_id, version, part_id, score), count in sorted(people.items())
    ]
    if rows:
        conn.execute(_add(conn, norms, norms.primary_key.columns, ("people",)), rows)
    sums: list[dict[str, object]] = []
    for (room, bank_id, version), parts in rooms.items():
        if len(tokens[(room, bank_id, version)]) < MIN_FOR_AGGREGATE:
            continue  # too few to stand for a room, and too few to stay anonymous
        shared = new_token()  # the room's rows share a key that nothing links to the room
        sums += [
            {
                "room_key": shared,
                "part_id": part_id,
                "bank_id": bank_id,
                "bank_version": version,
                "month": month,
                "people": len(scores),
                "total_tenths": sum(scores),
            }
            for part_id, scores in sorted(parts.items())
        ]
    if sums:
        conn.execute(sa.insert(room_norms), sums)


def delete_old(conn: Connection, at: datetime) -> int:
    """Delete the counters and room sums of months no longer kept; how many rows."""
    oldest = first_kept_month(at)
    gone = conn.execute(sa.delete(norms).where(norms.c.month < oldest)).rowcount
    return gone + conn.execute(sa.delete(room_norms).where(room_norms.c.month < oldest)).rowcount


def _distribution_query() -> sa.Select[Any]:
    """Per part and score: people, and people below (a running sum, in SQL)."""
    people = sa.func.sum(norms.c.people)
    below = (
        sa.func.sum(people).over(partition_by=norms.c.part_id, order_by=norms.c.score_tenths)
        - people
    )
    return (
        sa.select(norms.c.part_id, norms.c.score_tenths, people.label("people"), below)
        .where(
            norms.c.bank_id == sa.bindparam("bank_id"),
            norms.c.bank_version == sa.bindparam("bank_version"),
        )
        .group_by(norms.c.part_id, norms.c.score_tenths)
        .order_by(norms.c.part_id, norms.c.score_tenths)
    )


_DISTRIBUTION = _distribution_query()
_PAST_ROOMS = sa.select(
    room_norms.c.room_key, room_norms.c.part_id, room_norms.c.people, room_norms.c.total_tenths
).where(
    room_norms.c.bank_id == sa.bindparam("bank_id"),
    room_norms.c.bank_version == sa.bindparam("bank_version"),
)


class Norms:
    def __init__(self, database: Database, cache: Recent | None = None) -> None:
        self._db = database
        self.cache = cache or Recent(max_age=NORMS_MAX_AGE_S)

    def load(
        self, bank_id: str, bank_version: str, counts: Mapping[tuple[str, str, float], int]
    ) -> None:
        """Add people in bulk: (month, part id, score) -> people (for seeding benchmarks)."""
        rows = [
            {
                "bank_id": bank_id,
                "bank_version": version_key(bank_version),
                "month": month,
                "part_id": part_id,
                "score_tenths": tenths(score),
                "people": people,
            }
            for (month, part_id, score), people in sorted(counts.items())
        ]
        with self._db.write() as conn:
            if rows:
                conn.execute(_add(conn, norms, norms.primary_key.columns, ("people",)), rows)

    def distributions(self, bank_id: str, bank_version: str) -> dict[str, Distribution]:
        """Each part's distribution for the bank version, reused for a while."""
        key = ("people", bank_id, bank_version)
        return self.cache.get(key, lambda: self.fresh_distributions(bank_id, bank_version))

    def fresh_distributions(self, bank_id: str, bank_version: str) -> dict[str, Distribution]:
        """The same, read now (one query over at most months x scores rows per part)."""
        values = {"bank_id": bank_id, "bank_version": version_key(bank_version)}
        rows: dict[str, list[tuple[int, int, int]]] = {}
        with self._db.read() as conn:
            for part_id, score, people, below in conn.execute(_DISTRIBUTION, values):
                rows.setdefault(part_id, []).append((int(score), int(people), int(below)))
        return {part_id: distribution(found) for part_id, found in rows.items()}

    def past_rooms(self, bank_id: str, bank_version: str) -> list[RoomMean]:
        """The ended rooms of the bank version (each of at least MIN_FOR_AGGREGATE counted
        people), reused for a while."""
        key = ("rooms", bank_id, bank_version)
        return self.cache.get(key, lambda: self.fresh_past_rooms(bank_id, bank_version))

    def fresh_past_rooms(self, bank_id: str, bank_version: str) -> list[RoomMean]:
        values = {"bank_id": bank_id, "bank_version": version_key(bank_version)}
        rooms: dict[str, dict[str, float]] = {}
        with self._db.read() as conn:
            for key, part_id, people, total in conn.execute(_PAST_ROOMS, values):
                rooms.setdefault(key, {})[part_id] = shown(Fraction(total, people * 10), 1)
        return [RoomMean(means) for _, means in sorted(rooms.items())]
