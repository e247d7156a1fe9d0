"""A talk as AppTests: the remote's Next and Back move the projected screen through the
slides made from the bank, with speaker notes on the remote; self-paced rooms keep theirs."""

from __future__ import annotations

import re

import pytest

from audience import paths
from networking_works.talk import Kind
from tests.page_test import html, keyed, ok, press, texts
from tests.workshop_app import (
    BANK,
    ROOT,
    answer_part,
    app,
    create_workshop,
    join,
    screen,
)
from web import keys, resources
from web.screens.projector import SLIDES, qr_data_uri
from web.text import plain

pytestmark = pytest.mark.usefixtures("app_env")


def fresh_screen(code: str, workshop_id: str) -> str:
    resources.store().recent.forget(workshop_id)  # the screen's view may be a second old
    return html(screen(code))


@pytest.mark.slow  # over a second
def test_the_remote_moves_the_screen_from_slide_to_slide(tmp_path: object) -> None:
    remote, workshop_id, code = create_workshop("Talk night", paced=True)
    assert 'data-nw="slide-opening"' in fresh_screen(code, workshop_id)
    assert remote.button(key=keys.ROOM_NEXT_SLIDE).label == plain("Next: part 1, Creation ▶")
    assert remote.button(key=keys.ROOM_PREVIOUS_SLIDE).disabled

    phones = [join(code).submit(move="skip") for _ in range(3)]
    remote = press(remote, keys.ROOM_NEXT_SLIDE)
    shown = fresh_screen(code, workshop_id)
    assert 'data-nw="part-title">Creation<' in shown
    assert BANK.parts[0].discussion in shown
    assert re.search(r'data-nw="answered"><b>0</b> of 3 ', shown)
    notes = texts(remote)
    assert BANK.parts[0].explanation in notes and "0 of 3 people" in notes

    for phone, value in zip(phones, (5, 4, 1), strict=True):
        answer_part(phone, [value] * 5, 1)
    shown = fresh_screen(code, workshop_id)
    assert re.search(r'data-nw="answered"><b>3</b> of 3 ', shown)

    remote = press(remote, keys.ROOM_NEXT_SLIDE)
    shown = fresh_screen(code, workshop_id)
    assert 'data-nw="agreement"' in shown and "67% agreed" in shown  # 5s and 4s agree
    assert shown.count("reverse-keyed") == sum(s.reverse for s in BANK.parts[0].statements)
    assert "Agreed: 67%" in texts(remote)

    # Part 2's slide opens part 2 on the phones; Back shows part 1's answers again.
    remote = press(remote, keys.ROOM_NEXT_SLIDE)
    room = resources.store().workshops.get(workshop_id)
    assert room is not None and (room.slide, room.open_parts) == (3, 2)
    assert "Part 2 of 6" in phones[0].open(paths.part(code, 2)).page
    remote = press(remote, keys.ROOM_PREVIOUS_SLIDE)
    assert 'data-nw="agreement"' in fresh_screen(code, workshop_id)
    room = resources.store().workshops.get(workshop_id)
    assert room is not None and (room.slide, room.open_parts) == (2, 2)


def test_the_answers_slide_waits_for_three_people() -> None:
    remote, workshop_id, code = create_workshop("Small room", paced=True)
    phones = [join(code).submit(move="skip") for _ in range(2)]
    for phone in phones:
        answer_part(phone, [4] * 5, 1)
    remote = press(press(remote, keys.ROOM_NEXT_SLIDE), keys.ROOM_NEXT_SLIDE)
    shown = fresh_screen(code, workshop_id)
    assert 'data-nw="answers-wait"' in shown and "(2 so far)" in shown
    assert "% agreed" not in shown and "Agreed:" not in texts(remote)


@pytest.mark.slow  # over a second
def test_the_closing_slide_shows_the_room_and_a_qr_of_the_public_join_link() -> None:
    remote, workshop_id, code = create_workshop("Closing", paced=True)
    room = resources.store().workshops.get(workshop_id)
    assert room is not None
    for _ in range(3):
        phone = join(code).submit(move="skip")
        for number in range(1, len(BANK.parts) + 1):
            resources.store().workshops.update(workshop_id, open_parts=number)
            phone = answer_part(phone.open(paths.part(code, number)), [2] * 5, number)
    last = 2 * len(BANK.parts)
    resources.store().workshops.show_slide(workshop_id, last, len(BANK.parts))
    remote = ok(remote.run())
    assert remote.button(key=keys.ROOM_NEXT_SLIDE).label == plain(
        "Next: closing (the room's results) ▶"
    )
    remote = press(remote, keys.ROOM_NEXT_SLIDE)
    assert remote.button(key=keys.ROOM_NEXT_SLIDE).disabled
    shown = fresh_screen(code, workshop_id)
    assert 'data-nw="slide-closing"' in shown and 'nw-headline">This room' in shown
    join_link = f"http://localhost:8501/room/{code}"  # the audience's join page
    assert f'src="{qr_data_uri(join_link)}" data-nw="closing-qr"' in shown
    found = resources.store().workshops.get(workshop_id)
    assert found is not None and found.revealed  # the phones show the room's average too
    # Back leaves the closing slide for the one the room was on.
    press(remote, keys.ROOM_PREVIOUS_SLIDE)
    assert 'data-nw="agreement"' in fresh_screen(code, workshop_id)


def test_a_self_paced_room_has_no_slides_but_the_opening() -> None:
    remote, workshop_id, code = create_workshop("Drop-in")
    assert not keyed(remote, keys.ROOM_NEXT_SLIDE)
    join(code)
    shown = fresh_screen(code, workshop_id)
    assert 'data-nw="slide-opening"' in shown and "Parts open" not in shown
    assert "1</b>joined" in shown


def test_every_kind_of_slide_has_its_renderers_in_the_one_table() -> None:
    assert set(SLIDES) == set(Kind)


def test_the_remote_of_a_room_on_a_speaker_s_own_bank_shows_its_notes() -> None:
    """The notes find the room's bank through the one bank lookup: a speaker's own bank
    is in the store, not among the bank files (the remote crashed on it, issue 23 M2)."""
    store = resources.store()
    own = store.private_banks.save((ROOT / "questions" / "networking.yaml").read_text())
    room, secret = store.workshops.create("Own bank night", own, True, None)
    store.private_banks.attach(own, room.id, room.expires_at)
    remote = ok(app("control", w=room.id, k=secret))
    phones = [join(room.code).submit(move="skip") for _ in range(2)]
    remote = press(remote, keys.ROOM_NEXT_SLIDE)
    notes = texts(remote)
    assert BANK.parts[0].explanation in notes
    assert "0 of 2 people have answered this part." in notes
    answer_part(phones[0], [4] * 5, 1)
    resources.store().recent.forget(room.id)
    assert "1 of 2 people have answered this part." in texts(ok(remote.run()))
