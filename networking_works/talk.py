"""A talk in a speaker-paced room: its slides in order, and how the room answered a part.

The talk is one list of slides (``talk``), each of a kind (``Kind``): the opening, then
for each part its slide and the room's answers to it, then the closing. A room stores
the place of the slide it is on (``slide``); the closing slide is the room revealed, so
the phones show the room's average with it. The web layer gives each kind one renderer
for the screen and one for the remote's notes, in one table (``SLIDES`` in
web/screens/projector.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

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
    CLOSING = "closing"  # the room's results: showing it reveals them


@dataclass(frozen=True)
class Content:
    """What one slide of the talk shows: its kind, and the part it is about (if any)."""

    kind: Kind
    part: int | None = None  # 0-based


@cache  # a few sizes of bank; each talk is a tuple of a few small frozen values
def talk(parts: int) -> tuple[Content, ...]:
    """The slides of the talk for a bank of ``parts`` parts, in order: the one list."""
    run = [Content(Kind.OPENING)]
    for part in range(parts):
        run += [Content(Kind.PART, part), Content(Kind.ANSWERS, part)]
    return (*run, Content(Kind.CLOSING))


@dataclass(frozen=True)
class Slide:
    """A place in the talk of a bank of ``parts`` parts, as a room stores it (``index``)."""

    index: int
    parts: int

    @property
    def kind(self) -> Kind:
        return talk(self.parts)[self.index].kind

    @property
    def part(self) -> int | None:
        """The 0-based part the slide is about, if it is about one."""
        return talk(self.parts)[self.index].part

    @property
    def opens(self) -> int:
        """How many parts the phones may answer once this slide is shown (at least)."""
        return 0 if self.part is None else self.part + 1


def current(stored: int, revealed: bool, parts: int) -> Slide:
    """The slide a room shows: the closing one once revealed, else the stored one (out of
    range, the nearest one that does not reveal the room)."""
    if revealed:
        return find(Kind.CLOSING, parts)
    shown = [i for i, content in enumerate(talk(parts)) if content.kind is not Kind.CLOSING]
    return Slide(min(shown, key=lambda index: abs(index - stored)), parts)


def find(kind: Kind, parts: int, part: int | None = None) -> Slide:
    """The first slide of ``kind`` in the talk; of a kind about a part, about ``part``
    when it is given."""
    for index, content in enumerate(talk(parts)):
        if content.kind is kind and (None in (part, content.part) or content.part == part):
            return Slide(index, parts)
    raise LookupError(f"the talk has no {kind} slide about part {part}")


def following(slide: Slide) -> Slide | None:
    more = slide.index + 1 < len(talk(slide.parts))
    return Slide(slide.index + 1, slide.parts) if more else None


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
