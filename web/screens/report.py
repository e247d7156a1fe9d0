"""How a result looks: its radar, its score table, the diagnosis and plan; and comparisons."""

from __future__ import annotations

# Imported before any figure is built, not for use: plotly's validators look pandas up
# in sys.modules without importing it, so while st.table imports pandas for the first
# time in one session's script thread, a figure built in another thread meets the
# half-initialized module ("partially initialized module 'pandas' has no attribute
# 'Series'"). Several people reaching their results at once after a restart hit this
# (bench/loadgen.py --speaker-paced).
import pandas  # noqa: F401
import plotly.graph_objects as go
import streamlit as st

from networking_works.charts import PLOTLY_CONFIG, Series, radar
from networking_works.report import Report, differences
from web.text import plain

NOT_ENOUGH = "not enough answers"


@st.cache_resource(max_entries=2000, show_spinner=False)
def radar_figure(
    titles: tuple[str, ...], series: tuple[tuple[str, tuple[float | None, ...]], ...]
) -> go.Figure:
    """Built once per distinct chart: plotly's figure building is most of a results rerun."""
    return radar(list(titles), [Series(name, values) for name, values in series])


def show_radar(titles: list[str], series: tuple[tuple[str, tuple[float | None, ...]], ...]) -> None:
    st.plotly_chart(radar_figure(tuple(titles), series), config=PLOTLY_CONFIG, theme=None)


def score_text(value: float | None) -> str:
    return NOT_ENOUGH if value is None else f"{value:.0f}"


def show_scores_table(report: Report) -> None:
    st.table(
        {
            "Part": [p.title for p in report.parts],
            "Score": [score_text(p.score) for p in report.parts],
            "Level": [p.band or "–" for p in report.parts],
        }
    )


def report_series(report: Report) -> tuple[tuple[str, tuple[float | None, ...]], ...]:
    """The report's radar: its scores, and its earlier ones when it carries them."""
    if report.before is None:
        return (("Score", tuple(report.scores)),)
    return (
        (f"Now ({report.created[:10]})", tuple(report.scores)),
        (f"Before ({report.before.created[:10]})", report.before.scores),
    )


def show_report(report: Report) -> None:
    chart, table = st.columns([3, 2], vertical_alignment="center")
    with chart:
        show_radar(report.titles, report_series(report))
    with table:
        show_scores_table(report)
    if report.same_answer_everywhere:
        st.info(
            "You gave the same answer to every statement. Some statements are worded the "
            "other way round, so this radar probably does not describe you well: "
            "consider retaking it and reading each statement on its own."
        )
    if not report.weakest:
        st.warning("There are not enough answers to say anything yet.")
        return
    _show_diagnosis(report)


def _show_diagnosis(report: Report) -> None:
    if report.strongest:
        st.write(f"**Strongest:** {plain(', '.join(report.strongest))}")
    st.write(f"**Needs the most work:** {plain(', '.join(report.weakest))}")
    for profile in report.profiles:
        with st.container(border=True):
            st.subheader(plain(profile.name))
            st.write(plain(profile.problem))
            st.write(f"**First step:** {plain(profile.first_step)}")
    st.subheader("Why networking is not working for you yet")
    st.write(plain(report.why))
    st.subheader("Your plan for this week")
    for number, item in enumerate(report.plan, 1):
        st.write(f"{number}. {plain(item.text)}  \n*{plain(item.part_title)}*")
    st.caption(
        plain(
            f"{report.bank_title} · question bank version {report.bank_version} · "
            f"{report.created[:10]}"
        )
    )


def show_comparison(first: Report, second: Report) -> None:
    names = (f"First ({first.created[:10]})", f"Second ({second.created[:10]})")
    rows = differences(first, second)  # the second's scores on the first's parts, by id
    firsts, seconds = tuple(r.first for r in rows), tuple(r.second for r in rows)
    show_radar([r.title for r in rows], ((names[0], firsts), (names[1], seconds)))
    st.table(
        {
            "Part": [row.title for row in rows],
            "First": [score_text(row.first) for row in rows],
            "Second": [score_text(row.second) for row in rows],
            "Change": ["–" if row.change is None else f"{row.change:+.0f}" for row in rows],
        }
    )
