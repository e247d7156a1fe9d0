"""Every query parameter and every kind of link the app makes, each defined once.

``Param`` names the parameters; each kind of link has one function here that takes typed
values (so mypy finds a wrong name) and returns a ``Link``: a route and its query. A
``Link`` becomes an absolute address (``at``), a path (``path``), or a query for a move
inside the app (web/urls.py adds the run's language there). ``Query`` parses a URL's
parameters into raw texts (never trusted as valid).

No Streamlit here (nor in web/routes.py, the only module of ``web`` this one reads): the
audience pages build their links to the Streamlit pages with these functions. The way
into a room is an audience page (``ROOMS``, the root of audience/paths.py): a
``Link`` of its own kind, an ``Address``, since no Streamlit route serves it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from urllib.parse import parse_qs, urlencode, urlsplit

from networking_works.tokens import plausible_token
from web.routes import (
    COMPARE,
    CONTROL,
    JOURNAL,
    RESULTS,
    SCREEN,
    WELCOME,
    WORKSHOP,
    Route,
    url_paths,
)


class Param(StrEnum):
    ASSESSMENT = "a"  # a person's own walk-through (private)
    RESULT = "r"  # a shared result (public by the owner's choice)
    DELETE = "delete"  # the private token that deletes a shared result
    WORKSHOP = "w"  # a workshop's id
    KEY = "k"  # a workshop's facilitator secret (private)
    CODE = "code"  # a workshop's join code (public)
    BANK = "bank"  # the private link that keeps a speaker's own bank (private)
    LANG = "lang"  # the interface's language, when chosen (web/i18n.py); links inside keep it
    JOURNAL = "j"  # a private journal (private); carried through a retake's walk-through


# Parameters that hold a secret: a link carrying any of them is private (web/head.py).
PRIVATE_PARAMS = frozenset(
    {Param.ASSESSMENT, Param.DELETE, Param.WORKSHOP, Param.KEY, Param.JOURNAL, Param.BANK}
)


@dataclass(frozen=True)
class Query:
    """A URL's parameters, one field per ``Param`` (its name in lower case); each is the
    raw text or None."""

    assessment: str | None
    result: str | None
    delete: str | None
    workshop: str | None
    key: str | None
    code: str | None
    bank: str | None
    lang: str | None
    journal: str | None

    @classmethod
    def of(cls, found: Mapping[str, str]) -> Query:
        """From a mapping keyed by URL names (``st.query_params``, a request's query)."""
        return cls(*(found.get(param.value) for param in _QUERY_PARAMS))


# Each field's parameter, looked up once at import: a field without one fails at once.
_QUERY_PARAMS = tuple(Param[field.name.upper()] for field in fields(Query))


@dataclass(frozen=True)
class Link:
    """A page of the app and its query, in the order given."""

    route: Route
    params: tuple[tuple[Param, str], ...] = ()

    def query(self) -> dict[str, str]:
        """The query keyed by the parameters' URL names (``Param.ASSESSMENT`` -> ``a``)."""
        return {param.value: value for param, value in self.params}

    def query_text(self) -> str:
        """``a=…&code=…``, for clients that build requests."""
        return urlencode(self.query())

    def path(self) -> str:
        """``/results?r=…``: the link below the app's root."""
        text = self.query_text()
        return f"/{self.route.url_path}" + (f"?{text}" if text else "")

    def at(self, base: str) -> str:
        """The absolute link from the app's root ``base`` (``base_of``)."""
        return f"{base.rstrip('/')}{self.path()}"

    def has(self, param: Param) -> bool:
        return any(named is param for named, _ in self.params)


# The audience pages' root below the app's (audience/paths.py builds every URL on it):
# ``/room`` (join by typed code) and ``/room/CODE`` (a room's join page, its QR code's).
ROOMS = "/room"


@dataclass(frozen=True)
class Address:
    """A page served beside Streamlit's (the audience pages), by its path below the
    app's root (and at most the language: never a private parameter)."""

    path_text: str

    def path(self) -> str:
        return self.path_text

    def at(self, base: str) -> str:
        """The absolute link from the app's root ``base`` (``base_of``)."""
        return f"{base.rstrip('/')}{self.path_text}"


def _link(route: Route, *params: tuple[Param, str | None]) -> Link:
    return Link(route, tuple((param, value) for param, value in params if value is not None))


def home() -> Link:
    return Link(WELCOME)


def walk(route: Route, assessment: str, journal: str | None = None) -> Link:
    """A page of a person's own walk-through (their results page included); a retake made
    from a journal carries the journal's link from page to page."""
    return _link(route, (Param.ASSESSMENT, assessment), (Param.JOURNAL, journal))


def own_result(assessment: str, journal: str | None = None) -> Link:
    """A person's own full result (private: it can change their answers)."""
    return walk(RESULTS, assessment, journal)


def result(token: str) -> Link:
    """A shared result (public by the owner's choice)."""
    return _link(RESULTS, (Param.RESULT, token))


def delete_result(token: str, delete: str) -> Link:
    """A shared result's private delete link."""
    return _link(RESULTS, (Param.RESULT, token), (Param.DELETE, delete))


def compare_own(assessment: str) -> Link:
    return _link(COMPARE, (Param.ASSESSMENT, assessment))


def compare_shared(token: str) -> Link:
    return _link(COMPARE, (Param.RESULT, token))


def join(code: str) -> Address:
    """A room's join page (public; the audience pages): on the QR codes and in previews.
    A phone that joined the room already is sent back to its own place there."""
    return Address(f"{ROOMS}/{code}")


def join_page(lang: str | None = None) -> Address:
    """The join page without a code (the projected address people type; with ``lang``,
    the welcome page's way into a workshop, in the language chosen there)."""
    return Address(f"{ROOMS}?{urlencode({Param.LANG.value: lang})}" if lang else ROOMS)


def screen(code: str) -> Link:
    """The projected screen, named by the public join code."""
    return _link(SCREEN, (Param.CODE, code))


def remote(workshop: str, key: str) -> Link:
    """The speaker's remote (private: it holds the room's secret)."""
    return _link(CONTROL, (Param.WORKSHOP, workshop), (Param.KEY, key))


def journal(token: str) -> Link:
    """A private journal."""
    return _link(JOURNAL, (Param.JOURNAL, token))


def kept_bank(link: str) -> Link:
    """The private link that reopens a speaker's kept bank."""
    return _link(WORKSHOP, (Param.BANK, link))


def base_of(public: str | None, current: str | None) -> str:
    """``public`` (PUBLIC_URL), else the app's root as seen in ``current`` (a page's
    address)."""
    if public:
        return public.rstrip("/")
    parts = urlsplit(current or "http://localhost:8501/")
    path = parts.path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last in url_paths():
        path = path[: -len(last) - 1]
    return f"{parts.scheme}://{parts.netloc}{path}"


def value_in(query_text: str, param: Param) -> str | None:
    """The value of ``param`` in a query string such as ``a=TOKEN``, if present."""
    found = parse_qs(query_text).get(param.value, [])
    return found[0] if found else None


def result_in(reference: str) -> str | None:
    """The shared-result token in a pasted link (``…/results?r=TOKEN``) or a bare token."""
    text = reference.strip()
    if "?" in text or "/" in text:
        text = value_in(urlsplit(text).query, Param.RESULT) or ""
    return text if plausible_token(text) else None
