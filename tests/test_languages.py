"""networking_works/languages.py: speaking a language without Streamlit (the audience
pages and the command line do), with the same catalogues as the Streamlit pages."""

from __future__ import annotations

from datetime import date

from networking_works.languages import DEFAULT, LANGUAGES, LOCALES, Speech, supported
from networking_works.messages import Explained, Message
from networking_works.store.workshops import LOCKED


def test_the_catalogues_live_in_the_core_for_every_language() -> None:
    assert DEFAULT in LANGUAGES
    for language in set(LANGUAGES) - {DEFAULT}:
        assert (LOCALES / language / "LC_MESSAGES" / "messages.po").is_file()
    assert supported("fr-CA") == "fr"


def test_a_speech_says_sentences_numbers_and_dates_in_its_language() -> None:
    fr = Speech("fr")
    assert fr._("Start") == "Commencer"
    assert Speech("es")._("Start") == "Empezar"
    one, many = (
        "Please answer statement {numbers} before moving on.",
        "Please answer statements {numbers} before moving on.",
    )
    assert fr.ngettext(one, many, 1).startswith("Répondez à l'affirmation")
    assert fr.ngettext(one, many, 2).startswith("Répondez aux affirmations")
    assert fr.number(1234.5, 1) == "1\u202f234,5"
    assert fr.day(date(2010, 8, 20)) == "20 août 2010"
    assert fr.explain(Explained(LOCKED)).startswith("L'animateur a fermé")
    assert fr.words({"start": "Start"}) == {"start": "Commencer"}


def test_a_language_the_app_does_not_speak_gets_english_sentences_and_its_numbers() -> None:
    de = Speech("de")
    assert de._("Start") == "Start"
    assert de.number(1234.5, 1) == "1.234,5"
    assert Speech(None).language == DEFAULT
    assert Speech("en").explain(Message("{n} of {m}", {"n": 1000, "m": 2})) == "1,000 of 2"
