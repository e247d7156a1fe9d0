"""A result's links and files: share links, the public result page, deletion, downloads."""

from __future__ import annotations

import streamlit as st

from networking_works.handout import handout_pdf, handout_png
from networking_works.report import Report, ReportError, report_from_dict, to_json
from web import resources, routes, urls
from web.lookups import not_found
from web.screens.report import show_report


def show_share_links(token: str, delete_token: str) -> None:
    st.success("Your result is shared. Anyone with this link can see it (never your answers):")
    st.code(urls.link(routes.RESULTS, result=token), language=None, wrap_lines=True)
    st.write("Keep this private link to delete the shared result whenever you like:")
    private = urls.link(routes.RESULTS, result=token, delete=delete_token)
    st.code(private, language=None, wrap_lines=True)


def show_shared_result(token: str, delete_token: str | None) -> None:
    try:
        report = report_from_dict(resources.store().results.get(token))
    except ReportError:
        not_found(
            "This result is not here",
            "The link is unknown or incomplete, or its owner deleted the result. "
            "Check that you copied the whole link.",
        )
    if delete_token is not None:
        _offer_delete(token, delete_token)
    st.title("A networking radar")
    show_report(report)
    st.divider()
    show_exports(report, token)
    st.page_link(
        routes.COMPARE.file,
        label="Compare with another result",
        query_params=urls.params(result=token),
    )
    if st.button("Take the assessment yourself", type="primary"):
        urls.go_home()


def _offer_delete(token: str, delete_token: str) -> None:
    with st.container(border=True):
        st.write("This is your private link. Deleting removes the shared result for everyone.")
        if st.button("Delete this shared result"):
            if resources.store().results.delete(token, delete_token):
                urls.set_query(result=token)
                st.rerun()
            st.error("This delete link does not match the result, so nothing was deleted.")


def show_exports(report: Report, key: str) -> None:
    """Handout and JSON downloads; files are only built when someone clicks."""
    link = urls.link()
    stamp = report.created[:10]
    files = (
        ("Handout (PNG)", "png", "image/png", lambda: handout_png(report, link)),
        ("Handout (PDF)", "pdf", "application/pdf", lambda: handout_pdf(report, link)),
        ("Result file (JSON)", "json", "application/json", lambda: to_json(report)),
    )
    for column, (label, kind, mime, build) in zip(st.columns(3), files, strict=True):
        column.download_button(
            label,
            build,
            file_name=f"networking-radar-{stamp}.{kind}",
            mime=mime,
            on_click="ignore",
            key=f"{kind}_{key}",
            use_container_width=True,
        )
