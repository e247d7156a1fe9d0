"""The languages the app speaks, their gettext catalogues, and speaking one of them.

Every sentence the app shows is a gettext message: ``_("…")``, ``ngettext`` or ``N_("…")``,
extracted by Babel (``python -m web.catalogues``) into ``networking_works/locales/messages.pot``
and translated in ``networking_works/locales/<lang>/LC_MESSAGES/messages.po``. The ``.po``
files are read once per process, so a fresh clone needs no compile step.

No Streamlit here: the Streamlit layer (web/i18n.py) picks a run's language and speaks
through ``Speech``; the audience pages and the command line do the same with their own.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from networking_works.messages import Explained, Message

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
DEFAULT = "en"
# Each language named in itself: the switch shows these, never translated.
LANGUAGES = {"en": "English", "fr": "Français", "es": "Español"}


def supported(tag: object) -> str | None:
    """The app's language for a tag such as ``fr-FR``, ``es_419`` or ``EN``; else None."""
    if not isinstance(tag, str) or len(tag) > 35:
        return None
    primary = tag.replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in LANGUAGES else None


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of ``language``, read from its ``.po`` file once per process."""
    if language == DEFAULT:
        return gettext.NullTranslations()
    with (LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out: they fall back to English
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class Speech:
    """Sentences, numbers and dates in one language. ``language`` may be any tag (a bank's
    ``de``): sentences then come in English, numbers and dates still the tag's way."""

    def __init__(self, language: str | None) -> None:
        self.language = language or DEFAULT
        self.catalogue = translations(supported(language) or DEFAULT)

    def _(self, message: str) -> str:
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.catalogue.ngettext(singular, plural, count)

    def words(self, table: Mapping[str, str]) -> dict[str, str]:
        """A core table of catalogue messages (a handout's, a reminder's), said."""
        return {key: self.catalogue.gettext(message) for key, message in table.items()}

    def explain(self, said: Message | Explained) -> str:
        """A core message (or error), its numbers formatted."""
        message = said.message if isinstance(said, Explained) else said
        values = {key: self._value(value) for key, value in message.values.items()}
        return self._(message.template).format(**values)

    def _value(self, value: object) -> object:
        if isinstance(value, Message):  # a message inside a message: said in turn
            return self.explain(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self.number(value)
        return value

    def locale(self) -> Locale:
        try:
            return Locale.parse(self.language)
        except (ValueError, UnknownLocaleError):
            return Locale.parse(DEFAULT)

    def number(self, value: float, digits: int = 0) -> str:
        """``value`` rounded to ``digits`` decimals, written the locale's way (1,5 or 1.5)."""
        return _number(self.language, round(value, digits), digits)

    def day(self, when: str | date | datetime, size: str = "long") -> str:
        """A date the locale's way (``20 août 2010``); an ISO text is read first."""
        if isinstance(when, str):
            try:
                parsed = datetime.fromisoformat(when)
            except ValueError:
                return when[:10]
            when = parsed
        if isinstance(when, datetime):
            when = when.date()
        return format_date(when, format=size, locale=self.locale())


@lru_cache(maxsize=4096)
def _number(language: str, value: float, digits: int) -> str:
    # Scores repeat (0-100 in whole numbers): Babel's parse and format ran per table cell.
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=Speech(language).locale())
