"""The projected dashboard: join banner, live counts, and the room's results once revealed."""

from __future__ import annotations

import html
import io

import segno
import streamlit as st

from networking_works.bank import Bank
from networking_works.charts import PLOTLY_CONFIG, Band, Series, distribution, radar
from networking_works.handout import radar_png
from networking_works.store import Workshop
from networking_works.workshop import MIN_FOR_AGGREGATE, RoomSummary
from web import resources, routes, urls
from web.screens.norms import show_past_rooms
from web.text import plain

DASHBOARD_SECONDS = 3


@st.cache_data(max_entries=100)
def qr_svg(link: str, scale: int = 6) -> str:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="svg", scale=scale, border=2, dark="#0E1116")
    return buffer.getvalue().decode("utf-8")


@st.fragment(run_every=DASHBOARD_SECONDS)
def live_room(workshop_id: str) -> None:
    store = resources.store()
    room = store.workshops.get(workshop_id)
    if room is None:
        st.warning("This workshop has ended.")
        return
    bank = resources.banks().by_id[room.bank_id]
    joined, completed = store.room_stats.counts(room.id)
    _join_banner(room, joined, completed)
    if not room.accepting:
        st.warning("Answers are closed.")
    if not room.revealed:
        st.info("Results are hidden. Press “Reveal results” when the room is ready.")
        return
    if completed < MIN_FOR_AGGREGATE:
        st.info(f"The room's radar appears once {MIN_FOR_AGGREGATE} people have finished.")
        return
    show_room(room, bank, store.room_stats.summary(room.id, [p.id for p in bank.parts]))


def _join_banner(room: Workshop, joined: int, completed: int) -> None:
    join_link = urls.link(routes.JOIN, code=room.code)
    words, people, done, qr = st.columns([6, 1, 1, 2], vertical_alignment="center")
    words.markdown(f"### {plain(room.title)}")
    words.markdown(f"### Join at {plain(urls.link(routes.JOIN))}")
    words.markdown(f"## Code **`{room.code}`**")
    people.metric("Joined", joined)
    done.metric("Completed", completed)
    qr.image(qr_svg(join_link), width=150)


def headline(bank: Bank, summary: RoomSummary) -> str:
    titles = [bank.part(pid).title for pid in summary.weakest]
    if len(titles) == len(bank.parts):
        return "This room scores about the same on every part"
    if len(titles) == 1:
        return f"This room's weakest part: {titles[0]}"
    return f"This room's weakest parts: {', '.join(titles[:-1])} and {titles[-1]}"


def show_room(room: Workshop, bank: Bank, summary: RoomSummary) -> None:
    titles = [p.title for p in bank.parts]
    quartiles = ([p.q1 for p in summary.parts], [p.q3 for p in summary.parts])
    st.subheader(plain(headline(bank, summary)))
    chart, bars = st.columns(2)
    band = Band("Middle half of the room", *quartiles)
    figure = radar(titles, [Series("Room average", summary.means)], band, height=400, font_size=16)
    chart.plotly_chart(figure, config=PLOTLY_CONFIG, theme=None, key="room_radar")
    bars.plotly_chart(
        distribution(titles, [p.bands for p in summary.parts]),
        config=PLOTLY_CONFIG,
        theme=None,
        key="room_bars",
    )
    profiles = resources.store().room_stats.profiles(room.id)
    if profiles:
        st.table({"Pattern": [name for name, _ in profiles], "People": [n for _, n in profiles]})
    picture = radar_png(room.title, titles, summary.means, quartiles)
    st.download_button("Room radar (PNG)", picture, file_name=f"workshop-{room.code}-radar.png")
    show_past_rooms(room, bank, summary)
    show_spotlight(room, bank)


def show_spotlight(room: Workshop, bank: Bank) -> None:
    volunteers = resources.store().room_stats.spotlight_volunteers(room.id)
    if not volunteers:
        return
    names = {v.token: v.nickname or v.codename for v in volunteers}
    chosen = st.selectbox(
        "Spotlight a volunteer", [None, *names], format_func=lambda t: names.get(t or "", "Nobody")
    )
    if chosen:
        scores = resources.store().room_stats.participant_scores(chosen)
        st.subheader(plain(f"Spotlight: {names[chosen]}"))
        values = [scores.get(p.id) for p in bank.parts]
        titles = [p.title for p in bank.parts]
        # Plotly renders a few HTML tags in trace names; a nickname must stay text.
        name = html.escape(names[chosen])
        figure = radar(titles, [Series(name, values)], height=480, font_size=18)
        st.plotly_chart(figure, config=PLOTLY_CONFIG, theme=None, key="spotlight")
