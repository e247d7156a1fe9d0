"""How a person's part scores compare with everyone who took the same bank here.

Pure code over figures the store adds up in SQL (``store/norms.py``): the distribution
of each part's scores as (score, people, people below) rows, and the past rooms' means.
A comparison is shown only over at least ``MIN_PEOPLE`` people (``MIN_ROOMS`` rooms),
and otherwise says why not.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from networking_works.messages import N_, Message
from networking_works.scoring import shown

MIN_PEOPLE = 30  # a part's percentile needs at least this many people of the bank version
MIN_ROOMS = 5  # a room is shown against past rooms once there are this many
NORMS_MONTHS = 24  # counted figures are kept for this many months, then deleted
NORMS_VERSION_LENGTH = 64  # the stored bank version is at most this long (see version_key)


def version_key(version: str) -> str:
    """The bank version as the norms store it: itself, or a digest when it is too long."""
    if len(version) <= NORMS_VERSION_LENGTH:
        return version
    return "sha256:" + hashlib.sha256(version.encode("utf-8")).hexdigest()[:56]


def month_of(at: datetime) -> str:
    """The month a completion is counted in ("2026-11"): no finer time is stored."""
    return f"{at.year:04d}-{at.month:02d}"


def first_kept_month(at: datetime, months: int = NORMS_MONTHS) -> str:
    """The oldest month still kept at ``at``: ``months`` months including this one."""
    index = at.year * 12 + at.month - 1 - (months - 1)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def tenths(score: float | Fraction) -> int:
    """A part score as the whole number of tenths stored: its shown value to one decimal
    (``scoring.shown``, half up). Counters written before scores were kept exact hold
    the old rounding (half to even), which differs only for scores ending in 5 hundredths."""
    return round(shown(score, 1) * 10)


@dataclass(frozen=True)
class Distribution:
    """One part's scores over everyone counted: sorted scores (in tenths) and, for each,
    how many people scored it and how many scored lower."""

    scores: tuple[int, ...]
    people: tuple[int, ...]
    below: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.people)

    def lower_than(self, score: float) -> int:
        """How many people scored strictly lower than ``score``."""
        at = bisect.bisect_left(self.scores, tenths(score))
        if at < len(self.scores):
            return self.below[at]
        return self.total


EMPTY = Distribution((), (), ())


def distribution(rows: Sequence[tuple[int, int, int]]) -> Distribution:
    """From (score in tenths, people, people below) rows in score order."""
    if not rows:
        return EMPTY
    scores, people, below = zip(*rows, strict=True)
    return Distribution(tuple(scores), tuple(people), tuple(below))


@dataclass(frozen=True)
class Standing:
    """One part's comparison: shown only when ``people`` reaches ``MIN_PEOPLE``."""

    part_id: str
    people: int  # how many people of this bank version have a score for the part
    higher_than: int | None  # percent of them scoring lower; None when not shown

    @property
    def shown(self) -> bool:
        return self.higher_than is not None


def standings(
    scores: Mapping[str, float | None], by_part: Mapping[str, Distribution]
) -> dict[str, Standing]:
    """Each scored part's standing among the people counted for it."""
    found: dict[str, Standing] = {}
    for part_id, score in scores.items():
        counted = by_part.get(part_id, EMPTY)
        people = counted.total
        if score is None or people < MIN_PEOPLE:
            found[part_id] = Standing(part_id, people, None)
            continue
        share = 100 * counted.lower_than(score) / people
        found[part_id] = Standing(part_id, people, int(share))  # never rounded up
    return found


def standing_text(title: str, standing: Standing) -> Message:
    if standing.higher_than is None:
        return Message(N_("{part}: not enough people yet"), {"part": title})
    return Message(
        N_("{part}: higher than {share}% of the {people} people who took this question bank here"),
        {"part": title, "share": standing.higher_than, "people": standing.people},
    )


def why_not_shown(people: int) -> Message:
    """Why comparisons with other people are not shown for a bank version yet."""
    return Message(
        N_(
            "How you compare with other people appears once at least {minimum} people have "
            "taken this version of the question bank here; {people} so far ({more} to go). "
            "Smaller numbers would say little and could point at someone."
        ),
        {"minimum": MIN_PEOPLE, "people": people, "more": MIN_PEOPLE - people},
    )


@dataclass(frozen=True)
class RoomMean:
    """One past room's mean per part (parts without counted scores are missing)."""

    means: dict[str, float]


@dataclass(frozen=True)
class PastRooms:
    rooms: int
    means: dict[str, float]  # part id -> the mean of the past rooms' means
    below: dict[str, int]  # part id -> how many past rooms had a lower mean than this one

    @property
    def shown(self) -> bool:
        return self.rooms >= MIN_ROOMS


def past_rooms(this_room: Mapping[str, float | None], others: Sequence[RoomMean]) -> PastRooms:
    """This room's means against other rooms' means, part by part."""
    means: dict[str, float] = {}
    below: dict[str, int] = {}
    for part_id, mine in this_room.items():
        values = [room.means[part_id] for room in others if part_id in room.means]
        if values:
            means[part_id] = shown(sum(values) / len(values), 1)
        if mine is not None:
            below[part_id] = sum(value < mine for value in values)
    return PastRooms(len(others), means, below)


def why_no_past_rooms(rooms: int) -> Message:
    return Message(
        N_(
            "This room is shown against past rooms once at least {minimum} rooms of at least "
            "3 people have used this version of the question bank here ({rooms} so far)."
        ),
        {"minimum": MIN_ROOMS, "rooms": rooms},
    )
