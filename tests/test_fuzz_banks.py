"""Fuzz: any text or structure gives a bank that renders, or a BankError naming the problem.

Budget: ``BUDGET`` examples for each of the three properties (arbitrary text, arbitrary
structures, a valid bank with one value replaced). Every accepted bank is then used as
the app uses one: scored with drawn answers, diagnosed, turned into a result (and back
from its JSON), drawn as a radar and exported as the room's CSV.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from networking_works.bank import (
    OVERALL,
    Bank,
    BankError,
    Problem,
    parse_bank,
)
from networking_works.charts import Series, radar
from networking_works.report import build_report, report_from_dict
from networking_works.scoring import ANSWER_OPTIONS
from networking_works.workshop import answers_csv
from tests.bank_helpers import (
    PART_IDS,
    Key,
    minimal_bank_dict,
    set_at,
)
from tests.fuzz_helpers import CORE, FILE_TEXT

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
FUZZ = CORE
CREATED = datetime(2024, 5, 6, tzinfo=UTC)


def only_bank_error(text: str, seed: int = 0) -> None:
    try:
        result = parse_bank(text, "fuzz.yaml")
    except BankError as exc:
        assert exc.problems
        assert all(isinstance(p, Problem) and p.file == "fuzz.yaml" for p in exc.problems)
        assert all(p.message.strip() for p in exc.problems)
    else:
        assert isinstance(result, Bank)
        rendered(result, seed)


def dumped(data: object) -> str:
    """YAML text of ``data`` (libyaml's dumper when present: a third of the time)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True)


def rendered(bank: Bank, seed: int) -> None:
    """Use an accepted bank as the app does; any exception fails the property."""
    options = [*ANSWER_OPTIONS, None]
    answers = {
        s.id: answer
        for i, s in enumerate(bank.statements)
        if (answer := options[(seed + i * 7) % len(options)]) is not None
    }
    report = build_report(bank, answers, CREATED)
    assert report_from_dict(report.to_dict()) == report
    radar(report.titles, [Series("Score", report.scores)])
    answers_csv(bank, [answers])


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


@pytest.mark.slow  # over a second
@FUZZ
@given(STRUCTURES)
def test_arbitrary_structures_give_bank_or_bank_error(data: object) -> None:
    only_bank_error(dumped(data))


def _leaf_paths(node: Any, path: tuple[Key, ...] = ()) -> list[tuple[Key, ...]]:
    if isinstance(node, dict):
        return [path] + [p for k, v in node.items() for p in _leaf_paths(v, (*path, k))]
    if isinstance(node, list):
        return [path] + [p for i, v in enumerate(node) for p in _leaf_paths(v, (*path, i))]
    return [path]


VALID_PATHS = [p for p in _leaf_paths(minimal_bank_dict()) if p]


@pytest.mark.slow  # over a second
@FUZZ
@given(st.sampled_from(VALID_PATHS), STRUCTURES | FILE_TEXT, st.integers(0, 6))
def test_valid_bank_with_one_value_replaced_gives_bank_or_bank_error(
    path: tuple[Key, ...], value: object, seed: int
) -> None:
    data = minimal_bank_dict()
    set_at(*path, value=value)(data)
    only_bank_error(dumped(data), seed)
