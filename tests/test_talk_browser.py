"""A talk in real Chromium: the speaker drives a speaker-paced room from the remote at phone
size while the screen runs at 1280×720 with three participants.

Each part's slide follows the remote within the screen's refresh, with its title and the
live count of answers; the room's answers to it once three have answered; the closing
slide shows the room's radar and a QR code of the public join link, which takes a phone
that joined back to its own result and any other phone to the join page. No slide scrolls.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from networking_works.bank import load_bank
from tests.bank_helpers import DEFAULT_BANK
from tests.browser_helpers import (
    PHONE,
    SCREEN,
    goto_app,
    join,
    separate_devices,
    serious_violations,
    wait_for_app,
)
from tests.test_workshop_browser import REFRESH_MS, answer_part, assert_powerless, create_room
from web import keys, links
from web.screens.projector import qr_data_uri


def seat(phone: Page) -> str:
    """The phone's token, in its seat cookie (HttpOnly: only the browser holds it)."""
    return next(c["value"] for c in phone.context.cookies() if c["name"] == "nw_seat")


# Real Chromium against a real server.
pytestmark = [pytest.mark.browser, pytest.mark.slow]

BANK = load_bank(DEFAULT_BANK)
ANSWERS = ([5, 4, 5, 4, 5], [4, 4, 2, 4, 4], [2, 1, 4, 2, 1])


def next_slide(remote: Page) -> None:
    remote.locator(f".st-key-{keys.ROOM_NEXT_SLIDE} button").click()
    wait_for_app(remote)


def fits(screen: Page) -> None:
    """The slide is whole at 1280×720: nothing to scroll, nothing past the edges."""
    main = screen.get_by_test_id("stMain")
    scroll = main.evaluate("e => e.scrollHeight - e.clientHeight")
    assert scroll <= 0, f"the screen scrolls by {scroll} px at 1280×720"
    box = screen.locator(".st-key-screen_room").bounding_box()
    assert box is not None and box["y"] + box["height"] <= SCREEN["height"]


def test_a_talk_from_the_remote_to_the_closing_slide(
    browser: Browser, streamlit_server: str
) -> None:
    with separate_devices(browser) as new_page:
        remote = new_page(PHONE)
        code, workshop_id, secret, screen_link = create_room(remote, streamlit_server)
        with remote.expect_popup() as popup:  # a laptop-only speaker's second window
            remote.locator('[data-nw="second-window"]').click()
        assert popup.value.url == screen_link
        popup.value.close()

        screen = new_page(SCREEN)
        goto_app(screen, screen_link)
        expect(screen.locator('[data-nw="slide-opening"]')).to_be_visible()
        expect(screen.locator('[data-nw="code"]')).to_have_text(code)
        fits(screen)
        assert serious_violations(screen) == []

        phones = [new_page(PHONE) for _ in ANSWERS]
        for phone in phones:
            join(phone, streamlit_server, code, "")
        tokens = [seat(phone) for phone in phones]
        assert all(token not in phone.url for token, phone in zip(tokens, phones, strict=True))

        for number, part in enumerate(BANK.parts, 1):
            next_slide(remote)  # the part's slide: it opens the part on the phones
            expect(screen.locator('[data-nw="part-title"]')).to_have_text(
                part.title, timeout=REFRESH_MS
            )
            answered = screen.locator('[data-nw="answered"]')
            expect(answered).to_have_text("0 of 3 have answered this part")
            if number == 1:
                expect(screen.get_by_text(part.discussion)).to_be_visible()
                fits(screen)
                assert serious_violations(screen) == []
                notes = remote.locator(f".st-key-{keys.ROOM_NOTES}")
                expect(notes.get_by_text(part.explanation)).to_be_visible()
            for phone, answers in zip(phones, ANSWERS, strict=True):
                answer_part(phone, number, answers)
            expect(answered).to_have_text("3 of 3 have answered this part", timeout=REFRESH_MS)

            next_slide(remote)  # the room's answers to the part
            agreement = screen.locator('[data-nw="agreement"]')
            expect(agreement).to_be_visible(timeout=REFRESH_MS)
            if number == 1:
                expect(agreement.get_by_text("67% agreed")).to_have_count(5)  # two of three, each
                expect(agreement.get_by_text("reverse-keyed", exact=False)).to_have_count(2)
                fits(screen)
                assert serious_violations(screen) == []

        next_slide(remote)  # the closing slide
        closing = screen.locator('[data-nw="slide-closing"]')
        expect(closing).to_be_visible(timeout=REFRESH_MS)
        radar = screen.locator(".st-key-screen_radar .js-plotly-plot")
        expect(radar).to_be_visible()
        box = radar.bounding_box()
        assert box is not None and box["height"] >= 0.5 * SCREEN["height"]
        fits(screen)
        assert_powerless(screen, workshop_id, secret)
        for token in tokens:
            assert token not in screen.content()
        qr = screen.locator('[data-nw="closing-qr"]')
        join_link = links.join(code).at(streamlit_server)  # the audience's join page
        assert qr.get_attribute("src") == qr_data_uri(join_link)
        assert serious_violations(screen) == []

        # The QR code on a phone that answered, after its tab was closed: its own result.
        yours = phones[0].get_by_role("heading", name="Your networking radar")
        expect(yours).to_be_visible()
        expect(phones[0].get_by_role("figure", name="You and the room")).to_be_visible()
        again = phones[0].context.new_page()
        phones[0].close()
        again.goto(join_link)
        expect(again.get_by_role("heading", name="Your networking radar")).to_be_visible()
        assert urlsplit(again.url).path == f"/room/{code}/result"
        full = again.get_by_role("link", name="See my full result").get_attribute("href")
        assert parse_qs(urlsplit(full or "").query)["a"] == [tokens[0]]
        # On any other phone it is only the join page.
        stranger = new_page(PHONE)
        stranger.goto(join_link)
        expect(stranger.get_by_role("button", name="Join")).to_be_visible()
        assert not [c for c in stranger.context.cookies() if c["name"] == "nw_seat"]
