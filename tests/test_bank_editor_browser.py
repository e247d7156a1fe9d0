"""A speaker writes their own bank in the browser (real Chromium): one deliberate error is
shown with its line as `python -m networking_works check` would say it, the fixed bank is
previewed and saved, a room runs with it, and three participants answer it on phones."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from networking_works.bank import BankError
from networking_works.store.private_banks import SOURCE
from tests.browser_helpers import (
    ANSWER_LABELS,
    PHONE,
    answer_on_phone,
    click,
    goto_app,
    join,
    separate_devices,
    wait_for_app,
)
from web.screens.bank_editor import checked

# Real Chromium against a real server.
pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAPTOP = {"width": 1280, "height": 900}
DEFAULT = (Path(__file__).resolve().parent.parent / "questions" / "networking.yaml").read_text()
TITLE = "Student networking check"
MINE = "At the last careers fair I spoke to a recruiter I had never met before."
FIXED = (
    DEFAULT.replace('title: "Why isn\'t networking working for me?"', f'title: "{TITLE}"')
    .replace(
        "In the past month I introduced myself to at least one person I did not know, "
        "because I wanted to get to know them.",
        MINE,
    )
    .replace("\nid: networking\n", "\nid: students\n")
)
# The last part (no profile names it) takes the first part's id: one problem, on its line.
BROKEN = FIXED.replace("  - id: more_because\n", "  - id: creation\n", 1)
ANSWERS = ([4, 2, 5, 3, 4], [5, 4, 3, 2, 1], [2, 4, 4, 1, 5])
CODE = re.compile(r"[A-HJKMNP-Z2-9]{6}")


def the_one_problem() -> str:
    """What `check` says about the broken bank: exactly one problem, on the changed line."""
    found = checked(BROKEN)
    assert isinstance(found, BankError) and len(found.problems) == 1, found
    problem = found.problems[0]
    assert problem.line == FIXED.splitlines().index("  - id: more_because") + 1
    assert "the part id 'creation' is used twice" in problem.message
    assert str(problem).startswith(f"{SOURCE}:{problem.line}: ")
    return str(problem)


def type_bank(page: Page, text: str) -> None:
    area = page.get_by_label("Question bank (YAML)")
    area.fill(text)
    area.press("Control+Enter")  # Streamlit commits a text area on Ctrl+Enter or blur
    wait_for_app(page)


def test_a_speaker_writes_a_bank_fixes_it_and_runs_a_room_with_it(
    browser: Browser, streamlit_server: str
) -> None:
    problem = the_one_problem()
    with separate_devices(browser) as new_page:
        speaker = new_page(LAPTOP)
        goto_app(speaker, f"{streamlit_server}/workshop")
        speaker.get_by_text("Write your own question bank").click()
        type_bank(speaker, BROKEN)
        expect(speaker.get_by_text("This bank has 1 problem to fix:")).to_be_visible()
        expect(speaker.get_by_text(problem)).to_be_visible()
        expect(speaker.get_by_role("button", name="Save this bank")).to_have_count(0)

        type_bank(speaker, FIXED)
        expect(speaker.get_by_text(problem)).to_have_count(0)
        expect(speaker.get_by_text(f"This bank is valid: {TITLE}, 30 statements.")).to_be_visible()
        # The preview is the participants' walk-through, with nothing to press.
        expect(speaker.get_by_text(f"1. {MINE}")).to_be_visible()
        expect(speaker.get_by_role("button", name="Skip to the questions")).to_be_disabled()
        click(speaker, "Save this bank")
        expect(speaker.get_by_text("Saved as version 1.", exact=False)).to_be_visible()
        expect(speaker.get_by_role("button", name="Export as YAML")).to_be_visible()

        chosen = speaker.get_by_role("combobox", name="Question bank")
        expect(chosen).to_have_value(f"Your own bank: {TITLE} (version 1)")
        speaker.get_by_label("Title").fill("Careers club")
        click(speaker, "Create workshop")
        expect(speaker.get_by_role("button", name="Reveal results")).to_be_visible()
        assert urlsplit(speaker.url).path.endswith("/control"), speaker.url
        codes = [t.strip() for t in speaker.locator("code").all_inner_texts()]
        code = next(c for c in codes if "/screen?code=" in c).rsplit("=", 1)[1]
        assert CODE.fullmatch(code), codes

        for answers in ANSWERS:
            phone = new_page(PHONE)
            join(phone, streamlit_server, code)
            for number in range(1, 7):  # on the audience pages, the speaker's own bank
                if number == 1:
                    expect(phone.get_by_text(f"1. {MINE}")).to_be_visible()
                answer_on_phone(phone, number, [ANSWER_LABELS[value] for value in answers])
            expect(phone.get_by_role("heading", name="Your networking radar")).to_be_visible()

        goto_app(speaker, speaker.url)
        completed = speaker.get_by_test_id("stMetric").filter(has_text="Completed")
        expect(completed.get_by_test_id("stMetricValue")).to_have_text("3")
