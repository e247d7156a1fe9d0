"""The projected screen: what the whole room may see, refreshed every few seconds.

Named by the public join code only, it shows no link but the join address and holds
no control: the speaker steers it from the remote (web/screens/remote.py).
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from functools import lru_cache

import segno
import streamlit as st

from networking_works.bank import Bank
from networking_works.charts import PLOTLY_CONFIG, Band, Series, distribution, radar
from networking_works.norms import past_rooms, why_no_past_rooms
from networking_works.store import Workshop
from networking_works.talk import Kind, current, part_answers
from networking_works.walk_text import INTRODUCTION
from networking_works.workshop import MIN_FOR_AGGREGATE, RoomProgress, RoomSummary
from web import i18n, keys, resources, routes, urls
from web.i18n import _, ngettext
from web.screens import projector_html as page
from web.screens import slides_html as slides

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
    st.html(page.STYLE + slides.STYLE)


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
    progress = store.recent.progress(room.id, len(bank.parts))
    with st.container(key=keys.SCREEN_ROOM):
        if room.practice:
            st.html(page.practice())
        if room.speaker_paced:
            _slide(room, bank, progress)
        elif not room.revealed:
            _opening(room, bank, progress)
        elif enough_finished(room, bank, progress):
            summary = store.recent.summary(room.id, [p.id for p in bank.parts])
            revealed(room, bank, summary, _levels)


def _slide(room: Workshop, bank: Bank, progress: RoomProgress) -> None:
    """The talk's slide the speaker is on (networking_works/talk.py orders them)."""
    slide = current(room.slide, room.revealed, len(bank.parts))
    if slide.kind is Kind.OPENING:
        _opening(room, bank, progress)
        return
    if slide.kind is Kind.CLOSING:
        if enough_finished(room, bank, progress):
            summary = resources.store().recent.summary(room.id, [p.id for p in bank.parts])
            revealed(room, bank, summary, _closing_side)
        return
    strip(room)
    number = (slide.part or 0) + 1
    part = bank.parts[number - 1]
    if slide.kind is Kind.PART:
        done = progress.parts_done[number - 1]
        st.html(slides.part_slide(part, number, len(bank.parts), done, progress.joined))
        return
    answers = part_answers(bank, part, resources.store().recent.answers(room.id))
    st.html(slides.answers_slide(part, number, len(bank.parts), answers))


def _opening(room: Workshop, bank: Bank, progress: RoomProgress) -> None:
    """The definition, its parts with the room's progress, and how to join."""
    join = ""
    if room.banner:
        qr = qr_data_uri(join_link(room))
        join = slides.join_column(urls.link(routes.JOIN), room.code, qr, page.counts(progress))
    else:
        strip(room)
    opened = room.open_parts if room.speaker_paced else None
    titles = [p.title for p in bank.parts]
    st.html(slides.opening(room.title, INTRODUCTION, titles, progress, opened, join))


def _closing_side(room: Workshop, bank: Bank, summary: RoomSummary) -> None:
    profiles = resources.store().recent.profiles(room.id)
    st.html(slides.closing_side(profiles, qr_data_uri(join_link(room))))


def join_link(room: Workshop) -> str:
    """The public join page with the room's code: on the banner and the closing slide."""
    return urls.link(routes.JOIN, code=room.code)


def strip(room: Workshop) -> None:
    """The join details in one line above a slide, while the banner is on."""
    if room.banner:
        st.html(page.strip(room.title, urls.link(routes.JOIN), room.code))


def enough_finished(room: Workshop, bank: Bank, progress: RoomProgress) -> bool:
    """Whether the room's results may be shown; if not, the screen says why."""
    finished = resources.store().recent.summary(room.id, [p.id for p in bank.parts]).completed
    if finished >= MIN_FOR_AGGREGATE:
        return True
    strip(room)
    st.html(page.counts(progress) + page.waiting_for(finished))
    return False


def headline(bank: Bank, summary: RoomSummary) -> str:
    titles = [bank.part(pid).title for pid in summary.weakest]
    if len(titles) == len(bank.parts):
        return _("This room scores about the same on every part")
    if len(titles) == 1:
        return _("This room's weakest part: {part}").format(part=titles[0])
    return _("This room's weakest parts: {parts} and {last}").format(
        parts=", ".join(titles[:-1]), last=titles[-1]
    )


def revealed(
    room: Workshop,
    bank: Bank,
    summary: RoomSummary,
    side: Callable[[Workshop, Bank, RoomSummary], None],
) -> None:
    """The room's radar, large, with ``side`` beside it unless a volunteer is in the spotlight."""
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
    chart, beside = st.columns([3, 2], vertical_alignment="top")
    with chart.container(key=keys.SCREEN_RADAR):
        st.plotly_chart(figure, config=PLOTLY_CONFIG, theme=None)
    with beside.container(key=keys.SCREEN_SIDE):
        if not _spotlight(room, bank):
            side(room, bank, summary)


def _levels(room: Workshop, bank: Bank, summary: RoomSummary) -> None:
    if room.compare_past:
        _past_rooms(bank, summary)
        return
    titles = [p.title for p in bank.parts]
    st.html(page.note(_("How many people are at each level, per part")))
    levels = distribution(
        titles,
        [p.bands for p in summary.parts],
        18,
        height=400,
        level_names=page.level_names(),
        axis_title=_("people"),
    )
    st.plotly_chart(levels, config=PLOTLY_CONFIG, theme=None)


def _past_rooms(bank: Bank, summary: RoomSummary) -> None:
    """The room's averages over past rooms' of the same bank version, from MIN_ROOMS on."""
    others = resources.store().norms.past_rooms(bank.id, bank.version)
    mine = {p.part_id: p.mean for p in summary.parts}
    compared = past_rooms(mine, others)
    if not compared.shown:
        st.html(page.note(i18n.explain(why_no_past_rooms(compared.rooms))))
        return
    st.html(
        page.headline(
            ngettext(
                "This room against {rooms} past room",
                "This room against {rooms} past rooms",
                compared.rooms,
            ).format(rooms=i18n.number(compared.rooms))
        )
    )
    series = [
        Series(_("This room"), [mine.get(p.id) for p in bank.parts]),
        Series(_("Past rooms"), [compared.means.get(p.id) for p in bank.parts]),
    ]
    figure = radar([p.title for p in bank.parts], series, height=400, font_size=18)
    st.plotly_chart(figure, config=PLOTLY_CONFIG, theme=None, key=keys.SCREEN_PAST)
    lines = [
        _("{part}: higher than {below} of {rooms}").format(
            part=p.title,
            below=i18n.number(compared.below[p.id]),
            rooms=i18n.number(compared.rooms),
        )
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
    st.html(page.headline(_("Spotlight: {name}").format(name=name)))
    values = [scores.get(p.id) for p in bank.parts]
    # Plotly renders a few HTML tags in trace names; a nickname must stay text.
    series = [Series(html.escape(name), values)]
    figure = radar([p.title for p in bank.parts], series, height=430, font_size=18)
    st.plotly_chart(figure, config=PLOTLY_CONFIG, theme=None)
    return True
