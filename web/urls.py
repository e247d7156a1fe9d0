"""Links and moves inside the app, for a Streamlit run.

Every parameter and every kind of link is defined once in web/links.py (no Streamlit);
this module reads the current URL (``query``), makes a ``Link`` absolute as the person's
browser (or PUBLIC_URL) sees it (``link``), and moves between pages keeping the language
the URL chose (``go``, ``set_query``, ``in_app``).
"""

from __future__ import annotations

import streamlit as st

from networking_works.languages import supported
from networking_works.tokens import plausible_token
from web import links, resources
from web.links import PRIVATE_PARAMS, Address, Link, Param, Query, result_in, value_in
from web.routes import WELCOME, Route

__all__ = ["PRIVATE_PARAMS", "Link", "Param", "Query", "result_in", "value_in"]


def query() -> Query:
    """The current URL's parameters (raw texts, never trusted as valid)."""
    return Query.of(st.query_params)


def link(to: Link | Address) -> str:
    """``to`` as an absolute link, as the person's browser (or PUBLIC_URL) sees it."""
    return to.at(base_url(st.context.url))


def base_url(current: str | None) -> str:
    """PUBLIC_URL, else the app's root as seen in ``current`` (the address of a page)."""
    return links.base_of(resources.public_url(), current)


def go(to: Link) -> None:
    """Switch to ``to``'s page with its query as the whole query, and the language the URL
    chose (if any)."""
    st.switch_page(to.route.file, query_params=in_app(to))


def walk(route: Route, assessment: str) -> None:
    """Switch to a walk-through page of ``assessment``, keeping the URL's journal link."""
    journal = query().journal
    go(links.walk(route, assessment, journal if plausible_token(journal) else None))


def go_home() -> None:
    kept = in_app(links.home())
    st.query_params.clear()
    st.switch_page(WELCOME.file, query_params=kept)


def set_query(to: Link) -> None:
    """Replace this page's query with ``to``'s (its route is this page), keeping the
    language."""
    st.query_params.from_dict(in_app(to))


def in_app(to: Link) -> dict[str, str]:
    """``to``'s query for a move inside the app: a language chosen in the URL stays.

    Absolute links (``link``) never carry it: whoever opens a shared link gets their own
    language, and a room's links are answered in the room's language by the join page.
    """
    chosen = supported(query().lang)
    found = to.query()
    if chosen and not to.has(Param.LANG):
        found[Param.LANG.value] = chosen
    return found
