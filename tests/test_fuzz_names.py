"""Fuzz: nicknames, room titles, pacing and caps are stored within limits or refused.

Budget: ``BUDGET`` drawn room settings through the core (``room_settings``), then
``STORE_EXAMPLES`` drawn names and settings through the store on SQLite and on
PostgreSQL, and ``PAGE_EXAMPLES`` nicknames typed into the room's join page (the
audience page, over HTTP).
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audience import paths
from audience.safety import MAX_BODY
from networking_works.store import Store
from networking_works.workshop import (
    DEFAULT_TITLE,
    MAX_CAP,
    MAX_NICKNAME,
    MAX_TITLE,
    RoomRefused,
    clean_nickname,
    room_settings,
)
from tests.fuzz_helpers import CORE, JUNK, NASTY_TEXT, NUMBERS
from tests.store_helpers import StoreFactory
from tests.workshop_app import new_phone, seat_token
from web import resources

STORE_EXAMPLES = 60  # per database: each is a room and a participant written and read back
PAGE_EXAMPLES = 15

PACING = st.booleans() | JUNK
CAPS = st.integers(-10, MAX_CAP + 10) | NUMBERS | JUNK


def _expect(title: object, paced: object, cap: object) -> tuple[str, bool, int | None] | str:
    """What ``room_settings`` must give, or the words its refusal must contain."""
    if type(paced) is not bool:
        return "pacing"
    if isinstance(cap, bool) or not isinstance(cap, int | float):
        return "participant limit"
    if not 0 <= cap <= MAX_CAP or cap % 1:  # NaN, infinities, huge and negative numbers
        return "participant limit"
    return clean_nickname(title, MAX_TITLE) or DEFAULT_TITLE, paced, int(cap) or None


@pytest.mark.slow  # over a second
@CORE
@given(NASTY_TEXT | JUNK, NASTY_TEXT | JUNK, PACING, CAPS)
def test_names_and_room_settings_are_within_the_forms_limits_or_refused(
    nickname: object, title: object, paced: object, cap: object
) -> None:
    name = clean_nickname(nickname)
    assert len(name) <= MAX_NICKNAME and name.isprintable() and clean_nickname(name) == name
    expected = _expect(title, paced, cap)
    try:
        found = room_settings(title, paced, cap)
    except RoomRefused as refused:
        assert isinstance(expected, str) and expected in str(refused)
        return
    assert found == expected
    name, _, limit = found
    assert 0 < len(name) <= MAX_TITLE and name == clean_nickname(name, MAX_TITLE)
    assert limit is None or 1 <= limit <= MAX_CAP


@pytest.mark.slow  # over a second
@settings(max_examples=STORE_EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=NASTY_TEXT, nickname=NASTY_TEXT, paced=PACING, cap=CAPS)
def test_the_store_keeps_names_and_settings_within_limits(
    make_store: StoreFactory, title: str, nickname: str, paced: object, cap: object
) -> None:
    store: Store = make_store()
    try:
        room, _ = store.workshops.create(title, "networking", paced, cap)  # type: ignore[arg-type]
    except RoomRefused:
        assert isinstance(_expect(title, paced, cap or 0), str)
        return
    assert store.workshops.get(room.id) is not None
    assert len(room.title) <= MAX_TITLE and (room.cap or 1) <= MAX_CAP
    token = store.workshops.join(room.id, nickname)
    person = store.workshops.participant(token)
    assert person is not None and person.nickname == clean_nickname(nickname)
    assert len(person.nickname) <= MAX_NICKNAME


@pytest.mark.slow  # over a second
@pytest.mark.usefixtures("app_env")
@settings(max_examples=PAGE_EXAMPLES)
@given(nickname=NASTY_TEXT.filter(lambda text: "\ud800" not in text))
def test_a_typed_nickname_is_joined_within_its_limits(nickname: str) -> None:
    room, _ = resources.store().workshops.create("Job club", "networking", False, None)
    phone = new_phone().open(paths.room(room.code))
    phone = phone.submit({paths.Field.NICKNAME: nickname})
    if phone.status == 413:  # a crafted post past the pages' body cap: nobody joins
        assert resources.store().room_stats.counts(room.id) == (0, 0)
        assert len(urlencode({paths.Field.NICKNAME: nickname})) > MAX_BODY - 200  # csrf & co
        return
    assert (phone.status, phone.path) == (200, paths.definition(room.code, 1)), nickname[:80]
    person = resources.store().workshops.participant(seat_token(phone))
    assert person is not None and person.nickname == clean_nickname(nickname)
    assert len(person.nickname) <= MAX_NICKNAME


def test_a_hundred_kilobyte_nickname_is_cut_in_the_store(store: Store) -> None:
    """The limit holds without the page: the store cuts what it is given."""
    room, _ = store.workshops.create("Job club", "networking", False, None)
    token = store.workshops.join(room.id, "Sam " * 25_000)
    person = store.workshops.participant(token)
    assert person is not None and person.nickname == ("Sam " * 8)[:MAX_NICKNAME]


@pytest.mark.parametrize(
    ("paced", "cap", "named"),
    [
        ("not an option", 0, "pacing"),  # a radio's unknown option text: crashed the page
        (True, math.nan, "participant limit"),
        (True, 5001, "participant limit"),
        (False, -10, "participant limit"),
        (False, 1.5, "participant limit"),
        (False, True, "participant limit"),
    ],
)
def test_the_store_refuses_room_settings_the_form_cannot_send(
    store: Store, paced: object, cap: object, named: str
) -> None:
    with pytest.raises(RoomRefused, match=named):
        store.workshops.create("Job club", "networking", paced, cap)  # type: ignore[arg-type]
