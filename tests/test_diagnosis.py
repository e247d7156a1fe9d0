"""diagnosis: weakest and strongest parts, bands, profiles, why and plan."""

from __future__ import annotations

import dataclasses

import pytest

from networking_works.bands import Band
from networking_works.bank import Bank
from networking_works.diagnosis import (
    Action,
    Diagnosis,
    diagnose,
    matching_profiles,
    plan,
)
from networking_works.scoring import PartScore, Scores, score
from tests.bank_helpers import PART_IDS, bank_from_dict, minimal_bank_dict

# Profiles: "screen-only" when two_or_more < 40;
# "taker" when mutual_benefit < 40 and overall >= 50.
BANK = bank_from_dict(minimal_bank_dict())


def scores_of(values: dict[str, float | None], overall: float | None = None) -> Scores:
    """Scores for BANK: parts not named get 50; overall is the mean unless given."""
    full = {pid: values.get(pid, 50.0) for pid in PART_IDS}
    scored = [v for v in full.values() if v is not None]
    if overall is None and scored:
        overall = round(sum(scored) / len(scored), 1)
    parts = tuple(
        PartScore(pid, value, 0 if value is None else 3, 3) for pid, value in full.items()
    )
    return Scores(parts, overall, False)


def actions(*pairs: tuple[str, int]) -> tuple[Action, ...]:
    return tuple(Action(pid, f"Action {n} of {pid}.") for pid, n in pairs)


def test_bands_in_diagnosis_use_the_same_boundaries() -> None:
    found = diagnose(
        BANK,
        scores_of(
            {
                "creation": 39.9,
                "long_term": 40.0,
                "mutual_benefit": 69.9,
                "two_or_more": 70.0,
                "all_prosper": None,
            }
        ),
    )
    assert found.bands == {
        "creation": Band.LOW,
        "long_term": Band.MIDDLE,
        "mutual_benefit": Band.MIDDLE,
        "two_or_more": Band.HIGH,
        "more_because": Band.MIDDLE,
    }


def test_single_weakest_part_gives_its_first_three_actions_in_order() -> None:
    found = diagnose(BANK, scores_of({"mutual_benefit": 10.0, "creation": 90.0}))
    assert found.weakest == ("mutual_benefit",)
    assert found.strongest == ("creation",)
    assert found.plan == actions(
        ("mutual_benefit", 1), ("mutual_benefit", 2), ("mutual_benefit", 3)
    )
    assert found.enough


def test_two_tied_weakest_parts_both_named_and_plan_alternates() -> None:
    found = diagnose(BANK, scores_of({"creation": 20.0, "long_term": 20.0}))
    assert found.weakest == ("creation", "long_term")
    assert found.strongest == ("mutual_benefit", "two_or_more", "all_prosper", "more_because")
    assert found.plan == actions(("creation", 1), ("long_term", 1), ("creation", 2))


def test_tied_parts_far_apart_are_reported_and_planned_in_bank_order() -> None:
    found = diagnose(BANK, scores_of({"more_because": 5.0, "long_term": 5.0}))
    assert found.weakest == ("long_term", "more_because")
    assert found.plan == actions(("long_term", 1), ("more_because", 1), ("long_term", 2))


def test_three_tied_weakest_parts_give_one_action_each() -> None:
    found = diagnose(BANK, scores_of({"two_or_more": 0.0, "all_prosper": 0.0, "more_because": 0.0}))
    assert found.plan == actions(("two_or_more", 1), ("all_prosper", 1), ("more_because", 1))


def test_four_tied_parts_plan_takes_the_first_three_in_bank_order() -> None:
    tied = ("long_term", "mutual_benefit", "two_or_more", "all_prosper")
    found = diagnose(BANK, scores_of(dict.fromkeys(tied, 10.0)))
    assert len(found.weakest) == 4
    assert found.plan == actions(("long_term", 1), ("mutual_benefit", 1), ("two_or_more", 1))


def test_plan_moves_on_to_the_next_weakest_when_actions_run_out() -> None:
    # Valid banks have >= 3 actions per part; plan() still documents what happens with fewer.
    short = dataclasses.replace(BANK.part("creation"), actions=("Only creation action.",))
    bank = dataclasses.replace(
        BANK, parts=tuple(short if p.id == "creation" else p for p in BANK.parts)
    )
    result = plan(bank, {"creation": 10.0, "long_term": 30.0, "mutual_benefit": 20.0})
    assert result == (
        Action("creation", "Only creation action."),
        Action("mutual_benefit", "Action 1 of mutual_benefit."),
        Action("mutual_benefit", "Action 2 of mutual_benefit."),
    )


def test_strongest_is_empty_when_all_scores_are_equal() -> None:
    found = diagnose(BANK, scores_of({}))
    assert found.weakest == PART_IDS
    assert found.strongest == ()
    assert found.plan == actions(("creation", 1), ("long_term", 1), ("mutual_benefit", 1))


def test_unscored_parts_are_left_out() -> None:
    found = diagnose(BANK, scores_of({"creation": None, "long_term": None, "mutual_benefit": 80.0}))
    assert "creation" not in found.bands
    assert "creation" not in found.weakest
    assert found.weakest == ("two_or_more", "all_prosper", "more_because")
    assert found.strongest == ("mutual_benefit",)


def test_no_scored_parts_gives_empty_diagnosis() -> None:
    found = diagnose(BANK, score(BANK, {}))
    assert found == Diagnosis((), (), {}, (), "", ())
    assert not found.enough


def test_why_joins_weakest_diagnosis_in_its_band_then_first_profile_problem() -> None:
    found = diagnose(BANK, scores_of({"two_or_more": 10.0, "creation": 90.0}))
    assert [p.id for p in found.profiles] == ["screen-only"]
    assert found.why == "Low diagnosis of two_or_more. Problem of screen-only."


def test_why_for_tied_weakest_parts_in_middle_band_without_profile() -> None:
    found = diagnose(BANK, scores_of({"creation": 45.0, "long_term": 45.0}, overall=60.0))
    assert found.profiles == ()
    assert found.why == "Middle diagnosis of creation. Middle diagnosis of long_term."


def test_why_uses_only_the_first_matching_profile() -> None:
    scores = scores_of({"two_or_more": 30.0, "mutual_benefit": 30.0}, overall=55.0)
    found = diagnose(BANK, scores)
    assert [p.id for p in found.profiles] == ["screen-only", "taker"]
    assert found.why == (
        "Low diagnosis of mutual_benefit. Low diagnosis of two_or_more. Problem of screen-only."
    )


def test_why_with_a_high_weakest_part() -> None:
    found = diagnose(BANK, scores_of(dict.fromkeys(PART_IDS, 95.0)))
    assert found.why == " ".join(f"High diagnosis of {pid}." for pid in PART_IDS)


@pytest.mark.parametrize(
    ("values", "overall", "expected"),
    [
        ({"two_or_more": 39.9}, None, ["screen-only"]),
        ({"two_or_more": 40.0}, None, []),
        ({"two_or_more": None}, None, []),  # no score: a condition never holds
        ({"mutual_benefit": 30.0}, 50.0, ["taker"]),  # at_least is inclusive
        ({"mutual_benefit": 30.0}, 49.9, []),
        ({"mutual_benefit": 40.0}, 80.0, []),
        ({"mutual_benefit": 0.0, "two_or_more": 0.0}, 70.0, ["screen-only", "taker"]),
    ],
)
def test_matching_profiles(
    values: dict[str, float | None], overall: float | None, expected: list[str]
) -> None:
    scores = scores_of(values, overall)
    assert [p.id for p in matching_profiles(BANK, scores)] == expected


def test_overall_none_never_matches_an_overall_condition() -> None:
    scores = Scores(
        tuple(PartScore(pid, 0.0 if pid == "mutual_benefit" else None, 3, 3) for pid in PART_IDS),
        None,
        False,
    )
    assert matching_profiles(BANK, scores) == ()


def test_profile_matching_through_a_synthetic_bank_and_real_answers() -> None:
    data = minimal_bank_dict()
    data["profiles"] = [
        {
            "id": "all-round",
            "name": "All round",
            "when": [{"part": pid, "at_least": 70} for pid in PART_IDS],
            "problem": "Nothing much.",
            "first_step": "Keep going.",
        },
        {
            "id": "low-overall",
            "name": "Low overall",
            "when": [{"part": "overall", "below": 30}],
            "problem": "Everything is low.",
            "first_step": "Start small.",
        },
    ]
    bank: Bank = bank_from_dict(data)
    high = {s.id: 1 if s.reverse else 5 for s in bank.statements}
    low = {s.id: 5 if s.reverse else 1 for s in bank.statements}
    assert [p.id for p in diagnose(bank, score(bank, high)).profiles] == ["all-round"]
    found = diagnose(bank, score(bank, low))
    assert [p.id for p in found.profiles] == ["low-overall"]
    assert found.why.endswith("Everything is low.")
