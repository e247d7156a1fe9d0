"""The interface's language: which one a run speaks, its catalogue, and locale formatting.

Every sentence the app shows is a gettext message: ``_("…")`` or ``ngettext``, extracted by
Babel (web/catalogues.py) into ``web/locales/messages.pot`` and translated in
``web/locales/<lang>/LC_MESSAGES/messages.po``. The ``.po`` files are read once per
process, so a fresh clone needs no compile step.

The language of a run, decided once at its start (``choose``, from app.py):

1. ``?lang=`` in the URL (the switch sets it; in-app links carry it: ``urls.go``);
2. else the browser's language (``st.context.locale``), if the app speaks it;
3. else English.

A room speaks its bank's language: the join page moves to it and the projected screen
uses it (``use``); joining keeps it in the participant's links.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path

import streamlit as st
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from streamlit.runtime.scriptrunner import get_script_run_ctx

from networking_works.messages import Explained, Message
from web import keys, state

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


def language() -> str:
    """The language of this run (English outside a Streamlit run)."""
    if get_script_run_ctx() is None:
        return DEFAULT
    return supported(state.language()) or DEFAULT


def choose(asked: object) -> str:
    """Decide this run's language from ``asked`` (the URL's ``lang``) or the browser."""
    found = supported(asked) or supported(st.context.locale) or DEFAULT
    state.set_language(found)
    return found


def use(tag: object) -> None:
    """Speak ``tag``'s language for the rest of this run (a room's bank language)."""
    found = supported(tag)
    if found is not None:
        state.set_language(found)


def _(message: str) -> str:
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return translations(language()).ngettext(singular, plural, count)


def words(table: Mapping[str, str], spoken: str | None = None) -> dict[str, str]:
    """A core table of catalogue messages (a handout's, a reminder's) in ``spoken``
    (default: this run's language)."""
    said = translations(supported(spoken) or language())
    return {key: said.gettext(message) for key, message in table.items()}


def explain(said: Message | Explained) -> str:
    """A core message (or error) in this run's language, its numbers formatted."""
    message = said.message if isinstance(said, Explained) else said
    values = {key: _value(value) for key, value in message.values.items()}
    return _(message.template).format(**values)


def _value(value: object) -> object:
    if isinstance(value, Message):  # a message inside a message: said in turn
        return explain(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value)
    return value


def locale(spoken: str | None = None) -> Locale:
    """The Babel locale of ``spoken`` (default: this run's language)."""
    try:
        return Locale.parse(spoken or language())
    except (ValueError, UnknownLocaleError):
        return Locale.parse(DEFAULT)


def number(value: float, digits: int = 0, spoken: str | None = None) -> str:
    """``value`` rounded to ``digits`` decimals, written the locale's way (1,5 or 1.5)."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(round(value, digits), format=pattern, locale=locale(spoken))


def day(when: str | date | datetime, size: str = "long", spoken: str | None = None) -> str:
    """A date the locale's way (``20 août 2010``); an ISO text is read first."""
    if isinstance(when, str):
        try:
            parsed = datetime.fromisoformat(when)
        except ValueError:
            return when[:10]
        when = parsed
    if isinstance(when, datetime):
        when = when.date()
    return format_date(when, format=size, locale=locale(spoken))


def switch() -> None:
    """The visible language switch; a choice lands in the URL, so a reload keeps it."""
    st.session_state[keys.LANGUAGE] = language()  # a room or a link may have moved it
    st.segmented_control(
        _("Language"),
        list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=keys.LANGUAGE,
        label_visibility="collapsed",
        on_change=_switched,
    )


def _switched() -> None:
    chosen = supported(st.session_state.get(keys.LANGUAGE))
    if chosen is None:  # deselected, or a value no option has: keep the language
        st.session_state[keys.LANGUAGE] = language()
        return
    from web.urls import Param  # urls reads ``supported`` from here

    st.query_params[Param.LANG] = chosen
    state.set_language(chosen)
