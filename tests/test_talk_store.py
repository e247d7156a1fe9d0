"""A talk's state in the store, on SQLite and PostgreSQL: the slide a room is on, the parts
it opens, and the room's answers read back for a part's answers slide."""

from __future__ import annotations

from networking_works.progress import Stage
from networking_works.scoring import NOT_APPLICABLE
from networking_works.store import Store
from networking_works.talk import current, following, part_answers
from tests.store_helpers import BANK, room

ON_PART_TWO = (Stage.QUESTIONS, 1)


def test_a_new_room_is_on_the_opening_slide(store: Store) -> None:
    workshop, _ = room(store, paced=True)
    assert workshop.slide == 0
    found = store.workshops.get(workshop.id)
    assert found is not None and found.slide == 0 and found.open_parts == 1


def test_showing_a_slide_opens_its_part_and_never_closes_one(store: Store) -> None:
    workshop, _ = room(store, paced=True)
    assert store.workshops.show_slide(workshop.id, 5, open_at_least=3)
    found = store.workshops.get(workshop.id)
    assert found is not None and (found.slide, found.open_parts) == (5, 3)
    # Back to part 1's slide: the slide moves, the parts the phones reached stay open.
    assert store.workshops.show_slide(workshop.id, 1, open_at_least=1)
    found = store.workshops.get(workshop.id)
    assert found is not None and (found.slide, found.open_parts) == (1, 3)


def test_showing_a_slide_leaves_the_closing_slide(store: Store) -> None:
    workshop, _ = room(store, paced=True)
    store.workshops.update(workshop.id, revealed=True)
    store.workshops.show_slide(workshop.id, 4, open_at_least=2)
    found = store.workshops.get(workshop.id)
    assert found is not None and not found.revealed


def test_an_ended_room_shows_no_slide(store: Store) -> None:
    workshop, _ = room(store, paced=True)
    store.workshops.delete(workshop.id)
    assert not store.workshops.show_slide(workshop.id, 3, open_at_least=2)


def test_the_room_s_answers_come_back_for_its_answers_slide(store: Store) -> None:
    workshop, _ = room(store, paced=True)
    other, _ = room(store, paced=True)
    part = BANK.parts[0]
    given = [
        {s.id: 5 for s in part.statements},
        {s.id: 4 for s in part.statements},
        {**{s.id: 2 for s in part.statements}, part.statements[0].id: NOT_APPLICABLE},
    ]
    for answers in given:
        token = store.workshops.join(workshop.id, "")
        store.assessments.save(token, *ON_PART_TWO, answers, version=0)
    store.workshops.join(workshop.id, "")  # joined, nothing answered yet
    elsewhere = store.workshops.join(other.id, "")
    store.assessments.save(elsewhere, *ON_PART_TWO, given[0], version=0)

    rows = store.room_stats.answers(workshop.id)
    assert sorted(rows, key=str) == sorted([*given, {}], key=str)
    found = part_answers(BANK, part, store.recent.answers(workshop.id))
    assert found.people == 3 and found.shown
    assert [s.answered for s in found.statements][:2] == [2, 3]
    assert store.room_stats.answers(other.id) == [given[0]]


def test_a_removed_participant_leaves_the_answers_slide(store: Store) -> None:
    workshop, _ = room(store, paced=True)
    part = BANK.parts[0]
    token = store.workshops.join(workshop.id, "")
    store.assessments.save(token, *ON_PART_TWO, {s.id: 5 for s in part.statements}, version=0)
    assert store.moderation.remove(workshop.id, token)
    assert store.room_stats.answers(workshop.id) == []


def test_the_slides_a_remote_walks_through_are_stored_as_it_goes(store: Store) -> None:
    workshop, _ = room(store, paced=True)
    slide = following(current(workshop.slide, workshop.revealed, len(BANK.parts)))
    opened = []
    while slide is not None and slide.part is not None:
        store.workshops.show_slide(workshop.id, slide.index, slide.opens)
        found = store.workshops.get(workshop.id)
        assert found is not None
        assert current(found.slide, found.revealed, len(BANK.parts)) == slide
        opened.append(found.open_parts)
        slide = following(slide)
    assert opened == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]
