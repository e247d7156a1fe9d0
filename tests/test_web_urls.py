"""Query parameters and links: names defined once, pasted links parsed safely."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from networking_works.tokens import new_token
from web import urls


def test_params_use_each_parameters_url_name() -> None:
    token = new_token()
    assert urls.params(assessment=token, code="ABC") == {"a": token, "code": "ABC"}
    assert urls.params(workshop="w1", key="k1", result="r1", delete="d1") == {
        "w": "w1",
        "k": "k1",
        "r": "r1",
        "delete": "d1",
    }


def test_an_unknown_parameter_name_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        urls.params(bogus="x")


def test_parameter_names_are_unique() -> None:
    names = [p.value for p in urls.Param]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize(
    "reference",
    [
        "{token}",
        "  {token}  ",
        "https://example.org/results?r={token}",
        "http://localhost:8501/results?r={token}&delete=zzzzzzzzzzzzzzzzzzzz",
    ],
)
def test_a_pasted_link_or_bare_token_gives_the_result_token(reference: str) -> None:
    token = new_token()
    assert urls.result_in(reference.format(token=token)) == token


@pytest.mark.parametrize(
    "reference", ["", "short", "https://example.org/results", "https://x/results?a=" + "a" * 22]
)
def test_anything_else_gives_none(reference: str) -> None:
    assert urls.result_in(reference) is None


@given(st.text(max_size=400))
def test_any_text_gives_a_plausible_token_or_none(reference: str) -> None:
    found = urls.result_in(reference)
    assert found is None or (found.isascii() and 16 <= len(found) <= 64)
