"""The projected screen: what the whole room may see, refreshed every few seconds.

Named by the public join code only, it shows no link but the join address and holds
no control: the speaker steers it from the remote (web/screens/remote.py).
"""

from __future__ import annotations

import html
import io
from functools import lru_cache

import segno
import streamlit as st

from networking_works.bank import Bank
from networking_works.charts import PLOTLY_CONFIG, Band, Series, distribution, radar
from networking_works.norms import past_rooms, why_no_past_rooms
from networking_works.store import Workshop
from networking_works.workshop import MIN_FOR_AGGREGATE, RoomSummary
from web import keys, resources, routes, urls
from web.screens import projector_html as page

REFRESH_SECONDS = 3
RADAR_FONT = 20  # axis labels; the radial ticks are 2 px smaller (>= 18 px)
# Two thirds of a 720 px screen (plotly needs pixels; a 1080 px screen gets 42%).
RADAR_HEIGHT = 450


@lru_cache(maxsize=256)  # a few links per live room; bounded so old rooms drop out
def qr_data_uri(link: str) -> str:
    return str(segno.make(link, error="m").svg_data_uri(scale=10, border=2, dark="#0E1116"))


@lru_cache(maxsize=256)  # a few links per live room; bounded so old rooms drop out
def qr_svg(link: str) -> str:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="svg", scale=6, border=2, dark="#0E1116")
    return buffer.getvalue().decode("utf-8")


def style() -> None:
    st.html(page.STYLE)


@st.fragment(run_every=REFRESH_SECONDS)
def live_screen(workshop_id: str) -> None:
    store = resources.store()
    room = store.recent.workshop(workshop_id)
    if room is None:
        st.html(page.note("This workshop has ended. Thank you for taking part."))
        return
    bank = resources.banks().by_id[room.bank_id]
    titles = [p.title for p in bank.parts]
    progress = store.recent.progress(room.id, len(titles))
    with st.container(key=keys.SCREEN_ROOM):
        if room.practice:
            st.html(page.practice())
        big = room.banner and not room.revealed
        _join_details(room, big, page.counts(progress))
        if not room.revealed:
            if not big:
                st.html(page.counts(progress))
            nobody_yet = progress.joined == 0
            opened = room.open_parts if room.speaker_paced else None
            bars = page.part_bars(titles, progress, opened)
            st.html(page.how_it_works() if nobody_yet else bars)
            return
        summary = store.recent.summary(room.id, [p.id for p in bank.parts])
        if summary.completed < MIN_FOR_AGGREGATE:
            st.html(page.counts(progress) + page.waiting_for(summary.completed))
            return
        _revealed(room, bank, summary)


def _join_details(room: Workshop, big: bool, counts: str) -> None:
    address = urls.link(routes.JOIN)
    if big:
        qr = qr_data_uri(urls.link(routes.JOIN, code=room.code))
        st.html(page.banner(room.title, address, room.code, qr, below=counts))
    elif room.banner:
        st.html(page.strip(room.title, address, room.code))


def headline(bank: Bank, summary: RoomSummary) -> str:
    titles = [bank.part(pid).title for pid in summary.weakest]
    if len(titles) == len(bank.parts):
        return "This room scores about the same on every part"
    if len(titles) == 1:
        return f"This room's weakest part: {titles[0]}"
    return f"This room's weakest parts: {', '.join(titles[:-1])} and {titles[-1]}"


def _revealed(room: Workshop, bank: Bank, summary: RoomSummary) -> None:
    titles = [p.title for p in bank.parts]
    st.html(page.headline(headline(bank, summary)) + page.radar_key(summary.completed))
    quartiles = [p.q1 for p in summary.parts], [p.q3 for p in summary.parts]
    band = Band("Middle half of the room", *quartiles)
    figure = radar(
        titles,
        [Series("Room average", summary.means)],
        band,
        height=RADAR_HEIGHT,
        font_size=RADAR_FONT,
        legend=False,  # the key is in the text above: no corner is free of labels
    )
    chart, side = st.columns([3, 2], vertical_alignment="top")
    with chart.container(key=keys.SCREEN_RADAR):
        st.plotly_chart(figure, config=PLOTLY_CONFIG, theme=None)
    with side.container(key=keys.SCREEN_SIDE):
        if _spotlight(room, bank):
            return
        if room.compare_past:
            _past_rooms(bank, summary)
            return
        st.html(page.note("How many people are at each level, per part"))
        levels = distribution(titles, [p.bands for p in summary.parts], 18, height=400)
        st.plotly_chart(levels, config=PLOTLY_CONFIG, theme=None)


def _past_rooms(bank: Bank, summary: RoomSummary) -> None:
    """The room's averages over past rooms' of the same bank version, from MIN_ROOMS on."""
    others = resources.store().norms.past_rooms(bank.id, bank.version)
    mine = {p.part_id: p.mean for p in summary.parts}
    compared = past_rooms(mine, others)
    if not compared.shown:
        st.html(page.note(why_no_past_rooms(compared.rooms)))
        return
    st.html(page.headline(f"This room against {compared.rooms} past rooms"))
    series = [
        Series("This room", [mine.get(p.id) for p in bank.parts]),
        Series("Past rooms", [compared.means.get(p.id) for p in bank.parts]),
    ]
    figure = radar([p.title for p in bank.parts], series, height=400, font_size=18)
    st.plotly_chart(figure, config=PLOTLY_CONFIG, theme=None, key=keys.SCREEN_PAST)
    lines = [
        f"{p.title}: higher than {compared.below[p.id]} of {compared.rooms}"
        for p in bank.parts
        if p.id in compared.below
    ]
    st.html("".join(page.note(line) for line in lines))


def _spotlight(room: Workshop, bank: Bank) -> bool:
    """The volunteer the speaker picked, if they still agree; whether one was shown."""
    store = resources.store()
    chosen = store.workshops.participant(room.spotlight_token) if room.spotlight_token else None
    if chosen is None or not chosen.spotlight:
        return False
    scores = store.room_stats.participant_scores(chosen.token)
    name = chosen.nickname or chosen.codename
    st.html(page.headline(f"Spotlight: {name}"))
    values = [scores.get(p.id) for p in bank.parts]
    # Plotly renders a few HTML tags in trace names; a nickname must stay text.
    series = [Series(html.escape(name), values)]
    figure = radar([p.title for p in bank.parts], series, height=430, font_size=18)
    st.plotly_chart(figure, config=PLOTLY_CONFIG, theme=None)
    return True
