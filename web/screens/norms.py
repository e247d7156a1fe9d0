"""How a result compares with everyone who took the bank here, and a room with past rooms."""

from __future__ import annotations

import streamlit as st

from networking_works.bank import Bank
from networking_works.charts import PLOTLY_CONFIG, Series, radar
from networking_works.norms import (
    MIN_PEOPLE,
    NORMS_MONTHS,
    past_rooms,
    standing_text,
    standings,
    why_no_past_rooms,
    why_not_shown,
)
from networking_works.report import Report
from networking_works.store import Workshop
from networking_works.workshop import RoomSummary
from web import keys, resources
from web.text import plain


def show_standing(report: Report) -> None:
    """Per part, "higher than N% of the M people …", only over at least MIN_PEOPLE."""
    scores = {p.id: p.score for p in report.parts}
    counted = resources.store().norms.distributions(report.bank_id, report.bank_version)
    found = standings(scores, counted)
    st.subheader("How you compare")
    if not any(s.shown for s in found.values()):
        st.caption(why_not_shown(max((s.people for s in found.values()), default=0)))
        return
    titles = {p.id: p.title for p in report.parts}
    st.markdown("\n".join(f"- {plain(standing_text(titles[pid], s))}" for pid, s in found.items()))
    st.caption(
        f"Counted: people who took this version of the question bank on this server in the "
        f"last {NORMS_MONTHS} months and let their scores count (a part is compared once at "
        f"least {MIN_PEOPLE} people have a score for it). Updated about once a minute."
    )


def show_past_rooms(room: Workshop, bank: Bank, summary: RoomSummary) -> None:
    """The room's averages against past rooms of the same bank version, on request."""
    if not st.toggle("Compare with past rooms", key=keys.ROOM_PAST):
        return
    others = resources.store().norms.past_rooms(room.id, bank.id, bank.version)
    mine = {p.part_id: p.mean for p in summary.parts}
    compared = past_rooms(mine, others)
    if not compared.shown:
        st.info(why_no_past_rooms(compared.rooms))
        return
    titles = [p.title for p in bank.parts]
    series = [
        Series("This room", [mine.get(p.id) for p in bank.parts]),
        Series(f"Past rooms ({compared.rooms})", [compared.means.get(p.id) for p in bank.parts]),
    ]
    st.subheader(f"This room against {compared.rooms} past rooms")
    figure = radar(titles, series, height=400, font_size=16)
    st.plotly_chart(figure, config=PLOTLY_CONFIG, theme=None, key="past_rooms")
    lines = [
        f"{p.title}: higher than {compared.below[p.id]} of {compared.rooms} past rooms"
        for p in bank.parts
        if p.id in compared.below
    ]
    st.markdown("\n".join(f"- {plain(line)}" for line in lines))
