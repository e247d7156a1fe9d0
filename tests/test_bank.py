"""bank: loading banks from files and text, and what a loaded bank is."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from networking_works.bank import (
    MAX_PARTS,
    MIN_PARTS,
    OVERALL,
    Bank,
    BankError,
    Condition,
    Problem,
    load_bank,
    parse_bank,
)
from tests.bank_helpers import (
    DEFAULT_BANK,
    PART_IDS,
    bank_from_dict,
    dump,
    line_of,
    minimal_bank_dict,
    rename_at,
    write_bank,
)


def test_minimal_bank_is_valid(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path, minimal_bank_dict()))
    assert bank.id == "mini"
    assert [p.id for p in bank.parts] == list(PART_IDS)
    assert [p.id for p in bank.profiles] == ["screen-only", "taker"]
    assert bank.profiles[1].when == (
        Condition("mutual_benefit", None, 40.0),
        Condition(OVERALL, 50.0, None),
    )


def test_default_bank_loads_with_its_parts_and_definition() -> None:
    bank = load_bank(DEFAULT_BANK)
    assert isinstance(bank, Bank)
    assert bank.id == "networking"
    assert bank.version == "1.0"
    assert MIN_PARTS <= len(bank.parts) <= MAX_PARTS
    assert len({p.id for p in bank.parts}) == len(bank.parts)
    assert bank.definition.endswith(".") and bank.introduction
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


def test_a_text_is_checked_once_however_often_it_is_read() -> None:
    # The bank editor checks its whole text on every rerun: the same text is one check.
    text = DEFAULT_BANK.read_text(encoding="utf-8")
    assert parse_bank(text, "again.yaml") is parse_bank(text, "again.yaml")
    with pytest.raises(BankError) as first:
        parse_bank("id: x\n", "again.yaml")
    with pytest.raises(BankError) as second:
        parse_bank("id: x\n", "again.yaml")
    assert first.value is not second.value  # a fresh error each time, the same problems
    assert first.value.problems == second.value.problems
    assert parse_bank(text, "other.yaml").id == parse_bank(text, "again.yaml").id
