"""web/i18n.py: which language a tag means, the catalogues as read at run time, and
numbers and dates written the way each locale writes them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from networking_works.messages import Message
from networking_works.store.workshops import LOCKED
from web import i18n


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("fr-FR", "fr"),
        ("fr", "fr"),
        ("FR_ca", "fr"),
        ("es-419", "es"),
        ("en-GB", "en"),
        ("de-DE", None),
        ("", None),
        (None, None),
        (42, None),
        ("x" * 100, None),
    ],
)
def test_a_tag_names_a_language_the_app_speaks_or_none(tag: object, expected: str | None) -> None:
    assert i18n.supported(tag) == expected


def test_the_catalogues_are_read_from_the_po_files_without_a_compile_step() -> None:
    assert i18n.translations("fr").gettext("Start") == "Commencer"
    assert i18n.translations("es").gettext("Start") == "Empezar"
    assert i18n.translations("en").gettext("Start") == "Start"
    # A core refusal is translated by its template.
    assert i18n.translations("fr").gettext(LOCKED).startswith("L'animateur a fermé")


def test_plurals_follow_each_language() -> None:
    fr = i18n.translations("fr")
    # French counts 0 and 1 as singular, English and Spanish only 1.
    assert fr.ngettext("{count} day", "{count} days", 0) == "{count} jour"
    assert fr.ngettext("{count} day", "{count} days", 30) == "{count} jours"
    es = i18n.translations("es")
    assert es.ngettext("{count} day", "{count} days", 1) == "{count} día"
    assert es.ngettext("{count} day", "{count} days", 7) == "{count} días"


def test_outside_a_streamlit_run_the_language_is_english() -> None:
    assert i18n.language() == "en"
    assert i18n._("Start") == "Start"
    said = Message("the participant limit must be a whole number from 0 to {most}", {"most": 5000})
    assert i18n.explain(said) == "the participant limit must be a whole number from 0 to 5,000"


def test_numbers_and_dates_are_written_the_locales_way() -> None:
    assert i18n.number(0.7345, 3, "en") == "0.735"
    assert i18n.number(0.7345, 3, "fr") == "0,735"
    assert i18n.number(-0.25, 2, "es") == "-0,25"
    assert i18n.number(5000, 0, "en") == "5,000"
    assert i18n.number(5000, 0, "fr").replace("\u202f", " ") == "5 000"
    when = datetime(2010, 8, 20, 9, 30, tzinfo=UTC)
    assert i18n.day(when, spoken="en") == "August 20, 2010"
    assert i18n.day(when, spoken="fr") == "20 août 2010"
    assert i18n.day(when, spoken="es") == "20 de agosto de 2010"
    assert i18n.day("2010-08-20T09:30:00+00:00", spoken="fr") == "20 août 2010"
    assert i18n.day("not a date at all", spoken="fr") == "not a date"
