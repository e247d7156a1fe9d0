"""The pure workshop core's figures: quartiles, the room summary and the CSV export."""

from __future__ import annotations

import csv
import io
import statistics
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from networking_works.bands import Band
from networking_works.bank import load_bank
from networking_works.scoring import NOT_APPLICABLE, score
from networking_works.workshop import (
    FIRST_QUARTILE,
    MEDIAN,
    THIRD_QUARTILE,
    PartSummary,
    answers_csv,
    quartile,
    quartile_ranks,
    rank_below,
    room_summary,
)

ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank(ROOT / "questions" / "networking.yaml")

# -- quartiles ----------------------------------------------------------------


def expected_quartiles(values: list[float]) -> tuple[float, float]:
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def quartiles_from_ranks(values: list[float]) -> tuple[float, float]:
    """Like the store does: hand over only the ranked values each quartile asks for."""
    ordered = sorted(values)
    found = []
    for q in (FIRST_QUARTILE, THIRD_QUARTILE):
        low, high = quartile_ranks(len(ordered), q)
        found.append(quartile(len(ordered), q, {low: ordered[low - 1], high: ordered[high - 1]}))
    return found[0], found[1]


SCORES = st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda x: round(x, 1))


@given(
    st.integers(min_value=1, max_value=10_000),
    st.sampled_from([FIRST_QUARTILE, MEDIAN, THIRD_QUARTILE]),
)
def test_quartile_ranks_are_adjacent_and_in_range(count: int, quarter: int) -> None:
    low, high = quartile_ranks(count, quarter)
    assert 1 <= low <= high <= count
    assert high - low <= 1
    assert low - 1 <= (count - 1) * quarter / 4 <= high - 1 or count == 1
    assert rank_below(count, quarter) == low


@given(st.lists(SCORES, min_size=2, max_size=300))
def test_quartiles_match_statistics_inclusive(values: list[float]) -> None:
    q1, q3 = quartiles_from_ranks(values)
    want_q1, want_q3 = expected_quartiles(values)
    # The app rounds to one decimal; allow for the rounding of a float sum.
    assert q1 == pytest.approx(want_q1, abs=0.05 + 1e-9)
    assert q3 == pytest.approx(want_q3, abs=0.05 + 1e-9)
    assert min(values) <= q1 <= q3 <= max(values)


@given(st.lists(st.integers(min_value=0, max_value=100), min_size=2, max_size=300))
def test_quartiles_of_whole_numbers_are_exact(values: list[int]) -> None:
    q1, q3 = quartiles_from_ranks([float(v) for v in values])
    want_q1, want_q3 = expected_quartiles([float(v) for v in values])
    # Whole numbers put quartiles on a quarter grid, exact in binary: no rounding slack.
    assert q1 == half_up_tenth(want_q1)
    assert q3 == half_up_tenth(want_q3)


def half_up_tenth(value: float) -> float:
    """The documented display rule, written independently of scoring.shown."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def test_quartile_known_values() -> None:
    # statistics.quantiles([1, 2, 3, 4], n=4, method="inclusive") == [1.75, 2.5, 3.25]
    assert quartiles_from_ranks([4.0, 1.0, 3.0, 2.0]) == (1.8, 3.3)  # 3.25 half up
    assert quartiles_from_ranks([10.0, 20.0, 30.0, 40.0, 50.0]) == (20.0, 40.0)
    assert quartiles_from_ranks([55.0, 55.0]) == (55.0, 55.0)
    assert quartiles_from_ranks([0.0, 100.0]) == (25.0, 75.0)


def test_quartile_of_one_value_is_that_value() -> None:
    assert quartile_ranks(1, FIRST_QUARTILE) == (1, 1)
    assert quartile_ranks(1, THIRD_QUARTILE) == (1, 1)
    assert quartile(1, FIRST_QUARTILE, {1: 42.5}) == 42.5
    assert quartile(1, THIRD_QUARTILE, {1: 42.5}) == 42.5


def test_median_of_an_even_count_lies_halfway() -> None:
    assert quartile(4, MEDIAN, {2: 20.0, 3: 30.0}) == 25.0


# -- room summary -------------------------------------------------------------


def part(part_id: str, mean: float | None) -> PartSummary:
    count = 0 if mean is None else 3
    return PartSummary(
        part_id, count, mean, mean, mean, {Band.LOW: 0, Band.MIDDLE: count, Band.HIGH: 0}
    )


def test_room_summary_weakest_is_the_lowest_mean() -> None:
    summary = room_summary(5, [part("a", 60.0), part("b", 30.5), part("c", 90.0)])
    assert summary.completed == 5
    assert summary.weakest == ("b",)
    assert summary.means == [60.0, 30.5, 90.0]
    assert [p.part_id for p in summary.parts] == ["a", "b", "c"]


def test_room_summary_keeps_every_tie_in_part_order() -> None:
    summary = room_summary(4, [part("c", 40.0), part("a", 70.0), part("b", 40.0)])
    assert summary.weakest == ("c", "b")
    everything_equal = room_summary(3, [part(p, 50.0) for p in "xyz"])
    assert everything_equal.weakest == ("x", "y", "z")


def test_room_summary_ignores_parts_without_scores() -> None:
    summary = room_summary(3, [part("a", None), part("b", 80.0), part("c", None)])
    assert summary.weakest == ("b",)
    assert summary.means == [None, 80.0, None]
    nothing = room_summary(0, [part("a", None), part("b", None)])
    assert nothing.weakest == ()
    assert room_summary(0, []).weakest == ()


def test_room_summary_zero_mean_is_weakest_not_missing() -> None:
    summary = room_summary(3, [part("a", 0.0), part("b", 10.0)])
    assert summary.weakest == ("a",)


# -- CSV export ---------------------------------------------------------------


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_answers_csv_header_only_without_rows() -> None:
    rows = read_csv(answers_csv(BANK, []))
    statement_ids = [s.id for s in BANK.statements]
    assert rows == [["participant", *statement_ids, *(f"score_{p.id}" for p in BANK.parts)]]


def test_answers_csv_rows_numbered_with_answers_and_scores() -> None:
    first = {s.id: 4 for s in BANK.statements}
    second = {s.id: (i % 5) + 1 for i, s in enumerate(BANK.statements)}
    second[BANK.statements[0].id] = NOT_APPLICABLE
    header, *rows = read_csv(answers_csv(BANK, [first, second]))
    assert [row[0] for row in rows] == ["1", "2"]
    assert all(len(row) == len(header) for row in rows)
    for row, answers in zip(rows, [first, second], strict=True):
        by_column = dict(zip(header, row, strict=True))
        for s in BANK.statements:
            assert by_column[s.id] == str(answers[s.id])
        for p in score(BANK, answers).parts:
            assert by_column[f"score_{p.part_id}"] == (
                "" if p.score is None else str(half_up_tenth(float(p.score)))
            )


def test_answers_csv_drops_names_tokens_and_bad_answers() -> None:
    first_id, second_id = BANK.statements[0].id, BANK.statements[1].id
    raw = {
        first_id: 9,  # impossible answer
        second_id: "5",  # not an int
        "nickname": "Secret Sam",
        "token": "AbCdEfGhIjKlMnOpQrStUv",
        "=cmd|' /C calc'!A0": 3,
    }
    text = answers_csv(BANK, [raw])
    assert "Secret Sam" not in text
    assert "AbCdEfGhIjKlMnOpQrStUv" not in text
    assert "calc" not in text
    header, row = read_csv(text)
    assert "nickname" not in header and "token" not in header
    by_column = dict(zip(header, row, strict=True))
    assert by_column["participant"] == "1"
    assert by_column[first_id] == "" and by_column[second_id] == ""
    assert all(by_column[f"score_{p.id}"] == "" for p in BANK.parts)


def test_answers_csv_of_a_non_mapping_row_is_empty_not_a_crash() -> None:
    header, row = read_csv(answers_csv(BANK, [["not", "a", "dict"]]))  # type: ignore[list-item]
    assert row[0] == "1"
    assert set(row[1:]) == {""}
    assert len(row) == len(header)
