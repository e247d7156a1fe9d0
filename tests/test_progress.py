"""The walk-through's state machine, on every path (hypothesis drives random presses)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from networking_works.bank import load_bank
from networking_works.progress import (
    START,
    Direction,
    Move,
    Position,
    Stage,
    advance,
    missing,
    position,
)
from tests.bank_helpers import DEFAULT_BANK

BANK = load_bank(DEFAULT_BANK)
LAST = len(BANK.parts) - 1
EVERYTHING = {s.id: 4 for s in BANK.statements}
NOTHING: dict[str, int] = {}


def press(at: Position, direction: Direction, answers: dict[str, int] = EVERYTHING) -> Move:
    return advance(at, direction, answers, BANK)


def test_definition_steps_forward_and_back() -> None:
    assert press(START, Direction.NEXT).to == Position(Stage.DEFINITION, 1)
    assert press(Position(Stage.DEFINITION, 3), Direction.BACK).to == Position(Stage.DEFINITION, 2)


def test_back_on_the_first_definition_part_stays_there() -> None:
    assert press(START, Direction.BACK).to == START


def test_next_on_the_last_definition_part_opens_the_questions() -> None:
    move = press(Position(Stage.DEFINITION, LAST), Direction.NEXT, NOTHING)
    assert move == Move(Position(Stage.QUESTIONS, 0))


@given(st.integers(0, LAST))
def test_skip_from_any_definition_part_opens_the_first_questions(step: int) -> None:
    assert press(Position(Stage.DEFINITION, step), Direction.SKIP, NOTHING).to == Position(
        Stage.QUESTIONS, 0
    )


def test_back_from_the_first_questions_returns_to_the_last_definition_part() -> None:
    move = press(Position(Stage.QUESTIONS, 0), Direction.BACK, NOTHING)
    assert move == Move(Position(Stage.DEFINITION, LAST))


def test_next_with_missing_answers_stays_and_names_them() -> None:
    first = BANK.parts[0].statements
    answers = {first[0].id: 5, first[2].id: 0}  # "does not apply" counts as answered
    move = press(Position(Stage.QUESTIONS, 0), Direction.NEXT, answers)
    expected = tuple(n for n in range(1, len(first) + 1) if n not in (1, 3))
    assert move == Move(Position(Stage.QUESTIONS, 0), expected)
    assert not move.finished


def test_back_with_missing_answers_moves_without_complaint() -> None:
    move = press(Position(Stage.QUESTIONS, 2), Direction.BACK, NOTHING)
    assert move == Move(Position(Stage.QUESTIONS, 1))


def test_next_on_the_last_part_finishes() -> None:
    move = press(Position(Stage.QUESTIONS, LAST), Direction.NEXT)
    assert move.finished and move.to == Position(Stage.DONE, 0)


@given(st.sampled_from(list(Direction)))
def test_nothing_moves_out_of_done(direction: Direction) -> None:
    done = Position(Stage.DONE, 0)
    assert press(done, direction).to == done


@given(st.lists(st.sampled_from(list(Direction)), max_size=40), st.booleans())
def test_any_presses_stay_in_bounds_and_finish_only_when_all_answered(
    presses: list[Direction], answered: bool
) -> None:
    at = START
    answers = EVERYTHING if answered else NOTHING
    for direction in presses:
        move = press(at, direction, answers)
        assert 0 <= move.to.step <= LAST
        assert not move.finished or answered
        assert not move.missing or (not answered and at.stage is Stage.QUESTIONS)
        at = move.to


def test_all_next_presses_walk_definition_then_questions_to_done() -> None:
    at, visited = START, [START]
    while at.stage is not Stage.DONE:
        at = press(at, Direction.NEXT).to
        visited.append(at)
    assert len(visited) == 2 * len(BANK.parts) + 1


@given(st.text(max_size=12), st.integers(-5, 50))
def test_stored_positions_are_made_valid(stage: str, step: int) -> None:
    found = position(stage, step, len(BANK.parts))
    assert 0 <= found.step <= LAST
    if stage not in {s.value for s in Stage}:
        assert found == START


def test_missing_numbers_statements_from_one() -> None:
    part = BANK.parts[1]
    assert missing(BANK, 1, {}) == tuple(range(1, len(part.statements) + 1))
    assert missing(BANK, 1, {s.id: 1 for s in part.statements}) == ()
