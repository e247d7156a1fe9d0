"""A talk as AppTests: the remote's Next and Back move the projected screen through the
slides made from the bank, with speaker notes on the remote; self-paced rooms keep theirs."""

from __future__ import annotations

import re

import pytest

from tests.page_test import html, keyed, ok, press, texts
from tests.workshop_app import (
    BANK,
    answer_part,
    create_workshop,
    join,
    screen,
    skip_definition,
)
from web import keys, resources
from web.screens.projector import qr_data_uri
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

    phones = [skip_definition(join(code)) for _ in range(3)]
    remote = press(remote, keys.ROOM_NEXT_SLIDE)
    shown = fresh_screen(code, workshop_id)
    assert 'data-nw="part-title">Creation<' in shown
    assert BANK.parts[0].discussion in shown
    assert re.search(r'data-nw="answered"><b>0</b> of 3 ', shown)
    notes = texts(remote)
    assert BANK.parts[0].explanation in notes and "0 of 3 people" in notes

    for phone, value in zip(phones, (5, 4, 1), strict=True):
        answer_part(phone, [value] * 5)
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
    assert "Part 2 of 6" in texts(ok(phones[0].run()))
    remote = press(remote, keys.ROOM_PREVIOUS_SLIDE)
    assert 'data-nw="agreement"' in fresh_screen(code, workshop_id)
    room = resources.store().workshops.get(workshop_id)
    assert room is not None and (room.slide, room.open_parts) == (2, 2)


def test_the_answers_slide_waits_for_three_people() -> None:
    remote, workshop_id, code = create_workshop("Small room", paced=True)
    phones = [skip_definition(join(code)) for _ in range(2)]
    for phone in phones:
        answer_part(phone, [4] * 5)
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
        phone = skip_definition(join(code))
        for number in range(len(BANK.parts)):
            resources.store().workshops.update(workshop_id, open_parts=number + 1)
            phone = answer_part(ok(phone.run()), [2] * 5)
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
    join_link = f"http://localhost:8501/join?code={code}"
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
