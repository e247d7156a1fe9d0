"""A bank of four parts, not the shipped six: the solo walk-through and a talk count its
parts everywhere (no "six", "of 4", a radar of 4 axes, 10 slides), with no code change."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from audience import paths
from tests.audience_phone import Phone
from tests.bank_helpers import four_part_bank_dict, write_bank
from tests.workshop_app import app, click, create_workshop, html, join, now_on, ok, screen, texts
from web import keys, resources
from web.text import plain

BANK = four_part_bank_dict()
TITLES = [part["title"] for part in BANK["parts"]]
SIX = re.compile(r"\bsix\b|\bof 6\b|\b6 parts?\b|\bsix-part\b", re.IGNORECASE)


@pytest.fixture(autouse=True)
def four_part_folder(app_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "questions"
    folder.mkdir()
    write_bank(folder, BANK, "networking.yaml")
    monkeypatch.setenv("NW_QUESTIONS_DIR", str(folder))
    resources.clear()


def said(at: AppTest) -> str:
    """Everything a person reads on the page, checked for a six that is not the bank's."""
    shown = texts(at) + "\n" + html(at) + "\n" + "\n".join(b.label for b in at.button)
    shown = re.sub(r"\\(.)", r"\1", shown)  # Markdown as ``plain`` escapes it, read back
    assert not SIX.search(shown), SIX.search(shown)
    return shown


def radar_axes(at: AppTest) -> set[str]:
    """The axis labels of the page's first radar (plotly closes the polygon on itself)."""
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    return {label.replace("<br>", " ") for label in figure["data"][0]["theta"]}


def answer(at: AppTest, number: int) -> AppTest:
    """Answer part ``number`` (1-based) of 4, all 2s, and press its primary button."""
    assert f"Part {number} of 4" in said(at)
    assert len(at.pills) == 3
    for pills in at.pills:
        pills.set_value(2)
    next(b for b in at.button if b.proto.type == "primary").click()
    return ok(at.run())


def test_the_solo_flow_counts_four_parts() -> None:
    at = ok(app())
    shown = said(at)
    assert "definition of networking in 4 parts" in shown
    assert "radar chart of the 4 parts" in shown and "12 statements" in shown
    at = now_on(click(at, "Start"), "definition")
    for number in range(1, 5):
        shown = said(at)
        assert f"part {number} of 4" in shown and TITLES[number - 1] in shown
        if number == 1:
            assert BANK["introduction"] in shown
            assert f"{BANK['definition']} That sentence has 4 parts." in shown
        at = ok(click(at, "Next"))
    at = now_on(at, "questions")
    for number in range(1, 5):
        at = answer(at, number)
    at = now_on(at, "results")
    shown = said(at)
    assert "Your networking radar" in shown
    assert radar_axes(at) == {title.replace("\n", " ") for title in TITLES}


def test_a_talk_on_a_four_part_bank_has_its_slides_and_counts() -> None:
    remote, workshop_id, code = create_workshop("Four parts", paced=True)
    notes = said(remote)
    assert BANK["introduction"] in notes
    assert remote.button(key=keys.ROOM_NEXT_SLIDE).label == plain(f"Next: part 1, {TITLES[0]} ▶")
    opening = said(screen(code))
    assert f"{BANK['definition']} That sentence has 4 parts." in opening
    assert "4 parts, one at a time" in opening
    assert all(title in opening for title in TITLES)

    phones = []
    for _ in range(3):  # on the audience pages
        phone = join(code)
        assert "part 1 of 4" in read(phone.page)
        phones.append(phone.submit(move="skip"))

    slides = 1
    for number in range(1, 5):
        remote = press(remote)  # the part's slide: it opens the part on the phones
        slides += 1
        resources.store().recent.forget(workshop_id)
        shown = said(screen(code))
        assert (
            f"Part {number} of 4" in shown
            and f"Discussion of {BANK['parts'][number - 1]['id']}?" in shown
        )
        phones = [answer_on_phone(phone.open(paths.part(code, number)), number) for phone in phones]
        remote = press(remote)  # the room's answers to it
        slides += 1
        resources.store().recent.forget(workshop_id)
        assert f"Part {number} of 4: how this room answered" in said(screen(code))
        assert "3 of 3 people have answered this part" in said(remote)
    remote = press(remote)  # the closing slide reveals the room
    slides += 1
    assert slides == 10 and remote.button(key=keys.ROOM_NEXT_SLIDE).disabled
    resources.store().recent.forget(workshop_id)
    closing = screen(code)
    assert 'data-nw="slide-closing"' in said(closing)
    assert radar_axes(closing) == set(TITLES)
    result = phones[0].open(paths.result(code))
    assert "Your networking radar" in read(result.page)
    assert result.page.count('<th scope="row">') == 4  # the score table: one row per part


def read(page: str) -> str:
    """An audience page, checked for a six that is not the bank's."""
    assert not SIX.search(page), SIX.search(page)
    return page


def answer_on_phone(phone: Phone, number: int) -> Phone:
    """Answer part ``number`` (1-based) of 4 on the phone's part page, all 2s."""
    assert f"Part {number} of 4" in read(phone.page), phone.page[:400]
    statements = BANK["parts"][number - 1]["statements"]
    fields = {paths.statement_field(s["id"]): "2" for s in statements}
    return phone.submit(fields, move="next")


def press(remote: AppTest) -> AppTest:
    button = remote.button(key=keys.ROOM_NEXT_SLIDE)
    assert not button.disabled, button.label
    button.click()
    return ok(remote.run())


def test_a_bank_written_before_the_definition_field_names_its_parts(tmp_path: Path) -> None:
    old = four_part_bank_dict()
    del old["definition"], old["introduction"]
    write_bank(tmp_path / "questions", old, "networking.yaml")
    resources.clear()
    at = now_on(click(ok(app()), "Start"), "definition")
    expected = f"This assessment looks at networking in 4 parts: {', '.join(TITLES)}."
    assert expected in said(at) and "That sentence" not in said(at)
