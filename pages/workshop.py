"""Run a workshop: create a room and get its code, QR code and private dashboard link."""

import streamlit as st

from networking_works.workshop import MAX_CAP, MAX_TITLE, RoomRefused
from web import actions, lookups, resources, routes, urls

if lookups.facilitated() is not None:
    query = urls.query()
    urls.go(routes.DASHBOARD, workshop=query.workshop or "", key=query.key or "")

st.title("Run a workshop")
st.write(
    "Create a room, show its QR code, and the people in front of you answer on their phones. "
    "Your dashboard shows the room's radar once you reveal it. Participants stay anonymous "
    "unless they choose a nickname."
)
found = resources.banks()
asks_passphrase = resources.setting("NW_FACILITATOR_PASSPHRASE") is not None
with st.form("create_workshop"):
    title = st.text_input("Title", max_chars=MAX_TITLE, placeholder="Job club, 3 March")
    bank_id = st.selectbox(
        "Question bank", list(found.by_id), format_func=lambda i: found.by_id[i].title
    )
    paced = st.radio(
        "Pacing",
        [False, True],
        format_func=lambda p: "You open the six parts one at a time" if p else "Self-paced",
    )
    cap = st.number_input("Participant limit (0 for none)", min_value=0, max_value=MAX_CAP, step=10)
    given = st.text_input("Facilitator passphrase", type="password") if asks_passphrase else ""
    create = st.form_submit_button("Create workshop", type="primary", use_container_width=True)

if create:
    if not actions.passphrase_accepted(given):
        st.error("That passphrase is not right.")
        st.stop()
    try:
        actions.create_workshop(title, bank_id, paced, cap)
    except RoomRefused as problem:
        st.error(f"The room was not created: {problem}.")
        st.stop()
    st.rerun()
