"""The remote's slides for a speaker-paced room: next and previous, and speaker notes.

The notes follow the slide on the screen (another remote may have moved it); what they
say for each kind of slide is in the talk's one table (``SLIDES``).
"""

from __future__ import annotations

import html

import streamlit as st

from networking_works.bank import Bank
from networking_works.store import Workshop
from networking_works.talk import Slide, current, following, preceding
from web import actions, keys, lookups, resources
from web import talk_text as say
from web.i18n import _
from web.screens.projector import REFRESH_SECONDS, SLIDES
from web.text import plain

# Next and Back are the remote's largest buttons: a thumb finds them without looking.
STYLE = f"""<style>
.st-key-{keys.ROOM_NEXT_SLIDE} button, .st-key-{keys.ROOM_PREVIOUS_SLIDE} button {{
  min-height: 4.5rem; }}
.st-key-{keys.ROOM_NEXT_SLIDE} button p, .st-key-{keys.ROOM_PREVIOUS_SLIDE} button p {{
  font-size: 1.3rem; font-weight: 700; }}
</style>"""


def slide_name(slide: Slide, bank: Bank) -> str:
    return SLIDES[slide.kind].name(slide, bank)


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
    room = resources.store().workshops.get(workshop_id)
    bank = resources.bank(bank_id)  # a speaker's own bank is not a file of this server
    if room is None or bank is None:
        return
    slide = current(room.slide, room.revealed, len(bank.parts))
    with st.container(border=True, key=keys.ROOM_NOTES):
        st.caption(plain(_(say.NOW_SHOWING).format(slide=slide_name(slide, bank))))
        st.markdown(f"**{_(say.NOTES_HEAD)}**")
        SLIDES[slide.kind].notes(room, bank, slide)


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
