"""The real app in headless Chromium: a phone-sized walk-through, reloads, sharing and axe."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from harness.server import start_server
from tests.browser_helpers import (
    PHONE,
    answer_statements,
    assert_no_horizontal_overflow,
    click,
    goto_app,
    separate_devices,
    serious_violations,
    statement_groups,
    wait_for_app,
)

# Real Chromium against a real server.
pytestmark = [pytest.mark.browser, pytest.mark.slow]

PARTS = 6
ANSWERS = ["Agree", "Disagree", "Strongly agree", "Neither agree nor disagree", "Agree"]


def start_questions(page: Page, server: str) -> None:
    goto_app(page, server)
    click(page, "Start")
    expect(page.get_by_text("part 1 of 6")).to_be_visible()
    click(page, "Skip to the questions")
    expect(page.get_by_text("Part 1 of 6")).to_be_visible()


def finish(page: Page, server: str) -> None:
    start_questions(page, server)
    for number in range(PARTS):
        answer_statements(page, ANSWERS)
        click(page, "See my results" if number == PARTS - 1 else "Next")
    expect(page.get_by_text("Your networking radar")).to_be_visible()


def test_phone_walk_through_shows_chart_and_diagnosis(page: Page, streamlit_server: str) -> None:
    finish(page, streamlit_server)
    expect(page.locator(".js-plotly-plot")).to_be_visible()
    expect(page.get_by_text("Why networking is not working for you yet")).to_be_visible()
    expect(page.get_by_text("Your plan for this week")).to_be_visible()
    expect(page.locator(".modebar")).to_have_count(0)
    assert_no_horizontal_overflow(page)


@pytest.mark.parametrize("stage", ["welcome", "questions", "results"])
def test_accessibility_scan_finds_nothing_serious(
    page: Page, streamlit_server: str, stage: str
) -> None:
    if stage == "welcome":
        goto_app(page, streamlit_server)
    elif stage == "questions":
        start_questions(page, streamlit_server)
    else:
        finish(page, streamlit_server)
    assert serious_violations(page) == []
    assert_no_horizontal_overflow(page)


def test_reload_keeps_every_answer(page: Page, streamlit_server: str) -> None:
    start_questions(page, streamlit_server)
    for _ in range(3):
        answer_statements(page, ANSWERS)
        click(page, "Next")
    statement_groups(page).nth(0).get_by_role("radio", name="Agree", exact=True)
    page.reload()
    wait_for_app(page)
    expect(page.get_by_text("Part 4 of 6")).to_be_visible()
    for _ in range(3):
        click(page, "Back")
        groups = statement_groups(page)
        for i, label in enumerate(ANSWERS):
            chosen = groups.nth(i).get_by_role("radio", name=label, exact=True)
            expect(chosen).to_have_attribute("aria-checked", "true")


def test_shared_link_works_in_a_fresh_browser_and_can_be_deleted(
    page: Page, browser: Browser, streamlit_server: str
) -> None:
    finish(page, streamlit_server)
    own_scores = page.locator("table").first.inner_text()
    assert page.locator("table").first.locator("tbody tr").count() == 6
    click(page, "Share my result")
    links = page.get_by_test_id("stCode").all_inner_texts()
    public, private = (text.strip() for text in links[:2])
    assert "r=" in public and "delete=" in private

    with separate_devices(browser) as new_page:
        other = new_page(PHONE)  # a stranger's browser
        goto_app(other, public)
        expect(other.get_by_text("A networking radar")).to_be_visible()
        assert other.locator("table").first.inner_text() == own_scores
        goto_app(other, private)
        click(other, "Delete this shared result")
        expect(other.get_by_text("This result is not here")).to_be_visible()
        goto_app(other, public)
        expect(other.get_by_text("This result is not here")).to_be_visible()


def test_server_restart_keeps_answers(page: Page, tmp_path: Path) -> None:
    with start_server(env_overrides={"DATABASE_URL": None}, workdir=tmp_path) as first:
        start_questions(page, first.url)
        answer_statements(page, ANSWERS)
        click(page, "Next")
        expect(page.get_by_text("Part 2 of 6")).to_be_visible()
        path_and_query = page.url.removeprefix(first.url)
    with start_server(env_overrides={"DATABASE_URL": None}, workdir=tmp_path) as second:
        goto_app(page, second.url + path_and_query)
        expect(page.get_by_text("Part 2 of 6")).to_be_visible()
        click(page, "Back")
        groups = statement_groups(page)
        for i, label in enumerate(ANSWERS):
            chosen = groups.nth(i).get_by_role("radio", name=label, exact=True)
            expect(chosen).to_have_attribute("aria-checked", "true")


def test_an_expired_link_shows_a_clear_page_and_stays_dead(page: Page, tmp_path: Path) -> None:
    lifetime_s = 4.0
    env = {"DATABASE_URL": None, "NW_UNFINISHED_DAYS": str(lifetime_s / 86400)}
    with start_server(env_overrides=env, workdir=tmp_path) as server:
        start_questions(page, server.url)
        answer_statements(page, ANSWERS)
        click(page, "Next")
        expect(page.get_by_text("Part 2 of 6")).to_be_visible()
        token = page.url.split("a=", 1)[1].split("&", 1)[0]
        page.wait_for_timeout((lifetime_s + 1) * 1000)
        answer_statements(page, ANSWERS)
        click(page, "Next")  # saved nothing: the assessment expired a moment ago
        expect(page.get_by_text("We could not find your answers")).to_be_visible()
        expect(page.get_by_text("no longer stored")).to_be_visible()
        expect(page.get_by_role("button", name="Start a new assessment")).to_be_visible()
        page.reload()  # the press revived nothing
        wait_for_app(page)
        expect(page.get_by_text("We could not find your answers")).to_be_visible()
        assert token not in server.read_log()
