"""bank: any text or structure gives a bank or a BankError, never another exception."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from networking_works.bank import (
    OVERALL,
    PART_IDS,
    Bank,
    BankError,
    Problem,
    parse_bank,
)
from tests.bank_helpers import (
    Key,
    minimal_bank_dict,
    set_at,
)

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
