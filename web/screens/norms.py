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
from web import i18n, resources
from web.i18n import _
from web.text import plain


def show_standing(report: Report) -> None:
    """Per part, "higher than N% of the M people …", only over at least MIN_PEOPLE."""
    scores = {p.id: p.score for p in report.parts}
    counted = resources.store().norms.distributions(report.bank_id, report.bank_version)
    found = standings(scores, counted)
    st.subheader(_("How you compare"))
    if not any(s.shown for s in found.values()):
        people = max((s.people for s in found.values()), default=0)
        st.caption(i18n.explain(why_not_shown(people)))
        return
    titles = {p.id: p.title for p in report.parts}
    st.markdown(
        "\n".join(
            f"- {plain(i18n.explain(standing_text(titles[pid], s)))}" for pid, s in found.items()
        )
    )
    st.caption(
        _(
            "Counted: people who took this version of the question bank on this server in the "
            "last {months} months and let their scores count (a part is compared once at "
            "least {minimum} people have a score for it). Updated about once a minute."
        ).format(months=i18n.number(NORMS_MONTHS), minimum=i18n.number(MIN_PEOPLE))
    )
