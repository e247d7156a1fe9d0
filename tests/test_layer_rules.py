"""The written rules of the layers (README, "Layout"), checked by reading the source.

Each rule (tests/layer_rules.py, tests/message_rules.py) is run once on the project (it
must find nothing) and once on a small bad snippet (it must find it), so a rule that can
no longer fail is caught too.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.layer_rules import (
    README,
    SOURCES,
    Sources,
    audience_imports_streamlit,
    bank_table_read_around_the_lookup,
    core_imports_above,
    environment_read_outside_settings,
    import_cycles_in_web,
    pages_out_of_bounds,
    readme_names_what_does_not_exist,
    sql_outside_the_store,
    streamlit_free_web_imports_streamlit,
)
from tests.message_rules import (
    marker_tables,
    marker_tables_shown_without_saying,
    markers,
    markers_shown_without_saying,
)

RULES: list[tuple[Callable[[Sources], list[str]], dict[str, str]]] = [
    (core_imports_above, {"networking_works.bad": "import streamlit as st\n"}),
    (core_imports_above, {"networking_works.bad": "from web import urls\n"}),
    (core_imports_above, {"networking_works.store.bad": "from audience import app\n"}),
    (audience_imports_streamlit, {"audience.bad": "from streamlit import session_state\n"}),
    (audience_imports_streamlit, {"audience.bad": "from web import resources\n"}),
    (streamlit_free_web_imports_streamlit, {"web.links": "from web import urls\n"}),
    (sql_outside_the_store, {"web.bad": "import sqlalchemy as sa\n"}),
    (sql_outside_the_store, {"networking_works.report": "from sqlalchemy import text\n"}),
    (pages_out_of_bounds, {"pages.bad": "from networking_works.store import Store\n"}),
    (pages_out_of_bounds, {"pages.bad": "x = 1\n" * 61}),
    (bank_table_read_around_the_lookup, {"web.bad": "b = resources.banks().by_id[i]\n"}),
    (
        marker_tables_shown_without_saying,
        {"web.bad": "T = (N_('a'), N_('b'))\nx = [_(t) for t in T]\ny = ', '.join(T)\n"},
    ),
    (
        marker_tables_shown_without_saying,
        {"web.bad": "W = {'a': N_('a')}\nx = _(W['a'])\nst.write(W['a'])\n"},
    ),
    (import_cycles_in_web, {"web.bad": "from web import urls\n", "web.urls": "import web.bad\n"}),
    (environment_read_outside_settings, {"pages.bad": "import os\nx = os.environ['X']\n"}),
    (environment_read_outside_settings, {"web.bad": "from os import getenv\n"}),
    (environment_read_outside_settings, {"web.bad": "x = st.secrets.get('X')\n"}),
    (
        markers_shown_without_saying,
        {"web.bad": "from networking_works.messages import N_\nA = N_('Hi')\nst.write(A)\n"},
    ),
    (
        markers_shown_without_saying,
        {
            "web.said": "A = N_('Hi')\n",
            "web.bad": "from web import said as s\nst.html(page(s.A))\nst.write(_(s.A))\n",
        },
    ),
]


@pytest.mark.parametrize(
    ("rule", "bad"), RULES, ids=[f"{r.__name__}-{i}" for i, (r, _) in enumerate(RULES)]
)
def test_the_project_keeps_the_rule_and_a_bad_snippet_breaks_it(
    rule: Callable[[Sources], list[str]], bad: dict[str, str]
) -> None:
    assert rule(SOURCES) == [], rule.__doc__
    broken = rule({**SOURCES, **bad})
    assert broken, f"{rule.__name__} did not notice {bad}"
    assert all(any(m in line for m in bad) for line in broken), broken


def test_the_readme_names_only_tests_and_settings_that_exist() -> None:
    assert readme_names_what_does_not_exist(README.read_text(encoding="utf-8")) == []
    bad = "see `test_nowhere.py`, `test_settings.py::test_nothing` and `NW_NO_SUCH`."
    assert len(readme_names_what_does_not_exist(bad)) == 3


def test_the_rules_read_every_layer() -> None:
    """A rule over no files passes by itself: the sources must hold each layer."""
    for module in ("networking_works.store.database", "web.urls", "pages.welcome", "app"):
        assert module in SOURCES
    assert len(markers(SOURCES)) > 20
    assert len(marker_tables(SOURCES)) >= 4
