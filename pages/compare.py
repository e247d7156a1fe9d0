"""Compare: a result from the URL against one pasted as a link or uploaded as a file."""

import streamlit as st

import ui
import views
from networking_works.report import ReportError, parse_result_file, report_from_dict, result_token

first = ui.report_from_url()
if first is None:
    views.not_found(
        "There is nothing to compare yet",
        "Open this page from a result: finish the assessment, or open a shared result link.",
    )
    st.stop()

st.title("Compare two results")
st.write(
    "Before and after a workshop, or you and a friend: paste the link of a shared result "
    "or upload a result file you downloaded earlier."
)
with st.form("compare"):
    reference = st.text_input("Link or code of the other result", max_chars=300)
    upload = st.file_uploader("Or a result file (.json)", type=["json"])
    submitted = st.form_submit_button("Compare", type="primary", use_container_width=True)

if submitted:
    try:
        if upload is not None:
            second = parse_result_file(upload.getvalue())
        else:
            token = result_token(reference)
            found = ui.store().shared_result(token) if token else None
            if found is None:
                raise ReportError("no shared result has that link or code")
            second = report_from_dict(found)
        views.show_comparison(first, second)
    except ReportError as problem:
        st.error(f"That did not work: {problem}.")
