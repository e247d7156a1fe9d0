"""What a question bank is: small frozen dataclasses, and the problems found in a file."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from networking_works.bands import Band

# A bank names its own parts (the default bank's come from a definition of networking):
# at least three, so that a radar has an area; at most twelve, a radar still read at a glance.
MIN_PARTS, MAX_PARTS = 3, 12
OVERALL = "overall"
MIN_STATEMENTS, MAX_STATEMENTS = 3, 10
MIN_ACTIONS = 3
MAX_TEXT = 2000
# The definition is projected with the part bars on the opening slide: a sentence or two.
MAX_DEFINITION = 400
# A part's discussion prompt is projected in large type on one slide: one line or two.
MAX_DISCUSSION = 160
# A part's title labels its radar axis and its slide, and reaches every result and file
# made from the bank: a name, not a paragraph (imported results are held to it too).
MAX_PART_TITLE = 200
# A profile's name is stored per person in a room (nw_profile_matches.profile, sized from this).
MAX_PROFILE_NAME = 200


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class BankError(Exception):
    """A question bank cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Scale:
    labels: tuple[str, ...]
    not_applicable: str


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    reverse: bool


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    summary: str
    explanation: str
    statements: tuple[Statement, ...]
    diagnosis: dict[Band, str]
    actions: tuple[str, ...]
    discussion: str = ""  # a one-line prompt for the room, shown on the part's slide


@dataclass(frozen=True)
class Condition:
    part: str  # a part id or OVERALL
    at_least: float | None
    below: float | None

    def holds(self, score: float | Fraction | None) -> bool:
        if score is None:
            return False
        if self.at_least is not None:
            return score >= self.at_least
        return self.below is not None and score < self.below


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    when: tuple[Condition, ...]
    problem: str
    first_step: str


@dataclass(frozen=True)
class Bank:
    id: str
    version: str
    language: str
    title: str
    credit: str
    scale: Scale
    parts: tuple[Part, ...]
    profiles: tuple[Profile, ...]
    # The definition the parts come from, in one sentence, and what leads to it on the
    # walk-through's first screen; banks written before these fields have neither.
    definition: str = ""
    introduction: str = ""

    def part(self, part_id: str) -> Part:
        for part in self.parts:
            if part.id == part_id:
                return part
        raise KeyError(part_id)

    @property
    def statements(self) -> tuple[Statement, ...]:
        return tuple(s for part in self.parts for s in part.statements)
