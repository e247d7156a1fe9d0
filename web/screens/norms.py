"""How a result compares with everyone who took the same question bank here."""

from __future__ import annotations

import streamlit as st

from networking_works.norms import (
    MIN_PEOPLE,
    NORMS_MONTHS,
    standing_text,
    standings,
    why_not_shown,
)
from networking_works.report import Report
from web import resources
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
