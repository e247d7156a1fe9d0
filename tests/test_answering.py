"""A press applied to a stored assessment: saved positions, kept answers, one completion."""

from __future__ import annotations

from networking_works.answering import complete, press
from networking_works.progress import Direction, Stage
from networking_works.scoring import score
from networking_works.store import Assessment, Store
from tests.store_helpers import BANK, room

FIRST = BANK.parts[0]


def at_questions(store: Store, step: int = 0) -> str:
    token = store.assessments.start(BANK.id)
    store.assessments.save(token, Stage.QUESTIONS, step, version=0)
    return token


def current(store: Store, token: str) -> Assessment:
    found = store.assessments.get(token)
    assert found is not None
    return found


def test_definition_presses_are_saved(store: Store) -> None:
    token = store.assessments.start(BANK.id)
    press(store, BANK, current(store, token), Direction.NEXT)
    assert (current(store, token).stage, current(store, token).step) == (Stage.DEFINITION, 1)
    press(store, BANK, current(store, token), Direction.SKIP)
    assert (current(store, token).stage, current(store, token).step) == (Stage.QUESTIONS, 0)


def test_next_with_missing_answers_keeps_what_was_given_and_stays(store: Store) -> None:
    token = at_questions(store)
    given = {FIRST.statements[0].id: 4}
    move = press(store, BANK, current(store, token), Direction.NEXT, given)
    assert move.missing == tuple(range(2, len(FIRST.statements) + 1))
    assert current(store, token).answers == given
    assert current(store, token).step == 0


def test_back_keeps_the_answers_on_screen(store: Store) -> None:
    token = at_questions(store, step=1)
    given = {BANK.parts[1].statements[0].id: 2}
    press(store, BANK, current(store, token), Direction.BACK, given)
    assert current(store, token).answers == given
    assert current(store, token).step == 0


def test_values_that_are_not_answers_are_never_stored(store: Store) -> None:
    token = at_questions(store)
    hostile: dict[str, object] = {
        FIRST.statements[0].id: 9,
        FIRST.statements[1].id: "5",
        FIRST.statements[2].id: True,
        "not_a_statement": 3,
    }
    move = press(store, BANK, current(store, token), Direction.NEXT, hostile)
    assert current(store, token).answers == {}
    assert move.missing == tuple(range(1, len(FIRST.statements) + 1))


def test_the_last_next_completes_in_the_room(store: Store) -> None:
    workshop, _ = room(store)
    token = store.workshops.join(workshop.id, "")
    answers = {s.id: 5 for s in BANK.statements}
    store.assessments.save(token, Stage.QUESTIONS, len(BANK.parts) - 1, answers, version=0)
    move = press(store, BANK, current(store, token), Direction.NEXT, {})
    assert move.finished
    assert current(store, token).stage is Stage.DONE
    assert store.room_stats.counts(workshop.id) == (1, 1)
    expected = score(BANK, answers).as_dict()
    assert store.room_stats.participant_scores(token) == expected


def test_complete_keeps_only_this_banks_answers(store: Store) -> None:
    token = at_questions(store)
    answers = {**{s.id: 3 for s in BANK.statements}, "stray": 4}
    scores = complete(store, BANK, current(store, token), answers)
    assert current(store, token).answers == {s.id: 3 for s in BANK.statements}
    assert scores.overall is not None
