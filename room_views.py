"""Workshop screens: the projector dashboard, its controls, and the participants' waiting room."""

from __future__ import annotations

import html
import io
import time

import segno
import streamlit as st

from networking_works.bank import Bank
from networking_works.charts import PLOTLY_CONFIG, Band, Series, distribution, radar
from networking_works.handout import radar_png
from networking_works.report import Report
from networking_works.rooms import Workshop
from networking_works.store import Assessment
from networking_works.workshop import MIN_FOR_AGGREGATE, RoomSummary, answers_csv, wake_delay
from ui import PAGES, app_url, banks, plain, store
from views import radar_figure
from web import keys

POLL_SECONDS = 5  # a waiting phone costs at most one rerun per this many seconds
DASHBOARD_SECONDS = 3


def wait_if_paused(assessment: Assessment, step: int) -> None:
    """Hold a participant while answers are closed or the speaker has not opened this part."""
    if assessment.workshop_id is None:
        return
    room = store().recent_workshop(assessment.workshop_id)
    if room is None or not _paused(room, step):
        return
    _waiting_room(room.id, step, assessment.token)
    st.stop()


def _paused(room: Workshop, step: int) -> bool:
    return not room.accepting or (room.speaker_paced and step >= room.open_parts)


@st.fragment(run_every=POLL_SECONDS)
def _waiting_room(workshop_id: str, step: int, token: str) -> None:
    room = store().recent_workshop(workshop_id)
    if room is None or (not _paused(room, step) and _my_turn(room, step, token)):
        st.rerun(scope="app")
    if not _paused(room, step):
        st.header(f"Part {step + 1} is open")
        st.write("Your phone moves on by itself in a moment: in a full room, phones take turns.")
        return
    st.header("Hold on a moment")
    if not room.accepting:
        st.write("The speaker has paused answers. This screen moves on by itself.")
    else:
        st.write(
            f"The speaker opens the parts one at a time; part {step + 1} is next. "
            "Keep this page open: it moves on by itself."
        )
    st.caption(f"Workshop: {plain(room.title)}")


def _my_turn(room: Workshop, step: int, token: str) -> bool:
    """Whether this phone's turn to move on has come (see workshop.wake_delay)."""
    seen = st.session_state.setdefault(f"opened_{room.id}_{step}", time.monotonic())
    joined, _ = store().recent_room_counts(room.id)
    return time.monotonic() - seen >= wake_delay(token, joined, POLL_SECONDS)


@st.cache_data(max_entries=100)
def qr_svg(link: str, scale: int = 6) -> str:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="svg", scale=scale, border=2, dark="#0E1116")
    return buffer.getvalue().decode("utf-8")


def show_controls(room: Workshop, bank: Bank) -> None:
    """The speaker's controls and private links, in the sidebar, away from the projected room."""
    bar = st.sidebar
    bar.header("Controls")
    label = "Hide results" if room.revealed else "Reveal results"
    if bar.button(label, type="primary", use_container_width=True, key=keys.ROOM_REVEAL):
        store().update_workshop(room.id, revealed=not room.revealed)
        st.rerun()
    if room.speaker_paced:
        more = room.open_parts < len(bank.parts)
        label = f"Open part {room.open_parts + 1}" if more else "All parts are open"
        if bar.button(label, disabled=not more, use_container_width=True, key=keys.ROOM_OPEN_PART):
            store().update_workshop(room.id, open_parts=room.open_parts + 1)
            st.rerun()
    label = "Close answers" if room.accepting else "Reopen answers"
    if bar.button(label, use_container_width=True, key=keys.ROOM_ACCEPTING):
        store().update_workshop(room.id, accepting=not room.accepting)
        st.rerun()
    bar.download_button(
        "Answers (CSV, anonymous)",
        lambda: answers_csv(bank, store().room_answers(room.id)),
        file_name=f"workshop-{room.code}-answers.csv",
        mime="text/csv",
        on_click="ignore",
        use_container_width=True,
    )
    bar.write("Participant link:")
    bar.code(app_url("join", code=room.code), language=None, wrap_lines=True)
    bar.write("Your facilitator link (keep it private: it controls this room):")
    private = app_url("dashboard", w=room.id, k=st.query_params.get("k", ""))
    bar.code(private, language=None, wrap_lines=True)
    with bar.expander("Delete this workshop"):
        st.write("Deletes the room and every answer in it. This cannot be undone.")
        if st.checkbox("Yes, delete everything") and st.button("Delete workshop"):
            store().delete_workshop(room.id)
            st.query_params.clear()
            st.switch_page(PAGES["welcome"])


@st.fragment(run_every=DASHBOARD_SECONDS)
def live_room(workshop_id: str) -> None:
    room = store().workshop(workshop_id)
    if room is None:
        st.warning("This workshop has ended.")
        return
    bank = banks().by_id[room.bank_id]
    joined, completed = store().room_counts(room.id)
    words, people, done, qr = st.columns([6, 1, 1, 2], vertical_alignment="center")
    words.markdown(f"### {plain(room.title)}")
    words.markdown(f"### Join at {plain(app_url('join'))}")
    words.markdown(f"## Code **`{room.code}`**")
    people.metric("Joined", joined)
    done.metric("Completed", completed)
    qr.image(qr_svg(app_url("join", code=room.code)), width=150)
    if not room.accepting:
        st.warning("Answers are closed.")
    if not room.revealed:
        st.info("Results are hidden. Press “Reveal results” when the room is ready.")
        return
    if completed < MIN_FOR_AGGREGATE:
        st.info(f"The room's radar appears once {MIN_FOR_AGGREGATE} people have finished.")
        return
    summary = store().room_summary(room.id, [p.id for p in bank.parts])
    show_room(room, bank, summary)


def headline(bank: Bank, summary: RoomSummary) -> str:
    titles = [bank.part(pid).title for pid in summary.weakest]
    if len(titles) == len(bank.parts):
        return "This room scores about the same on every part"
    if len(titles) == 1:
        return f"This room's weakest part: {titles[0]}"
    return f"This room's weakest parts: {', '.join(titles[:-1])} and {titles[-1]}"


def show_room(room: Workshop, bank: Bank, summary: RoomSummary) -> None:
    titles = [p.title for p in bank.parts]
    st.subheader(plain(headline(bank, summary)))
    chart, bars = st.columns(2)
    band = Band(
        "Middle half of the room", [p.q1 for p in summary.parts], [p.q3 for p in summary.parts]
    )
    figure = radar(titles, [Series("Room average", summary.means)], band, height=400, font_size=16)
    chart.plotly_chart(figure, config=PLOTLY_CONFIG, theme=None, key="room_radar")
    bars.plotly_chart(
        distribution(titles, [p.bands for p in summary.parts]),
        config=PLOTLY_CONFIG,
        theme=None,
        key="room_bars",
    )
    profiles = store().room_profiles(room.id)
    if profiles:
        st.table({"Pattern": [name for name, _ in profiles], "People": [n for _, n in profiles]})
    picture = radar_png(
        room.title,
        titles,
        summary.means,
        ([p.q1 for p in summary.parts], [p.q3 for p in summary.parts]),
    )
    st.download_button("Room radar (PNG)", picture, file_name=f"workshop-{room.code}-radar.png")
    show_spotlight(room, bank)


def show_spotlight(room: Workshop, bank: Bank) -> None:
    volunteers = store().spotlight_volunteers(room.id)
    if not volunteers:
        return
    names = {v.token: v.nickname or v.codename for v in volunteers}
    chosen = st.selectbox(
        "Spotlight a volunteer", [None, *names], format_func=lambda t: names.get(t, "Nobody")
    )
    if chosen:
        scores = store().participant_scores(chosen)
        st.subheader(plain(f"Spotlight: {names[chosen]}"))
        values = [scores.get(p.id) for p in bank.parts]
        titles = [p.title for p in bank.parts]
        # Plotly renders a few HTML tags in trace names; a nickname must stay text.
        name = html.escape(names[chosen])
        figure = radar(titles, [Series(name, values)], height=480, font_size=18)
        st.plotly_chart(figure, config=PLOTLY_CONFIG, theme=None, key="spotlight")


def show_participant_room(assessment: Assessment, report: Report) -> None:
    """Below a participant's own result: the room's average (once revealed) and the spotlight."""
    if assessment.workshop_id is None:
        return
    room = store().recent_workshop(assessment.workshop_id)
    participant = store().participant(assessment.token)
    if room is None or participant is None:
        return
    st.divider()
    st.subheader(plain(f"Your workshop: {room.title}"))
    st.caption(plain(f"In this room you are {participant.nickname or participant.codename}."))
    summary = (
        store().recent_room_summary(room.id, [p.id for p in report.parts])
        if room.revealed
        else None
    )
    if summary is not None and summary.completed >= MIN_FOR_AGGREGATE:
        series = (("You", tuple(report.scores)), ("Room average", tuple(summary.means)))
        figure = radar_figure(tuple(report.titles), series)
        st.plotly_chart(figure, config=PLOTLY_CONFIG, theme=None)
    else:
        st.caption("The room's average appears here once the speaker reveals it.")
    allowed = st.toggle(
        "The speaker may show my radar on the projector under my name",
        value=participant.spotlight,
    )
    if allowed != participant.spotlight:
        store().set_spotlight(assessment.token, allowed)
