"""The talk's slides in order, and a part's answers added up from stored answers."""

from __future__ import annotations

import pytest

from networking_works.bands import Band
from networking_works.bank import load_bank
from networking_works.scoring import NOT_APPLICABLE
from networking_works.talk import (
    Kind,
    Slide,
    current,
    find,
    following,
    part_answers,
    preceding,
    talk,
)
from tests.bank_helpers import DEFAULT_BANK

BANK = load_bank(DEFAULT_BANK)
PARTS = len(BANK.parts)


def test_the_slides_run_opening_parts_with_their_answers_then_closing() -> None:
    slide: Slide | None = current(0, False, PARTS)
    seen = []
    while slide is not None:
        seen.append((slide.kind, slide.part, slide.opens))
        slide = following(slide)
    expected: list[tuple[Kind, int | None, int]] = [(Kind.OPENING, None, 0)]
    for part in range(PARTS):
        expected += [(Kind.PART, part, part + 1), (Kind.ANSWERS, part, part + 1)]
    assert seen == [*expected, (Kind.CLOSING, None, 0)]


def test_back_walks_the_same_way_and_stops_at_the_opening() -> None:
    last = current(2 * PARTS, False, PARTS)
    closing = following(last)
    assert closing is not None and closing.kind is Kind.CLOSING
    assert preceding(closing, 2 * PARTS) == last
    assert preceding(Slide(3, PARTS), 3) == Slide(2, PARTS)
    assert preceding(current(0, False, PARTS), 0) is None


def test_revealed_is_the_closing_slide_and_back_returns_where_the_room_was() -> None:
    closing = current(3, True, PARTS)
    assert closing.kind is Kind.CLOSING
    assert preceding(closing, 3) == Slide(3, PARTS)  # Reveal pressed on part 2's slide


@pytest.mark.parametrize("stored", [-5, 2 * PARTS + 1, 10**6])
def test_a_stored_slide_out_of_range_shows_the_nearest_real_one(stored: int) -> None:
    slide = current(stored, False, PARTS)
    assert 0 <= slide.index <= 2 * PARTS
    assert slide.kind is not Kind.CLOSING  # only Reveal shows the closing slide


def _all(part_id: str, value: int) -> dict[str, int]:
    return {s.id: value for s in BANK.part(part_id).statements}


def test_part_answers_count_agreement_and_levels() -> None:
    part = BANK.part("creation")
    reverse = [s.id for s in part.statements if s.reverse]
    rows = [
        _all("creation", 5),  # agrees with everything
        _all("creation", 4),
        {**_all("creation", 1), reverse[0]: NOT_APPLICABLE},
        {part.statements[0].id: 5},  # one answer of five: no score, not counted
        {"unknown": 5, **_all("long_term", 3)},  # another part only
        "not a mapping",
    ]
    found = part_answers(BANK, part, rows)  # type: ignore[arg-type]
    assert found.people == 3 and found.shown
    # Reverse statements flip the score: all 5s and all 4s land in the middle band.
    assert found.bands == {Band.LOW: 1, Band.MIDDLE: 2, Band.HIGH: 0}
    by_id = {s.statement.id: s for s in found.statements}
    first = by_id[part.statements[0].id]
    assert (first.answered, first.agreed, first.percent) == (3, 2, 67)
    skipped = by_id[reverse[0]]
    assert (skipped.answered, skipped.agreed, skipped.percent) == (2, 2, None)
    assert skipped.statement.reverse


def test_part_answers_below_the_minimum_are_not_shown() -> None:
    part = BANK.part("two_or_more")
    found = part_answers(BANK, part, [_all("two_or_more", 2), _all("two_or_more", 4)])
    assert found.people == 2 and not found.shown
    assert all(s.percent is None for s in found.statements)
    assert part_answers(BANK, part, []).bands == dict.fromkeys(Band, 0)


def test_the_talk_is_one_list_and_find_picks_a_slide_by_kind() -> None:
    kinds = [content.kind for content in talk(PARTS)]
    assert kinds == [Kind.OPENING, *[Kind.PART, Kind.ANSWERS] * PARTS, Kind.CLOSING]
    assert find(Kind.ANSWERS, PARTS, 1) == Slide(4, PARTS)
    assert find(Kind.OPENING, PARTS, 1) == Slide(0, PARTS)  # not about a part: part ignored
    assert find(Kind.CLOSING, 4) == current(0, True, 4) == Slide(9, 4)
    with pytest.raises(LookupError):
        find(Kind.PART, 4, 4)
