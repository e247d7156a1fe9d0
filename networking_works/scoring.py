"""Turning answers into part scores from 0 to 100."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Types only: bank/reader.py takes the size of the scale from here (SCALE_POINTS).
    from networking_works.bank import Bank, Part

NOT_APPLICABLE = 0
LOWEST, HIGHEST = 1, 5
SCALE_POINTS = tuple(range(LOWEST, HIGHEST + 1))  # the answers that count, lowest first
# Every answer a person can give, in the order they are offered.
ANSWER_OPTIONS = (*SCALE_POINTS, NOT_APPLICABLE)
VALID_ANSWERS = frozenset(ANSWER_OPTIONS)

# statement id -> 1..5, or NOT_APPLICABLE; a missing id is unanswered
Answers = Mapping[str, int]


@dataclass(frozen=True)
class PartScore:
    part_id: str
    score: Fraction | None  # exact; None: fewer than half the statements were answered
    answered: int  # answers that count (not "does not apply")
    total: int


@dataclass(frozen=True)
class Scores:
    parts: tuple[PartScore, ...]
    overall: Fraction | None  # the exact mean of the exact part scores
    same_answer_everywhere: bool

    def of(self, part_id: str) -> Fraction | None:
        for part in self.parts:
            if part.part_id == part_id:
                return part.score
        raise KeyError(part_id)

    def as_dict(self) -> dict[str, Fraction | None]:
        return {p.part_id: p.score for p in self.parts}

    def as_floats(self) -> dict[str, float | None]:
        """The part scores as stored (a float column, JSON): the nearest float to each."""
        return {p.part_id: None if p.score is None else float(p.score) for p in self.parts}


def exact(value: Fraction | float | int) -> Fraction:
    """A score as an exact fraction. A float is read as the shortest decimal that writes
    it (``repr``): a stored 6.25 is 25/4 and a stored 8.333333333333334 stays just above
    25/3, which no rounding to a tenth can tell apart from 25/3."""
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def shown(value: Fraction | float | int, digits: int = 0) -> float:
    """The one rounding of a score, for display only: to ``digits`` decimals, half up
    (6.25 is 6.3 and 62.5 is 63). Every decision (levels, profiles, changes in words)
    is taken on the exact value; only what a person reads is rounded, and only here."""
    quantum = Decimal(1).scaleb(-digits)
    found = exact(value)
    as_decimal = Decimal(found.numerator) / Decimal(found.denominator)
    return float(as_decimal.quantize(quantum, rounding=ROUND_HALF_UP))


def keyed(value: int, reverse: bool) -> int:
    """The answer as it counts for the part: reversed statements are flipped."""
    return LOWEST + HIGHEST - value if reverse else value


def score_part(part: Part, answers: Answers) -> PartScore:
    values = [
        keyed(answers[s.id], s.reverse)
        for s in part.statements
        if answers.get(s.id, NOT_APPLICABLE) != NOT_APPLICABLE
    ]
    total = len(part.statements)
    if 2 * len(values) < total or not values:
        return PartScore(part.id, None, len(values), total)
    mean = Fraction(sum(values), len(values))
    return PartScore(part.id, 100 * (mean - LOWEST) / (HIGHEST - LOWEST), len(values), total)


def score(bank: Bank, answers: Answers) -> Scores:
    """Score every part of ``bank``; raise ``ValueError`` on an impossible answer."""
    for statement_id, value in answers.items():
        if type(value) is not int or value not in VALID_ANSWERS:
            allowed = sorted(VALID_ANSWERS)
            raise ValueError(f"answer to {statement_id!r} must be one of {allowed}, not {value!r}")
    parts = tuple(score_part(part, answers) for part in bank.parts)
    scored = [p.score for p in parts if p.score is not None]
    overall = sum(scored, Fraction(0)) / len(scored) if scored else None
    given = [answers[s.id] for s in bank.statements if answers.get(s.id, NOT_APPLICABLE)]
    return Scores(parts, overall, len(given) > 1 and len(set(given)) == 1)


def clean_answers(bank: Bank, raw: object) -> dict[str, int]:
    """Keep only well-formed answers to this bank's statements (for stored or imported data)."""
    if not isinstance(raw, Mapping):
        return {}
    known = {s.id for s in bank.statements}
    return {
        key: value
        for key, value in raw.items()
        if key in known and type(value) is int and value in VALID_ANSWERS
    }
