"""On the remote: how well the bank's statements worked in this room (items.py's figures)."""

from __future__ import annotations

import streamlit as st

from networking_works.bank import Bank
from networking_works.items import (
    MIN_COMPLETIONS,
    MIN_PEOPLE_PER_PART,
    Flag,
    ItemStat,
    PartStats,
    bank_stats,
    stats_csv,
)
from networking_works.store import Workshop
from web import i18n, resources
from web.i18n import _
from web.text import plain


def show_item_statistics(room: Workshop, bank: Bank) -> None:
    st.subheader(_("How well the questions worked"))
    rows = resources.store().answers.of_room(room.id)
    if len(rows) < MIN_COMPLETIONS:
        waiting = _("These figures appear once {least} people have finished ({count} so far).")
        st.caption(waiting.format(least=MIN_COMPLETIONS, count=len(rows)))
        return
    st.caption(
        _(
            "Alpha says how consistently a part's statements measure one thing (0.7 or more "
            "is good); each statement should correlate at least 0.2 with the rest of its "
            "part, so a flagged one was probably unclear, or read the other way round."
        )
    )
    stats = bank_stats(bank, rows)
    for part, found in zip(bank.parts, stats, strict=True):
        if not found.shown:  # over a handful of people every correlation is +1 or -1
            waiting = _(
                "{part}: these figures appear once {least} people have answered every "
                "statement of the part ({count} so far)."
            )
            st.caption(
                waiting.format(
                    part=plain(part.title), least=MIN_PEOPLE_PER_PART, count=found.people
                )
            )
            continue
        with st.expander(f"{plain(part.title)} · {_alpha(found)}"):
            texts = {s.id: s.text for s in part.statements}
            people = _people(found)
            st.table(
                {
                    _("Statement"): [texts[item.statement_id] for item in found.items],
                    _("Correlation with the rest"): [
                        f"{_figure(i.correlation)} {people}" for i in found.items
                    ],
                    _("Flag"): [_flag(item) for item in found.items],
                }
            )
    if room.practice:
        return  # made-up answers: their figures may be looked at, never exported
    st.download_button(
        _("Item statistics (CSV)"),
        lambda: stats_csv(stats),
        file_name=f"workshop-{room.code}-items.csv",
        mime="text/csv",
        on_click="ignore",
        use_container_width=True,
    )


def _alpha(found: PartStats) -> str:
    return _("alpha {alpha} ({people} people)").format(
        alpha=_figure(found.alpha), people=found.people
    )


def _people(found: PartStats) -> str:
    """The count beside each figure: the people who answered every statement of the part."""
    return _("({people} people)").format(people=i18n.number(found.people))


def _figure(value: float | None) -> str:
    return "–" if value is None else i18n.number(value, 2)


def _flag(item: ItemStat) -> str:
    if item.flag is Flag.WRONG_SIGN:
        return _("reversed statement: the sign looks wrong")
    if item.flag is Flag.WEAK:
        return _("weak: below 0.2")
    return ""
