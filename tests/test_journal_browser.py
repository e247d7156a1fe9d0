"""The journal in headless Chromium on a 390 px phone: take the assessment, keep a journal,
retake it twice through its link in fresh browsers, see three results, the before/after
radar and the changes; delete it and find no row of it in the database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import Browser, BrowserContext, Page, expect

from harness.server import start_server
from harness.store_access import data_dir_url
from networking_works.bank import load_bank
from networking_works.journal import change_text, changes
from networking_works.report import build_report
from networking_works.schema import assessments, journal_entries, journals
from tests.browser_helpers import goto_app, statement_groups, wait_for_app
from tests.test_browser import assert_no_horizontal_overflow, serious_violations

ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank(ROOT / "questions" / "networking.yaml")
PHONE = {"width": 390, "height": 844}
LABELS = {
    "Strongly disagree": 1,
    "Disagree": 2,
    "Neither agree nor disagree": 3,
    "Agree": 4,
    "Strongly agree": 5,
}
# The same five answers on every part, different each time.
TAKES = [
    ["Disagree", "Disagree", "Agree", "Neither agree nor disagree", "Disagree"],
    ["Agree", "Neither agree nor disagree", "Disagree", "Agree", "Agree"],
    ["Strongly agree", "Agree", "Strongly disagree", "Strongly agree", "Disagree"],
]


def report_of(labels: list[str]):  # type: ignore[no-untyped-def]
    values = {s.id: LABELS[labels[i]] for part in BANK.parts for i, s in enumerate(part.statements)}
    return build_report(BANK, values, datetime.now(UTC))


def click(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    wait_for_app(page)


def answer_every_part(page: Page, labels: list[str]) -> None:
    click(page, "Skip to the questions")
    for number in range(len(BANK.parts)):
        expect(page.get_by_text(f"Part {number + 1} of 6")).to_be_visible()
        groups = statement_groups(page)
        expect(groups).to_have_count(len(labels))
        for i, label in enumerate(labels):
            groups.nth(i).get_by_role("radio", name=label, exact=True).click()
        click(page, "See my results" if number == len(BANK.parts) - 1 else "Next")
    expect(page.get_by_text("Your networking radar")).to_be_visible()


def phone(browser: Browser) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport=PHONE)
    return context, context.new_page()


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
    with start_server(env_overrides={"DATABASE_URL": None}, workdir=tmp_path) as server:
        context, page = phone(browser)
        try:
            goto_app(page, server.url)
            click(page, "Start")
            answer_every_part(page, TAKES[0])
            click(page, "Keep a journal")
            expect(page.get_by_text("Your networking journal")).to_be_visible()
            link = page.get_by_test_id("stCode").first.inner_text().strip()
            assert "/journal?j=" in link
        finally:
            context.close()

        for labels in TAKES[1:]:  # each retake in a fresh browser, through the link alone
            context, page = phone(browser)
            try:
                goto_app(page, link)
                click(page, "Retake the assessment")
                expect(page.get_by_text("part 1 of 6")).to_be_visible()
                answer_every_part(page, labels)
                expect(page.get_by_text("This result is in your journal")).to_be_visible()
                page.get_by_role("link", name="Open my journal").click()
                wait_for_app(page)
                expect(page.get_by_text("Your networking journal")).to_be_visible()
            finally:
                if labels is not TAKES[-1]:
                    context.close()

        try:
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
        finally:
            context.close()
