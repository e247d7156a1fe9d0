"""A workshop walked in French and in Spanish: a room on the French (Spanish) bank, its
projected screen, the speaker's remote, and a phone that joins, answers every part and
sees its result on the audience pages. No screen may show an English catalogue sentence
(the fragments of tests/test_browser_french.py, computed for each language)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from audience import paths
from harness.server import Server, start_server
from networking_works.store import Store, default_url
from tests.audience_phone import BANKS
from tests.browser_helpers import PHONE, SCREEN, goto_app, wait_for_app
from tests.test_workshop_browser import REFRESH_MS
from web import keys, links
from web.catalogues import extract
from web.i18n import translations

pytestmark = [pytest.mark.slow, pytest.mark.browser]
PLACEHOLDER = re.compile(r"\{[^}]*\}|\*\*|</?b>|^- |\n- ")
SHORT = ("You", "Part", "Back", "Next", "Join")


def english_patterns(language: str) -> list[re.Pattern[str]]:
    """The English messages' fixed pieces that ``language`` translates differently."""
    speech, found = translations(language), set()
    for message in extract():
        originals = message.id if isinstance(message.id, list | tuple) else [message.id]
        for original in filter(None, originals):
            translated = speech.gettext(original)
            if translated == original and not isinstance(message.id, tuple):
                continue
            for piece in PLACEHOLDER.split(original):
                piece = piece.strip(" .,:;·()")
                if piece not in translated and (len(piece) >= 4 or piece in SHORT):
                    found.add(piece)
    return [re.compile(rf"(?<![\w']){re.escape(p)}(?![\w'])") for p in sorted(found)]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("languages-browser")
    with start_server(env_overrides={"DATABASE_URL": None}, workdir=workdir) as running:
        yield running


@pytest.fixture
def store(server: Server) -> Iterator[Store]:
    opened = Store(default_url(server.data_dir))
    try:
        yield opened
    finally:
        opened.database.dispose()


def open_app(page: Page, server: Server, link: links.Link) -> None:
    goto_app(page, f"{server.url}/{link.route.url_path}?{link.query_text()}")


def english_on(page: Page, english: list[re.Pattern[str]], container: str) -> list[str]:
    shown = page.locator(container).first.inner_text()
    assert len(shown) > 20, shown
    return [p.pattern for p in english if p.search(shown)]


def test_the_patterns_would_catch_english() -> None:
    for language in ("fr", "es"):
        patterns = english_patterns(language)
        assert len(patterns) > 150
        assert [p for p in patterns if p.search("Part 1 of 6 · Join the workshop")]


@pytest.mark.parametrize(("locale", "language"), [("fr-FR", "fr"), ("es-ES", "es")])
def test_a_workshop_in_the_room_s_language_shows_no_english(
    browser: Browser, server: Server, store: Store, locale: str, language: str
) -> None:
    bank = BANKS.by_id[f"networking-{language}"]
    english = english_patterns(language)
    room, secret = store.workshops.create("Atelier · Taller", bank.id, False, None)
    seen: dict[str, list[str]] = {}
    said = translations(language).gettext

    def check(screen: str, page: Page, container: str = "body") -> None:
        shown = page.locator(container).first.inner_text()
        assert len(shown) > 20, (screen, shown)
        seen[screen] = [p.pattern for p in english if p.search(shown)]

    context = browser.new_context(viewport=PHONE, locale=locale)  # type: ignore[arg-type]
    try:
        phone = context.new_page()
        phone.goto(server.url + paths.room(room.code))
        check("join", phone)
        phone.locator("form button[type=submit]").first.click()
        for step in range(len(bank.parts)):  # the definition, one part at a time
            expect(phone.get_by_role("heading", level=1)).to_have_text(bank.parts[step].title)
            check(f"definition {step + 1}", phone)
            phone.get_by_role("button", name=said("Next"), exact=True).click()
        for step in range(len(bank.parts)):
            expect(phone.get_by_role("heading", level=1)).to_have_text(bank.parts[step].title)
            statements = phone.locator("fieldset.statement")
            for n in range(statements.count()):
                statements.nth(n).get_by_text(bank.scale.labels[3], exact=True).click()
            check(f"questions {step + 1}", phone)
            last = step == len(bank.parts) - 1
            name = said("See my results" if last else "Next")
            phone.get_by_role("button", name=name, exact=True).click()
        expect(phone.get_by_role("img").first).to_be_visible()
        check("result", phone)
        projector = context.new_page()
        goto_app(
            projector,
            server.url
            + "/"
            + links.screen(room.code).route.url_path
            + "?"
            + links.screen(room.code).query_text(),
        )
        check("projected screen", projector, "[data-testid='stMain']")
        remote = context.new_page()
        goto_app(
            remote,
            server.url
            + "/"
            + links.remote(room.id, secret).route.url_path
            + "?"
            + links.remote(room.id, secret).query_text(),
        )
        check("remote", remote, "[data-testid='stMain']")
    finally:
        context.close()
    assert {screen: found for screen, found in seen.items() if found} == {}
    assert store.room_stats.counts(room.id) == (1, 1)


@pytest.mark.parametrize(("locale", "language"), [("fr-FR", "fr"), ("es-ES", "es")])
def test_a_talk_in_the_room_s_language_shows_no_english(
    browser: Browser, server: Server, store: Store, locale: str, language: str
) -> None:
    """A speaker-paced practice room: one slide of each kind on the projected screen,
    and the remote's Next/Back, speaker notes and rehearsal beside it, moved on from the
    remote itself."""
    english, main = english_patterns(language), "[data-testid='stMain']"
    bank = f"networking-{language}"
    room, secret = store.workshops.create("Atelier · Taller", bank, True, None, practice=True)
    seen: dict[str, list[str]] = {}
    context = browser.new_context(viewport=SCREEN, locale=locale)  # type: ignore[arg-type]
    try:
        screen, remote = context.new_page(), context.new_page()
        open_app(screen, server, links.screen(room.code))
        open_app(remote, server, links.remote(room.id, secret))
        # Made-up people, so that the answers and closing slides show the room's figures.
        remote.locator(f".st-key-{keys.ROOM_PRACTICE_FILL} button").click()
        wait_for_app(remote)
        for kind in ("opening", "part", "answers", "closing"):
            if kind == "closing":  # revealing the room is its closing slide
                remote.locator(f".st-key-{keys.ROOM_REVEAL} button").click()
                wait_for_app(remote)
            elif kind != "opening":
                remote.locator(f".st-key-{keys.ROOM_NEXT_SLIDE} button").click()
                wait_for_app(remote)
            slide = screen.locator(f'[data-nw="slide-{kind}"]')
            expect(slide).to_be_visible(timeout=REFRESH_MS)
            seen[f"screen, {kind}"] = english_on(screen, english, main)
            expect(remote.locator(f".st-key-{keys.ROOM_NOTES}")).to_be_visible()
            seen[f"remote, {kind}"] = english_on(remote, english, main)
    finally:
        context.close()
    assert {where: found for where, found in seen.items() if found} == {}
