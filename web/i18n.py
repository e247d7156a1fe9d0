"""The interface's language: which one a run speaks, and speaking it.

The languages, their catalogues and the speaking itself are the core's
(networking_works/languages.py); this module decides a run's language, once at its start
(``choose``, from app.py):

1. ``?lang=`` in the URL (the switch sets it; in-app links carry it: ``urls.in_app``);
2. else the browser's language (``st.context.locale``), if the app speaks it;
3. else English.

A room's projected screen speaks its bank's language (``use``); the audience pages, where
people join and answer, choose theirs the same way (audience/speech.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache

import streamlit as st
from babel import Locale
from streamlit.runtime.scriptrunner import get_script_run_ctx

from networking_works.languages import (
    DEFAULT,
    DOMAIN,
    LANGUAGES,
    LOCALES,
    Speech,
    supported,
    translations,
)
from networking_works.messages import Explained, Message
from web import keys, state
from web.links import Param

__all__ = ["DEFAULT", "DOMAIN", "LANGUAGES", "LOCALES", "supported", "translations"]


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


def speech(spoken: str | None = None) -> Speech:
    """Speaking ``spoken`` (default: this run's language)."""
    return _speech(spoken or language())


@lru_cache(maxsize=64)  # every _() of a run asks: one Speech per language, not per call
def _speech(tag: str) -> Speech:
    return Speech(tag)


def _(message: str) -> str:
    return speech()._(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return speech().ngettext(singular, plural, count)


def words(table: Mapping[str, str], spoken: str | None = None) -> dict[str, str]:
    """A core table of catalogue messages (a handout's, a reminder's) in ``spoken``
    (default: this run's language)."""
    return speech(supported(spoken)).words(table)


def explain(said: Message | Explained) -> str:
    """A core message (or error) in this run's language, its numbers formatted."""
    return speech().explain(said)


def locale(spoken: str | None = None) -> Locale:
    """The Babel locale of ``spoken`` (default: this run's language)."""
    return speech(spoken).locale()


def number(value: float, digits: int = 0, spoken: str | None = None) -> str:
    """``value`` rounded to ``digits`` decimals, written the locale's way (1,5 or 1.5)."""
    return speech(spoken).number(value, digits)


def day(when: str | date | datetime, size: str = "long", spoken: str | None = None) -> str:
    """A date the locale's way (``20 août 2010``); an ISO text is read first."""
    return speech(spoken).day(when, size)


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
    st.query_params[Param.LANG] = chosen
    state.set_language(chosen)
