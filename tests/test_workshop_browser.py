"""A whole workshop in real Chromium: a speaker on a laptop and three participants on phones."""

from __future__ import annotations

import re
import secrets
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser_helpers import goto_app, wait_for_app

LAPTOP = {"width": 1280, "height": 720}
PHONE = {"width": 375, "height": 812}
LABELS = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}
# Per participant, the same answers in every part; the room's weakest parts are then
# Creation, Mutually beneficial and All involved prosper (43 against 50 and more).
ANSWERS = ([4, 2, 5, 3, 4], [5, 4, 3, 2, 1], [2, 4, 4, 1, 5])
# At most 30 characters each (the nickname field's limit), full of Markdown and HTML.
NICKNAMES = ("*b* <b>x</b> [l](http://e.vil)", ":red[x] **y** <i>z</i>", "")
CODE = re.compile(r"[A-HJKMNP-Z2-9]{6}")
WORD_JOINER = "\u2060"


def click(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    wait_for_app(page)


def metric(page: Page, label: str) -> object:
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def create_workshop(speaker: Page, server: str) -> tuple[str, str]:
    goto_app(speaker, f"{server}/workshop")
    speaker.get_by_label("Title").fill("Job club, 3 March")
    click(speaker, "Create workshop")
    expect(metric(speaker, "Joined")).to_have_text("0")
    expect(speaker.get_by_role("button", name="Reveal results")).to_be_visible()
    codes = [t.strip() for t in speaker.locator("code").all_inner_texts()]
    shown = [c for c in codes if CODE.fullmatch(c)]
    assert len(set(shown)) == 1, codes
    query = parse_qs(urlsplit(speaker.url).query)
    assert urlsplit(speaker.url).path.endswith("/dashboard"), speaker.url
    return shown[0], query["w"][0]


def join_from_welcome(phone: Page, server: str, code: str) -> None:
    goto_app(phone, server)
    phone.get_by_text("Joining a workshop? Enter its code").click()
    phone.get_by_label("Workshop code").fill(f"{code[:3].lower()}-{code[3:].lower()}")
    click(phone, "Go to the workshop")


def join_by_link(phone: Page, server: str, code: str) -> None:
    goto_app(phone, f"{server}/join")
    phone.get_by_label("Workshop code").fill(code.lower())


def answer_everything(phone: Page, nickname: str, answers: list[int]) -> None:
    if nickname:
        phone.get_by_label("Nickname (optional)").fill(nickname)
    click(phone, "Join")
    expect(phone.get_by_text("part 1 of 6")).to_be_visible()
    click(phone, "Skip to the questions")
    for number in range(1, 7):
        expect(phone.get_by_text(f"Part {number} of 6", exact=True)).to_be_visible()
        groups = phone.get_by_test_id("stButtonGroup")
        expect(groups).to_have_count(len(answers))
        for i, value in enumerate(answers):
            groups.nth(i).get_by_role("radio", name=LABELS[value], exact=True).click()
        click(phone, "See my results" if number == 6 else "Next")
    expect(phone.get_by_text("Your networking radar")).to_be_visible()


def assert_no_dashboard(phone: Page) -> None:
    expect(phone.get_by_role("button", name="Reveal results")).to_have_count(0)
    expect(phone.get_by_role("button", name="Hide results")).to_have_count(0)
    expect(phone.get_by_test_id("stMetric")).to_have_count(0)
    expect(phone.get_by_text("Joined", exact=True)).to_have_count(0)


def test_a_workshop_from_creation_to_the_revealed_room(
    browser: Browser, streamlit_server: str
) -> None:
    contexts: list[BrowserContext] = []
    try:
        speaker_context = browser.new_context(viewport=LAPTOP)
        contexts.append(speaker_context)
        speaker = speaker_context.new_page()
        code, workshop_id = create_workshop(speaker, streamlit_server)

        phones = []
        for number, (nickname, answers) in enumerate(zip(NICKNAMES, ANSWERS, strict=True)):
            context = browser.new_context(viewport=PHONE)
            contexts.append(context)
            phone = context.new_page()
            if number == 0:
                join_from_welcome(phone, streamlit_server, code)
                expect(phone.get_by_role("heading", name="Job club, 3 March")).to_be_visible()
            else:
                join_by_link(phone, streamlit_server, code)
            answer_everything(phone, nickname, answers)
            phones.append(phone)

        # Nicknames appear exactly as typed: no bold, no HTML, no link.
        for phone, nickname in zip(phones[:2], NICKNAMES[:2], strict=True):
            line = phone.get_by_test_id("stCaptionContainer").filter(
                has_text="In this room you are"
            )
            expect(line).to_have_count(1)
            shown = line.inner_text().replace(WORD_JOINER, "")  # invisible, stops autolinks
            assert shown == f"In this room you are {nickname}."
            expect(line.locator("a, b, strong, em, i, span[style]")).to_have_count(0)
        expect(phones[0].locator('a[href*="e.vil"]')).to_have_count(0)

        click(speaker, "Reveal results")
        expect(metric(speaker, "Completed")).to_have_text("3", timeout=10_000)
        expect(metric(speaker, "Joined")).to_have_text("3")
        expect(speaker.get_by_role("button", name="Hide results")).to_be_visible()
        headline = speaker.get_by_text(re.compile(r"^This room's weakest parts?: "))
        expect(headline).to_be_visible(timeout=10_000)
        expect(headline).to_contain_text("Creation")
        expect(speaker.locator(".js-plotly-plot").first).to_be_visible(timeout=10_000)

        # A participant guessing at the dashboard sees none of it.
        snoop = phones[2]
        for path in (
            "/dashboard",
            f"/dashboard?w={workshop_id}",
            f"/dashboard?w={workshop_id}&k={secrets.token_urlsafe(16)}",
        ):
            goto_app(snoop, f"{streamlit_server}{path}")
            # The dashboard is not even registered: the app falls back to its welcome page.
            expect(snoop.get_by_text("Is networking not working for you?")).to_be_visible()
            assert_no_dashboard(snoop)
    finally:
        for context in contexts:
            context.close()
