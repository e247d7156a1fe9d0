"""yamlsafe: plain safe YAML with the line of every value."""

from __future__ import annotations

import time

import pytest
import yaml

from networking_works.yamlsafe import LOADER, MAX_BYTES, MAX_DEPTH, Located, YamlProblem, parse


def problem(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    return caught.value


def test_plain_values_keep_their_lines() -> None:
    root = parse("id: bank\nversion: '1.0'\nitems:\n  - 1\n  - true\n  - 2.5\n  - null\n")
    assert root.line == 1
    assert root.value["id"] == Located("bank", 1)
    assert root.value["version"] == Located("1.0", 2)
    items = root.value["items"]
    assert items.line == 4
    assert items.value == [
        Located(1, 4),
        Located(True, 5),
        Located(2.5, 6),
        Located(None, 7),
    ]


def test_anchor_is_rejected_with_its_line() -> None:
    error = problem("a: 1\nb: &x 2\nc: *x\n")
    assert error.line == 2
    assert "anchors and aliases" in error.message


def test_alias_is_rejected_with_its_line() -> None:
    # An alias to nothing is a YAML error anyway; an alias after an anchor-free
    # start must still point at a line, never at "line 0".
    error = problem("a: 1\nb: 2\nc: *x\n")
    assert error.line == 3


def test_billion_laughs_is_rejected_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    start = time.monotonic()
    error = problem("\n".join(lines) + "\n")
    assert time.monotonic() - start < 2
    assert error.line == 1
    assert "anchors and aliases" in error.message


def test_duplicate_key_is_rejected_at_the_second_occurrence() -> None:
    error = problem("a: 1\nb: 2\na: 3\n")
    assert error.line == 3
    assert "'a' appears twice" in error.message


def test_duplicate_key_in_nested_mapping() -> None:
    error = problem("parts:\n  - id: x\n    text: one\n    text: two\n")
    assert error.line == 4
    assert "'text' appears twice" in error.message


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/apply:os.system ['echo hacked']",
        "!!python/name:os.system",
        "!!python/tuple [1, 2]",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!custom thing",
    ],
)
def test_non_plain_tags_are_rejected_with_line(value: str) -> None:
    error = problem(f"a: 1\nb: {value}\n")
    assert error.line == 2
    assert "tag" in error.message
    assert "not allowed" in error.message


@pytest.mark.parametrize(
    "value",
    ["!!bool maybe", "!!int ''", "!!str 1.0", "!!map foo", "!!seq foo", "! 5", "!!float x"],
)
def test_explicit_standard_tags_are_rejected_not_crashing(value: str) -> None:
    # The README promises "no tags (!!str and the like)"; `!!bool maybe` and
    # `!!int ''` used to escape as KeyError / IndexError from PyYAML.
    error = problem(f"a: 1\nb: {value}\n")
    assert error.line == 2
    assert "not allowed" in error.message


def test_tag_on_a_key_is_rejected() -> None:
    error = problem("a: 1\n!!str b: 2\n")
    assert error.line == 2


def test_non_text_key_is_rejected() -> None:
    error = problem("a: 1\n3: three\n")
    assert error.line == 2
    assert "key" in error.message


def test_timestamps_become_text() -> None:
    root = parse("date: 2010-08-20\nwhen: 2010-08-20 10:30:00\n")
    assert root.value["date"] == Located("2010-08-20", 1)
    assert root.value["when"] == Located("2010-08-20 10:30:00", 2)
    assert all(isinstance(v.value, str) for v in root.value.values())


def test_nesting_to_max_depth_is_fine() -> None:
    text = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    node = parse(text)
    for _ in range(MAX_DEPTH - 1):
        assert isinstance(node.value, list)
        node = node.value[0]
    assert node.value == []


@pytest.mark.parametrize(
    "text",
    [
        "[" * (MAX_BYTES - 16),  # unterminated, as large as allowed
        "[" * 5000 + "]" * 5000,
        "- " * 100_000 + "x\n",
        "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n",
        "[\n" * 100_000,
    ],
    ids=["flow-512k", "flow-closed", "block-dashes", "block-mapping", "flow-lines"],
)
def test_deep_nesting_is_rejected_without_hanging(text: str) -> None:
    start = time.monotonic()
    error = problem(text)
    assert time.monotonic() - start < 5
    assert "nested too deeply" in error.message
    assert error.line >= 1


def test_oversized_input_is_rejected_before_parsing() -> None:
    start = time.monotonic()
    error = problem("a: " + "x" * MAX_BYTES + "\n")
    assert time.monotonic() - start < 1
    assert error.line == 0
    assert "larger than 512 KB" in error.message


def test_size_limit_counts_bytes_not_characters() -> None:
    # 'é' is two bytes in UTF-8: under the limit in characters, over it in bytes.
    text = "a: " + "é" * (MAX_BYTES // 2 + 10) + "\n"
    assert len(text) < MAX_BYTES
    assert "larger than" in problem(text).message


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"])
def test_empty_file(text: str) -> None:
    error = problem(text)
    assert error.message == "the file is empty"
    assert error.line == 1


def test_bare_document_marker_is_null_not_empty() -> None:
    assert parse("---\n") == Located(None, 2)


def test_syntax_error_has_line() -> None:
    error = problem("a: 1\nb: [unclosed\nc: 3\n")
    assert error.line >= 2
    assert error.message.startswith("not valid YAML")


def test_bad_indentation_points_at_its_line() -> None:
    error = problem("a: 1\nb: 2\n  c: 3\n")
    assert error.line == 3
    assert error.message.startswith("not valid YAML")


def test_several_documents_are_rejected() -> None:
    error = problem("a: 1\n---\nb: 2\n")
    assert error.line == 2
    assert error.message.startswith("not valid YAML")


def test_control_character_is_a_problem_not_a_crash() -> None:
    error = problem("a: \x00\n")
    assert error.message.startswith("not valid YAML")


def test_unreadable_number_is_a_problem_not_a_crash() -> None:
    # Matches PyYAML's hexadecimal pattern, but int("", 16) fails.
    error = problem("a: 1\nb: 0x_\n")
    assert error.line == 2
    assert "cannot read this value" in error.message


def test_both_passes_use_libyaml() -> None:
    # The pure-Python parser took about 15 s of CPU for 512 KB of flow sequences, and the
    # bank editor is open to anyone. The lock installs PyYAML's wheel, which has libyaml.
    assert yaml.__with_libyaml__
    assert LOADER is yaml.CSafeLoader


def test_libyamls_own_nesting_limit_says_what_ours_says() -> None:
    error = problem("a: " + "[" * 2000)
    assert error.message == "the YAML is nested too deeply"
    assert error.line == 1
