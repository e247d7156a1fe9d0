"""norms: percentiles from a distribution, the minimum sample, months kept, past rooms."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from networking_works.norms import (
    MIN_PEOPLE,
    MIN_ROOMS,
    NORMS_VERSION_LENGTH,
    RoomMean,
    distribution,
    first_kept_month,
    month_of,
    past_rooms,
    standing_text,
    standings,
    tenths,
    version_key,
    why_not_shown,
)


def spread(scores: dict[float, int]) -> list[tuple[int, int, int]]:
    """Rows as the store's SQL gives them: (tenths, people, people below), by score."""
    rows, below = [], 0
    for score in sorted(scores):
        rows.append((tenths(score), scores[score], below))
        below += scores[score]
    return rows


def test_higher_than_counts_the_people_strictly_below() -> None:
    counted = distribution(spread({10.0: 10, 50.0: 20, 90.0: 10}))
    assert counted.total == 40
    assert counted.lower_than(0.0) == 0
    assert counted.lower_than(10.0) == 0
    assert counted.lower_than(10.1) == 10
    assert counted.lower_than(50.0) == 10
    assert counted.lower_than(89.9) == 30
    assert counted.lower_than(90.0) == 30
    assert counted.lower_than(100.0) == 40


def test_standings_need_min_people_per_part_and_never_round_up() -> None:
    by_part = {
        "creation": distribution(spread({20.0: 1, 40.0: 2, 60.0: 27})),  # 30 people
        "long_term": distribution(spread({50.0: MIN_PEOPLE - 1})),
    }
    found = standings({"creation": 60.0, "long_term": 80.0, "two_or_more": 50.0}, by_part)
    assert found["creation"].higher_than == 10  # 3 of 30
    assert found["creation"].people == 30
    assert not found["long_term"].shown and found["long_term"].people == MIN_PEOPLE - 1
    assert not found["two_or_more"].shown and found["two_or_more"].people == 0
    two_thirds = distribution(spread({10.0: 20, 20.0: 10}))
    assert standings({"p": 20.0}, {"p": two_thirds})["p"].higher_than == 66


def test_a_part_without_a_score_is_not_compared() -> None:
    counted = {"creation": distribution(spread({50.0: 40}))}
    assert standings({"creation": None}, counted)["creation"].higher_than is None


def test_texts_say_what_is_shown_and_why_not() -> None:
    counted = {"c": distribution(spread({10.0: 1000, 90.0: 234}))}
    found = standings({"c": 90.0}, counted)["c"]
    said = standing_text("Creation", found)
    assert said.values == {"part": "Creation", "share": 81, "people": 1234}
    assert str(said) == (
        "Creation: higher than 81% of the 1234 people who took this question bank here"
    )
    why = str(why_not_shown(12))
    assert "at least 30 people" in why and "12 so far (18 to go)" in why


def test_months_and_versions_as_stored() -> None:
    assert month_of(datetime(2026, 1, 31, 23, 59, tzinfo=UTC)) == "2026-01"
    assert first_kept_month(datetime(2026, 11, 30, tzinfo=UTC)) == "2024-12"
    assert first_kept_month(datetime(2026, 1, 1, tzinfo=UTC), months=1) == "2026-01"
    assert first_kept_month(datetime(2026, 1, 1, tzinfo=UTC), months=2) == "2025-12"
    assert version_key("1.0") == "1.0"
    long = version_key("v" * 500)
    assert len(long) <= NORMS_VERSION_LENGTH and long != version_key("v" * 499)
    assert tenths(58.3) == 583 and tenths(100.0) == 1000


@pytest.mark.parametrize("rooms", [0, MIN_ROOMS - 1, MIN_ROOMS])
def test_past_rooms_are_shown_from_min_rooms(rooms: int) -> None:
    others = [RoomMean({"creation": 10.0 * (i + 1), "long_term": 50.0}) for i in range(rooms)]
    found = past_rooms({"creation": 35.0, "long_term": None}, others)
    assert found.rooms == rooms
    assert found.shown is (rooms >= MIN_ROOMS)
    if rooms:
        assert found.below["creation"] == min(rooms, 3)  # 10, 20, 30 are lower than 35
        assert "long_term" not in found.below
        expected = round(sum(10.0 * (i + 1) for i in range(rooms)) / rooms, 1)
        assert found.means["creation"] == expected
