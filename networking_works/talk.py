"""A talk in a speaker-paced room: its slides in order, and how the room answered a part.

The slides run: the opening, then for each part its slide and the room's answers to it,
then the closing. A room stores the slide it is on (``slide``, 0 to ``2 * parts``); the
closing slide is the room revealed, so the phones show the room's average with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from networking_works.bands import Band
from networking_works.bank import Bank, Part, Statement
from networking_works.scoring import HIGHEST, NOT_APPLICABLE, clean_answers, score_part
from networking_works.workshop import MIN_FOR_AGGREGATE

# "Agree" and "Strongly agree": the top two points of the answer scale.
AGREE_FROM = HIGHEST - 1


class Kind(StrEnum):
    OPENING = "opening"
    PART = "part"  # a part's title, summary and discussion prompt
    ANSWERS = "answers"  # how the room answered that part
    CLOSING = "closing"


@dataclass(frozen=True)
class Slide:
    index: int  # 0 opening; 2k+1 part k's slide, 2k+2 its answers; 2*parts+1 closing
    parts: int

    @property
    def kind(self) -> Kind:
        if self.index == 0:
            return Kind.OPENING
        if self.index > 2 * self.parts:
            return Kind.CLOSING
        return Kind.PART if self.index % 2 else Kind.ANSWERS

    @property
    def part(self) -> int | None:
        """The 0-based part a part or answers slide is about."""
        return (self.index - 1) // 2 if self.kind in (Kind.PART, Kind.ANSWERS) else None

    @property
    def opens(self) -> int:
        """How many parts the phones may answer once this slide is shown (at least)."""
        return 0 if self.part is None else self.part + 1


def current(stored: int, revealed: bool, parts: int) -> Slide:
    """The slide a room shows: the closing one once revealed, else the stored one."""
    if revealed:
        return Slide(2 * parts + 1, parts)
    return Slide(min(max(stored, 0), 2 * parts), parts)


def following(slide: Slide) -> Slide | None:
    return Slide(slide.index + 1, slide.parts) if slide.kind is not Kind.CLOSING else None


def preceding(slide: Slide, stored: int) -> Slide | None:
    """Back from the closing slide is the slide the room was on when it was revealed."""
    if slide.kind is Kind.CLOSING:
        return current(stored, False, slide.parts)
    return Slide(slide.index - 1, slide.parts) if slide.index > 0 else None


@dataclass(frozen=True)
class StatementShare:
    statement: Statement
    answered: int  # people who placed it on the scale ("does not apply" left out)
    agreed: int  # of them, how many agreed or strongly agreed

    @property
    def percent(self) -> int | None:
        """The share who agreed, or None below the minimum of answers for a figure."""
        if self.answered < MIN_FOR_AGGREGATE:
            return None
        return round(100 * self.agreed / self.answered)


@dataclass(frozen=True)
class PartAnswers:
    part_id: str
    people: int  # people with a score for this part
    bands: dict[Band, int]  # of them, how many at each level
    statements: tuple[StatementShare, ...]

    @property
    def shown(self) -> bool:
        return self.people >= MIN_FOR_AGGREGATE


def part_answers(bank: Bank, part: Part, rows: Iterable[Mapping[str, object]]) -> PartAnswers:
    """How the people who have answered ``part`` answered it, from their stored answers.

    Someone counts once their answers give the part a score (the scoring rule: at least
    half its statements placed on the scale), so a half-answered part is left out.
    """
    bands = dict.fromkeys(Band, 0)
    answered = dict.fromkeys((s.id for s in part.statements), 0)
    agreed = dict(answered)
    people = 0
    for raw in rows:
        answers = clean_answers(bank, raw)
        found = score_part(part, answers).score
        if found is None:
            continue
        people += 1
        bands[Band.of(found)] += 1
        for statement in part.statements:
            value = answers.get(statement.id, NOT_APPLICABLE)
            if value != NOT_APPLICABLE:
                answered[statement.id] += 1
                agreed[statement.id] += value >= AGREE_FROM
    shares = tuple(StatementShare(s, answered[s.id], agreed[s.id]) for s in part.statements)
    return PartAnswers(part.id, people, bands, shares)
