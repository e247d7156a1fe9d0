"""The remote's slides for a speaker-paced room: next and previous, and speaker notes.

The notes follow the slide on the screen (another remote may have moved it) and carry
the room's numbers, so the speaker need not turn round to the projector.
"""

from __future__ import annotations

import html

import streamlit as st

from networking_works.bank import Bank
from networking_works.store import Workshop
from networking_works.talk import Kind, Slide, current, following, part_answers, preceding
from web import actions, keys, lookups, resources
from web import talk_text as say
from web.i18n import _
from web.screens.projector import REFRESH_SECONDS
from web.text import plain

ACTIONS_IN_NOTES = 3
# Next and Back are the remote's largest buttons: a thumb finds them without looking.
STYLE = f"""<style>
.st-key-{keys.ROOM_NEXT_SLIDE} button, .st-key-{keys.ROOM_PREVIOUS_SLIDE} button {{
  min-height: 4.5rem; }}
.st-key-{keys.ROOM_NEXT_SLIDE} button p, .st-key-{keys.ROOM_PREVIOUS_SLIDE} button p {{
  font-size: 1.3rem; font-weight: 700; }}
</style>"""


def slide_name(slide: Slide, bank: Bank) -> str:
    if slide.kind is Kind.OPENING:
        return _(say.SLIDE_OPENING)
    if slide.kind is Kind.CLOSING:
        return _(say.SLIDE_CLOSING)
    number = (slide.part or 0) + 1
    if slide.kind is Kind.ANSWERS:
        return _(say.SLIDE_ANSWERS).format(number=number)
    return _(say.SLIDE_PART).format(number=number, title=bank.parts[number - 1].title)


def show_slides(room: Workshop, bank: Bank) -> None:
    """Next and Back, each naming the slide it goes to; then the notes for this one."""
    st.html(STYLE)
    slide = current(room.slide, room.revealed, len(bank.parts))
    ahead, behind = following(slide), preceding(slide, room.slide)
    st.button(
        plain(_(say.NEXT).format(slide=slide_name(ahead, bank)) if ahead else _(say.AT_END)),
        key=keys.ROOM_NEXT_SLIDE,
        type="primary",
        disabled=ahead is None,
        on_click=_show,
        args=(ahead,),
        use_container_width=True,
    )
    st.button(
        plain(_(say.PREVIOUS).format(slide=slide_name(behind, bank)) if behind else _(say.AT_END)),
        key=keys.ROOM_PREVIOUS_SLIDE,
        disabled=behind is None,
        on_click=_show,
        args=(behind,),
        use_container_width=True,
    )
    speaker_notes(room.id, bank.id)


def _show(slide: Slide | None) -> None:
    room = lookups.facilitated()  # the press carries the remote's secret again
    if room is not None and slide is not None:
        actions.show_slide(room, slide)


@st.fragment(run_every=REFRESH_SECONDS)
def speaker_notes(workshop_id: str, bank_id: str) -> None:
    store = resources.store()
    room = store.workshops.get(workshop_id)
    bank = resources.bank(bank_id)  # the one lookup: a speaker's own bank is no file
    if room is None or bank is None:
        return
    slide = current(room.slide, room.revealed, len(bank.parts))
    with st.container(border=True, key=keys.ROOM_NOTES):
        st.caption(plain(_(say.NOW_SHOWING).format(slide=slide_name(slide, bank))))
        st.markdown(f"**{_(say.NOTES_HEAD)}**")
        if slide.part is None:
            opening = slide.kind is Kind.OPENING
            st.write(_(say.NOTES_OPENING) if opening else _(say.NOTES_CLOSING))
            return
        part = bank.parts[slide.part]
        st.write(plain(part.explanation))
        st.write(_(say.NOTES_ACTIONS))
        st.markdown("\n".join(f"1. {plain(a)}" for a in part.actions[:ACTIONS_IN_NOTES]))
        progress = store.recent.progress(room.id, len(bank.parts))
        done = progress.parts_done[slide.part]
        st.write(_(say.NOTES_ANSWERED).format(done=done, joined=progress.joined))
        answers = None
        if slide.kind is Kind.ANSWERS:
            answers = part_answers(bank, part, store.recent.answers(room.id))
        if answers is not None and answers.shown:
            shares = ", ".join(
                _(say.TOO_FEW) if s.percent is None else f"{s.percent}%" for s in answers.statements
            )
            st.write(_(say.NOTES_SHARES).format(shares=shares))


def second_window(screen: str) -> None:
    """A link that opens the screen in a window of its own, to drag to the projector.

    Streamlit keeps no ``target`` or ``onclick`` on a link it is given, so a script adds
    them (it runs once the link is on the page)."""
    st.html(
        f'<a href="{html.escape(screen, quote=True)}" data-nw="second-window" '
        f'style="font-size:1.05rem">{html.escape(_(say.SECOND_WINDOW))}</a>'
        "<script>document.querySelectorAll('[data-nw=\"second-window\"]').forEach((a) => {"
        " a.target = 'nw_screen'; a.onclick = (event) => { event.preventDefault();"
        " window.open(a.href, 'nw_screen', 'popup,width=1280,height=720'); }; });</script>",
        unsafe_allow_javascript=True,
    )
    st.caption(_(say.SECOND_WINDOW_HOW))
