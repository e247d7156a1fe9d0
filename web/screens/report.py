"""How a result looks: its radar, its score table, the diagnosis and plan; and comparisons."""

from __future__ import annotations

import json

# Imported before any figure is built, not for use: plotly's validators look pandas up
# in sys.modules without importing it, so while st.table imports pandas for the first
# time in one session's script thread, a figure built in another thread meets the
# half-initialized module ("partially initialized module 'pandas' has no attribute
# 'Series'"). Several people reaching their results at once after a restart hit this
# (bench/loadgen.py --speaker-paced).
import pandas  # noqa: F401
import plotly.graph_objects as go
import streamlit as st

from networking_works.bands import Band
from networking_works.charts import PLOTLY_CONFIG, Series, radar
from networking_works.content_cache import ContentCache
from networking_works.report import Report, differences
from networking_works.scoring import shown
from web import i18n
from web.i18n import _
from web.text import markdown_table, plain

# A figure held here stays after its person has gone, to save about 0.3 ms a rerun. It is
# about 42 KiB, plus its labels' text about 1.3 times over: titles come from banks and
# from imported files, so a count alone bounds nothing (256 radars of 50 parts titled with
# 4,000 characters held 72 MB, bench/radar_cache.py). Kept by the hash of what it draws,
# counted as 48 KiB plus twice its text, within RADAR_FIGURE_BYTES; past that a rerun
# builds its figure again, which is cheap. Keeping 256 rather than 2,000 normal figures
# left 33.3 MiB instead of 57.0 MiB after 1,000 visitors (bench/memory.py).
RADAR_FIGURES_KEPT = 256
RADAR_FIGURE_BYTES = 8 * 1024 * 1024
RADAR_FIGURES: ContentCache[go.Figure] = ContentCache(
    max_entries=RADAR_FIGURES_KEPT, max_bytes=RADAR_FIGURE_BYTES, overhead=48 * 1024, scale=2
)


def radar_figure(
    titles: tuple[str, ...], series: tuple[tuple[str, tuple[float | None, ...]], ...]
) -> go.Figure:
    """Built once per distinct chart while it is kept, for the reruns of a page that shows it."""
    drawn = json.dumps([titles, series], ensure_ascii=False, allow_nan=False)

    def build(_drawn: str) -> go.Figure:
        return radar(list(titles), [Series(name, values) for name, values in series])

    return RADAR_FIGURES.get(drawn, build)


def show_radar(titles: list[str], series: tuple[tuple[str, tuple[float | None, ...]], ...]) -> None:
    st.plotly_chart(radar_figure(tuple(titles), series), config=PLOTLY_CONFIG, theme=None)


def score_text(value: float | None) -> str:
    return _("not enough answers") if value is None else i18n.number(shown(value))


def band_name(band: Band | None) -> str:
    """A level as the score table names it."""
    names = {Band.LOW: _("low"), Band.MIDDLE: _("middle"), Band.HIGH: _("high")}
    return "–" if band is None else names[band]


def show_scores_table(report: Report) -> None:
    header = (_("Part"), _("Score"), _("Level"))
    rows = [(p.title, score_text(p.score), band_name(p.band)) for p in report.parts]
    st.markdown(markdown_table(header, rows))


def report_series(report: Report) -> tuple[tuple[str, tuple[float | None, ...]], ...]:
    """The report's radar: its scores, and its earlier ones when it carries them."""
    if report.before is None:
        return ((_("Score"), tuple(report.scores)),)
    now = _("Now ({day})").format(day=i18n.day(report.created, "short"))
    before = _("Before ({day})").format(day=i18n.day(report.before.created, "short"))
    return ((now, tuple(report.scores)), (before, report.before.scores))


def show_report(report: Report) -> None:
    chart, table = st.columns([3, 2], vertical_alignment="center")
    with chart:
        show_radar(report.titles, report_series(report))
    with table:
        show_scores_table(report)
    if report.same_answer_everywhere:
        st.info(
            _(
                "You gave the same answer to every statement. Some statements are worded "
                "the other way round, so this radar probably does not describe you well: "
                "consider retaking it and reading each statement on its own."
            )
        )
    if not report.weakest:
        st.warning(_("There are not enough answers to say anything yet."))
        return
    _show_diagnosis(report)


def _show_diagnosis(report: Report) -> None:
    # Each st call is a message the whole room's burst queues on one event loop: lines
    # that belong together go out as one Markdown block.
    summary = _("**Needs the most work:** {parts}").format(parts=plain(", ".join(report.weakest)))
    if report.strongest:
        strongest = _("**Strongest:** {parts}").format(parts=plain(", ".join(report.strongest)))
        summary = f"{strongest}  \n{summary}"
    st.markdown(summary)
    for profile in report.profiles:
        with st.container(border=True):
            st.subheader(plain(profile.name))
            step = _("**First step:** {step}").format(step=plain(profile.first_step))
            st.markdown(f"{plain(profile.problem)}\n\n{step}")
    st.subheader(_("Why networking is not working for you yet"))
    st.markdown(plain(report.why))
    st.subheader(_("Your plan for this week"))
    st.markdown(
        "\n".join(
            f"{number}. {plain(item.text)}  \n   *{plain(item.part_title)}*"
            for number, item in enumerate(report.plan, 1)
        )
    )
    made = _("{bank} · question bank version {version} · {day}").format(
        bank=report.bank_title, version=report.bank_version, day=i18n.day(report.created)
    )
    st.caption(plain(made))


def show_comparison(first: Report, second: Report) -> None:
    names = (
        _("First ({day})").format(day=i18n.day(first.created, "medium")),
        _("Second ({day})").format(day=i18n.day(second.created, "medium")),
    )
    rows = differences(first, second)  # the second's scores on the first's parts, by id
    firsts, seconds = tuple(r.first for r in rows), tuple(r.second for r in rows)
    show_radar([r.title for r in rows], ((names[0], firsts), (names[1], seconds)))
    st.table(
        {
            _("Part"): [row.title for row in rows],
            _("First"): [score_text(row.first) for row in rows],
            _("Second"): [score_text(row.second) for row in rows],
            _("Change"): [_change(row.change) for row in rows],
        }
    )


def _change(change: float | None) -> str:
    if change is None:
        return "–"
    rounded = shown(change)
    sign = "+" if rounded > 0 else ""
    return f"{sign}{i18n.number(rounded)}"
