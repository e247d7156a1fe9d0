"""How results look: the report, sharing, exports and comparisons (Streamlit only)."""

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
from networking_works.handout import handout_pdf, handout_png
from networking_works.report import Report, ReportError, differences, report_from_dict, to_json
from ui import PAGES, app_url, plain, store


@st.cache_resource(max_entries=2000, show_spinner=False)
def radar_figure(
    titles: tuple[str, ...], series: tuple[tuple[str, tuple[float | None, ...]], ...]
) -> go.Figure:
    """Built once per distinct chart: plotly's figure building is most of a results rerun."""
    return radar(list(titles), [Series(name, values) for name, values in series])


def show_radar(report: Report) -> None:
    figure = radar_figure(tuple(report.titles), (("Score", tuple(report.scores)),))
    st.plotly_chart(figure, config=PLOTLY_CONFIG, theme=None)


def show_scores_table(report: Report) -> None:
    rows = {
        "Part": [p.title for p in report.parts],
        "Score": [
            "not enough answers" if p.score is None else f"{p.score:.0f}" for p in report.parts
        ],
        "Level": [p.band or "–" for p in report.parts],
    }
    st.table(rows)


def _score_text(score: float | None) -> str:
    return "not enough answers" if score is None else f"{score:.0f}"


def show_report(report: Report) -> None:
    chart, table = st.columns([3, 2], vertical_alignment="center")
    with chart:
        show_radar(report)
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


def show_share_links(token: str, delete_token: str) -> None:
    st.success("Your result is shared. Anyone with this link can see it (never your answers):")
    st.code(app_url("results", r=token), language=None, wrap_lines=True)
    st.write("Keep this private link to delete the shared result whenever you like:")
    st.code(app_url("results", r=token, delete=delete_token), language=None, wrap_lines=True)


def not_found(title: str, message: str) -> None:
    st.title(title)
    st.write(message)
    if st.button("Take the assessment yourself", type="primary"):
        st.query_params.clear()
        st.switch_page(PAGES["welcome"])


def show_shared_result(token: str, delete_token: str | None) -> None:
    payload = store().shared_result(token)
    try:
        report = report_from_dict(payload)
    except ReportError:
        not_found(
            "This result is not here",
            "The link is unknown or incomplete, or its owner deleted the result. "
            "Check that you copied the whole link.",
        )
        return
    if delete_token is not None:
        show_delete(token, delete_token)
    st.title("A networking radar")
    show_report(report)
    st.divider()
    show_exports(report, token)
    st.page_link(PAGES["compare"], label="Compare with another result", query_params={"r": token})
    if st.button("Take the assessment yourself", type="primary"):
        st.query_params.clear()
        st.switch_page(PAGES["welcome"])


def show_delete(token: str, delete_token: str) -> None:
    with st.container(border=True):
        st.write("This is your private link. Deleting removes the shared result for everyone.")
        if st.button("Delete this shared result"):
            if store().delete_result(token, delete_token):
                st.query_params.clear()
                st.query_params["r"] = token
                st.rerun()
            st.error("This delete link does not match the result, so nothing was deleted.")


def show_exports(report: Report, key: str) -> None:
    """Handout and JSON downloads; files are only built when someone clicks."""
    link = app_url()
    stamp = report.created[:10]
    png, pdf, data = st.columns(3)
    png.download_button(
        "Handout (PNG)",
        lambda: handout_png(report, link),
        file_name=f"networking-radar-{stamp}.png",
        mime="image/png",
        on_click="ignore",
        key=f"png_{key}",
        use_container_width=True,
    )
    pdf.download_button(
        "Handout (PDF)",
        lambda: handout_pdf(report, link),
        file_name=f"networking-radar-{stamp}.pdf",
        mime="application/pdf",
        on_click="ignore",
        key=f"pdf_{key}",
        use_container_width=True,
    )
    data.download_button(
        "Result file (JSON)",
        lambda: to_json(report),
        file_name=f"networking-radar-{stamp}.json",
        mime="application/json",
        on_click="ignore",
        key=f"json_{key}",
        use_container_width=True,
    )


def show_comparison(first: Report, second: Report) -> None:
    names = (f"First ({first.created[:10]})", f"Second ({second.created[:10]})")
    series = ((names[0], tuple(first.scores)), (names[1], tuple(second.scores)))
    figure = radar_figure(tuple(first.titles), series)
    st.plotly_chart(figure, config=PLOTLY_CONFIG, theme=None)
    rows = differences(first, second)
    st.table(
        {
            "Part": [row.title for row in rows],
            "First": [_score_text(row.first) for row in rows],
            "Second": [_score_text(row.second) for row in rows],
            "Change": ["–" if row.change is None else f"{row.change:+.0f}" for row in rows],
        }
    )
