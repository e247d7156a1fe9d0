"""The remote's side of each kind of slide: its name on Next and Back, and its notes.

Each function here is one kind's entry in the talk's one table (``SLIDES`` in
web/screens/projector.py); the notes carry the room's numbers, so the speaker need not
turn round to the projector.
"""

from __future__ import annotations

import streamlit as st

from networking_works.bank import Bank
from networking_works.store import Workshop
from networking_works.talk import Slide, part_answers
from web import resources
from web import talk_text as say
from web.i18n import _
from web.text import plain

ACTIONS_IN_NOTES = 3


def opening_name(slide: Slide, bank: Bank) -> str:
    return _(say.SLIDE_OPENING)


def part_name(slide: Slide, bank: Bank) -> str:
    number = (slide.part or 0) + 1
    return _(say.SLIDE_PART).format(number=number, title=bank.parts[number - 1].title)


def answers_name(slide: Slide, bank: Bank) -> str:
    return _(say.SLIDE_ANSWERS).format(number=(slide.part or 0) + 1)


def closing_name(slide: Slide, bank: Bank) -> str:
    return _(say.SLIDE_CLOSING)


def opening_notes(room: Workshop, bank: Bank, slide: Slide) -> None:
    """The bank's way into its definition, to say aloud, and what Next does."""
    if bank.introduction:
        st.write(plain(bank.introduction))
    st.write(_(say.NOTES_OPENING))


def part_notes(room: Workshop, bank: Bank, slide: Slide) -> None:
    """What the part says, a few things to try, and how many have answered it."""
    part = bank.parts[slide.part or 0]
    st.write(plain(part.explanation))
    st.write(_(say.NOTES_ACTIONS))
    st.markdown("\n".join(f"1. {plain(a)}" for a in part.actions[:ACTIONS_IN_NOTES]))
    progress = resources.store().recent.progress(room.id, len(bank.parts))
    done = progress.parts_done[slide.part or 0]
    st.write(_(say.NOTES_ANSWERED).format(done=done, joined=progress.joined))


def answers_notes(room: Workshop, bank: Bank, slide: Slide) -> None:
    """The part's notes, then the share agreeing with each statement (once enough)."""
    part_notes(room, bank, slide)
    part = bank.parts[slide.part or 0]
    answers = part_answers(bank, part, resources.store().recent.answers(room.id))
    if answers.shown:
        shares = ", ".join(
            _(say.TOO_FEW) if s.percent is None else f"{s.percent}%" for s in answers.statements
        )
        st.write(_(say.NOTES_SHARES).format(shares=shares))


def closing_notes(room: Workshop, bank: Bank, slide: Slide) -> None:
    st.write(_(say.NOTES_CLOSING))
