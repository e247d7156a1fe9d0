"""One writer per assessment, on SQLite and PostgreSQL: a press from a stale tab (or a
second session on the same link) never erases newer answers; it is refused, and a
completion that cannot be recorded in full writes nothing at all."""

from __future__ import annotations

import pytest

from networking_works.answering import press
from networking_works.progress import Direction, Stage
from networking_works.store import Assessment, AssessmentGone, StaleAssessment, Store
from tests.store_helpers import BANK, PARTS, room, row_counts
from tests.threads import run_threads


def current(store: Store, token: str) -> Assessment:
    found = store.assessments.get(token)
    assert found is not None
    return found


def part_answers(step: int, value: int) -> dict[str, object]:
    return {s.id: value for s in BANK.parts[step].statements}


def test_a_stale_second_tab_cannot_erase_newer_answers(store: Store) -> None:
    token = store.assessments.start(BANK.id)
    store.assessments.save(token, Stage.QUESTIONS, 0, version=0)
    first_tab = second_tab = current(store, token)  # both tabs show part 1
    press(store, BANK, first_tab, Direction.NEXT, part_answers(0, 4))
    first_tab = current(store, token)
    press(store, BANK, first_tab, Direction.NEXT, part_answers(1, 2))
    newer = current(store, token)
    assert newer.step == 2

    with pytest.raises(StaleAssessment, match="another tab"):
        press(store, BANK, second_tab, Direction.NEXT, part_answers(0, 1))
    with pytest.raises(StaleAssessment):
        press(store, BANK, second_tab, Direction.BACK, part_answers(0, 1))
    assert current(store, token) == newer  # answers, step and version all kept


def test_a_stale_tab_cannot_finish_over_newer_answers(store: Store) -> None:
    workshop, _ = room(store)
    token = store.workshops.join(workshop.id, "")
    answers = {s.id: 3 for s in BANK.statements}
    store.assessments.save(token, Stage.QUESTIONS, len(PARTS) - 1, answers, version=0)
    stale = current(store, token)
    press(store, BANK, stale, Direction.BACK, {})  # another tab went back a part
    with pytest.raises(StaleAssessment):
        press(store, BANK, stale, Direction.NEXT, {})
    assert current(store, token).stage is Stage.QUESTIONS
    assert store.room_stats.counts(workshop.id) == (1, 0)
    assert row_counts(store)["nw_part_scores"] == 0


def test_many_tabs_pressing_at_once_make_one_change(store: Store) -> None:
    token = store.assessments.start(BANK.id)
    store.assessments.save(token, Stage.QUESTIONS, 0, version=0)
    seen = current(store, token)

    def tab(i: int) -> None:
        press(store, BANK, seen, Direction.NEXT, part_answers(0, 1 + i % 5))

    errors, _ = run_threads(6, tab)
    assert len(errors) == 5 and all(isinstance(e, StaleAssessment) for e in errors)
    after = current(store, token)
    assert (after.step, after.version) == (1, seen.version + 1)
    assert len(set(after.answers.values())) == 1  # one tab's answers, not a mix


def test_a_press_on_a_deleted_assessment_is_refused_and_revives_nothing(store: Store) -> None:
    token = store.assessments.start(BANK.id)
    seen = current(store, token)
    store.assessments.forget(token)
    with pytest.raises(AssessmentGone, match="no longer stored"):
        press(store, BANK, seen, Direction.NEXT)
    assert store.assessments.get(token) is None
    assert row_counts(store)["nw_assessments"] == 0


def test_a_completion_after_the_room_was_deleted_writes_nothing(store: Store) -> None:
    workshop, _ = room(store)
    token = store.workshops.join(workshop.id, "")
    answers = {s.id: 5 for s in BANK.statements}
    store.assessments.save(token, Stage.QUESTIONS, len(PARTS) - 1, answers, version=0)
    last_part = current(store, token)
    store.workshops.delete(workshop.id)
    with pytest.raises(AssessmentGone):
        press(store, BANK, last_part, Direction.NEXT, {})
    assert set(row_counts(store).values()) == {0}


def test_a_200_character_profile_name_is_recorded(store: Store) -> None:
    """Banks cap profile names at the column's width (tests/test_bank.py), and the column
    holds that many on both databases, so a completion never fails on its length."""
    workshop, _ = room(store)
    token = store.workshops.join(workshop.id, "")
    name = "é" * 200
    store.assessments.finish(token, {}, {p: 1.0 for p in PARTS}, [name], version=0)
    assert store.room_stats.profiles(workshop.id) == [(name, 1)]
