"""report: self-contained result snapshots and their checked round trip."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from networking_works.bands import Band
from networking_works.bank import load_bank
from networking_works.report import (
    FORMAT,
    MAX_FILE_BYTES,
    MAX_TEXT,
    PartResult,
    PlanItem,
    ProfileResult,
    Report,
    ReportError,
    build_report,
    parse_result_file,
    report_from_dict,
    to_json,
)
from tests.bank_helpers import DEFAULT_BANK, bank_from_dict, minimal_bank_dict

BANK = bank_from_dict(minimal_bank_dict())
CREATED = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
ANSWERS = {
    **{"creation_1": 5, "creation_2": 5, "creation_3": 1},  # 100
    **{"long_term_1": 1, "long_term_2": 1, "long_term_3": 5},  # 0
    **{"mutual_benefit_1": 3, "mutual_benefit_2": 3, "mutual_benefit_3": 3},  # 50
    **{"two_or_more_1": 4, "two_or_more_2": 2, "two_or_more_3": 2},  # 10/3 -> 58.3
    "all_prosper_1": 4,  # fewer than half: no score
    **{"more_because_1": 5, "more_because_2": 4, "more_because_3": 2},  # 13/3 -> 83.3
}


@pytest.fixture
def report() -> Report:
    return build_report(BANK, ANSWERS, CREATED)


def test_build_report_from_known_answers(report: Report) -> None:
    assert report.bank_id == "mini"
    assert report.bank_version == "1.0"
    assert report.bank_title == "Mini bank"
    assert report.created == "2024-05-06T07:08:09+00:00"
    assert report.parts == (
        PartResult("creation", "Title of creation", 100.0, Band.HIGH),
        PartResult("long_term", "Title of long_term", 0.0, Band.LOW),
        PartResult("mutual_benefit", "Title of mutual_benefit", 50.0, Band.MIDDLE),
        PartResult("two_or_more", "Title of two_or_more", 175 / 3, Band.MIDDLE),
        PartResult("all_prosper", "Title of all_prosper", None, None),
        PartResult("more_because", "Title of more_because", 250 / 3, Band.HIGH),
    )
    assert report.scores == [100.0, 0.0, 50.0, 175 / 3, None, 250 / 3]
    assert report.titles == [f"Title of {p.id}" for p in BANK.parts]
    assert report.overall == 175 / 3  # (100 + 0 + 50 + 175/3 + 250/3) / 5, exactly
    assert report.same_answer_everywhere is False
    assert report.weakest == ("Title of long_term",)
    assert report.strongest == ("Title of creation",)
    assert report.profiles == ()
    assert report.why == "Low diagnosis of long_term."
    assert report.plan == tuple(
        PlanItem("Title of long_term", f"Action {n} of long_term.") for n in (1, 2, 3)
    )


def test_build_report_copies_matching_profiles() -> None:
    answers = {**ANSWERS, "two_or_more_1": 1, "two_or_more_2": 1, "two_or_more_3": 5}
    report = build_report(BANK, answers, CREATED)
    assert report.profiles == (
        ProfileResult(
            "The screen-only networker", "Problem of screen-only.", "First step of screen-only."
        ),
    )
    assert report.weakest == ("Title of long_term", "Title of two_or_more")
    assert report.why == (
        "Low diagnosis of long_term. Low diagnosis of two_or_more. Problem of screen-only."
    )


def test_build_report_with_no_answers() -> None:
    report = build_report(BANK, {}, CREATED)
    assert report.scores == [None] * 6
    assert report.overall is None
    assert (report.weakest, report.strongest, report.plan, report.why) == ((), (), (), "")


def test_build_report_rejects_impossible_answers() -> None:
    with pytest.raises(ValueError, match="creation_1"):
        build_report(BANK, {"creation_1": 9}, CREATED)


def test_round_trip_through_dict(report: Report) -> None:
    data = report.to_dict()
    assert data["format"] == FORMAT
    assert report_from_dict(data) == report


def test_round_trip_through_json(report: Report) -> None:
    data = json.loads(json.dumps(report.to_dict()))
    assert data == report.to_dict()  # to_dict is already plain JSON data
    assert report_from_dict(data) == report
    assert parse_result_file(to_json(report)) == report


def test_bands_are_stored_as_the_plain_strings_old_results_hold(report: Report) -> None:
    stored = [p["band"] for p in report.to_dict()["parts"]]
    assert stored == ["high", "low", "middle", "middle", None, "high"]
    assert {type(b) for b in stored} == {str, type(None)}  # not the Band type
    parts = report_from_dict(report.to_dict()).parts
    assert [p.band for p in parts] == [
        Band.HIGH,
        Band.LOW,
        Band.MIDDLE,
        Band.MIDDLE,
        None,
        Band.HIGH,
    ]


def test_round_trip_of_the_default_bank() -> None:
    bank = load_bank(DEFAULT_BANK)
    report = build_report(bank, {s.id: 1 + i % 5 for i, s in enumerate(bank.statements)}, CREATED)
    assert report_from_dict(json.loads(to_json(report))) == report


def _strings_and_keys(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings_and_keys(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings_and_keys(item)
    elif isinstance(value, str):
        yield value


def test_dict_never_contains_answers_or_statement_ids() -> None:
    bank = load_bank(DEFAULT_BANK)
    answers = {s.id: 1 + i % 5 for i, s in enumerate(bank.statements)}
    data = build_report(bank, answers, CREATED).to_dict()
    words = set(_strings_and_keys(data))
    assert not words & {s.id for s in bank.statements}
    assert not words & {s.text for s in bank.statements}
    assert "answers" not in words
    assert set(data) == {
        "format",
        "bank_id",
        "bank_version",
        "bank_title",
        "created",
        "parts",
        "overall",
        "same_answer_everywhere",
        "weakest",
        "strongest",
        "profiles",
        "why",
        "plan",
    }
    assert all(set(part) == {"id", "title", "score", "band"} for part in data["parts"])


Tamper = Callable[[dict[str, Any]], object]


def _set(key: str, value: object) -> Tamper:
    def tamper(data: dict[str, Any]) -> object:
        data[key] = value
        return data

    return tamper


def _set_part(key: str, value: object) -> Tamper:
    def tamper(data: dict[str, Any]) -> object:
        data["parts"][0][key] = value
        return data

    return tamper


def _drop(key: str) -> Tamper:
    def tamper(data: dict[str, Any]) -> object:
        del data[key]
        return data

    return tamper


def _drop_part_key(key: str) -> Tamper:
    def tamper(data: dict[str, Any]) -> object:
        del data["parts"][0][key]
        return data

    return tamper


TAMPERED: dict[str, Tamper] = {
    "wrong-format": _set("format", "networking-works/result@2"),
    "no-format": _drop("format"),
    "not-a-dict": lambda data: list(data.items()),
    "none": lambda data: None,
    "json-text": lambda data: json.dumps(data),
    "score-150": _set_part("score", 150),
    "score-negative": _set_part("score", -0.1),
    "score-as-text": _set_part("score", "50"),
    "score-as-bool": _set_part("score", True),
    "score-nan": _set_part("score", float("nan")),
    "overall-150": _set("overall", 150.0),
    "unknown-band": _set_part("band", "very high"),
    "missing-key": _drop("why"),
    "missing-part-key": _drop_part_key("band"),
    "non-text-title": _set("bank_title", 5),
    "none-part-title": _set_part("title", None),
    "empty-title": _set("bank_title", ""),
    "text-too-long": _set("why", "x" * (MAX_TEXT + 1)),
    "huge-list": _set("weakest", ["Title of long_term"] * 51),
    "huge-parts-list": lambda data: {**data, "parts": data["parts"] * 9},
    "parts-not-a-list": _set("parts", {"creation": 100}),
    "part-not-a-dict": _set("parts", ["creation"]),
    "plan-item-not-a-dict": _set("plan", [["Title", "Do it"]]),
    "profile-missing-field": _set("profiles", [{"name": "N", "problem": "P"}]),
    "flag-as-text": _set("same_answer_everywhere", "no"),
}


@pytest.mark.parametrize("tamper", TAMPERED.values(), ids=TAMPERED.keys())
def test_tampered_dict_raises_report_error(report: Report, tamper: Tamper) -> None:
    data = tamper(copy.deepcopy(report.to_dict()))
    with pytest.raises(ReportError):
        report_from_dict(data)


def test_report_error_is_a_value_error() -> None:
    assert issubclass(ReportError, ValueError)


def test_empty_why_is_allowed(report: Report) -> None:
    data = {**report.to_dict(), "why": ""}
    assert report_from_dict(data).why == ""


@pytest.mark.parametrize(
    "data",
    [
        b"x" * (MAX_FILE_BYTES + 1),
        b"\xff\xfe not utf-8",
        b"not json",
        b"[" * 100_000,
        b"{}",
        b"null",
    ],
    ids=["too-large", "not-utf8", "not-json", "deep-json", "empty-object", "null"],
)
def test_bad_result_files_raise_report_error(data: bytes) -> None:
    with pytest.raises(ReportError):
        parse_result_file(data)


def _with_parts(report: Report, parts: int, title_chars: int) -> dict[str, object]:
    data = report.to_dict()
    model = data["parts"][0]
    data["parts"] = [
        {**model, "id": f"p{n}", "title": (f"part {n} " + "x" * title_chars)[:title_chars]}
        for n in range(parts)
    ]
    return data


@pytest.mark.parametrize(
    ("parts", "title_chars", "reason"),
    [
        (50, 4000, "the result has 50 parts, and a result has at most 12"),
        (13, 20, "the result has 13 parts"),
        (3, 201, "the title of part 1 is longer than 200 characters"),
    ],
)
def test_a_result_file_is_held_to_what_a_bank_can_make(
    report: Report, parts: int, title_chars: int, reason: str
) -> None:
    data = json.dumps(_with_parts(report, parts, title_chars)).encode()
    with pytest.raises(ReportError, match=reason):
        parse_result_file(data)
    # What the store already holds is still read: the caps are on files handed in.
    assert len(report_from_dict(_with_parts(report, parts, title_chars)).parts) == parts
    assert len(parse_result_file(json.dumps(_with_parts(report, 12, 200)).encode()).parts) == 12


def test_a_report_may_carry_an_earlier_results_scores(report: Report) -> None:
    earlier = build_report(BANK, {s.id: 3 for s in BANK.statements}, CREATED)
    later = report.with_before(earlier)
    assert later.before is not None
    assert later.before.created == earlier.created
    assert list(later.before.scores) == earlier.scores
    data = later.to_dict()
    assert data["before"] == {"created": earlier.created, "scores": earlier.scores}
    assert report_from_dict(json.loads(json.dumps(data))) == later
    assert "before" not in report.to_dict()  # files without it stay as they were
    assert later.with_before(None) == report


@pytest.mark.parametrize(
    "before",
    [
        "yesterday",
        {"created": "2024-01-01", "scores": [50.0]},
        {"created": "2024-01-01", "scores": [101.0] * 6},
        {"created": "", "scores": [50.0] * 6},
        {"scores": [50.0] * 6},
    ],
)
def test_a_damaged_earlier_result_is_refused(report: Report, before: object) -> None:
    data = {**report.to_dict(), "before": before}
    with pytest.raises(ReportError):
        report_from_dict(data)
