"""Results: your own (?a=) or a shared one (?r=), with sharing and retake."""

import streamlit as st

import room_views
import ui
import views
from web import keys

shared_token = st.query_params.get("r")
if shared_token is not None:
    views.show_shared_result(shared_token, st.query_params.get("delete"))
    st.stop()

assessment = ui.assessment_or_stop()
if assessment.stage != "done":
    ui.go(assessment.stage, assessment.token)
report = ui.own_report(assessment)

st.title("Your networking radar")
views.show_report(report)
room_views.show_participant_room(assessment, report)

st.divider()
st.subheader("Keep or send your result")
st.write(
    "Your answers stay private. Sharing stores only the result shown above and gives you "
    "a link to send; you also get a private link that deletes it again."
)
if st.button("Share my result", type="primary", use_container_width=True, key=keys.SHARE):
    st.session_state[f"shared_{assessment.token}"] = ui.store().share_result(report.to_dict())
if f"shared_{assessment.token}" in st.session_state:
    views.show_share_links(*st.session_state[f"shared_{assessment.token}"])
views.show_exports(report, assessment.token)
st.page_link(
    ui.PAGES["compare"], label="Compare with another result", query_params={"a": assessment.token}
)
if st.button("Retake the assessment", use_container_width=True, key=keys.RETAKE):
    ui.go("definition", ui.store().start_assessment(assessment.bank_id))
