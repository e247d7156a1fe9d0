"""The language a page speaks, and its sentences, numbers and core messages in it.

The language of a page: ``?lang=`` when the app speaks it, else the room's (its bank's
language), else the browser's ``Accept-Language``, else English. Templates say every
sentence through ``_``/``ngettext`` of the page's ``Speech`` (Jinja2's i18n extension
for extraction, web/catalogues.py), from the same catalogues as the Streamlit pages.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

from networking_works.messages import Explained, Message

DEFAULT = "en"
LANGUAGES = ("en", "fr", "es")  # as web/i18n.LANGUAGES; its names are the switch's
MAX_ACCEPT_LANGUAGE = 200  # characters of the header read; the rest is ignored


def supported(tag: object) -> str | None:
    """The app's language for a tag such as ``fr-FR``, ``es_419`` or ``EN``; else None."""
    if not isinstance(tag, str) or len(tag) > 35:
        return None
    primary = tag.replace("_", "-").split("-", 1)[0].strip().lower()
    return primary if primary in LANGUAGES else None


def from_accept_language(header: str | None) -> str | None:
    """The first language of an ``Accept-Language`` header that the app speaks."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for place, item in enumerate(header[:MAX_ACCEPT_LANGUAGE].split(",")):
        tag, _, weight = item.strip().partition(";q=")
        try:
            quality = float(weight) if weight else 1.0
        except ValueError:
            continue
        found = supported(tag)
        if found is not None and quality > 0:
            ranked.append((-quality, place, found))
    return min(ranked)[2] if ranked else None


def choose(asked: object, room: str | None, accept_language: str | None) -> str:
    return supported(asked) or room or from_accept_language(accept_language) or DEFAULT


@dataclass(frozen=True)
class Speech:
    """Sentences in one language."""

    language: str
    catalogue: gettext.NullTranslations

    @classmethod
    def of(cls, language: str, translations: Callable[[str], gettext.NullTranslations]) -> Speech:
        return cls(language, translations(language))

    def _(self, message: str) -> str:
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.catalogue.ngettext(singular, plural, count)

    def number(self, value: float, digits: int = 0) -> str:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        try:
            locale = Locale.parse(self.language)
        except (ValueError, UnknownLocaleError):
            locale = Locale.parse(DEFAULT)
        return format_decimal(round(value, digits), format=pattern, locale=locale)

    def explain(self, said: Message | Explained) -> str:
        """A core message (or error) in this language, its numbers formatted."""
        message = said.message if isinstance(said, Explained) else said
        values = {key: self._value(value) for key, value in message.values.items()}
        return self._(message.template).format(**values)

    def _value(self, value: object) -> object:
        if isinstance(value, Message):
            return self.explain(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self.number(value)
        return value
