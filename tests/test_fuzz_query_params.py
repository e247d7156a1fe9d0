"""Fuzz: any query string gives every page a normal page or a friendly stop, never an error.

Budget: ``BUDGET`` drawn parameter values through every lookup a page makes of its URL
(the store's reads and ``urls.result_in``), on SQLite and on PostgreSQL; then
``PAGE_EXAMPLES`` drawn queries on each of the 8 pages, run as AppTests (about 0.2 s
each, so the sample is smaller: the cheap property covers the same values).
Values are real tokens of every kind (also under the wrong parameter), plausible
tokens nobody has, and hostile text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from networking_works.progress import Stage
from networking_works.report import build_report
from networking_works.store import Store
from networking_works.tokens import new_token, plausible_token
from networking_works.workshop import normalize_code
from tests.fuzz_helpers import BUDGET, FILE_TEXT
from tests.page_test import alone, ok
from tests.store_helpers import BANK, populated, room, share
from web import resources, routes, urls

PAGE_EXAMPLES = 12  # per page

URL_TEXT = FILE_TEXT  # lone surrogates cannot survive percent-decoding either


def real_tokens(store: Store) -> list[str]:
    """One of every kind of token and code the app hands out, all live."""
    done = store.assessments.start(BANK.id)
    store.assessments.save(done, Stage.DONE, 0, {s.id: 2 for s in BANK.statements}, version=0)
    workshop, secret = room(store, paced=True)
    people = populated(store, workshop, 3)
    shared, delete = share(store, build_report(BANK, {}, datetime.now(UTC)).to_dict())
    fresh = store.assessments.start(BANK.id)
    return [done, fresh, workshop.id, workshop.code, secret, *people, shared, delete]


def values(tokens: list[str]) -> st.SearchStrategy[str]:
    plausible = st.builds(new_token)
    return st.sampled_from(tokens) | plausible | URL_TEXT


@pytest.mark.slow  # over a second
def test_every_lookup_of_a_url_value_finds_it_or_nothing(store: Store) -> None:
    tokens = real_tokens(store)

    @settings(max_examples=BUDGET)
    @given(values(tokens), values(tokens))
    def lookups(first: str, second: str) -> None:
        store.assessments.get(first)
        store.results.get(first)
        store.results.expires_at(first)
        store.workshops.get(first)
        store.workshops.participant(first)
        store.workshops.facilitated(first, second)
        code = normalize_code(first)
        if code is not None:
            store.workshops.by_code(code)
        found = urls.result_in(first)
        assert found is None or plausible_token(found)
        # Only the one real delete token deletes (the result is gone for later examples).
        assert not store.results.delete(first, second) or second in tokens

    lookups()


PARAM_NAMES = st.sampled_from([p.value for p in urls.Param])
PARAMS = st.one_of(PARAM_NAMES, PARAM_NAMES, PARAM_NAMES, URL_TEXT)  # mostly the app's own


@pytest.mark.slow  # over a second
@pytest.mark.usefixtures("app_env")
@pytest.mark.parametrize("page", [Path(route.file).stem for route in routes.ROUTES])
def test_every_page_with_any_query_is_a_normal_page(page: str) -> None:
    tokens = real_tokens(resources.store())

    @settings(max_examples=PAGE_EXAMPLES)
    @given(st.dictionaries(PARAMS, values(tokens), min_size=1, max_size=4))
    def opened(query: dict[str, str]) -> None:
        at = ok(alone(page, check=False, **query), query)
        assert at.title or at.header or at.error, query

    opened()


# -- regressions: each crash the fuzzing found ----------------------------------------


@pytest.mark.parametrize("garbage", ["\x00", "a\x00" * 11, "x" * 1000])
def test_the_expiry_of_a_garbage_token_is_none(store: Store, garbage: str) -> None:
    """Found by the lookup property: PostgreSQL refused text with NUL (DataError)."""
    assert store.results.expires_at(garbage) is None
