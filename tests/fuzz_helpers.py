"""What the fuzz tests (tests/test_fuzz_*.py) share: the budget and hostile values.

The budget is per boundary: each boundary gets at least ``BUDGET`` examples from a
cheap core-level property, and the slower levels (AppTest, a real server) a smaller
sample on top. Seeds are fixed by the ``ci`` Hypothesis profile (tests/conftest.py).
"""

from __future__ import annotations

from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

BUDGET = 500  # examples per boundary, at the core level
CORE = settings(max_examples=BUDGET)

# Text a browser would not send: control characters, NUL, lone surrogates, RTL marks,
# combining marks, markup and very long runs.
NASTY_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(codec=None), max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "\ud800",
            "\u202e\u0301",
            "<b>x</b>",
            "<script>alert(1)</script>",
            "javascript:alert(1)",
            "'; DROP TABLE nw_assessments; --",
            "%00",
            "\n\r\t",
        ]
    ),
    # Long runs, built when drawn (so a failure report does not print them in full).
    st.sampled_from([("🤝", 50), ("a", 5000), ("x", 100_000)]).map(lambda run: run[0] * run[1]),
)
# What a UTF-8 file or a URL can carry: no lone surrogates.
FILE_TEXT = NASTY_TEXT.filter(lambda text: not any("\ud800" <= c <= "\udfff" for c in text))
NUMBERS = st.one_of(
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 101, 1e308, 10**400]),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, NASTY_TEXT)
JUNK: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=8,
)
