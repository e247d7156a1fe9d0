"""The bank editor (web/screens/bank_editor.py) in an AppTest: what it takes and refuses."""

from __future__ import annotations

import pytest

from tests.workshop_app import app, texts
from web import keys

pytestmark = pytest.mark.usefixtures("app_env")

LIMIT = 64 * 1024  # a full bank is about 20 KB
TOO_LONG = "This bank is longer than the editor takes (64 KB"


def test_a_text_over_the_editors_limit_is_refused_before_it_is_read() -> None:
    # A client can send any text, whatever the text area's max_chars says: every rerun
    # read up to 512 KB with the YAML parser, seconds of CPU for anyone, no passphrase.
    # AppTest cuts a value at max_chars as the browser does; "é" is two bytes in UTF-8.
    text = "title: " + "é" * (LIMIT // 2)
    assert len(text) < LIMIT < len(text.encode())
    at = app("workshop")
    at.text_area(key=keys.BANK_TEXT).set_value(text).run()
    shown = texts(at)
    assert TOO_LONG in shown
    assert "problem" not in shown  # not parsed: no list of YAML problems
    assert not at.exception


def test_a_text_at_the_limit_is_checked_as_usual() -> None:
    at = app("workshop")
    at.text_area(key=keys.BANK_TEXT).set_value("id: x\n" + "#" * (LIMIT - 6)).run()
    shown = texts(at)
    assert TOO_LONG not in shown
    assert "This bank has" in shown
