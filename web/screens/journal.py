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
from networking_works.reminder import WORDS as REMINDER_WORDS
from networking_works.report import Report, ReportError, matched_scores
from networking_works.store import Assessment, Journal, Standing
from networking_works.store.journals import holds
from networking_works.tokens import now
from web import actions, i18n, keys, links, routes, urls
from web.i18n import _, ngettext, words
from web.screens.report import score_text, show_radar
from web.text import plain


def before_after_series(
    latest: Entry, previous: Entry, today: date
) -> tuple[tuple[str, tuple[float | None, ...]], ...]:
    """The latest radar over the previous one: "Now (…)" first, "Before (…)" dashed."""
    earlier = matched_scores(latest.report, previous.report)
    now_day, before_day = (day(entry_date(e), today) for e in (latest, previous))
    return (
        (_("Now ({day})").format(day=now_day), tuple(latest.report.scores)),
        (_("Before ({day})").format(day=before_day), earlier),
    )


def day(at: date, today: date) -> str:
    """A journal's date in this run's language ("2 novembre"; the year if not this one)."""
    return day_label(at, today, i18n.language())


def show_journal(token: str, journal: Journal, bank: Bank | None) -> None:
    entries = journal.entries
    today = now().date()
    st.title(_("Your networking journal"))
    _private_link(token)
    if not entries:
        st.info(_("This journal has no results now. Retake the assessment to add one."))
    elif len(entries) == 1:
        st.info(_("Retake the assessment in a few weeks to see what changed."))
        show_radar(entries[0].report.titles, ((_("Score"), tuple(entries[0].report.scores)),))
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
        _(
            "This private link is the only way back to your journal: bookmark it or put the "
            "reminder below in your calendar. Anyone with it can see and delete your journal; "
            "the app keeps only a fingerprint of it, so it cannot show it again elsewhere."
        )
    )
    st.code(urls.link(links.journal(token)), language=None, wrap_lines=True)


def _before_after(latest: Entry, previous: Entry, today: date) -> None:
    st.subheader(_("Before and after"))
    show_radar(latest.report.titles, before_after_series(latest, previous, today))
    since = entry_date(previous)
    language = i18n.language()
    lines = [
        i18n.explain(change_text(c, since, today, language))
        for c in changes(previous.report, latest.report)
    ]
    st.markdown("\n".join(f"- {plain(line)}" for line in lines))


def _retake(token: str, bank: Bank | None) -> None:
    if bank is None:
        st.warning(
            _("This journal's question bank is not on this server, so it cannot be retaken.")
        )
        return
    if st.button(
        _("Retake the assessment"),
        type="primary",
        use_container_width=True,
        key=keys.JOURNAL_RETAKE,
    ) and not actions.retake(token):
        st.error(_("This journal is no longer stored, so the retake could not start."))


def _reminder(token: str, latest: Report) -> None:
    st.subheader(_("A reminder to retake it"))
    weeks = st.selectbox(
        _("Remind me in"),
        WEEKS,
        index=WEEKS.index(DEFAULT_WEEKS),
        format_func=lambda n: ngettext("{weeks} week", "{weeks} weeks", n).format(weeks=n),
        key=keys.JOURNAL_REMINDER_WEEKS,
    )
    plans = [f"{item.part_title}: {item.text}" for item in latest.plan]
    link = urls.link(links.journal(token))
    st.download_button(
        _("Add the reminder to my calendar (.ics)"),
        lambda: reminder_ics(plans, link, now(), weeks, words(REMINDER_WORDS)),
        file_name="networking-retake-reminder.ics",
        mime="text/calendar",
        on_click="ignore",
        use_container_width=True,
        key=keys.JOURNAL_REMINDER,
    )
    st.caption(
        _(
            "No email needed: your phone's calendar reminds you. The event's notes hold your "
            "plan and this private link, so keep the calendar private too."
        )
    )


def _every_result(entries: Sequence[Entry], today: date) -> None:
    st.subheader(_("Every result ({count})").format(count=i18n.number(len(entries))))
    st.table(
        {
            _("Date"): [day(entry_date(e), today) for e in entries],
            _("Overall"): [score_text(e.report.overall) for e in entries],
            _("Needs the most work"): [", ".join(e.report.weakest) or "–" for e in entries],
        }
    )
    if len(entries) > 1:
        st.subheader(_("Each part over time"))
        labels = [i18n.day(entry_date(e), "d MMM") for e in entries]
        charts = [Trend(t.title, labels, t.scores) for t in journals.trends(list(entries))]
        st.plotly_chart(trends(charts), config=PLOTLY_CONFIG, theme=None, key="journal_trends")


def _plan(latest: Report) -> None:
    if not latest.plan:
        return
    st.subheader(_("Your plan from the latest result"))
    for number, item in enumerate(latest.plan, 1):
        st.write(f"{number}. {plain(item.text)}  \n*{plain(item.part_title)}*")


def _files(token: str, journal: Journal) -> None:
    st.subheader(_("Take it with you"))
    st.download_button(
        _("Download the whole journal (JSON)"),
        lambda: journals.to_json(journal.entries),
        file_name="networking-journal.json",
        mime="application/json",
        on_click="ignore",
        use_container_width=True,
        key=keys.JOURNAL_EXPORT,
    )
    st.caption(
        _(
            "The file holds every result as shown (never your answers). Upload it on the "
            "journal page of another server to move your journal there. Kept here until "
            "{day}, a year after its last new result."
        ).format(day=i18n.day(journal.expires_at))
    )


def _remove(token: str, entries: Sequence[Entry], today: date) -> None:
    if not entries:
        return
    with st.expander(_("Remove one result")):
        names = {
            e.id: _("{day}, {time} UTC · overall {score}").format(
                day=day(entry_date(e), today),
                time=f"{e.added:%H:%M}",
                score=score_text(e.report.overall),
            )
            for e in entries
        }
        chosen = st.selectbox(
            _("Result"), list(names), format_func=names.__getitem__, key=keys.JOURNAL_REMOVE_WHICH
        )
        if st.button(_("Remove this result"), key=keys.JOURNAL_REMOVE) and chosen is not None:
            actions.remove_journal_entry(token, chosen)
            st.rerun()


def _delete(token: str) -> None:
    with st.expander(_("Delete this journal")):
        st.write(_("Deletes the journal and every result in it, at once. This cannot be undone."))
        sure = st.checkbox(_("Yes, delete my journal"), key=keys.JOURNAL_DELETE_SURE)
        if st.button(_("Delete journal"), disabled=not sure, key=keys.JOURNAL_DELETE):
            actions.delete_journal(token)
            st.success(_("Your journal is deleted."))
            st.stop()


def show_import(message: str | None = None) -> None:
    """No journal in the URL: how to open one, or start one from an exported file."""
    st.title(_("Your networking journal"))
    if message is not None:
        st.warning(message)
    st.write(
        _(
            "Your journal opens with its private link. Moving from another server? Upload "
            "the journal file you downloaded there: a new journal with its results starts here."
        )
    )
    with st.form("journal_import"):
        upload = st.file_uploader(
            _("Journal file (.json)"), type=["json"], key=keys.JOURNAL_IMPORT_FILE
        )
        submitted = st.form_submit_button(
            _("Start a journal from this file"), use_container_width=True, key=keys.JOURNAL_IMPORT
        )
    if submitted and upload is not None:
        try:
            refused = actions.import_journal(upload.getvalue())
        except ReportError as problem:
            st.error(_("That did not work: {problem}.").format(problem=i18n.explain(problem)))
            return
        if refused is not None:
            st.error(refused)
            return
        st.rerun()


def show_journal_offer(assessment: Assessment, report: Report, standing: Standing) -> None:
    """On a finished result: this result's journal, or the offer to keep one."""
    journal = urls.query().journal
    st.subheader(_("Your journal"))
    if holds(journal, assessment.journal_id):
        st.success(_("This result is in your journal, next to your earlier ones."))
        st.page_link(
            routes.JOURNAL.file,
            label=_("Open my journal"),
            query_params=urls.in_app(links.journal(journal or "")),
            use_container_width=True,
        )
        return
    if assessment.journal_id is not None or standing.kept:
        st.info(_("This result is in a journal: open it with your private journal link."))
        return
    st.write(
        _(
            "Keep a private journal: it collects this result and every retake you make from "
            "it, so you can see what changed. No account, no email: you get a private link."
        )
    )
    if st.button(_("Keep a journal"), use_container_width=True, key=keys.KEEP_JOURNAL):
        refused = actions.keep_journal(assessment, report)
        if refused:
            st.warning(refused)
