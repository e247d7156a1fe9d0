"""Streamlit glue shared by the pages: resources built once per server, URL state, rendering.

The core package never imports streamlit; this module is the only place
that knows both.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import streamlit as st

from networking_works.bank import Bank, BankError, load_bank
from networking_works.diagnosis import matching_profiles
from networking_works.report import Report, ReportError, build_report, report_from_dict
from networking_works.rooms import Workshop
from networking_works.scoring import clean_answers, score
from networking_works.store import Assessment, Store, default_url, now

ROOT = Path(__file__).resolve().parent
DEFAULT_BANK = "networking"
PAGES = {
    "welcome": "pages/welcome.py",
    "definition": "pages/definition.py",
    "questions": "pages/questions.py",
    "results": "pages/results.py",
    "compare": "pages/compare.py",
    "workshop": "pages/workshop.py",
    "join": "pages/join.py",
    "dashboard": "pages/dashboard.py",
}
# Inline Markdown, HTML, LaTeX and emoji/colour directives anywhere; list and
# heading markers only where they start a line (escaping every "." would leak
# backslashes into screen readers' labels).
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>#|~$:&])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+=])", re.MULTILINE)
# GFM links bare URLs and e-mail addresses after escapes are resolved, so no backslash
# stops it; an invisible word joiner inside "://", "www." and before "@" does.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


@dataclass(frozen=True)
class Banks:
    by_id: dict[str, Bank]
    problems: list[str]


def setting(name: str) -> str | None:
    if os.environ.get(name):
        return os.environ[name]
    try:
        value = st.secrets.get(name)
    except Exception:  # no secrets file at all is the normal case
        return None
    return str(value) if value else None


@st.cache_resource
def store() -> Store:
    url = setting("DATABASE_URL") or default_url(os.environ.get("NW_DATA_DIR", ROOT / "data"))
    days = _positive("NW_UNFINISHED_DAYS", 7)
    hours = _positive("NW_WORKSHOP_HOURS", 24)
    return Store(url, unfinished_ttl=timedelta(days=days), workshop_ttl=timedelta(hours=hours))


def _positive(name: str, default: float) -> float:
    """A numeric setting; a typo falls back to the default instead of stopping the app."""
    try:
        value = float(setting(name) or default)
    except ValueError:
        return default
    return value if value > 0 else default


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
    escaped = _AUTOLINK.sub(WORD_JOINER, escaped)
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
            f"Unfinished answers are kept for {store().unfinished_ttl.days or 1} day(s) "
            "after the last step."
        )
        if st.button("Start a new assessment", type="primary"):
            st.query_params.clear()
            st.switch_page(PAGES["welcome"])
        st.stop()
    return found


def go(page: str, token: str) -> None:
    st.switch_page(PAGES[page], query_params={"a": token})


def app_url(page: str = "", **params: str) -> str:
    """An absolute link into this app, as the person's browser sees it."""
    base = setting("PUBLIC_URL")
    if not base:
        current = urlsplit(st.context.url or "http://localhost:8501/")
        path = current.path.rstrip("/")
        last = path.rsplit("/", 1)[-1]
        if last in PAGES:
            path = path[: -len(last) - 1]
        base = f"{current.scheme}://{current.netloc}{path}"
    query = f"?{urlencode(params)}" if params else ""
    return f"{base.rstrip('/')}/{page}{query}"


def own_report(assessment: Assessment) -> Report:
    bank = bank_or_stop(assessment.bank_id)
    return build_report(bank, clean_answers(bank, assessment.answers), now())


def report_from_url() -> Report | None:
    """The result named in the URL: a shared one (``?r=``) or your finished one (``?a=``)."""
    token = st.query_params.get("r")
    if token is not None:
        try:
            return report_from_dict(store().shared_result(token))
        except ReportError:
            return None
    found = store().assessment(st.query_params.get("a"))
    if found is None or found.stage != "done":
        return None
    return own_report(found)


def facilitated() -> Workshop | None:
    """The workshop whose facilitator link (``?w=…&k=…``) this URL carries, if genuine."""
    workshop_id, secret = st.query_params.get("w"), st.query_params.get("k")
    if workshop_id is None or secret is None:
        return None
    return store().facilitated_workshop(workshop_id, secret)


def finish_in_room(assessment: Assessment, answers: dict[str, int]) -> None:
    """Count a participant's finished answers in their workshop's room."""
    if assessment.workshop_id is None:
        return
    bank = banks().by_id.get(assessment.bank_id)
    if bank is None:
        return
    scores = score(bank, clean_answers(bank, answers))
    profiles = [p.name for p in matching_profiles(bank, scores)]
    store().record_completion(assessment.token, assessment.workshop_id, scores.as_dict(), profiles)
