"""Item statistics against a worked example computed by hand (below), to 3 decimals.

Five people, one part of three statements; the third is reversed, so its stored answer
is 6 minus the keyed value. Keyed answers (people in rows):

    p1: 2 3 3    p2: 4 4 5    p3: 3 2 3    p4: 5 5 4    p5: 1 2 2

Item means 3, 3.2, 3.4; sums of squared deviations 10, 6.8, 5.2, so sample variances
2.5, 1.7, 1.3 (sum 5.5). Totals 8, 13, 8, 14, 5: mean 9.6, squared deviations 57.2,
variance 14.3. alpha = 3/2 × (1 − 5.5/14.3) = 1.5 × 8.8/14.3 = 0.923.

Corrected item-total correlations (item against the sum of the other two):
  item 1 with 6, 9, 5, 9, 4: cross products 13.0, r = 13 / √(10 × 21.2) = 0.893
  item 2 with 5, 9, 6, 9, 3: cross products 11.6, r = 11.6 / √(6.8 × 27.2) = 0.853
  item 3 with 5, 8, 5, 10, 3: cross products 10.6, r = 10.6 / √(5.2 × 30.8) = 0.838
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from networking_works.items import (
    MIN_PEOPLE_PER_PART,
    Flag,
    _flag,
    bank_stats,
    corrected_item_total,
    cronbach_alpha,
    part_stats,
    stats_csv,
    stats_text,
)
from networking_works.scoring import NOT_APPLICABLE
from tests.bank_helpers import bank_from_dict, minimal_bank_dict

BANK = bank_from_dict(minimal_bank_dict())
PART = BANK.parts[0]
KEYED = [(2, 3, 3), (4, 4, 5), (3, 2, 3), (5, 5, 4), (1, 2, 2)]


def stored(keyed: tuple[int, int, int]) -> dict[str, object]:
    """The answers as a person gave them: the reversed third statement flipped back."""
    first, second, third = (s.id for s in PART.statements)
    assert PART.statements[2].reverse and not PART.statements[0].reverse
    return {first: keyed[0], second: keyed[1], third: 6 - keyed[2]}


def test_the_worked_example_to_three_decimals() -> None:
    found = part_stats(PART, [stored(k) for k in KEYED])
    assert found.people == 5
    assert found.alpha is not None and round(found.alpha, 3) == 0.923
    assert [round(i.correlation or 0, 3) for i in found.items] == [0.893, 0.853, 0.838]
    assert [i.flag for i in found.items] == [None, None, None]


def test_the_formulas_on_the_matrix_itself() -> None:
    scores = np.array(KEYED, dtype=np.float64)
    assert cronbach_alpha(scores) == pytest.approx(1.5 * 8.8 / 14.3)
    assert corrected_item_total(scores)[1] == pytest.approx(11.6 / 13.6)


def test_people_with_a_gap_or_does_not_apply_are_left_out_of_that_part() -> None:
    first = PART.statements[0].id
    rows = [stored(k) for k in KEYED]
    rows.append({**stored((5, 1, 1)), first: NOT_APPLICABLE})
    rows.append({k: v for k, v in stored((1, 5, 5)).items() if k != first})
    rows.append({**stored((5, 1, 1)), first: True})  # not an answer, though True == 1
    found = part_stats(PART, rows)
    assert found.people == 5 and round(found.alpha or 0, 3) == 0.923


def test_a_reverse_statement_read_the_wrong_way_is_flagged() -> None:
    # People answered the reversed statement as if it were not reversed.
    rows = [{**stored(k), PART.statements[2].id: k[2]} for k in KEYED]
    found = part_stats(PART, rows)
    assert found.items[2].correlation is not None and found.items[2].correlation < 0
    assert found.items[2].flag is Flag.WRONG_SIGN


def test_a_statement_unrelated_to_its_part_is_flagged_weak() -> None:
    # The first statement answered 4, 3, 2, 3, 3: deviations 1, 0, -1, 0, 0 against the
    # rest's -0.6, 2.4, -1.6, 2.4, -2.6 give r = 1 / √(2 × 21.2) = 0.154.
    noise = [4, 3, 2, 3, 3]
    rows = [stored((n, k[1], k[2])) for k, n in zip(KEYED, noise, strict=True)]
    found = part_stats(PART, rows)
    weak = found.items[0]
    assert weak.correlation is not None and round(weak.correlation, 3) == 0.154
    assert weak.flag is Flag.WEAK


def test_no_spread_or_too_few_people_gives_no_figure() -> None:
    assert part_stats(PART, []).alpha is None
    assert part_stats(PART, [stored((3, 3, 3))] * 4).alpha is None
    assert part_stats(PART, [stored((3, 3, 3))] * 4).items[0].correlation is None


def test_csv_and_text_carry_the_figures() -> None:
    rows = [stored(k) for k in KEYED] * 2  # the worked example twice: 10 people
    stats = bank_stats(BANK, rows)
    found = stats[0]
    alpha, first = f"{found.alpha:.3f}", f"{found.items[0].correlation:.3f}"
    table = stats_csv(stats).splitlines()
    assert table[0] == "part,people,alpha,statement,reverse,item_rest_correlation,flag"
    assert table[1] == f"{PART.id},10,{alpha},{PART.statements[0].id},no,{first},"
    assert len(table) == 1 + len(BANK.statements)
    text = stats_text(BANK, stats).splitlines()
    assert f"{PART.id}: alpha {alpha} (10 people)" in text
    assert f"  {PART.statements[0].id}: {first} (10 people)" in text


def test_a_part_answered_in_full_by_too_few_people_shows_no_figures() -> None:
    # Two people answered every statement: their correlations are all +1 or -1.
    rows = [stored(k) for k in KEYED[:2]]
    stats = bank_stats(BANK, rows)
    assert stats[0].people == 2
    assert not stats[0].shown
    assert all(abs(i.correlation or 1) == pytest.approx(1) for i in stats[0].items)
    table = stats_csv(stats).splitlines()
    assert table[1] == f"{PART.id},2,,{PART.statements[0].id},no,,"
    assert stats_text(BANK, stats).splitlines()[0] == (
        f"{PART.id}: not shown, 2 people answered every statement "
        f"(at least {MIN_PEOPLE_PER_PART} needed)"
    )


def test_exact_correlations_of_0_and_one_fifth_get_the_flag_of_their_exact_value() -> None:
    # Worked out by hand: these answers correlate exactly 0 and exactly 1/5 with the rest
    # of the part, which floating point gives as about -2.4e-17 and 0.19999999999999998.
    zero = [[4, 2, 5], [3, 1, 3], [1, 4, 4], [2, 4, 1], [2, 4, 3], [4, 3, 5]]
    fifth = [[1, 1, 1], [3, 3, 1], [4, 1, 2], [2, 1, 4]]
    assert exact_item_rest(zero) == 0 and exact_item_rest_squared(fifth) == Fraction(1, 25)
    found_zero = corrected_item_total(np.array(zero, dtype=np.float64))[0]
    found_fifth = corrected_item_total(np.array(fifth, dtype=np.float64))[0]
    assert found_zero is not None and found_fifth is not None
    assert found_zero < 0 and found_fifth < 0.2  # the noise this test is about
    assert _flag(found_zero, reverse=True) is Flag.WEAK  # 0 is weak, not the wrong sign
    assert _flag(found_fifth, reverse=False) is None  # "below 0.2" does not hold at 0.2


def exact_item_rest(matrix: list[list[int]]) -> Fraction:
    """The covariance of the first item with the rest, exactly."""
    x = [row[0] for row in matrix]
    y = [sum(row[1:]) for row in matrix]
    mx, my = Fraction(sum(x), len(x)), Fraction(sum(y), len(y))
    return sum(((a - mx) * (b - my) for a, b in zip(x, y, strict=True)), Fraction(0))


def exact_item_rest_squared(matrix: list[list[int]]) -> Fraction:
    """The squared correlation of the first item with the rest, exactly."""
    x = [row[0] for row in matrix]
    y = [sum(row[1:]) for row in matrix]
    mx, my = Fraction(sum(x), len(x)), Fraction(sum(y), len(y))
    vx = sum(((a - mx) ** 2 for a in x), Fraction(0))
    vy = sum(((b - my) ** 2 for b in y), Fraction(0))
    return exact_item_rest(matrix) ** 2 / (vx * vy)
