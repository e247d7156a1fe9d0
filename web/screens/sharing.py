"""A result's links and files: share links, the public result page, deletion, downloads."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from networking_works.handout import WORDS as HANDOUT_WORDS
from networking_works.handout import handout_png
from networking_works.handout_pdf import handout_pdf
from networking_works.report import Report, ReportError, report_from_dict, to_json
from networking_works.store import Assessment, Standing
from networking_works.store.results import DEFAULT_SHARE_TTL, SHARE_LIFETIMES
from web import actions, i18n, keys, links, resources, routes, state, urls
from web.head import shared_title
from web.i18n import _, ngettext
from web.lookups import not_found
from web.screens.report import show_report


def with_chosen_before(standing: Standing, report: Report) -> Report:
    """The report to share and hand out: with the before/after radar if the person asks.

    Offered only for a result kept in a journal after an earlier one.
    """
    previous = standing.previous
    if previous is None:
        return report
    day = i18n.day(previous.report.created)
    if st.checkbox(
        _(
            "Show my before/after radar (with my result of {day}) in the shared result and "
            "the handout"
        ).format(day=day),
        key=keys.SHARE_BEFORE,
    ):
        return report.with_before(previous.report)
    return report


def show_sharing(assessment: Assessment, report: Report) -> str | None:
    """Share once: the links (this tab made them), the public link again, or the offer.

    Returns the public token of the live shared result, if any (read once per run).
    """
    payload = report.to_dict()
    public = resources.store().results.shared_by(assessment.token)
    made = False
    if state.shared_links(assessment.token) is None:
        if public is None:
            lives = _lifetime()
            if st.button(
                _("Share my result"), type="primary", use_container_width=True, key=keys.SHARE
            ):
                refused = actions.share(assessment, payload, lives)
                if refused is not None:
                    st.error(refused)
                made = refused is None
        else:
            lives_again = _offer_new_links(public)
            if lives_again is not None:
                refused = actions.renew_share(assessment, payload, lives_again)
                if refused is not None:
                    st.error(refused)
                made = refused is None
    links = state.shared_links(assessment.token)
    if links is not None:
        show_share_links(*links)
    return links[0] if made and links is not None else public


def _lifetime() -> timedelta:
    chosen = st.selectbox(
        _("Keep the shared result for"),
        SHARE_LIFETIMES,
        index=SHARE_LIFETIMES.index(DEFAULT_SHARE_TTL),
        format_func=_days,
        key=keys.SHARE_LIFETIME,
    )
    # Streamlit hands back any text a client sends that is not an option: only offered ones.
    return chosen if chosen in SHARE_LIFETIMES else DEFAULT_SHARE_TTL


def _days(lives: timedelta) -> str:
    return ngettext("{count} day", "{count} days", lives.days).format(count=lives.days)


def _offer_new_links(public: str) -> timedelta | None:
    """The live shared result's public link; the new lifetime when new links are asked."""
    st.info(_("You have shared this result. Its public link:"))
    st.code(urls.link(links.result(public)), language=None, wrap_lines=True)
    st.write(
        _(
            "The private link that deletes it was shown once, when you shared it. Lost it? "
            "Make new links: the old public link and the old delete link stop working."
        )
    )
    lives = _lifetime()
    asked = st.button(_("Make a new link"), use_container_width=True, key=keys.SHARE_AGAIN)
    return lives if asked else None


def show_share_links(token: str, delete_token: str) -> None:
    expires = resources.store().results.expires_at(token)
    if expires is None:
        shared = _("Your result is shared. Anyone with this link can see it (never your answers):")
    else:
        shared = _(
            "Your result is shared until {day}. Anyone with this link can see it "
            "(never your answers):"
        ).format(day=i18n.day(expires))
    st.success(shared)
    st.code(urls.link(links.result(token)), language=None, wrap_lines=True)
    st.write(_("Keep this private link to delete the shared result whenever you like:"))
    private = urls.link(links.delete_result(token, delete_token))
    st.code(private, language=None, wrap_lines=True)


def show_shared_result(token: str, delete_token: str | None) -> None:
    try:
        report = report_from_dict(resources.store().results.get(token))
    except ReportError:
        st.set_page_config(page_title=shared_title(False))
        not_found(
            _("This result is not here"),
            _(
                "The link is unknown or incomplete, or its owner deleted the result. "
                "Check that you copied the whole link."
            ),
        )
    if delete_token is None:  # a delete link keeps the generic title (web/head.py)
        st.set_page_config(page_title=shared_title(True))
    else:
        _offer_delete(token, delete_token)
    st.title(_("A networking radar"))
    show_report(report)
    st.divider()
    show_exports(report, urls.link(links.result(token)))
    st.page_link(
        routes.COMPARE.file,
        label=_("Compare with another result"),
        query_params=urls.in_app(links.compare_shared(token)),
    )
    if st.button(_("Take the assessment yourself"), type="primary"):
        urls.go_home()


def _offer_delete(token: str, delete_token: str) -> None:
    with st.container(border=True):
        st.write(_("This is your private link. Deleting removes the shared result for everyone."))
        if st.button(_("Delete this shared result")):
            if resources.store().results.delete(token, delete_token):
                urls.set_query(links.result(token))
                st.rerun()
            st.error(_("This delete link does not match the result, so nothing was deleted."))


def handout_link(public: str | None) -> str:
    """Where a person's own handout leads: their shared result ``public``, else the app
    (never ``?a=``)."""
    return urls.link(links.home() if public is None else links.result(public))


def show_exports(report: Report, link: str) -> None:
    """Handout and JSON downloads leading to ``link``; files are only built on a click.

    One result's downloads per page, so their keys are fixed: a key is part of the
    element's id and CSS class, and a private token must not be (issue 23, L7)."""
    lang = resources.languages().get(report.bank_id, "en")
    hw = i18n.words(HANDOUT_WORDS, lang)  # the handout speaks the result's language
    stamp = report.created[:10]
    files = (
        (
            _("Handout (PNG)"),
            "png",
            "image/png",
            lambda: handout_png(report, link, hw),
            keys.DOWNLOAD_PNG,
        ),
        (
            _("Handout (PDF)"),
            "pdf",
            "application/pdf",
            lambda: handout_pdf(report, link, lang, hw),
            keys.DOWNLOAD_PDF,
        ),
        (
            _("Result file (JSON)"),
            "json",
            "application/json",
            lambda: to_json(report),
            keys.DOWNLOAD_JSON,
        ),
    )
    for column, (label, kind, mime, build, key) in zip(st.columns(3), files, strict=True):
        column.download_button(
            label,
            build,
            file_name=f"networking-radar-{stamp}.{kind}",
            mime=mime,
            on_click="ignore",
            key=key,
            use_container_width=True,
        )
