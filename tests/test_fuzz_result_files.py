"""Fuzz: a result file for the compare page is refused with ReportError, or compared and drawn.

Budget: ``BUDGET`` mutated files through the core (``parse_result_file`` then what the
compare page draws: ``differences`` and the radar, validated by plotly), and an AppTest
sample of ``PAGE_EXAMPLES`` files uploaded to the real compare page.
There is no journal import in this branch (issue 12): result files are the only import.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from networking_works.bands import Band
from networking_works.bank import load_bank
from networking_works.charts import Series, radar
from networking_works.report import (
    Report,
    ReportError,
    build_report,
    differences,
    parse_result_file,
    to_json,
)
from networking_works.scoring import ANSWER_OPTIONS
from tests.bank_helpers import DEFAULT_BANK
from tests.fuzz_helpers import CORE, JUNK, NASTY_TEXT, NUMBERS
from tests.page_test import alone, ok
from tests.store_helpers import share
from web import resources

BANK = load_bank(DEFAULT_BANK)
CREATED = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
PAGE_EXAMPLES = 25  # AppTest runs of the compare page (~0.3 s each)

ANSWERS = st.dictionaries(
    st.sampled_from([s.id for s in BANK.statements]), st.sampled_from(ANSWER_OPTIONS)
)
REPORTS = ANSWERS.map(lambda answers: build_report(BANK, answers, CREATED))


@st.composite
def mutated(draw: st.DrawFn, report: Report) -> Any:
    """A result's JSON data with a few of its values replaced, deleted, emptied or doubled.

    Each mutation walks down from the top, stopping at any level, so a top-level field
    (such as the list of parts) is hit as often as a leaf deep inside it.
    """
    data: Any = {"root": report.to_dict()}
    for _ in range(draw(st.integers(1, 3))):
        parent, last = data, "root"
        while isinstance(node := parent[last], dict | list) and node and draw(st.booleans()):
            parent, last = (
                node,
                draw(st.sampled_from(list(node) if isinstance(node, dict) else range(len(node)))),
            )
        how = draw(st.sampled_from(["alike", "alike", "replace", "delete", "empty", "double"]))
        value = parent[last]
        if how == "delete" and parent is not data:
            del parent[last]
        elif how == "empty" and isinstance(value, list | dict | str):
            parent[last] = type(value)()
        elif how == "double" and isinstance(value, list):
            parent[last] = value + copy.deepcopy(value)
        elif how == "alike":
            parent[last] = draw(_alike(value))
        else:
            parent[last] = draw(JUNK)
    return data["root"]


def _alike(value: object) -> st.SearchStrategy[Any]:
    """Values of the same JSON type as ``value``, mostly ones the import may accept."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int | float) or value is None:
        return st.none() | st.floats(0, 100) | st.integers(0, 100) | NUMBERS
    if isinstance(value, str):
        return st.sampled_from([b.value for b in Band]) | st.text(min_size=1) | NASTY_TEXT
    if isinstance(value, list):
        return st.permutations(value) | st.lists(st.sampled_from(value)) if value else st.just([])
    return st.just(value)


LISTS = ("parts", "weakest", "strongest", "profiles", "plan")


@st.composite
def reshaped(draw: st.DrawFn, report: Report) -> Any:
    """A result's JSON data with one of its lists cut, emptied, reordered or doubled."""
    data = report.to_dict()
    field = draw(st.sampled_from(LISTS))
    items = data[field]
    data[field] = draw(
        st.integers(0, len(items)).map(lambda n: items[:n])
        | st.permutations(items)
        | st.just(items + copy.deepcopy(items))
    )
    return data


def _json(data: Any) -> bytes:
    return json.dumps(data, allow_nan=True).encode()


FILES = st.one_of(
    REPORTS.flatmap(reshaped).map(_json),
    REPORTS.flatmap(mutated).map(_json),
    REPORTS.map(to_json).flatmap(lambda raw: st.integers(0, len(raw)).map(lambda n: raw[:n])),
    st.binary(max_size=200),
    NASTY_TEXT.map(lambda text: text.encode("utf-8", "surrogatepass")),
)


def drawn(first: Report, second: Report) -> go.Figure:
    """What the compare page draws: the table's rows and the radar over the first's parts."""
    rows = differences(first, second)
    for row in rows:
        assert row.change is None or -100 <= row.change <= 100
    figure = radar(
        [row.title for row in rows],
        [Series("First", [r.first for r in rows]), Series("Second", [r.second for r in rows])],
    )
    return go.Figure(figure.to_dict())  # plotly's own validation of what is sent


def imported(raw: bytes) -> Report | None:
    """The file's result, or None when it was refused with a message naming the problem."""
    try:
        return parse_result_file(raw)
    except ReportError as refused:
        assert str(refused).strip(), "a refusal must say what is wrong"
        return None


@pytest.mark.slow  # over a second
@CORE
@given(REPORTS, FILES)
def test_a_result_file_is_refused_or_compared(first: Report, raw: bytes) -> None:
    second = imported(raw)
    if second is not None:
        drawn(first, second)
        drawn(second, first)


@pytest.mark.slow  # over a second
@pytest.mark.usefixtures("app_env")
@settings(max_examples=PAGE_EXAMPLES)
@given(raw=FILES)
def test_the_compare_page_refuses_or_compares_an_uploaded_file(raw: bytes) -> None:
    token, _ = share(resources.store(), build_report(BANK, {}, CREATED).to_dict())
    at = alone("compare", r=token)
    at.file_uploader[0].set_value(("result.json", raw, "application/json"))
    at = ok(at.button[0].click().run(), raw)
    errors = [e.value for e in at.error]
    tables = at.table
    assert (errors and errors[0].startswith("That did not work: ")) or len(tables) == 1


# -- regressions: each crash the fuzzing found ----------------------------------------


def test_a_file_without_parts_is_refused() -> None:
    """Found by the issue's hand fuzzing: "parts": [] passed, then the radar raised IndexError."""
    data = build_report(BANK, {}, CREATED).to_dict() | {"parts": []}
    with pytest.raises(ReportError, match="no parts"):
        parse_result_file(json.dumps(data).encode())
