"""Every URL, query parameter, form field and cookie of the audience pages, defined once.

The URL map (a load generator follows these as a phone does):

=======================================  ======================================================
``GET  /room``                            the join form: code and optional nickname;
                                          ``?code=CODE`` leads to that room's join page
``POST /room``                            join by typed code (``code``, ``nickname``, ``csrf``)
``GET  /room/CODE``                       a room's join page (the QR code's link); a phone
                                          that already joined it goes back to its place
``POST /room/CODE``                       join the room (``nickname``, ``csrf``)
``GET  /room/CODE/definition/N``          the definition, part N (1-based)
``POST /room/CODE/definition/N``          ``move`` = back | next | skip, ``version``, ``csrf``
``GET  /room/CODE/part/N``                part N's statements; the waiting screen while the
                                          speaker has not opened it or answers are closed
``POST /room/CODE/part/N``                ``move`` = back | next, ``s-<statement id>`` = 0..5
                                          (0: does not apply), ``counted`` = 1 (last part),
                                          ``version``, ``csrf``
``GET  /room/CODE/result``                the person's radar beside the room's
``POST /room/CODE/spotlight``             ``spotlight`` = 1 (absent: no), ``csrf``
``GET  /room/CODE/changes``               waits (up to ``WAIT_SECONDS``) until the room's
                                          state differs from ``If-None-Match`` (or
                                          ``?seen=``): 200 with the new state (also its
                                          ``ETag``), else 304 (``If-None-Match``) or 204
                                          (a phone seated in the room only: anyone else
                                          gets what an unknown code gets)
``GET  /room/CODE/leave``                 "not my answers?" on a shared phone: asks once
``POST /room/CODE/leave``                 gives up the seat cookie (``csrf``), 303 to the
                                          room's join page; the place stays in the room
``GET  /room/static/NAME.HASH.EXT``       the stylesheet and the script, cached for a year
``GET  /join``, ``/join?code=CODE``       the old Streamlit join link (printed, in old QR
                                          codes): 303 to ``/room``, ``/room/CODE``
=======================================  ======================================================

A waiting page (the held part, or a result before the reveal) says what to wait on in
its ``<body data-changes="/room/CODE/changes" data-seen="STATE">``: a phone (or a load
generator) asks ``data-changes?seen=STATE`` and, on a 200, GETs its page again; a body
that also has ``data-recheck`` is fetched again after a 204 as well. Without JavaScript
the page reloads itself (``<noscript><meta http-equiv="refresh">``).

Every page may carry ``?lang=xx``; redirects keep it. A redirect after a refused press
carries ``?note=stale|gone|missing`` (a reason's name, never text from the client).

The participant's token is never in a URL here: it lives in the seat cookie (HttpOnly,
SameSite=Lax, scoped to ``/room/CODE``), so no access log and no Referer can hold it.
Web/serving.py's page-head middleware picks Streamlit pages by a path's last segment:
no audience path ends in a Streamlit page's name (``results``, ``definition``, …).
"""

from __future__ import annotations

from enum import StrEnum

from web import links

PREFIX = links.ROOMS  # the Streamlit pages link here too (QR codes, the welcome page)
# The Streamlit join page's address before the audience pages: printed handouts and old
# QR codes hold ``/join?code=CODE``, so it leads to the room's join page.
OLD_JOIN = "/join"
STATIC = f"{PREFIX}/static"
WAIT_SECONDS = 20.0  # a long poll's longest wait; under nginx's 60 s proxy_read_timeout


class Field(StrEnum):
    """Form fields."""

    CODE = "code"
    NICKNAME = "nickname"
    CSRF = "csrf"
    MOVE = "move"
    VERSION = "version"
    COUNTED = "counted"
    SPOTLIGHT = "spotlight"


STATEMENT_PREFIX = "s-"  # a statement's answer: s-<statement id>


class Param(StrEnum):
    """Query parameters."""

    LANG = "lang"
    NOTE = "note"
    SEEN = "seen"


class Note(StrEnum):
    """Why a press changed nothing, told on the page the redirect shows."""

    STALE = "stale"
    GONE = "gone"
    MISSING = "missing"


# Sent by the page's script with a post: answer with the page the post leads to, named
# by Content-Location, instead of a redirect to it (audience/follow.py).
FOLLOW_HEADER = "X-Audience-Follow"
SEAT_COOKIE = "nw_seat"  # the phone's token for one room; its path is the room's
CSRF_COOKIE = "nw_form"  # the random value every form repeats (double submit)


def statement_field(statement_id: str) -> str:
    return f"{STATEMENT_PREFIX}{statement_id}"


def room(code: str) -> str:
    return links.join(code).path()


def definition(code: str, number: int) -> str:
    return f"{PREFIX}/{code}/definition/{number}"


def part(code: str, number: int) -> str:
    return f"{PREFIX}/{code}/part/{number}"


def result(code: str) -> str:
    return f"{PREFIX}/{code}/result"


def spotlight(code: str) -> str:
    return f"{PREFIX}/{code}/spotlight"


def leave(code: str) -> str:
    """Where a phone on a shared device gives up the seat it holds (then joins anew)."""
    return f"{PREFIX}/{code}/leave"


def changes(code: str) -> str:
    return f"{PREFIX}/{code}/changes"


def static(name: str) -> str:
    return f"{STATIC}/{name}"


# The Streamlit results page of the same private token: the full result.
FULL_RESULT = "/results?a={token}&lang={lang}"
# The Streamlit welcome page: taking the assessment on one's own.
WELCOME = "/"


def page_of(path: str) -> str:
    """The page an address's form is on: every form posts to its own page's address, but
    the spotlight's, which is on the result page."""
    return path.removesuffix("/spotlight") + "/result" if path.endswith("/spotlight") else path
