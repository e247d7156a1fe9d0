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

from networking_works.bands import HIGH_FROM, MIDDLE_FROM
from networking_works.bands import Band as Level
from networking_works.bank import Bank
from networking_works.charts import PLOTLY_CONFIG, Band, Series, distribution, radar
from networking_works.store import Workshop
from networking_works.workshop import MIN_FOR_AGGREGATE, RoomSummary
from web import i18n, keys, resources, routes, urls
from web.i18n import _
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
        st.html(page.note(_("This workshop has ended. Thank you for taking part.")))
        return
    bank = resources.bank(room.bank_id)
    if bank is None:
        st.html(page.note(_("This workshop has ended. Thank you for taking part.")))
        return
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
        return _("This room scores about the same on every part")
    if len(titles) == 1:
        return _("This room's weakest part: {part}").format(part=titles[0])
    return _("This room's weakest parts: {parts} and {last}").format(
        parts=", ".join(titles[:-1]), last=titles[-1]
    )


def _revealed(room: Workshop, bank: Bank, summary: RoomSummary) -> None:
    titles = [p.title for p in bank.parts]
    st.html(page.headline(headline(bank, summary)) + page.radar_key(summary.completed))
    quartiles = [p.q1 for p in summary.parts], [p.q3 for p in summary.parts]
    band = Band(_("Middle half of the room"), *quartiles)
    figure = radar(
        titles,
        [Series(_("Room average"), summary.means)],
        band,
        height=RADAR_HEIGHT,
        font_size=RADAR_FONT,
        legend=False,  # the key is in the text above: no corner is free of labels
    )
    chart, side = st.columns([3, 2], vertical_alignment="top")
    with chart.container(key=keys.SCREEN_RADAR):
        st.plotly_chart(figure, config=PLOTLY_CONFIG, theme=None)
    with side.container(key=keys.SCREEN_SIDE):
        if not _spotlight(room, bank):
            st.html(page.note(_("How many people are at each level, per part")))
            levels = distribution(
                titles,
                [p.bands for p in summary.parts],
                18,
                height=400,
                level_names=level_names(),
                axis_title=_("people"),
            )
            st.plotly_chart(levels, config=PLOTLY_CONFIG, theme=None)


def _spotlight(room: Workshop, bank: Bank) -> bool:
    """The volunteer the speaker picked, if they still agree; whether one was shown."""
    store = resources.store()
    chosen = store.workshops.participant(room.spotlight_token) if room.spotlight_token else None
    if chosen is None or not chosen.spotlight:
        return False
    scores = store.room_stats.participant_scores(chosen.token)
    name = chosen.nickname or chosen.codename
    st.html(page.headline(_("Spotlight: {name}").format(name=name)))
    values = [scores.get(p.id) for p in bank.parts]
    # Plotly renders a few HTML tags in trace names; a nickname must stay text.
    series = [Series(html.escape(name), values)]
    figure = radar([p.title for p in bank.parts], series, height=430, font_size=18)
    st.plotly_chart(figure, config=PLOTLY_CONFIG, theme=None)
    return True


def level_names() -> dict[Level, str]:
    """The three levels with their score ranges, as the chart's legend names them."""
    low, high = i18n.number(MIDDLE_FROM), i18n.number(HIGH_FROM)
    return {
        Level.LOW: _("Low (under {low})").format(low=low),
        Level.MIDDLE: _("Middle ({low}–{top})").format(low=low, top=i18n.number(HIGH_FROM - 1)),
        Level.HIGH: _("High ({high}+)").format(high=high),
    }
