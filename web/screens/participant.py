"""A participant's view of their workshop: the waiting room, and the room beside their result."""

from __future__ import annotations

import streamlit as st

from networking_works.report import Report
from networking_works.store import Assessment, Workshop
from networking_works.workshop import MIN_FOR_AGGREGATE, wake_delay
from web import actions, resources, seat, state
from web.i18n import _
from web.screens.report import show_radar
from web.text import plain

POLL_SECONDS = 5  # a waiting phone costs at most one rerun per this many seconds


def wait_if_paused(assessment: Assessment, step: int) -> None:
    """Hold a participant while answers are closed or the speaker has not opened this part."""
    if assessment.workshop_id is None:
        return
    room = resources.store().recent.workshop(assessment.workshop_id)
    if room is None:
        return
    remember_seat(assessment, room)
    if not _paused(room, step):
        return
    _waiting_room(room.id, step, assessment.token)
    st.stop()


def _paused(room: Workshop, step: int) -> bool:
    return not room.accepting or (room.speaker_paced and step >= room.open_parts)


@st.fragment(run_every=POLL_SECONDS)
def _waiting_room(workshop_id: str, step: int, token: str) -> None:
    room = resources.store().recent.workshop(workshop_id)
    if room is None or (not _paused(room, step) and _my_turn(room, step, token)):
        st.rerun(scope="app")
    if not _paused(room, step):
        st.header(_("Part {number} is open").format(number=step + 1))
        st.write(_("Your phone moves on by itself in a moment: in a full room, phones take turns."))
        return
    st.header(_("Hold on a moment"))
    if not room.accepting:
        st.write(_("The speaker has paused answers. This screen moves on by itself."))
    else:
        st.write(
            _(
                "The speaker opens the parts one at a time; part {number} is next. "
                "Keep this page open: it moves on by itself."
            ).format(number=step + 1)
        )
    st.caption(_("Workshop: {title}").format(title=plain(room.title)))


def _my_turn(room: Workshop, step: int, token: str) -> bool:
    """Whether this phone's turn to move on has come (see workshop.wake_delay)."""
    joined, _ = resources.store().recent.counts(room.id)
    return state.seconds_since_opened(room.id, step) >= wake_delay(token, joined, POLL_SECONDS)


def show_participant_room(assessment: Assessment, report: Report) -> None:
    """Below a participant's own result: the room's average (once revealed) and the spotlight."""
    if assessment.workshop_id is None:
        return
    store = resources.store()
    room = store.recent.workshop(assessment.workshop_id)
    participant = store.workshops.participant(assessment.token)
    if room is None or participant is None:
        return
    st.divider()
    st.subheader(plain(_("Your workshop: {title}").format(title=room.title)))
    name = participant.nickname or participant.codename
    st.caption(plain(_("In this room you are {name}.").format(name=name)))
    summary = store.recent.summary(room.id, [p.id for p in report.parts]) if room.revealed else None
    if summary is not None and summary.completed >= MIN_FOR_AGGREGATE:
        series = ((_("You"), tuple(report.scores)), (_("Room average"), tuple(summary.means)))
        show_radar(report.titles, series)
    else:
        st.caption(_("The room's average appears here once the speaker reveals it."))
    allowed = st.toggle(
        _("The speaker may show my radar on the projector under my name"),
        value=participant.spotlight,
    )
    if allowed != participant.spotlight:
        actions.set_spotlight(assessment, allowed)
    remember_seat(assessment, room)


def remember_seat(assessment: Assessment, room: Workshop) -> None:
    """Keep this phone's way back to its place in the room (web/seat.py)."""
    seat.remember(room.code, assessment.token, room.expires_at, resources.store().database.now())
