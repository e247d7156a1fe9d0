"""bank.reader: every broken bank is refused with file:line: field: message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from networking_works.bank import (
    MAX_DEFINITION,
    MAX_DISCUSSION,
    MAX_PART_TITLE,
    MAX_TEXT,
    BankError,
    load_bank,
)
from networking_works.bank.model import MAX_PROFILE_NAME
from tests.bank_helpers import (
    Mutation,
    drop_at,
    dump,
    keep_parts,
    line_of,
    minimal_bank_dict,
    rename_at,
    set_at,
    unchanged,
    write_bank,
)


def two_parts_without_profiles(data: dict[str, Any]) -> None:
    keep_parts(2)(data)
    del data["profiles"]  # they name the third and fourth parts


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
    "discussion-too-long-for-a-slide": Broken(
        set_at("parts", 3, "discussion", value="y" * (MAX_DISCUSSION + 1)),
        "parts[3].discussion",
        "discussion: yyy",
        f"is longer than {MAX_DISCUSSION} characters",
    ),
    "empty-discussion": Broken(
        set_at("parts", 0, "discussion", value=" "),
        "parts[0].discussion",
        "discussion: ' '",
        "must not be empty",
    ),
    "discussion-as-a-list": Broken(
        set_at("parts", 5, "discussion", value=["Talk A", "Talk B"]),
        "parts[5].discussion",
        "- Talk A",
        "must be text, not a list",
    ),
    "part-title-too-long-for-a-radar-label": Broken(
        set_at("parts", 2, "title", value="t" * (MAX_PART_TITLE + 1)),
        "parts[2].title",
        "title: ttt",
        f"is longer than {MAX_PART_TITLE} characters",
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
    "duplicate-part-id": Broken(
        set_at("parts", 1, "id", value="creation"),
        "parts[1].id",
        "- id: creation",
        "the part id 'creation' is used twice",
        nth=5,  # after part 0's own line and its three statements (creation_1 to _3)
    ),
    "two-parts": Broken(
        two_parts_without_profiles, "parts", "- id: creation", "needs 3 to 12 items, found 2"
    ),
    "definition-too-long": Broken(
        set_at("definition", value="word " * 100),
        "definition",
        "definition:",
        f"is longer than {MAX_DEFINITION} characters",
    ),
    "introduction-not-text": Broken(
        set_at("introduction", value=["An introduction", "in a list"]),
        "introduction",
        "- An introduction",
        "must be text, not a list",
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


def test_discussion_is_optional_and_read_when_given(tmp_path: Path) -> None:
    data = minimal_bank_dict()
    data["parts"][2]["discussion"] = "  What did you last give without being asked?  "
    path = tmp_path / "talk.yaml"
    path.write_text(dump(data), encoding="utf-8")
    bank = load_bank(path)
    assert bank.parts[2].discussion == "What did you last give without being asked?"
    assert [p.discussion for p in bank.parts if p.id != "mutual_benefit"] == [""] * 5


def test_a_bank_names_its_own_parts_and_may_have_a_definition(tmp_path: Path) -> None:
    data = minimal_bank_dict()
    keep_parts(4)(data)
    data["definition"] = "  Networking here means four things done on purpose.  "
    data["introduction"] = "One sentence first."
    bank = load_bank(write_bank(tmp_path, data))
    assert [p.id for p in bank.parts] == ["creation", "long_term", "mutual_benefit", "two_or_more"]
    assert bank.definition == "Networking here means four things done on purpose."
    assert bank.introduction == "One sentence first."
    data["profiles"][0]["when"][0]["part"] = "all_prosper"  # not a part of this bank
    with pytest.raises(BankError, match="unknown part 'all_prosper' .*creation, long_term"):
        load_bank(write_bank(tmp_path, data))


def test_a_bank_written_before_the_definition_fields_still_loads(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path, minimal_bank_dict()))
    assert (bank.definition, bank.introduction) == ("", "")
