"""Compare: a result from the URL against one pasted as a link or uploaded as a file."""

import streamlit as st

from networking_works.messages import N_
from networking_works.report import Report, ReportError, parse_result_file, report_from_dict
from web import i18n, lookups, resources, urls
from web.i18n import _
from web.screens.report import show_comparison

first = lookups.report_from_url()
if first is None:
    lookups.not_found(
        _("There is nothing to compare yet"),
        _("Open this page from a result: finish the assessment, or open a shared result link."),
    )

st.title(_("Compare two results"))
st.write(
    _(
        "Before and after a workshop, or you and a friend: paste the link of a shared result "
        "or upload a result file you downloaded earlier."
    )
)
with st.form("compare"):
    reference = st.text_input(_("Link or code of the other result"), max_chars=300)
    upload = st.file_uploader(_("Or a result file (.json)"), type=["json"])
    submitted = st.form_submit_button(_("Compare"), type="primary", use_container_width=True)


def other_result() -> Report:
    if upload is not None:
        return parse_result_file(upload.getvalue())
    token = urls.result_in(reference)
    found = resources.store().results.get(token) if token else None
    if found is None:
        raise ReportError(N_("no shared result has that link or code"))
    return report_from_dict(found)


if submitted:
    try:
        show_comparison(first, other_result())
    except ReportError as problem:
        st.error(_("That did not work: {problem}.").format(problem=i18n.explain(problem)))
