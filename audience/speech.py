"""The language a page speaks.

The language of a page: ``?lang=`` when the app speaks it, else the room's (its bank's
language), else the browser's ``Accept-Language``, else English. Templates say every
sentence through ``_``/``ngettext`` of the page's ``Speech`` (networking_works/languages.py:
the same catalogues as the Streamlit pages; web/catalogues.py extracts the templates).
"""

from __future__ import annotations

from networking_works.languages import DEFAULT, Speech, supported

__all__ = ["Speech", "choose", "from_accept_language", "supported"]

MAX_ACCEPT_LANGUAGE = 200  # characters of the header read; the rest is ignored


def from_accept_language(header: str | None) -> str | None:
    """The most wanted language of an ``Accept-Language`` header that the app speaks."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for place, item in enumerate(header[:MAX_ACCEPT_LANGUAGE].split(",")):
        tag, _, weight = item.strip().partition(";q=")
        try:
            quality = float(weight) if weight else 1.0
        except ValueError:
            continue
        found = supported(tag.strip())
        if found is not None and quality > 0:
            ranked.append((-quality, place, found))
    return min(ranked)[2] if ranked else None


def choose(asked: object, room: str | None, accept_language: str | None) -> str:
    return supported(asked) or room or from_accept_language(accept_language) or DEFAULT
