"""bank: loading and validating question banks, with file:line: field messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from networking_works.bank import (
    MAX_TEXT,
    OVERALL,
    PART_IDS,
    Bank,
    BankError,
    Condition,
    Problem,
    load_bank,
    parse_bank,
)
from networking_works.bank.model import MAX_PROFILE_NAME
from tests.bank_helpers import (
    DEFAULT_BANK,
    bank_from_dict,
    dump,
    line_of,
    minimal_bank_dict,
    write_bank,
)

Key = str | int
Mutation = Callable[[dict[str, Any]], None]


def _parent(data: dict[str, Any], path: tuple[Key, ...]) -> Any:
    node: Any = data
    for key in path[:-1]:
        node = node[key]
    return node


def set_at(*path: Key, value: object) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        _parent(data, path)[path[-1]] = value

    return mutate


def drop_at(*path: Key) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        del _parent(data, path)[path[-1]]

    return mutate


def rename_at(*path: Key, to: str) -> Mutation:
    """Rename the key at ``path`` in place, keeping its position in the mapping."""

    def mutate(data: dict[str, Any]) -> None:
        mapping = _parent(data, path)
        items = [(to if k == path[-1] else k, v) for k, v in mapping.items()]
        mapping.clear()
        mapping.update(items)

    return mutate


def swap_parts(first: int, second: int) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        parts = data["parts"]
        parts[first], parts[second] = parts[second], parts[first]

    return mutate


def unchanged(data: dict[str, Any]) -> None:
    return None


@dataclass(frozen=True)
class Broken:
    mutate: Mutation
    field: str  # "" when the problem has no field (YAML syntax)
    at: str  # text on the line the problem must point at
    message: str  # part of the expected message
    nth: int = 1  # which occurrence of ``at``
    edit: Callable[[str], str] | None = None  # applied to the dumped YAML text


BROKEN = {
    "yaml-syntax-error": Broken(
        unchanged,
        "",
        "language: en: oops",
        "not valid YAML",
        edit=lambda text: text.replace("language: en\n", "language: en: oops\n"),
    ),
    "missing-field": Broken(
        drop_at("parts", 1, "summary"), "parts[1].summary", "- id: long_term", "is missing"
    ),
    "missing-top-level-field": Broken(drop_at("title"), "title", "id: mini", "is missing"),
    "unknown-key-typo": Broken(
        rename_at("parts", 0, "statements", 2, "reverse", to="revers"),
        "parts[0].statements[2].revers",
        "revers: true",
        "unknown key (allowed here: id, reverse, text)",
    ),
    "duplicate-statement-id": Broken(
        set_at("parts", 2, "statements", 1, "id", value="creation_1"),
        "parts[2].statements[1].id",
        "id: creation_1",
        "the statement id 'creation_1' is used twice",
        nth=2,
    ),
    "duplicate-profile-id": Broken(
        set_at("profiles", 1, "id", value="screen-only"),
        "profiles[1].id",
        "- id: screen-only",
        "the profile id 'screen-only' is used twice",
        nth=2,
    ),
    "profile-rule-unknown-part": Broken(
        set_at("profiles", 0, "when", 0, "part", value="two_or_mor"),
        "profiles[0].when[0].part",
        "part: two_or_mor",
        "unknown part 'two_or_mor'",
    ),
    "part-with-two-statements": Broken(
        drop_at("parts", 3, "statements", 2),
        "parts[3].statements",
        "- id: two_or_more_1",
        "needs 3 to 10 items, found 2",
    ),
    "part-with-eleven-statements": Broken(
        set_at(
            "parts",
            5,
            "statements",
            value=[{"id": f"many_{n}", "text": f"Statement {n}."} for n in range(11)],
        ),
        "parts[5].statements",
        "- id: many_0",
        "needs 3 to 10 items, found 11",
    ),
    "empty-statement": Broken(
        set_at("parts", 1, "statements", 1, "text", value=""),
        "parts[1].statements[1].text",
        "text: ''",
        "must not be empty",
    ),
    "blank-statement": Broken(
        set_at("parts", 1, "statements", 1, "text", value="   "),
        "parts[1].statements[1].text",
        "text: '   '",
        "must not be empty",
    ),
    "statement-too-long": Broken(
        set_at("parts", 1, "statements", 1, "text", value="x" * (MAX_TEXT + 1)),
        "parts[1].statements[1].text",
        "text: xxx",
        f"is longer than {MAX_TEXT} characters",
    ),
    "profile-name-too-long-for-its-column": Broken(
        set_at("profiles", 0, "name", value="x" * (MAX_PROFILE_NAME + 1)),
        "profiles[0].name",
        "name: xxx",
        f"is longer than {MAX_PROFILE_NAME} characters",
    ),
    "non-text-statement": Broken(
        set_at("parts", 2, "statements", 0, "text", value=42),
        "parts[2].statements[0].text",
        "text: 42",
        "must be text, not a number",
    ),
    "bare-number-version": Broken(
        set_at("version", value=1.0), "version", "version: 1.0", "must be text, not a number"
    ),
    "list-where-text": Broken(
        set_at("parts", 4, "title", value=["Listed A", "Listed B"]),
        "parts[4].title",
        "- Listed A",
        "must be text, not a list",
    ),
    "reverse-not-true-or-false": Broken(
        set_at("parts", 0, "statements", 0, "reverse", value="sometimes"),
        "parts[0].statements[0].reverse",
        "reverse: sometimes",
        "must be true or false",
    ),
    "bad-slug": Broken(
        set_at("id", value="My Bank"), "id", "id: My Bank", "must be 1-40 lowercase letters"
    ),
    "parts-out-of-order": Broken(
        swap_parts(0, 1),
        "parts",
        "- id: long_term",
        "must be exactly creation, long_term, mutual_benefit, two_or_more, all_prosper, "
        "more_because in this order; found long_term, creation,",
    ),
    "part-missing": Broken(
        drop_at("parts", 5), "parts", "- id: creation", "found creation, long_term, mutual"
    ),
    "scale-with-four-labels": Broken(
        drop_at("scale", "labels", 4),
        "scale.labels",
        "- Label one",
        "needs exactly 5 items, found 4",
    ),
    "diagnosis-missing-band": Broken(
        drop_at("parts", 2, "diagnosis", "middle"),
        "parts[2].diagnosis.middle",
        "low: Low diagnosis of mutual_benefit.",
        "is missing",
    ),
    "two-actions": Broken(
        drop_at("parts", 4, "actions", 0),
        "parts[4].actions",
        "- Action 2 of all_prosper.",
        "needs at least 3 items, found 2",
    ),
    "condition-with-both-bounds": Broken(
        set_at("profiles", 1, "when", 0, "at_least", value=10),
        "profiles[1].when[0]",
        "- part: mutual_benefit",
        "needs exactly one of at_least or below",
    ),
    "condition-with-no-bound": Broken(
        drop_at("profiles", 0, "when", 0, "below"),
        "profiles[0].when[0]",
        "- part: two_or_more",
        "needs exactly one of at_least or below",
    ),
    "bound-above-100": Broken(
        set_at("profiles", 0, "when", 0, "below", value=150),
        "profiles[0].when[0].below",
        "below: 150",
        "must be a number from 0 to 100, not 150",
    ),
    "bound-below-0": Broken(
        set_at("profiles", 1, "when", 1, "at_least", value=-0.5),
        "profiles[1].when[1].at_least",
        "at_least: -0.5",
        "must be a number from 0 to 100, not -0.5",
    ),
    "bound-as-text": Broken(
        set_at("profiles", 1, "when", 1, "at_least", value="50"),
        "profiles[1].when[1].at_least",
        "at_least: '50'",
        "must be a number from 0 to 100, not '50'",
    ),
    "bound-as-boolean": Broken(
        set_at("profiles", 1, "when", 1, "at_least", value=True),
        "profiles[1].when[1].at_least",
        "at_least: true",
        "must be a number from 0 to 100, not True",
    ),
    "profile-without-conditions": Broken(
        set_at("profiles", 0, "when", value=[]),
        "profiles[0].when",
        "when: []",
        "needs at least 1 items, found 0",
    ),
    "anchor": Broken(
        unchanged,
        "",
        "title: &t Mini bank",
        "anchors and aliases",
        edit=lambda text: text.replace("title: Mini bank", "title: &t Mini bank"),
    ),
    "duplicate-key": Broken(
        unchanged,
        "",
        "title: Second title",
        "the key 'title' appears twice",
        edit=lambda text: text.replace("credit:", "title: Second title\ncredit:"),
    ),
}


@pytest.mark.parametrize("case", BROKEN.values(), ids=BROKEN.keys())
def test_broken_bank_names_file_line_and_field(tmp_path: Path, case: Broken) -> None:
    data = minimal_bank_dict()
    case.mutate(data)
    text = dump(data)
    if case.edit is not None:
        text = case.edit(text)
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    expected_line = line_of(text, case.at, case.nth)

    with pytest.raises(BankError) as caught:
        load_bank(path)

    problems = caught.value.problems
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.file == str(path)
    assert problem.field == case.field
    assert problem.line == expected_line
    assert case.message in problem.message
    where = f"{path}:{expected_line}: "
    assert str(problem) == where + (f"{case.field}: " if case.field else "") + problem.message
    assert str(caught.value) == str(problem)


def test_minimal_bank_is_valid(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path, minimal_bank_dict()))
    assert bank.id == "mini"
    assert [p.id for p in bank.parts] == list(PART_IDS)
    assert [p.id for p in bank.profiles] == ["screen-only", "taker"]
    assert bank.profiles[1].when == (
        Condition("mutual_benefit", None, 40.0),
        Condition(OVERALL, 50.0, None),
    )


def test_default_bank_loads_with_six_parts_in_order() -> None:
    bank = load_bank(DEFAULT_BANK)
    assert isinstance(bank, Bank)
    assert bank.id == "networking"
    assert bank.version == "1.0"
    assert tuple(p.id for p in bank.parts) == PART_IDS
    assert len(bank.scale.labels) == 5
    assert bank.statements == tuple(s for p in bank.parts for s in p.statements)
    assert len({s.id for s in bank.statements}) == len(bank.statements)
    assert bank.part("two_or_more").id == "two_or_more"
    with pytest.raises(KeyError):
        bank.part("nonsense")


def test_bank_is_frozen() -> None:
    bank = load_bank(DEFAULT_BANK)
    with pytest.raises(FrozenInstanceError):
        bank.title = "changed"  # type: ignore[misc]


def test_texts_are_stripped_and_defaults_apply() -> None:
    data = minimal_bank_dict(profiles=False)
    del data["credit"]
    data["title"] = "  Padded title \n"
    bank = bank_from_dict(data)
    assert bank.title == "Padded title"
    assert bank.credit == ""
    assert bank.profiles == ()
    assert [s.reverse for s in bank.part("creation").statements] == [False, False, True]


def test_non_utf8_file_names_file_and_line(tmp_path: Path) -> None:
    text = dump(minimal_bank_dict())
    path = tmp_path / "latin1.yaml"
    path.write_bytes(text.replace("Mini bank", "Mini bänk").encode("latin-1"))

    with pytest.raises(BankError) as caught:
        load_bank(path)

    [problem] = caught.value.problems
    assert problem == Problem(
        str(path), line_of(text, "Mini bank"), "", "the file is not UTF-8 text (save it as UTF-8)"
    )
    assert str(problem).startswith(f"{path}:4: ")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(BankError) as caught:
        load_bank(path)
    [problem] = caught.value.problems
    assert problem.file == str(path)
    assert problem.line == 0
    assert problem.field == ""
    assert "cannot read the file" in problem.message
    assert str(problem) == f"{path}: cannot read the file (No such file or directory)"


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(BankError) as caught:
        load_bank(tmp_path)
    assert "cannot read the file" in caught.value.problems[0].message


@pytest.mark.parametrize("text", ["", "just some words", "- a\n- b\n", "---\n"])
def test_not_a_mapping(text: str) -> None:
    with pytest.raises(BankError) as caught:
        parse_bank(text, "odd.yaml")
    [problem] = caught.value.problems
    assert problem.file == "odd.yaml"
    assert problem.line >= 1


def test_default_source_name() -> None:
    with pytest.raises(BankError) as caught:
        parse_bank("id: x\n")
    assert all(p.file == "<bank>" for p in caught.value.problems)


def test_several_problems_are_all_reported_in_line_order(tmp_path: Path) -> None:
    data = minimal_bank_dict()
    data["version"] = 2
    rename_at("parts", 0, "statements", 2, "reverse", to="revers")(data)
    data["parts"][2]["statements"][1]["id"] = "creation_1"
    data["parts"][3]["statements"][0]["text"] = ""
    del data["parts"][4]["summary"]
    data["profiles"][0]["when"][0]["part"] = "nowhere"
    data["profiles"][1]["when"][1]["at_least"] = 101
    path = write_bank(tmp_path, data)
    text = path.read_text(encoding="utf-8")

    with pytest.raises(BankError) as caught:
        load_bank(path)

    got = [(p.line, p.field) for p in caught.value.problems]
    assert got == [
        (line_of(text, "version: 2"), "version"),
        (line_of(text, "revers: true"), "parts[0].statements[2].revers"),
        (line_of(text, "id: creation_1", nth=2), "parts[2].statements[1].id"),
        (line_of(text, "text: ''"), "parts[3].statements[0].text"),
        (line_of(text, "- id: all_prosper"), "parts[4].summary"),
        (line_of(text, "part: nowhere"), "profiles[0].when[0].part"),
        (line_of(text, "at_least: 101"), "profiles[1].when[1].at_least"),
    ]
    assert all(p.file == str(path) for p in caught.value.problems)
    assert len(str(caught.value).splitlines()) == len(got)


# --- property: parse_bank never fails with anything but BankError -------------

BANK_WORDS = st.sampled_from(
    sorted(
        {
            *minimal_bank_dict(),
            *minimal_bank_dict()["parts"][0],
            "labels",
            "not_applicable",
            "reverse",
            "text",
            "low",
            "middle",
            "high",
            "name",
            "when",
            "part",
            "at_least",
            "below",
            "problem",
            "first_step",
            *PART_IDS,
            OVERALL,
        }
    )
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats()
    | st.text(max_size=20)
    | BANK_WORDS
)
STRUCTURES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=6)
        | st.dictionaries(BANK_WORDS | st.text(max_size=8), children, max_size=8)
    ),
    max_leaves=40,
)
FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def only_bank_error(text: str) -> None:
    try:
        result = parse_bank(text, "fuzz.yaml")
    except BankError as exc:
        assert exc.problems
        assert all(isinstance(p, Problem) and p.file == "fuzz.yaml" for p in exc.problems)
    else:
        assert isinstance(result, Bank)


# Mostly YAML punctuation, so the text reaches the parser's corners (tags, anchors,
# flow collections, indentation) rather than failing on the first character.
YAML_TEXT = st.lists(
    st.sampled_from(
        [*"-:?,[]{}!&*|>#'\"%@` \n\t1xé", "!!", "!!bool ", "!!int ", "a: ", "id", "0x_"]
    ),
    max_size=60,
).map("".join)


@FUZZ
@given(st.text(max_size=300) | YAML_TEXT)
def test_arbitrary_text_gives_bank_or_bank_error(text: str) -> None:
    only_bank_error(text)


@FUZZ
@given(STRUCTURES)
def test_arbitrary_structures_give_bank_or_bank_error(data: object) -> None:
    only_bank_error(yaml.safe_dump(data, allow_unicode=True))


def _leaf_paths(node: Any, path: tuple[Key, ...] = ()) -> list[tuple[Key, ...]]:
    if isinstance(node, dict):
        return [path] + [p for k, v in node.items() for p in _leaf_paths(v, (*path, k))]
    if isinstance(node, list):
        return [path] + [p for i, v in enumerate(node) for p in _leaf_paths(v, (*path, i))]
    return [path]


VALID_PATHS = [p for p in _leaf_paths(minimal_bank_dict()) if p]


@FUZZ
@given(st.sampled_from(VALID_PATHS), STRUCTURES)
def test_valid_bank_with_one_value_replaced_gives_bank_or_bank_error(
    path: tuple[Key, ...], value: object
) -> None:
    data = minimal_bank_dict()
    set_at(*path, value=value)(data)
    only_bank_error(yaml.safe_dump(data, allow_unicode=True))
