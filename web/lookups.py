"""What the URL names, found in the store: or a friendly page and a stop."""

from __future__ import annotations

import logging
from typing import NoReturn

import streamlit as st

from networking_works.bank import Bank
from networking_works.languages import supported
from networking_works.progress import Stage
from networking_works.report import Report, ReportError, build_report, report_from_dict
from networking_works.scoring import clean_answers
from networking_works.store import Assessment, Workshop
from networking_works.tokens import now
from networking_works.workshop import normalize_code
from web import i18n, links, resources, state, urls
from web.i18n import _, ngettext
from web.resources import DEFAULT_BANK

_log = logging.getLogger(__name__)


def bank_or_stop(bank_id: str = DEFAULT_BANK, language: bool = False) -> Bank:
    """The bank, or a clear message for the person running the app, and stop.

    With ``language``, its translation into this run's language where there is one.
    """
    found = resources.banks()
    if language:
        bank_id = found.in_language(bank_id, i18n.language())
    bank = resources.bank(bank_id)
    if bank is not None:
        return bank
    # What is wrong (file paths included) is for whoever runs the app: the server log.
    _log.error("question bank %r is not loaded; problems: %s", bank_id, found.problems[:20])
    st.error(
        _("This assessment is not available right now: this question bank could not be loaded.")
    )
    st.stop()


def assessment_or_stop() -> Assessment:
    """The assessment named by the URL, or a friendly way back.

    A press this tab made that saved nothing (another tab saved first, or the link
    expired) is explained here, on the page the rerun shows.
    """
    refused = state.refused_save()
    found = resources.store().assessments.get(urls.query().assessment)
    if found is None:
        _no_answers_page(refused)
    if found.removed:
        st.title(_("You are no longer in this workshop"))
        st.write(
            _(
                "The speaker took you out of this workshop, so your answers no longer count "
                "in the room. You are welcome to take the assessment on your own."
            )
        )
        if st.button(_("Start on my own"), type="primary"):
            urls.go_home()
        st.stop()
    if refused is not None:
        st.warning(refused, icon="🔄")
    return found


def _no_answers_page(refused: str | None) -> NoReturn:
    days = resources.store().unfinished_ttl.days or 1
    st.title(_("We could not find your answers"))
    if refused is not None:
        st.error(refused)
    explained = ngettext(
        "This link is unknown, incomplete or has expired. Unfinished answers are kept for "
        "{days} day after the last step; a workshop's answers end with the workshop.",
        "This link is unknown, incomplete or has expired. Unfinished answers are kept for "
        "{days} days after the last step; a workshop's answers end with the workshop.",
        days,
    )
    st.write(explained.format(days=days))
    if st.button(_("Start a new assessment"), type="primary"):
        urls.go_home()
    st.stop()


def solo_or_stop(assessment: Assessment) -> None:
    """A workshop's assessment is walked on the audience pages, at the speaker's pace,
    never here; only its finished result opens on the results page (the full result)."""
    if assessment.workshop_id is None:
        return
    room = resources.store().recent.workshop(assessment.workshop_id)
    st.title(_("These answers belong to a workshop"))
    st.write(_("Carry on with them on the workshop's own page, at the speaker's pace."))
    if room is not None:  # that phone's seat in the room brings it back to its place
        st.link_button(_("Open the workshop"), urls.link(links.join(room.code)), type="primary")
    st.stop()


def own_report(assessment: Assessment) -> Report:
    bank = bank_or_stop(assessment.bank_id)
    return build_report(bank, clean_answers(bank, assessment.answers), now())


def report_from_url() -> Report | None:
    """The result named in the URL: a shared one, else the person's own finished one."""
    query = urls.query()
    if query.result is not None:
        try:
            return report_from_dict(resources.store().results.get(query.result))
        except ReportError:
            return None
    found = resources.store().assessments.get(query.assessment)
    if found is None or found.stage is not Stage.DONE:
        return None
    return own_report(found)


def facilitated() -> Workshop | None:
    """The workshop whose facilitator link this URL carries, if genuine.

    Its remote speaks the room's language (the bank's), as its projected screen does,
    unless the URL chose one (``?lang=``, the language switch).
    """
    query = urls.query()
    if query.workshop is None or query.key is None:
        return None
    room = resources.store().workshops.facilitated(query.workshop, query.key)
    if room is not None and supported(query.lang) is None:  # the switch's choice stays
        i18n.use(resources.language_of(room.bank_id))  # else the room's language
    return room


def screen_room() -> Workshop | None:
    """The room whose public screen link this is (by its join code)."""
    code = normalize_code(urls.query().code)
    room = resources.store().workshops.by_code(code) if code else None
    if room is not None:
        i18n.use(resources.language_of(room.bank_id))  # the room's language
    return room


def not_found(title: str, message: str) -> NoReturn:
    """A dead end explained, with the way to start afresh."""
    st.title(title)
    st.write(message)
    if st.button(_("Take the assessment yourself"), type="primary"):
        urls.go_home()
    st.stop()
