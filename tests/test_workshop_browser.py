"""A whole workshop in real Chromium: the projected screen at 1280×720, the speaker's remote
on a phone (both Streamlit), and four participants on phones (the audience pages).

The screen must carry no power (no secret, no control, no private link), be readable
from the back row, and follow the remote; moderation must work end to end.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser_helpers import (
    ANSWER_LABELS,
    PHONE,
    SCREEN,
    answer_on_phone,
    click,
    goto_app,
    join,
    separate_devices,
    serious_violations,
    wait_for_app,
)

# Real Chromium against a real server.
pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Per participant, the same answers in every part. The fourth is removed later.
ANSWERS = ([4, 2, 5, 3, 4], [5, 4, 3, 2, 1], [2, 4, 4, 1, 5], [1, 1, 1, 1, 1])
NICKNAMES = ("*b* <b>x</b> [l](http://e.vil)", ":red[x] **y** <i>z</i>", "", "Removed Rita")
CODE = re.compile(r"[A-HJKMNP-Z2-9]{6}")
REFRESH_MS = 3_000 + 4_000  # the screen's refresh, and slack for a busy machine


def create_room(remote: Page, server: str) -> tuple[str, str, str, str]:
    """Create a speaker-paced room on the phone: (code, workshop id, secret, screen link)."""
    goto_app(remote, f"{server}/workshop")
    remote.get_by_label("Title").fill("Job club <b>3 March</b>")
    remote.get_by_text("You open the parts one at a time").click()
    click(remote, "Create workshop")
    expect(remote.get_by_role("button", name="Reveal results")).to_be_visible()
    assert urlsplit(remote.url).path.endswith("/control"), remote.url
    query = parse_qs(urlsplit(remote.url).query)
    codes = [t.strip() for t in remote.locator("code").all_inner_texts()]
    screen_link = next(c for c in codes if "/screen?code=" in c)
    code = screen_link.rsplit("=", 1)[1]
    assert CODE.fullmatch(code), codes
    return code, query["w"][0], query["k"][0], screen_link


def assert_powerless(screen: Page, workshop_id: str, secret: str) -> None:
    """Nothing on the screen, in its address or in any link on it, leads to power."""
    text = screen.locator("body").inner_text()
    links = [a.get_attribute("href") or "" for a in screen.locator("a[href]").all()]
    for place in (text, screen.url, *links):
        assert secret not in place and workshop_id not in place, place
        assert "control" not in place.lower() and "dashboard" not in place.lower(), place
        assert "k=" not in place, place
    expect(screen.get_by_role("button")).to_have_count(0)
    expect(screen.get_by_test_id("stSidebar")).to_have_count(0)


def answer_part(phone: Page, number: int, answers: list[int]) -> None:
    answer_on_phone(phone, number, [ANSWER_LABELS[value] for value in answers])


def count_on(screen: Page, label: str) -> object:
    return screen.locator(".nw-count").filter(has_text=label).locator("b")


def test_the_screen_the_remote_and_the_room(
    browser: Browser, streamlit_server: str, tmp_path: Path
) -> None:
    with separate_devices(browser) as new_page:
        remote = new_page(PHONE)
        code, workshop_id, secret, screen_link = create_room(remote, streamlit_server)
        assert serious_violations(remote) == []

        screen = new_page(SCREEN)
        goto_app(screen, screen_link)
        assert_powerless(screen, workshop_id, secret)
        code_box = screen.locator('[data-nw="code"]')
        expect(code_box).to_have_text(code)
        assert float(code_box.evaluate("e => getComputedStyle(e).fontSize")[:-2]) >= 48
        qr = screen.locator('[data-nw="qr"]').bounding_box()
        assert qr is not None and qr["width"] >= 0.25 * SCREEN["width"]
        expect(screen.get_by_text("How it works")).to_have_count(0)  # an aria label only
        expect(screen.get_by_text("You stay anonymous.", exact=False)).to_be_visible()
        assert serious_violations(screen) == []

        phones = [new_page(PHONE) for _ in ANSWERS]
        for phone, nickname, answers in zip(phones, NICKNAMES, ANSWERS, strict=True):
            join(phone, streamlit_server, code, nickname)
            answer_part(phone, 1, answers)
            expect(phone.get_by_text("Hold on a moment")).to_be_visible()
        expect(count_on(screen, "joined")).to_have_text("4", timeout=REFRESH_MS)
        expect(screen.locator('[data-nw="open"]')).to_have_text("Parts open: 1 of 6")

        # The screen follows the remote's Open-part presses; the waiting phones move on
        # by themselves (the audience script, without a reload).
        click(remote, "Open part 2")
        expect(screen.locator('[data-nw="open"]')).to_have_text(
            "Parts open: 2 of 6", timeout=REFRESH_MS
        )
        for phone in phones:
            expect(phone.get_by_text("Part 2 of 6", exact=True)).to_be_visible(timeout=5_000)
        for number in range(3, 7):
            click(remote, f"Open part {number}")
        for phone, answers in zip(phones, ANSWERS, strict=True):
            for number in range(2, 7):
                answer_part(phone, number, answers)
            expect(phone.get_by_role("heading", name="Your networking radar")).to_be_visible()
        expect(count_on(screen, "finished")).to_have_text("4", timeout=REFRESH_MS)

        # Lock joining: a newcomer is refused clearly; the room carries on.
        click(remote, "Lock joining")
        late = new_page(PHONE)
        late.goto(f"{streamlit_server}/join?code={code}")  # an old printed link still works
        late.get_by_role("button", name="Join", exact=True).click()
        expect(late.get_by_text("locked this workshop")).to_be_visible()
        assert not [c for c in late.context.cookies() if c["name"] == "nw_seat"]  # nobody joined

        # Remove the fourth participant: out of the counts, the radar and the CSV.
        who = remote.get_by_test_id("stSelectbox").filter(has_text="Participant")
        who.scroll_into_view_if_needed()
        who.locator("input").click()
        who.locator("input").press("ArrowDown")  # opens the list (a click alone may not)
        remote.get_by_role("option", name="Removed Rita").click()
        wait_for_app(remote)
        expect(remote.get_by_role("button", name="Remove from the room")).to_be_enabled()
        click(remote, "Remove from the room")
        expect(remote.get_by_text("is out of the room")).to_be_visible()
        expect(count_on(screen, "joined")).to_have_text("3", timeout=REFRESH_MS)
        phones[3].reload()
        expect(phones[3].get_by_text("You are no longer in this workshop")).to_be_visible()
        csv_button = remote.get_by_role("button", name="Answers (CSV, anonymous)")
        expect(csv_button).to_be_disabled()  # nothing leaves the room before Reveal

        # Reveal on the remote: the screen shows the room's radar, whole and large.
        click(remote, "Reveal results")
        with remote.expect_download() as download:
            csv_button.click()
        rows = list(csv.reader(Path(download.value.path()).read_text().splitlines()))
        assert len(rows) == 1 + 3
        assert all(set(row[1:26]) != {"1"} for row in rows[1:]), "the removed answers stayed"
        key = screen.get_by_text("the room's average (3 people)")
        expect(key).to_be_visible(timeout=REFRESH_MS)
        expect(screen.get_by_text(re.compile(r"^This room's weakest parts?: "))).to_be_visible()
        radar = screen.locator(".st-key-screen_radar .js-plotly-plot")
        expect(radar).to_be_visible()
        box = radar.bounding_box()
        assert box is not None
        assert box["y"] >= 0 and box["x"] >= 0
        assert box["y"] + box["height"] <= SCREEN["height"]
        assert box["x"] + box["width"] <= SCREEN["width"]
        assert box["height"] >= 0.5 * SCREEN["height"]
        labels = screen.locator(".st-key-screen_radar .angularaxistick text")
        sizes = labels.evaluate_all("els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
        assert sizes and min(sizes) >= 18, sizes
        scroll = screen.get_by_test_id("stMain").evaluate("e => e.scrollHeight - e.clientHeight")
        assert scroll <= 0, f"the screen scrolls by {scroll} px at 1280×720"
        assert_powerless(screen, workshop_id, secret)
        assert serious_violations(screen) == []
        assert serious_violations(remote) == []
