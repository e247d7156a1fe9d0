"""Hostile posts to the audience pages: each refused with a clear page, nothing stored
(and nothing out of range ever stored): missing or foreign form values and seats,
another site's origin, wrong types, out-of-range values, oversized or foreign bodies."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from audience import paths
from audience.safety import MAX_BODY, masked, unmasked
from networking_works.store import Assessment, Store, Workshop
from tests.audience_phone import BANKS, Phone, app_for

BANK = BANKS.by_id["networking"]
FIRST = BANK.parts[0].statements[0].id


def _at_part_one(store: Store) -> tuple[Workshop, Phone]:
    room = store.workshops.create("Room", "networking", False, None)[0]
    phone = Phone(app_for(store)).open(paths.room(room.code)).submit({}).submit(move="skip")
    assert phone.path == paths.part(room.code, 1)
    return room, phone


def _stored(store: Store, phone: Phone) -> Assessment:
    found = store.assessments.get(phone.client.cookies["nw_seat"])
    assert found is not None
    return found


def _fields(phone: Phone, store: Store, **changes: str) -> dict[str, str]:
    fields = {
        "csrf": masked(phone.client.cookies["nw_form"]),
        "version": str(_stored(store, phone).version),
        "move": "next",
        f"s-{FIRST}": "3",
    }
    fields.update(changes)
    return {k: v for k, v in fields.items() if v != "<absent>"}


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"csrf": "<absent>"}, 403),
        ({"csrf": "x" * 32}, 403),
        ({f"s-{FIRST}": "9"}, 400),
        ({f"s-{FIRST}": "-1"}, 400),
        ({f"s-{FIRST}": "three"}, 400),
        ({f"s-{FIRST}": "3.0"}, 400),
        ({f"s-{BANK.parts[1].statements[0].id}": "3"}, 400),  # another part's statement
        ({"s-no_such_statement": "3"}, 400),
        ({"move": "finish"}, 400),
        ({"move": "<absent>"}, 400),
        ({"version": "one"}, 400),
        ({"version": "<absent>"}, 400),
        ({"counted": "yes"}, 400),
    ],
)
def test_a_post_the_form_could_not_send_is_refused_and_keeps_nothing(
    store: Store, changes: dict[str, str], status: int
) -> None:
    room, phone = _at_part_one(store)
    before = _stored(store, phone)
    phone.post(paths.part(room.code, 1), urlencode(_fields(phone, store, **changes)))
    assert phone.status == status
    assert phone.heading == "Nothing was saved"
    assert f'href="{paths.part(room.code, 1)}"' in phone.page  # the way back
    assert _stored(store, phone) == before


def test_the_genuine_post_is_accepted(store: Store) -> None:
    room, phone = _at_part_one(store)  # the control for the cases above
    phone.post(paths.part(room.code, 1), urlencode(_fields(phone, store)))
    assert phone.status == 200 and _stored(store, phone).answers == {FIRST: 3}


def test_another_site_s_post_is_refused(store: Store) -> None:
    room, phone = _at_part_one(store)
    before = _stored(store, phone)
    body = urlencode(_fields(phone, store))
    phone.post(paths.part(room.code, 1), body, origin="https://evil.example")
    assert phone.status == 403 and "sent from another site" in phone.page
    assert _stored(store, phone) == before


def test_an_oversized_body_is_refused_before_it_is_read(store: Store) -> None:
    room, phone = _at_part_one(store)
    before = _stored(store, phone)
    body = urlencode({**_fields(phone, store), "pad": "x" * MAX_BODY})
    phone.post(paths.part(room.code, 1), body)
    assert phone.status == 413 and "more than this form can hold" in phone.page
    # Sent in chunks with no declared length, the body is cut off all the same.
    chunks = iter([body.encode()[i : i + 1000] for i in range(0, len(body), 1000)])
    response = phone.client.post(
        paths.part(room.code, 1),
        content=chunks,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    assert _stored(store, phone) == before


@pytest.mark.parametrize(
    "kind", ["multipart/form-data; boundary=x", "application/json", "text/plain", ""]
)
def test_a_body_that_is_not_a_plain_form_is_refused(store: Store, kind: str) -> None:
    room, phone = _at_part_one(store)
    before = _stored(store, phone)
    phone.post(paths.part(room.code, 1), urlencode(_fields(phone, store)), content_type=kind)
    assert phone.status == 415 and phone.heading == "Nothing was saved"
    assert _stored(store, phone) == before


def test_bytes_that_are_not_utf8_are_refused(store: Store) -> None:
    room, phone = _at_part_one(store)
    body = urlencode(_fields(phone, store)).encode() + b"&nickname=%ff\xff"
    phone.post(paths.part(room.code, 1), body)
    assert phone.status == 400


def test_a_post_without_a_seat_is_refused(store: Store) -> None:
    room, phone = _at_part_one(store)
    before = _stored(store, phone)
    fields = _fields(phone, store)
    stranger = Phone(app_for(store)).open(paths.room(room.code))  # a form value, no seat
    fields["csrf"] = masked(stranger.client.cookies["nw_form"])
    stranger.post(paths.part(room.code, 1), urlencode(fields))
    assert stranger.status == 403 and stranger.heading == "This phone has not joined this workshop"
    assert _stored(store, phone) == before


def test_a_seat_of_another_room_is_no_seat_here(store: Store) -> None:
    room, phone = _at_part_one(store)
    other, theirs = _at_part_one(store)
    before = _stored(store, theirs)
    fields = _fields(theirs, store)
    # A hostile client sends the other room's token with this room's address.
    phone.client.cookies.set("nw_seat", theirs.client.cookies["nw_seat"])
    response = phone.client.post(
        paths.part(room.code, 1),
        content=urlencode({**fields, "csrf": masked(phone.client.cookies["nw_form"])}),
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "cookie": f"nw_form={phone.client.cookies['nw_form']}; "
            f"nw_seat={theirs.client.cookies['nw_seat']}",
        },
    )
    assert response.status_code == 403
    assert _stored(store, theirs) == before


def test_a_long_nickname_is_cut_and_a_hostile_one_shown_as_text(store: Store) -> None:
    room = store.workshops.create("Room", "networking", False, None)[0]
    phone = Phone(app_for(store)).open(paths.room(room.code))
    phone.submit({"nickname": "<script>alert(1)</script>" + "x" * 500})
    participant = store.workshops.participant(phone.client.cookies["nw_seat"])
    assert participant is not None and len(participant.nickname) == 30
    phone.submit(move="skip")
    for step in range(len(BANK.parts)):
        answers = {f"s-{s.id}": "2" for s in BANK.parts[step].statements}
        phone.submit(answers, move="next")
    assert "<script>alert" not in phone.page and "&lt;script&gt;alert(1)" in phone.page


def test_a_hostile_spotlight_value_is_refused(store: Store) -> None:
    room = store.workshops.create("Room", "networking", False, None)[0]
    phone = Phone(app_for(store)).open(paths.room(room.code)).submit({})
    body = urlencode({"csrf": masked(phone.client.cookies["nw_form"]), "spotlight": "2"})
    phone.post(paths.spotlight(room.code), body)
    assert phone.status == 400
    participant = store.workshops.participant(phone.client.cookies["nw_seat"])
    assert participant is not None and not participant.spotlight


def test_a_join_without_the_form_value_joins_nobody(store: Store) -> None:
    room = store.workshops.create("Room", "networking", False, None)[0]
    phone = Phone(app_for(store))
    phone.post(paths.room(room.code), urlencode({"nickname": "Eve"}))
    assert phone.status == 403
    assert store.room_stats.counts(room.id)[0] == 0


@pytest.mark.parametrize(("trusted", "secure"), [(True, True), (False, False)])
def test_cookies_are_secure_over_https_behind_a_trusted_proxy(
    store: Store, trusted: bool, secure: bool
) -> None:
    from audience import Context, starlette_app
    from tests.audience_phone import context

    room = store.workshops.create("Room", "networking", False, None)[0]
    plain = context(store)
    app = starlette_app(Context(store=plain.store, bank=plain.bank, trust_proxy=lambda: trusted))
    phone = Phone(app, **{"x-forwarded-proto": "https"})
    page = phone.client.get(paths.room(room.code))
    joined = phone.client.post(
        paths.room(room.code), data={"csrf": masked(phone.client.cookies["nw_form"])}
    )
    for cookie in (page.headers["set-cookie"], joined.headers["set-cookie"]):
        assert ("; Secure" in cookie) is secure


def test_the_form_value_never_repeats_between_pages(store: Store) -> None:
    # Compressed pages must not repeat a secret (BREACH): each page masks the form value
    # afresh; each mask is accepted, the bare value and a broken mask are not.
    room, phone = _at_part_one(store)
    phone.open(paths.part(room.code, 1))
    first = re.search(r'name="csrf" value="([^"]+)"', phone.page)
    phone.open(paths.part(room.code, 1))
    second = re.search(r'name="csrf" value="([^"]+)"', phone.page)
    assert first and second and first.group(1) != second.group(1)
    kept = phone.client.cookies["nw_form"]
    assert kept not in phone.page
    assert unmasked(first.group(1)) == unmasked(second.group(1)) == kept
    assert unmasked(kept) != kept and unmasked("%%%") is None and unmasked("") is None
    for refused in (kept, first.group(1)[:-4]):
        phone.post(paths.part(room.code, 1), urlencode(_fields(phone, store, csrf=refused)))
        assert phone.status == 403
    phone.post(paths.part(room.code, 1), urlencode(_fields(phone, store, csrf=first.group(1))))
    assert phone.status == 200 and phone.heading != "Nothing was saved"
    assert _stored(store, phone).answers.get(FIRST) == 3
