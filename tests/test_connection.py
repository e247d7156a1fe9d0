"""The notice a Streamlit page shows while its server is away (web/connection.py): its
style in every language, and a real tab whose server is killed and started again."""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from harness.server import free_port, start_server
from tests.browser_helpers import APP_CONNECTED, statement_groups, wait_for_app
from tests.test_browser import ANSWERS, start_questions
from web.connection import RETRYING_STATES, style
from web.i18n import translations

NOTICE = (
    "We cannot reach the server just now. What you chose on this page is kept, "
    "and the page carries on by itself as soon as the server is back."
)


def test_the_style_names_every_retrying_state_and_cannot_be_broken_out_of() -> None:
    text = style('a "quoted" \\ </style><script>x</script>')
    for state in RETRYING_STATES:
        assert f'data-test-connection-state="{state}"' in text
    assert text.count("</style>") == 1 and "<script" not in text
    assert '\\"quoted\\"' in text


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_notice_is_translated(language: str) -> None:
    translated = translations(language).gettext(NOTICE)
    assert translated != NOTICE and translated.strip()


@pytest.mark.browser
@pytest.mark.slow
def test_a_tab_whose_server_dies_says_so_keeps_its_choices_and_comes_back(
    page: Page, tmp_path: Path
) -> None:
    port = free_port()
    env = {"DATABASE_URL": None}
    with start_server(env_overrides=env, workdir=tmp_path, port=port) as first:
        start_questions(page, first.url)
        groups = statement_groups(page)
        for i, label in enumerate(ANSWERS[:3]):  # chosen, not yet sent
            groups.nth(i).get_by_role("radio", name=label, exact=True).click()
        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait()
    root = page.get_by_test_id("stApp")
    retrying = "|".join(RETRYING_STATES)
    expect(root).to_have_attribute("data-test-connection-state", re.compile(retrying))
    page.wait_for_timeout(3_000)  # past the moment Streamlit's own dialog would open
    shown = root.evaluate("e => getComputedStyle(e, '::after').content")
    assert NOTICE in shown
    expect(page.get_by_role("dialog")).to_have_count(0)  # the framework's is hidden
    expect(page.get_by_text("Part 1 of 6")).to_be_visible()  # never a blank page

    with start_server(env_overrides=env, workdir=tmp_path, port=port):
        page.locator(APP_CONNECTED).wait_for(timeout=60_000)  # by itself: no reload
        wait_for_app(page)
        assert root.evaluate("e => getComputedStyle(e, '::after').content") == "none"
        groups = statement_groups(page)
        for i, label in enumerate(ANSWERS[:3]):
            chosen = groups.nth(i).get_by_role("radio", name=label, exact=True)
            expect(chosen).to_have_attribute("aria-checked", "true")
