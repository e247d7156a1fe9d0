"""The audience pages' language: ``?lang=``, then the room's, then the browser's; and a
French or Spanish room's pages hold no English sentence."""

from __future__ import annotations

import html
import re

import pytest

from audience import paths
from audience.speech import choose, from_accept_language
from networking_works.languages import translations
from networking_works.store import Store
from tests.audience_phone import BANKS, Phone, app_for
from web.catalogues import extract

AUDIENCE_MESSAGES = [
    m.id
    for m in extract()
    if isinstance(m.id, str) and any(where.startswith("audience/") for where, _ in m.locations)
]


def test_the_browser_s_most_wanted_language_that_the_app_speaks() -> None:
    assert from_accept_language("de-DE, fr-CH;q=0.8, es;q=0.9") == "es"
    assert from_accept_language("fr-FR,fr;q=0.9,en;q=0.8") == "fr"
    assert from_accept_language("de, it;q=0.5") is None
    assert from_accept_language("es;q=0, fr;q=bad, en") == "en"
    assert from_accept_language(None) is None


def test_the_url_then_the_room_then_the_browser() -> None:
    assert choose("es", "fr", "en") == "es"
    assert choose("klingon", "fr", "es") == "fr"
    assert choose(None, None, "es-419") == "es"
    assert choose(None, None, None) == "en"


def _text(page: str) -> str:
    """What a person reads on ``page``: its title and body text, without markup."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r"<[^>]+>", "\n", body)
    return html.unescape(body)


def _english_in(page: str, language: str) -> list[str]:
    said = translations(language)
    text = _text(page)
    return [
        message
        for message in AUDIENCE_MESSAGES
        if said.gettext(message) != message and re.search(_pattern(message), text)
    ]


def _pattern(message: str) -> str:
    """``message`` as a whole-word pattern, any text where it has a placeholder."""
    pieces = [re.escape(piece) for piece in re.split(r"\{\w+\}", message)]
    return r"\b" + ".+?".join(pieces).strip() + r"(?!\w)"


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_room_in_french_or_spanish_has_no_english_on_any_page(
    store: Store, language: str
) -> None:
    bank = BANKS.by_id[f"networking-{language}"]
    room = store.workshops.create("Atelier", bank.id, True, None)[0]
    pages: list[str] = []
    phone = Phone(app_for(store), **{"accept-language": "en"}).open(paths.room(room.code))
    assert f'<html lang="{language}">' in phone.page  # the room's, not the browser's
    pages.append(phone.page)
    phone.submit({"nickname": "Ana"})
    pages.append(phone.page)
    phone.submit(move="skip")
    pages.append(phone.page)
    phone.submit({f"s-{bank.parts[0].statements[0].id}": "3"}, move="next")  # missing ones
    pages.append(phone.page)
    answers = {f"s-{s.id}": "4" for s in bank.parts[0].statements}
    phone.submit(answers, move="next")  # part 2 is not open yet: the waiting screen
    assert "data-changes" in phone.page
    pages.append(phone.page)
    store.workshops.update(room.id, open_parts=6, accepting=True)
    phone.open(paths.part(room.code, 2))
    for step in range(1, 6):
        answers = {f"s-{s.id}": "4" for s in bank.parts[step].statements}
        if step == 5:
            pages.append(phone.page)  # the last part, with the tick
            answers["counted"] = "1"
        phone.submit(answers, move="next")
    pages.append(phone.page)  # the result
    pages.append(Phone(app_for(store)).open(paths.room("ZZZZZZ") + f"?lang={language}").page)
    stranger = Phone(app_for(store)).open(paths.room(room.code))
    stranger.post(paths.part(room.code, 1), "move=next")
    pages.append(stranger.page)  # a refused post
    for page in pages:
        assert f'<html lang="{language}">' in page
        assert not _english_in(page, language), _english_in(page, language)


def test_the_url_s_language_wins_and_is_kept_through_the_walk(store: Store) -> None:
    room = store.workshops.create("Room", "networking", False, None)[0]
    phone = Phone(app_for(store)).open(paths.room(room.code) + "?lang=es")
    assert '<html lang="es">' in phone.page and "Unirse" in phone.page
    phone.submit({})
    assert phone.url.endswith("?lang=es") and '<html lang="es">' in phone.page


def test_the_join_form_without_a_room_speaks_the_browser_s_language(store: Store) -> None:
    phone = Phone(app_for(store), **{"accept-language": "fr-CA,fr;q=0.9"}).open(paths.PREFIX)
    assert '<html lang="fr">' in phone.page
    assert not _english_in(phone.page, "fr")


def test_every_page_offers_the_other_languages_and_a_choice_is_kept(store: Store) -> None:
    room = store.workshops.create("Room", "networking-fr", False, None)[0]
    phone = Phone(app_for(store)).open(paths.room(room.code))
    assert '<span aria-current="true" lang="fr">Français</span>' in phone.page
    assert f'href="{paths.room(room.code)}?lang=es"' in phone.page
    phone.open(paths.room(room.code) + "?lang=es").submit({})
    assert phone.url.endswith("?lang=es") and '<html lang="es">' in phone.page
    assert f'href="{paths.definition(room.code, 1)}?lang=en"' in phone.page
