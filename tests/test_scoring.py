"""scoring: answers to part scores from 0 to 100."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from networking_works.bank import Bank, load_bank
from networking_works.scoring import (
    ANSWER_OPTIONS,
    HIGHEST,
    LOWEST,
    NOT_APPLICABLE,
    SCALE_POINTS,
    VALID_ANSWERS,
    PartScore,
    clean_answers,
    keyed,
    score,
)
from tests.bank_helpers import DEFAULT_BANK, PART_IDS, bank_from_dict, minimal_bank_dict

# Every part: <part>_1 and <part>_2 normal, <part>_3 reversed.
BANK = bank_from_dict(minimal_bank_dict())


def test_answer_options_are_the_scale_then_not_applicable() -> None:
    assert ANSWER_OPTIONS == (1, 2, 3, 4, 5, NOT_APPLICABLE)
    assert (SCALE_POINTS[0], SCALE_POINTS[-1]) == (LOWEST, HIGHEST)
    assert len(SCALE_POINTS) == HIGHEST - LOWEST + 1
    assert frozenset(ANSWER_OPTIONS) == VALID_ANSWERS
    assert NOT_APPLICABLE not in SCALE_POINTS


def test_a_bank_has_one_scale_label_per_scale_point() -> None:
    assert len(BANK.scale.labels) == len(SCALE_POINTS)


def _flipped_bank() -> Bank:
    data = minimal_bank_dict()
    for part in data["parts"]:
        for statement in part["statements"]:
            statement["reverse"] = not statement.get("reverse", False)
    return bank_from_dict(data)


FLIPPED = _flipped_bank()
IDS = [s.id for s in BANK.statements]
REVERSED = {s.id for s in BANK.statements if s.reverse}


def test_bank_shape_used_below() -> None:
    assert [s.id for s in BANK.part("creation").statements] == [
        "creation_1",
        "creation_2",
        "creation_3",
    ]
    assert {f"{pid}_3" for pid in PART_IDS} == REVERSED
    pairs = zip(BANK.statements, FLIPPED.statements, strict=True)
    assert all(s.reverse != f.reverse for s, f in pairs)


def test_keyed() -> None:
    assert [keyed(v, False) for v in range(1, 6)] == [1, 2, 3, 4, 5]
    assert [keyed(v, True) for v in range(1, 6)] == [5, 4, 3, 2, 1]


def test_all_fives_on_normal_statements_and_ones_on_reversed_give_100() -> None:
    answers = {i: 1 if i in REVERSED else 5 for i in IDS}
    scores = score(BANK, answers)
    assert scores.as_dict() == dict.fromkeys(PART_IDS, 100.0)
    assert scores.overall == 100.0
    assert scores.same_answer_everywhere is False


def test_all_ones_on_normal_statements_and_fives_on_reversed_give_0() -> None:
    answers = {i: 5 if i in REVERSED else 1 for i in IDS}
    scores = score(BANK, answers)
    assert scores.as_dict() == dict.fromkeys(PART_IDS, 0.0)
    assert scores.overall == 0.0


def test_all_threes_give_50() -> None:
    scores = score(BANK, dict.fromkeys(IDS, 3))
    assert scores.as_dict() == dict.fromkeys(PART_IDS, 50.0)


def test_reverse_statement_is_flipped() -> None:
    # Same answer 5 everywhere: 5, 5 and a reversed 5 (counts as 1) -> mean 11/3.
    scores = score(BANK, dict.fromkeys(IDS, 5))
    assert scores.of("creation") == Fraction(200, 3)
    # Reversed 5 (counts 1) with a normal 3 -> mean 2 -> 25.
    only = score(BANK, {"creation_2": 3, "creation_3": 5})
    assert only.of("creation") == 25.0


def test_exact_mapping_with_mixed_answers() -> None:
    # 4, 2 and a reversed 2 (counts 4) -> mean 10/3 -> exactly 175/3 (shown as 58)
    scores = score(BANK, {"long_term_1": 4, "long_term_2": 2, "long_term_3": 2})
    assert scores.of("long_term") == Fraction(175, 3)
    assert scores.parts[1] == PartScore("long_term", Fraction(175, 3), 3, 3)


def test_not_applicable_is_left_out() -> None:
    with_na = score(BANK, {"creation_1": 5, "creation_2": NOT_APPLICABLE, "creation_3": 1})
    assert with_na.of("creation") == 100.0
    assert with_na.parts[0] == PartScore("creation", 100.0, 2, 3)
    with_one = score(BANK, {"creation_1": 5, "creation_2": 1, "creation_3": 1})
    assert with_one.of("creation") == Fraction(200, 3)


def test_fewer_than_half_answered_gives_none_not_zero() -> None:
    one = score(BANK, {"creation_1": 4})
    assert one.of("creation") is None
    assert one.parts[0] == PartScore("creation", None, 1, 3)
    na = score(BANK, {"creation_1": 4, "creation_2": NOT_APPLICABLE, "creation_3": 0})
    assert na.of("creation") is None
    all_na = score(BANK, {"creation_1": 0, "creation_2": 0, "creation_3": 0})
    assert all_na.of("creation") is None
    assert all_na.parts[0].answered == 0


def test_half_or_more_answered_is_scored_with_five_statements() -> None:
    bank = load_bank(DEFAULT_BANK)
    ids = [s.id for s in bank.part("creation").statements]
    assert len(ids) == 5
    normal = [s.id for s in bank.part("creation").statements if not s.reverse]
    two = score(bank, dict.fromkeys(normal[:2], 5))
    assert two.of("creation") is None  # 2 of 5 is fewer than half
    three = score(bank, dict.fromkeys(normal[:3], 5))
    assert three.of("creation") == 100.0


def test_nothing_answered() -> None:
    scores = score(BANK, {})
    assert scores.as_dict() == dict.fromkeys(PART_IDS)
    assert scores.overall is None
    assert scores.same_answer_everywhere is False


def test_overall_is_mean_of_scored_parts_only() -> None:
    answers = {
        **{"creation_1": 5, "creation_2": 5, "creation_3": 1},  # 100
        **{"long_term_1": 1, "long_term_2": 1, "long_term_3": 5},  # 0
        **{"mutual_benefit_1": 3, "mutual_benefit_2": 1, "mutual_benefit_3": 4},  # 25
        "two_or_more_1": 5,  # too few answers: left out, not counted as 0
    }
    scores = score(BANK, answers)
    assert scores.as_dict() == {
        "creation": 100.0,
        "long_term": 0.0,
        "mutual_benefit": 25.0,
        "two_or_more": None,
        "all_prosper": None,
        "more_because": None,
    }
    assert scores.overall == Fraction(125, 3)  # (100 + 0 + 25) / 3, exactly


def test_same_answer_flag_counts_raw_answers_including_reversed() -> None:
    assert score(BANK, dict.fromkeys(IDS, 4)).same_answer_everywhere is True
    assert score(BANK, dict.fromkeys(IDS, 1)).same_answer_everywhere is True
    varied = {**dict.fromkeys(IDS, 4), "more_because_3": 3}
    assert score(BANK, varied).same_answer_everywhere is False
    # Keyed values are all 5 but the raw answers differ: not flagged.
    keyed_same = {i: 1 if i in REVERSED else 5 for i in IDS}
    assert score(BANK, keyed_same).same_answer_everywhere is False


def test_same_answer_flag_ignores_not_applicable_and_needs_two_answers() -> None:
    with_na = {**dict.fromkeys(IDS, 2), "creation_1": NOT_APPLICABLE}
    assert score(BANK, with_na).same_answer_everywhere is True
    assert score(BANK, {"creation_1": 2}).same_answer_everywhere is False


def test_scores_of_unknown_part() -> None:
    with pytest.raises(KeyError):
        score(BANK, {}).of("nonsense")


@pytest.mark.parametrize("value", [6, -1, 10, True, False, 3.0, "3", None, [3]])
def test_invalid_answer_raises_value_error(value: object) -> None:
    with pytest.raises(ValueError, match="creation_1"):
        score(BANK, {"creation_1": value})  # type: ignore[dict-item]


def test_clean_answers_drops_junk() -> None:
    raw = {
        "creation_1": 5,
        "creation_2": 0,
        "creation_3": 6,
        "long_term_1": True,
        "long_term_2": 2.0,
        "long_term_3": "3",
        "mutual_benefit_1": None,
        "unknown": 3,
        7: 3,
        "two_or_more_1": -1,
        "all_prosper_1": 1,
    }
    assert clean_answers(BANK, raw) == {"creation_1": 5, "creation_2": 0, "all_prosper_1": 1}


@pytest.mark.parametrize("raw", [None, [], "creation_1=5", 5, [("creation_1", 5)]])
def test_clean_answers_of_non_mapping_is_empty(raw: object) -> None:
    assert clean_answers(BANK, raw) == {}


# --- properties ---------------------------------------------------------------

ANSWER = st.sampled_from(ANSWER_OPTIONS)
ANSWERS = st.dictionaries(st.sampled_from(IDS), ANSWER)
FULL_ANSWERS = st.fixed_dictionaries({i: st.integers(1, 5) for i in IDS})
PROPERTY = settings(max_examples=200, deadline=None)


@PROPERTY
@given(ANSWERS)
def test_scores_stay_within_0_and_100(answers: dict[str, int]) -> None:
    scores = score(BANK, answers)
    for value in [*scores.as_dict().values(), scores.overall]:
        assert value is None or 0 <= value <= 100
    assert (scores.overall is None) == all(p.score is None for p in scores.parts)
    assert clean_answers(BANK, answers) == answers


@PROPERTY
@given(ANSWERS)
def test_reverse_key_symmetry(answers: dict[str, int]) -> None:
    # The same statements with every reverse flag toggled, answered 6 - v,
    # score exactly the same: a reversed v counts as a normal 6 - v.
    mirrored = {i: 6 - v if v != NOT_APPLICABLE else v for i, v in answers.items()}
    assert score(FLIPPED, mirrored).as_dict() == score(BANK, answers).as_dict()
    assert score(FLIPPED, mirrored).overall == score(BANK, answers).overall


@PROPERTY
@given(ANSWERS, st.sampled_from(IDS), st.integers(1, 4))
def test_raising_one_answer_is_monotonic(answers: dict[str, int], sid: str, value: int) -> None:
    part_id = next(p.id for p in BANK.parts if any(s.id == sid for s in p.statements))
    before = score(BANK, {**answers, sid: value}).of(part_id)
    after = score(BANK, {**answers, sid: value + 1}).of(part_id)
    assert (before is None) == (after is None)
    if before is None or after is None:
        return
    if sid in REVERSED:
        assert after <= before
    else:
        assert after >= before


@PROPERTY
@given(FULL_ANSWERS)
def test_fully_answered_bank_scores_every_part(answers: dict[str, int]) -> None:
    scores = score(BANK, answers)
    assert all(p.score is not None and p.answered == p.total == 3 for p in scores.parts)
    assert scores.same_answer_everywhere == (len(set(answers.values())) == 1)
