"""A browser that prefers French walks the whole solo flow and meets no English sentence.

Every screen's visible text is checked against the English catalogue: each message (its
fixed parts, around the placeholders) that French translates differently must not
appear. Streamlit's own few words (a file uploader's hint) are not in the catalogue.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser_helpers import PHONE, answer_statements, click, goto_app, separate_devices
from web.catalogues import extract
from web.i18n import translations

FRENCH = translations("fr")
ANSWERS = [
    "Plutôt d'accord",
    "Plutôt pas d'accord",
    "Tout à fait d'accord",
    "Ni d'accord ni pas d'accord",
    "Plutôt d'accord",
]
PLACEHOLDER = re.compile(r"\{[^}]*\}|\*\*|</?b>|^- |\n- ")


def english_fragments() -> list[str]:
    """The English catalogue's texts as they could appear on a screen, placeholders out."""
    found: set[str] = set()
    for message in extract():
        if not message.id:
            continue
        originals = message.id if isinstance(message.id, list | tuple) else [message.id]
        for original in originals:
            if FRENCH.gettext(original) == original and not isinstance(message.id, tuple):
                continue  # the same word in French ("Questions", "Score", "Participant")
            translated = FRENCH.gettext(original)
            for piece in PLACEHOLDER.split(original):
                piece = piece.strip(" .,:;·()")
                if piece in translated:
                    continue  # French keeps this piece as it is ("version", "Score")
                if len(piece) >= 4 or piece in ("You", "Part", "Back", "Next"):
                    found.add(piece)
    return sorted(found)


ENGLISH = [re.compile(rf"(?<![\w']){re.escape(text)}(?![\w'])") for text in english_fragments()]


def english_on_screen(page: Page) -> list[str]:
    shown = page.locator("[data-testid='stMain']").inner_text()
    assert len(shown) > 40 and "Français" in shown  # a real screen, with its switch
    return [p.pattern for p in ENGLISH if p.search(shown)]


def test_the_fragments_would_catch_english() -> None:
    assert len(ENGLISH) > 150
    shown = "Part 1 of 6 · Please answer statements 2, 3 before moving on."
    assert [p for p in ENGLISH if p.search(shown)]
    assert not [p for p in ENGLISH if p.search("Volet 1 sur 6 · Partager mon résultat")]


@pytest.mark.browser
@pytest.mark.slow
def test_a_french_browser_walks_the_solo_flow_in_french(
    browser: Browser, streamlit_server: str
) -> None:
    seen: dict[str, list[str]] = {}
    with separate_devices(browser) as new_page:
        page = new_page(PHONE, locale="fr-FR")

        def check(screen: str) -> None:
            seen[screen] = english_on_screen(page)

        goto_app(page, streamlit_server)
        expect(page.get_by_text("Le réseautage ne donne rien pour vous\u202f?")).to_be_visible()
        check("welcome")
        page.get_by_text("Vous participez à un atelier\u202f? Saisissez son code").click()
        check("welcome, join form open")
        click(page, "Commencer")
        for number in range(1, 7):
            expect(page.get_by_text(f"volet {number} sur 6")).to_be_visible()
            check(f"definition {number}")
            click(page, "Suivant")
        for number in range(1, 7):
            expect(page.get_by_text(f"Volet {number} sur 6")).to_be_visible()
            if number == 1:  # Next with nothing answered: the reminder, in French
                click(page, "Suivant")
                expect(page.get_by_text("Répondez aux affirmations 1, 2, 3, 4, 5")).to_be_visible()
            check(f"questions {number}")
            answer_statements(page, ANSWERS)
            click(page, "Voir mes résultats" if number == 6 else "Suivant")
        expect(page.get_by_text("Votre radar du réseautage")).to_be_visible()
        expect(page.get_by_text("Votre plan pour cette semaine")).to_be_visible()
        check("results")
        click(page, "Partager mon résultat")
        expect(page.get_by_text("Votre résultat est partagé jusqu'au")).to_be_visible()
        check("results, shared")
        public = page.get_by_test_id("stCode").first.inner_text().strip()
        goto_app(page, public)
        expect(page.get_by_text("Un radar du réseautage")).to_be_visible()
        check("shared result")
    assert {screen: found for screen, found in seen.items() if found} == {}
    assert len(seen) == 17  # welcome (2), definition (6), questions (6), results (3)
