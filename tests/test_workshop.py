"""The pure workshop core: join codes, codenames, nicknames and staggered wake-ups."""

from __future__ import annotations

import re
import string
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from networking_works.workshop import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_NICKNAME,
    clean_nickname,
    codenames,
    distinct_labels,
    new_codename,
    new_join_code,
    normalize_code,
)

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


ENGLISH_COMBINATIONS = 28 * 26 * 90  # the word lists before they moved into data


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_language_has_as_many_names_as_english_had(language: str) -> None:
    pairs = codenames(language).pairs
    assert len(set(pairs)) == len(pairs)
    assert len(pairs) * 90 >= ENGLISH_COMBINATIONS
    for name in (new_codename(language) for _ in range(200)):
        assert len(name) <= 60 and clean_nickname(name) == name


def test_a_french_room_gets_french_names_that_agree() -> None:
    pairs = set(codenames("fr").pairs)
    assert {"Héron calme", "Loutre vive", "Renard vif", "Chouette joyeuse"} <= pairs
    assert "Loutre vif" not in pairs and "Calm Heron" not in pairs
    english_words = {w for p in codenames("en").pairs for w in p.split()}
    for name in (new_codename("fr") for _ in range(200)):
        assert not set(name.split()[:2]) & english_words - {"Koala", "Lynx", "Panda"}, name
    assert "Garza tranquila" in codenames("es").pairs
    assert "Zorro tranquilo" in codenames("es").pairs


def test_a_language_without_word_lists_gets_english_names() -> None:
    assert codenames("de") == codenames("en")
    assert CODENAME.fullmatch(new_codename("de"))


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


def test_repeated_names_get_distinct_labels_in_joining_order() -> None:
    names = ["Alex", "Sam", "Alex", "Alex (2)", "Nobody", "Alex"]
    labels = distinct_labels(names, taken=["Nobody"])
    assert labels == ["Alex", "Sam", "Alex (2)", "Alex (2) (2)", "Nobody (2)", "Alex (3)"]
    assert len(set(labels)) == len(labels)


@given(st.lists(st.sampled_from(["Alex", "Alex (2)", "Alex (3)", "Sam", "Nobody", ""])))
def test_labels_are_always_distinct_and_never_a_taken_one(names: list[str]) -> None:
    labels = distinct_labels(names, taken=["Nobody"])
    assert len(labels) == len(names) and len(set(labels)) == len(labels)
    assert "Nobody" not in labels
    assert all(label.startswith(name) for name, label in zip(names, labels, strict=True))
