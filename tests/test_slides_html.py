"""The talk's slides as HTML: bank text stays text, figures are written out, and nothing
about a part's answers appears below the minimum of people."""

from __future__ import annotations

from dataclasses import replace

from networking_works.bank import load_bank
from networking_works.talk import part_answers
from networking_works.workshop import RoomProgress
from tests.bank_helpers import DEFAULT_BANK
from web.screens import slides_html as slides

BANK = load_bank(DEFAULT_BANK)
HOSTILE = '<script>alert(1)</script> "x" &amp;'


def test_bank_and_room_text_stays_text_on_every_slide() -> None:
    part = replace(BANK.parts[0], title=HOSTILE, summary=HOSTILE, discussion=HOSTILE)
    rows = [{s.id: 4 for s in part.statements}] * 3
    shown = slides.opening(HOSTILE, HOSTILE, [HOSTILE], RoomProgress(1, 0, (1,)), 1)
    shown += slides.part_slide(part, 1, 6, 0, 0)
    shown += slides.answers_slide(part, 1, 6, part_answers(BANK, part, rows))
    shown += slides.closing_side([(HOSTILE, 3)], "data:image/svg+xml,x")
    shown += slides.join_column("https://e.org/join", HOSTILE, "data:x")
    assert "<script>" not in shown and '"x"' not in shown
    assert "&lt;script&gt;" in shown and "&amp;amp;" in shown


def test_a_part_without_a_discussion_prompt_shows_none() -> None:
    part = replace(BANK.parts[1], discussion="")
    assert "nw-discuss" not in slides.part_slide(part, 2, 6, 1, 4)
    assert BANK.parts[1].discussion in slides.part_slide(BANK.parts[1], 2, 6, 1, 4)


def test_the_answers_slide_writes_levels_and_shares_in_words() -> None:
    part = BANK.parts[2]
    rows = [{s.id: v for s in part.statements} for v in (5, 4, 2, 1)]
    shown = slides.answers_slide(part, 3, 6, part_answers(BANK, part, rows))
    assert "50% agreed" in shown and "Where the room stands on this part (4 people)" in shown
    assert shown.count("reverse-keyed") == sum(s.reverse for s in part.statements)
    assert "Middle (40–69): <b>4</b>" in shown  # reversed statements pull all to the middle


def test_the_answers_slide_says_nothing_about_two_people() -> None:
    part = BANK.parts[2]
    rows = [{s.id: 5 for s in part.statements}] * 2
    shown = slides.answers_slide(part, 3, 6, part_answers(BANK, part, rows))
    assert "(2 so far)" in shown and "agreed" not in shown.replace("nw-agree", "")
    assert "Where the room stands" not in shown


def test_the_closing_side_lists_the_room_s_patterns_or_says_there_are_none() -> None:
    assert "The collector: 4" in slides.closing_side([("The collector", 4)], "data:x")
    assert "No single pattern" in slides.closing_side([], "data:x")
