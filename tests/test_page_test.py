"""The page-test helpers (tests/page_test.py) can fail: an exception element fails a run,
and ``texts`` reads every kind of text element a page shows."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.page_test import TEXT_KINDS, ok, texts


def test_a_run_that_drew_an_exception_fails_with_its_context() -> None:
    at = AppTest.from_string("import streamlit as st\nst.title('Hi')\nraise ValueError('boom')")
    with pytest.raises(AssertionError, match="the drawn input"):
        ok(at.run(), "the drawn input")


def test_texts_reads_every_text_element() -> None:
    script = "import streamlit as st\n" + "".join(f"st.{kind}('a {kind}')\n" for kind in TEXT_KINDS)
    shown = texts(ok(AppTest.from_string(script).run()))
    assert shown.splitlines() == [f"a {kind}" for kind in TEXT_KINDS]
