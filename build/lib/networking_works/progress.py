"""Where a person is in the walk-through, and where each button takes them.

A pure state machine: pages render a position and call ``advance``; the store keeps
the position. Stages go definition (one part per step) -> questions (one part per
step) -> done; nothing moves out of done (a retake is a new assessment).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum

from networking_works.bank import Bank


class Stage(StrEnum):
    DEFINITION = "definition"
    QUESTIONS = "questions"
    DONE = "done"


class Direction(Enum):
    BACK = -1
    NEXT = 1
    SKIP = 2  # from anywhere in the definition straight to the first questions


@dataclass(frozen=True)
class Position:
    stage: Stage
    step: int  # the part shown, 0-based; always 0 once done


@dataclass(frozen=True)
class Move:
    to: Position
    missing: tuple[int, ...] = ()  # 1-based numbers of the part's unanswered statements

    @property
    def finished(self) -> bool:
        return self.to.stage is Stage.DONE


START = Position(Stage.DEFINITION, 0)


def position(stage: str, step: int, parts: int) -> Position:
    """A stored stage and step as a valid position for a bank of ``parts`` parts."""
    try:
        found = Stage(stage)
    except ValueError:
        return START
    if found is Stage.DONE:
        return Position(Stage.DONE, 0)
    return Position(found, min(max(step, 0), parts - 1))


def missing(bank: Bank, step: int, answers: Mapping[str, int]) -> tuple[int, ...]:
    statements = bank.parts[step].statements
    return tuple(number for number, s in enumerate(statements, 1) if s.id not in answers)


def advance(at: Position, direction: Direction, answers: Mapping[str, int], bank: Bank) -> Move:
    """The position after pressing ``direction`` at ``at`` with ``answers`` given so far."""
    last = len(bank.parts) - 1
    if at.stage is Stage.DONE:
        return Move(at)
    if direction is Direction.SKIP:
        return Move(Position(Stage.QUESTIONS, 0))
    if at.stage is Stage.DEFINITION:
        if direction is Direction.NEXT and at.step == last:
            return Move(Position(Stage.QUESTIONS, 0))
        return Move(Position(Stage.DEFINITION, max(at.step + direction.value, 0)))
    if direction is Direction.BACK:
        if at.step == 0:
            return Move(Position(Stage.DEFINITION, last))
        return Move(Position(Stage.QUESTIONS, at.step - 1))
    unanswered = missing(bank, at.step, answers)
    if unanswered:
        return Move(at, unanswered)
    if at.step == last:
        return Move(Position(Stage.DONE, 0))
    return Move(Position(Stage.QUESTIONS, at.step + 1))
