"""The pure workshop core: join codes, names, quartiles, the room summary and the CSV export."""

from __future__ import annotations

import csv
import io
import re
import statistics
import string
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from networking_works.bands import Band
from networking_works.bank import load_bank
from networking_works.scoring import NOT_APPLICABLE, score
from networking_works.tokens import new_token
from networking_works.workshop import (
    CODE_ALPHABET,
    CODE_LENGTH,
    FIRST_QUARTILE,
    MAX_NICKNAME,
    MEDIAN,
    THIRD_QUARTILE,
    WAKE_UPS_PER_SECOND,
    PartSummary,
    answers_csv,
    clean_nickname,
    new_codename,
    new_join_code,
    normalize_code,
    quartile,
    quartile_ranks,
    rank_below,
    room_summary,
    wake_delay,
)

ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank(ROOT / "questions" / "networking.yaml")
LOOK_ALIKES = "0O1IL"
HOSTILE_NICKNAME = "**bold** <b>x</b> [link](http://e.vil) :red[x]"

# -- join codes ---------------------------------------------------------------


def test_code_alphabet_has_no_look_alikes() -> None:
    assert set(CODE_ALPHABET) == set(string.ascii_uppercase + string.digits) - set(LOOK_ALIKES)
    assert len(set(CODE_ALPHABET)) == len(CODE_ALPHABET)
    assert CODE_LENGTH == 6


def test_new_join_codes_are_six_unambiguous_characters() -> None:
    codes = [new_join_code() for _ in range(2000)]
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set(LOOK_ALIKES)
        assert normalize_code(code) == code
    # 31**6 ≈ 887 million codes: 2000 draws should be (almost) all different.
    assert len(set(codes)) >= 1995
    # Every character of the alphabet turns up somewhere in 12000 drawn characters.
    assert set("".join(codes)) == set(CODE_ALPHABET)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ABCDEF", "ABCDEF"),
        ("abcdef", "ABCDEF"),
        ("  abc def  ", "ABCDEF"),
        ("abc-def", "ABCDEF"),
        ("ab-cd-ef", "ABCDEF"),
        ("abc_def", "ABCDEF"),
        ("abc\tdef", "ABCDEF"),
        ("7yup6s", "7YUP6S"),
        ("Z9Z9Z9", "Z9Z9Z9"),
    ],
)
def test_normalize_code_accepts_what_people_type(typed: str, expected: str | None) -> None:
    assert normalize_code(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        " ",
        "ABCDE",  # too short
        "ABCDEFG",  # too long
        "2345 6789",  # eight characters
        "ABCDE0",
        "ABCDEO",
        "ABCDE1",
        "ABCDEI",
        "ABCDEL",
        "abcdel",  # lower-case l is still the look-alike L
        "abcdeo",
        "ABC.DE",
        "ABCDÉF",
        "ＡＢＣＤＥＦ",  # full-width letters
        "ABC\nDEF",
        "ABC\x00EF",
        "<b>AB</b>",
        "'; DROP TABLE nw_workshops; --",
        "A" * 41,
        "ABCDEF" + " " * 40,  # would normalize fine, but is refused before looking
        "ABCDEF" * 100_000,
    ],
)
def test_normalize_code_refuses_impossible_codes(typed: str) -> None:
    assert normalize_code(typed) is None


@pytest.mark.parametrize(
    "value", [None, 123456, 12.5, b"ABCDEF", bytearray(b"ABCDEF"), ["ABCDEF"], {"ABCDEF": 1}]
)
def test_normalize_code_refuses_non_strings(value: object) -> None:
    assert normalize_code(value) is None


@given(st.text(max_size=60))
def test_normalize_code_returns_a_valid_code_or_none(text: str) -> None:
    code = normalize_code(text)
    if code is not None:
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(CODE_ALPHABET)
        assert normalize_code(code) == code


@given(st.text(alphabet=CODE_ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH), st.data())
def test_normalize_code_undoes_case_and_separators(code: str, data: st.DataObject) -> None:
    typed = ""
    for char in code:
        typed += data.draw(st.sampled_from([char, char.lower()]))
        typed += data.draw(st.sampled_from(["", " ", "-", "_", "\t"]))
    assert normalize_code(typed) == code


# -- codenames ----------------------------------------------------------------

CODENAME = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+ [1-9][0-9]")


def test_codenames_are_friendly_and_varied() -> None:
    names = [new_codename() for _ in range(500)]
    for name in names:
        assert CODENAME.fullmatch(name), name
        assert 10 <= int(name.rsplit(" ", 1)[1]) <= 99
        assert len(name) <= 60  # fits the database column
        assert clean_nickname(name) == name
    assert len(set(names)) > 400


# -- nicknames ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Sam", "Sam"),
        ("  Sam  ", "Sam"),
        ("Sam\nSmith", "Sam Smith"),
        ("Sam\r\nSmith", "Sam Smith"),
        ("Sam\u2028Smith", "Sam Smith"),  # line separator
        ("Sam\tthe\x0bfox", "Sam the fox"),
        ("\x00\x07Sam\x1b[31m", "Sam [31m"),
        ("Sam\u202eevil", "Sam evil"),  # right-to-left override
        ("Zo\u00eb", "Zoë"),
        ("Zoe\u0301", "Zoé"),  # combining accent composed (NFC)
        ("\n\n\t ", ""),
        ("", ""),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("**bold** _it_", "**bold** _it_"),
        ("[x](http://e.vil)", "[x](http://e.vil)"),
        (":red[x] $x^2$ `c`", ":red[x] $x^2$ `c`"),
        ("&lt; # | ~", "&lt; # | ~"),
    ],
)
def test_clean_nickname(typed: str, expected: str) -> None:
    assert clean_nickname(typed) == expected


def test_clean_nickname_keeps_markup_literally_and_caps_length() -> None:
    cleaned = clean_nickname(HOSTILE_NICKNAME)
    assert cleaned == HOSTILE_NICKNAME[:MAX_NICKNAME]
    assert cleaned.startswith("**bold** <b>x</b>")
    assert clean_nickname("x" * 10_000) == "x" * MAX_NICKNAME
    assert clean_nickname("Job club, 3 March " * 10, limit=80) == ("Job club, 3 March " * 10)[:80]
    # Cutting never leaves a trailing space.
    assert clean_nickname("a" * (MAX_NICKNAME - 1) + " bcd") == "a" * (MAX_NICKNAME - 1)


@pytest.mark.parametrize("value", [None, 42, b"Sam", ["Sam"]])
def test_clean_nickname_of_non_text_is_empty(value: object) -> None:
    assert clean_nickname(value) == ""


@given(st.text(), st.integers(min_value=1, max_value=100))
def test_clean_nickname_is_one_printable_line(text: str, limit: int) -> None:
    cleaned = clean_nickname(text, limit=limit)
    assert len(cleaned) <= limit
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    for char in cleaned:
        category = unicodedata.category(char)
        assert not category.startswith("C"), repr(char)
        assert not category.startswith("Z") or char == " ", repr(char)
    assert clean_nickname(cleaned, limit=limit) == cleaned


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
    assert q1 == round(want_q1, 1)
    assert q3 == round(want_q3, 1)


def test_quartile_known_values() -> None:
    # statistics.quantiles([1, 2, 3, 4], n=4, method="inclusive") == [1.75, 2.5, 3.25]
    assert quartiles_from_ranks([4.0, 1.0, 3.0, 2.0]) == (1.8, 3.2)
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
            assert by_column[f"score_{p.part_id}"] == ("" if p.score is None else str(p.score))


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


# -- staggered wake-ups ------------------------------------------------------------


def test_rooms_the_polling_already_spreads_move_on_at_once() -> None:
    most = int(WAKE_UPS_PER_SECOND * 5)  # a 5 s poll spreads this many over 5 s
    for people in (1, 30, most):
        assert all(wake_delay(new_token(), people, 5.0) == 0.0 for _ in range(50))


def test_a_large_room_is_spread_at_the_wake_up_rate() -> None:
    people, poll = 1200, 5.0
    spread = people / WAKE_UPS_PER_SECOND - poll  # 15 s more than the polling gives
    delays = sorted(wake_delay(new_token(), people, poll) for _ in range(2000))
    assert delays[0] >= 0.0 and delays[-1] < spread
    # Evenly over the spread: the quartiles sit near a quarter, a half, three quarters.
    for q, expected in ((500, 0.25), (1000, 0.5), (1500, 0.75)):
        assert abs(delays[q] / spread - expected) < 0.05


def test_a_phone_keeps_its_place_when_it_reloads() -> None:
    token = new_token()
    assert wake_delay(token, 2000, 5.0) == wake_delay(token, 2000, 5.0)
