"""Welcome: what this is, how long it takes, and one button to start."""

import streamlit as st

from web import actions, keys, lookups, routes, urls

bank = lookups.bank_or_stop()

st.title("Is networking not working for you?")
st.write(
    "Many job seekers go to a few events, send a few messages and conclude that "
    "networking is a waste of time. Usually one part of the work is being skipped. "
    "This short check finds out which one."
)
st.markdown(
    "- We walk through a six-part definition of networking.\n"
    "- You answer a few honest questions about what you actually did lately.\n"
    "- You get a radar chart of the six parts, what is holding you back, "
    "and three things to do this week."
)
st.caption(
    f"About five minutes · {len(bank.statements)} statements · no account, no email. "
    "Your answers stay private unless you choose to share your result."
)

if st.button("Start", type="primary", use_container_width=True, key=keys.START):
    actions.start(bank.id)

with st.expander("Joining a workshop? Enter its code"), st.form("join_code", border=False):
    code = st.text_input("Workshop code", max_chars=12)
    if st.form_submit_button("Go to the workshop"):
        urls.go(routes.JOIN, code=code)
st.page_link(routes.WORKSHOP.file, label="Running a workshop? Create a room")
