"""The journal in headless Chromium on a 390 px phone: take the assessment, keep a journal,
retake it twice through its link in fresh browsers, see three results, the before/after
radar and the changes; delete it and find no row of it in the database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from harness.server import start_server
from harness.store_access import data_dir_url
from networking_works.bank import load_bank
from networking_works.journal import change_text, changes
from networking_works.report import build_report
from networking_works.schema import assessments, journal_entries, journals
from tests.browser_helpers import (
    ANSWER_LABELS,
    answer_statements,
    assert_no_horizontal_overflow,
    click,
    goto_app,
    separate_devices,
    serious_violations,
    wait_for_app,
)

# Real Chromium against a real server.
pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank(ROOT / "questions" / "networking.yaml")
PHONE = {"width": 390, "height": 844}
LABELS = {label: value for value, label in ANSWER_LABELS.items()}
# The same five answers on every part, different each time.
TAKES = [
    ["Disagree", "Disagree", "Agree", "Neither agree nor disagree", "Disagree"],
    ["Agree", "Neither agree nor disagree", "Disagree", "Agree", "Agree"],
    ["Strongly agree", "Agree", "Strongly disagree", "Strongly agree", "Disagree"],
]


def report_of(labels: list[str]):  # type: ignore[no-untyped-def]
    values = {s.id: LABELS[labels[i]] for part in BANK.parts for i, s in enumerate(part.statements)}
    return build_report(BANK, values, datetime.now(UTC))


def answer_every_part(page: Page, labels: list[str]) -> None:
    click(page, "Skip to the questions")
    for number in range(len(BANK.parts)):
        expect(page.get_by_text(f"Part {number + 1} of 6")).to_be_visible()
        answer_statements(page, labels)
        click(page, "See my results" if number == len(BANK.parts) - 1 else "Next")
    expect(page.get_by_text("Your networking radar")).to_be_visible()


def journal_rows(data_dir: Path) -> dict[str, int]:
    engine = sa.create_engine(data_dir_url(data_dir))
    try:
        with engine.connect() as conn:
            count = {
                "journals": sa.select(sa.func.count()).select_from(journals),
                "entries": sa.select(sa.func.count()).select_from(journal_entries),
                "retakes": sa.select(sa.func.count()).where(assessments.c.journal_id.is_not(None)),
            }
            return {name: int(conn.execute(q).scalar_one()) for name, q in count.items()}
    finally:
        engine.dispose()


def test_a_journal_of_three_results_on_a_phone(browser: Browser, tmp_path: Path) -> None:
    with (
        start_server(env_overrides={"DATABASE_URL": None}, workdir=tmp_path) as server,
        separate_devices(browser) as new_page,
    ):
        page = new_page(PHONE)
        goto_app(page, server.url)
        click(page, "Start")
        answer_every_part(page, TAKES[0])
        click(page, "Keep a journal")
        expect(page.get_by_text("Your networking journal")).to_be_visible()
        link = page.get_by_test_id("stCode").first.inner_text().strip()
        assert "/journal?j=" in link

        for labels in TAKES[1:]:  # each retake in a fresh browser, through the link alone
            page = new_page(PHONE)
            goto_app(page, link)
            click(page, "Retake the assessment")
            expect(page.get_by_text("part 1 of 6")).to_be_visible()
            answer_every_part(page, labels)
            expect(page.get_by_text("This result is in your journal")).to_be_visible()
            page.get_by_role("link", name="Open my journal").click()
            wait_for_app(page)
            expect(page.get_by_text("Your networking journal")).to_be_visible()

        expect(page.get_by_text("Every result (3)")).to_be_visible()
        rows = page.get_by_test_id("stTable").first.locator("tbody tr")
        expect(rows).to_have_count(3)
        legend = page.locator(".js-plotly-plot").first.locator(".legendtext")
        expect(legend).to_have_count(2)
        names = legend.all_text_contents()
        assert names[0].startswith("Now (") and names[1].startswith("Before (")
        today = datetime.now(UTC).date()
        before, after = report_of(TAKES[1]), report_of(TAKES[2])
        for change in changes(before, after):
            expect(page.get_by_text(str(change_text(change, today, today)))).to_be_visible()
        expect(page.get_by_text("Each part over time")).to_be_visible()
        expect(page.locator(".js-plotly-plot")).to_have_count(2)  # radar and trends
        expect(page.get_by_test_id("stException")).to_have_count(0)
        assert_no_horizontal_overflow(page)
        assert serious_violations(page) == []
        assert journal_rows(server.data_dir) == {"journals": 1, "entries": 3, "retakes": 3}

        page.get_by_text("Delete this journal").click()
        page.get_by_text("Yes, delete my journal").click()
        wait_for_app(page)
        click(page, "Delete journal")
        expect(page.get_by_text("Your journal is deleted")).to_be_visible()
        assert journal_rows(server.data_dir) == {"journals": 0, "entries": 0, "retakes": 0}
        goto_app(page, link)
        expect(page.get_by_text("This journal is not here")).to_be_visible()
