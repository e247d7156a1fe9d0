"""Streamlit glue shared by the pages: resources built once per server, URL state, rendering.

The core package never imports streamlit; this module is the only place
that knows both.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import streamlit as st

from networking_works.bank import Bank, BankError, load_bank
from networking_works.charts import PLOTLY_CONFIG, Series, radar
from networking_works.report import Report, ReportError, report_from_dict
from networking_works.store import Assessment, Store, default_url

ROOT = Path(__file__).resolve().parent
DEFAULT_BANK = "networking"
PAGES = {
    "welcome": "pages/welcome.py",
    "definition": "pages/definition.py",
    "questions": "pages/questions.py",
    "results": "pages/results.py",
}
# Inline Markdown, HTML, LaTeX and emoji/colour directives anywhere; list and
# heading markers only where they start a line (escaping every "." would leak
# backslashes into screen readers' labels).
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>#|~$:&])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+=])", re.MULTILINE)


@dataclass(frozen=True)
class Banks:
    by_id: dict[str, Bank]
    problems: list[str]


def _setting(name: str) -> str | None:
    if os.environ.get(name):
        return os.environ[name]
    try:
        value = st.secrets.get(name)
    except Exception:  # no secrets file at all is the normal case
        return None
    return str(value) if value else None


@st.cache_resource
def store() -> Store:
    url = _setting("DATABASE_URL") or default_url(os.environ.get("NW_DATA_DIR", ROOT / "data"))
    return Store(url)


@st.cache_resource
def banks() -> Banks:
    folder = Path(os.environ.get("NW_QUESTIONS_DIR", ROOT / "questions"))
    by_id: dict[str, Bank] = {}
    problems: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            bank = load_bank(path)
        except BankError as exc:
            problems += [str(p) for p in exc.problems]
            continue
        by_id.setdefault(bank.id, bank)
    return Banks(by_id, problems)


def bank_or_stop(bank_id: str = DEFAULT_BANK) -> Bank:
    """The bank, or a clear message for the person running the app, and stop."""
    found = banks()
    if bank_id in found.by_id:
        return found.by_id[bank_id]
    st.error("This assessment is not available right now: its question bank could not be loaded.")
    if found.problems:
        st.caption("What the app found (for whoever runs it):")
        st.text("\n".join(found.problems[:20]))
    st.stop()


def plain(text: str) -> str:
    """Text shown exactly as written: Markdown and HTML characters escaped."""
    escaped = _MARKDOWN_INLINE.sub(r"\\\1", text)
    escaped = _MARKDOWN_LINE_START.sub(_escape_marker, escaped)
    return escaped.replace("\n", "  \n")


def _escape_marker(match: re.Match[str]) -> str:
    if match.group(2) is not None:
        return f"{match.group(1)}{match.group(2)}\\{match.group(3)}"
    return f"{match.group(4)}\\{match.group(5)}"


def assessment_or_stop() -> Assessment:
    """The assessment named by ``?a=`` in the URL, or a friendly way back."""
    found = store().assessment(st.query_params.get("a"))
    if found is None:
        st.title("We could not find your answers")
        st.write(
            "This link is unknown, incomplete or has expired. "
            "Unfinished answers are kept for a week."
        )
        if st.button("Start a new assessment", type="primary"):
            st.query_params.clear()
            st.switch_page(PAGES["welcome"])
        st.stop()
    return found


def go(page: str, token: str) -> None:
    st.switch_page(PAGES[page], query_params={"a": token})


def show_radar(report: Report, others: list[tuple[str, Report]] | None = None) -> None:
    series = [Series("You" if others else "Score", report.scores)]
    series += [Series(name, other.scores) for name, other in others or []]
    figure = radar(report.titles, series)
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


def app_url(page: str = "", **params: str) -> str:
    """An absolute link into this app, as the person's browser sees it."""
    base = _setting("PUBLIC_URL")
    if not base:
        current = urlsplit(st.context.url or "http://localhost:8501/")
        path = current.path.rstrip("/")
        last = path.rsplit("/", 1)[-1]
        if last in PAGES:
            path = path[: -len(last) - 1]
        base = f"{current.scheme}://{current.netloc}{path}"
    query = f"?{urlencode(params)}" if params else ""
    return f"{base.rstrip('/')}/{page}{query}"


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
        f"{plain(report.bank_title)} · question bank version {plain(report.bank_version)} · "
        f"{plain(report.created[:10])}"
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
