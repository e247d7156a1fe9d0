"""The private journal: before/after, changes per part, every result, reminder, export."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import streamlit as st

from networking_works import journal as journals
from networking_works.bank import Bank
from networking_works.charts import PLOTLY_CONFIG, Trend, trends
from networking_works.journal import Entry, change_text, changes, day_label, entry_date
from networking_works.reminder import DEFAULT_WEEKS, WEEKS, reminder_ics
from networking_works.report import Report, ReportError, matched_scores
from networking_works.store import Assessment, Journal
from networking_works.store.journals import holds
from networking_works.tokens import now
from web import actions, keys, resources, routes, urls
from web.screens.report import score_text, show_radar
from web.text import plain


def before_after_series(
    latest: Entry, previous: Entry, today: date
) -> tuple[tuple[str, tuple[float | None, ...]], ...]:
    """The latest radar over the previous one: "Now (…)" first, "Before (…)" dashed."""
    earlier = matched_scores(latest.report, previous.report)
    return (
        (f"Now ({day_label(entry_date(latest), today)})", tuple(latest.report.scores)),
        (f"Before ({day_label(entry_date(previous), today)})", earlier),
    )


def show_journal(token: str, journal: Journal, bank: Bank | None) -> None:
    entries = journal.entries
    today = now().date()
    st.title("Your networking journal")
    _private_link(token)
    if not entries:
        st.info("This journal has no results now. Retake the assessment to add one.")
    elif len(entries) == 1:
        st.info("Retake the assessment in a few weeks to see what changed.")
        show_radar(entries[0].report.titles, (("Score", tuple(entries[0].report.scores)),))
    else:
        _before_after(entries[-1], entries[-2], today)
    _retake(token, bank)
    if entries:
        _reminder(token, entries[-1].report)
        _every_result(entries, today)
        _plan(entries[-1].report)
    _files(token, journal)
    _remove(token, entries, today)
    _delete(token)


def _private_link(token: str) -> None:
    st.write(
        "This private link is the only way back to your journal: bookmark it or put the "
        "reminder below in your calendar. Anyone with it can see and delete your journal; "
        "the app keeps only a fingerprint of it, so it cannot show it again elsewhere."
    )
    st.code(urls.link(routes.JOURNAL, journal=token), language=None, wrap_lines=True)


def _before_after(latest: Entry, previous: Entry, today: date) -> None:
    st.subheader("Before and after")
    show_radar(latest.report.titles, before_after_series(latest, previous, today))
    since = entry_date(previous)
    lines = [change_text(c, since, today) for c in changes(previous.report, latest.report)]
    st.markdown("\n".join(f"- {plain(line)}" for line in lines))


def _retake(token: str, bank: Bank | None) -> None:
    if bank is None:
        st.warning("This journal's question bank is not on this server, so it cannot be retaken.")
        return
    if st.button(
        "Retake the assessment", type="primary", use_container_width=True, key=keys.JOURNAL_RETAKE
    ) and not actions.retake(token):
        st.error("This journal is no longer stored, so the retake could not start.")


def _reminder(token: str, latest: Report) -> None:
    st.subheader("A reminder to retake it")
    weeks = st.selectbox(
        "Remind me in",
        WEEKS,
        index=WEEKS.index(DEFAULT_WEEKS),
        format_func=lambda n: f"{n} weeks",
        key=keys.JOURNAL_REMINDER_WEEKS,
    )
    plans = [f"{item.part_title}: {item.text}" for item in latest.plan]
    link = urls.link(routes.JOURNAL, journal=token)
    st.download_button(
        "Add the reminder to my calendar (.ics)",
        lambda: reminder_ics(plans, link, now(), weeks),
        file_name="networking-retake-reminder.ics",
        mime="text/calendar",
        on_click="ignore",
        use_container_width=True,
        key=keys.JOURNAL_REMINDER,
    )
    st.caption(
        "No email needed: your phone's calendar reminds you. The event's notes hold your "
        "plan and this private link, so keep the calendar private too."
    )


def _every_result(entries: Sequence[Entry], today: date) -> None:
    st.subheader(f"Every result ({len(entries)})")
    st.table(
        {
            "Date": [day_label(entry_date(e), today) for e in entries],
            "Overall": [score_text(e.report.overall) for e in entries],
            "Needs the most work": [", ".join(e.report.weakest) or "–" for e in entries],
        }
    )
    if len(entries) > 1:
        st.subheader("Each part over time")
        labels = [f"{d.day} {d:%b}" for d in (entry_date(e) for e in entries)]
        charts = [Trend(t.title, labels, t.scores) for t in journals.trends(list(entries))]
        st.plotly_chart(trends(charts), config=PLOTLY_CONFIG, theme=None, key="journal_trends")


def _plan(latest: Report) -> None:
    if not latest.plan:
        return
    st.subheader("Your plan from the latest result")
    for number, item in enumerate(latest.plan, 1):
        st.write(f"{number}. {plain(item.text)}  \n*{plain(item.part_title)}*")


def _files(token: str, journal: Journal) -> None:
    st.subheader("Take it with you")
    st.download_button(
        "Download the whole journal (JSON)",
        lambda: journals.to_json(journal.entries),
        file_name="networking-journal.json",
        mime="application/json",
        on_click="ignore",
        use_container_width=True,
        key=keys.JOURNAL_EXPORT,
    )
    st.caption(
        "The file holds every result as shown (never your answers). Upload it on the "
        f"journal page of another server to move your journal there. Kept here until "
        f"{journal.expires_at:%d %B %Y}, a year after its last new result."
    )


def _remove(token: str, entries: Sequence[Entry], today: date) -> None:
    if not entries:
        return
    with st.expander("Remove one result"):
        names = {
            e.id: f"{day_label(entry_date(e), today)}, {e.added:%H:%M} UTC · overall "
            f"{score_text(e.report.overall)}"
            for e in entries
        }
        chosen = st.selectbox(
            "Result", list(names), format_func=names.__getitem__, key=keys.JOURNAL_REMOVE_WHICH
        )
        if st.button("Remove this result", key=keys.JOURNAL_REMOVE) and chosen is not None:
            actions.remove_journal_entry(token, chosen)
            st.rerun()


def _delete(token: str) -> None:
    with st.expander("Delete this journal"):
        st.write("Deletes the journal and every result in it, at once. This cannot be undone.")
        sure = st.checkbox("Yes, delete my journal", key=keys.JOURNAL_DELETE_SURE)
        if st.button("Delete journal", disabled=not sure, key=keys.JOURNAL_DELETE):
            actions.delete_journal(token)
            st.success("Your journal is deleted.")
            st.stop()


def show_import(message: str | None = None) -> None:
    """No journal in the URL: how to open one, or start one from an exported file."""
    st.title("Your networking journal")
    if message is not None:
        st.warning(message)
    st.write(
        "Your journal opens with its private link. Moving from another server? Upload the "
        "journal file you downloaded there: a new journal with its results starts here."
    )
    with st.form("journal_import"):
        upload = st.file_uploader(
            "Journal file (.json)", type=["json"], key=keys.JOURNAL_IMPORT_FILE
        )
        submitted = st.form_submit_button(
            "Start a journal from this file", use_container_width=True, key=keys.JOURNAL_IMPORT
        )
    if submitted and upload is not None:
        try:
            actions.import_journal(upload.getvalue())
        except ReportError as problem:
            st.error(f"That did not work: {problem}.")
            return
        st.rerun()


def show_journal_offer(assessment: Assessment, report: Report) -> None:
    """On a finished result: this result's journal, or the offer to keep one."""
    journal = urls.query().journal
    st.subheader("Your journal")
    if holds(journal, assessment.journal_id):
        st.success("This result is in your journal, next to your earlier ones.")
        st.page_link(
            routes.JOURNAL.file,
            label="Open my journal",
            query_params=urls.params(journal=journal or ""),
            use_container_width=True,
        )
        return
    if assessment.journal_id is not None or resources.store().journals.in_journal(assessment.token):
        st.info("This result is in a journal: open it with your private journal link.")
        return
    st.write(
        "Keep a private journal: it collects this result and every retake you make from "
        "it, so you can see what changed. No account, no email: you get a private link."
    )
    if st.button("Keep a journal", use_container_width=True, key=keys.KEEP_JOURNAL):
        refused = actions.keep_journal(assessment, report)
        if refused:
            st.warning(refused)
