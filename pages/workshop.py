"""Run a workshop: create a room, then steer it from the remote and project its screen."""

import streamlit as st

from networking_works.workshop import MAX_CAP, MAX_TITLE
from web import actions, keys, lookups, resources, routes, urls

if lookups.facilitated() is not None:
    query = urls.query()
    urls.go(routes.CONTROL, workshop=query.workshop or "", key=query.key or "")

st.title("Run a workshop")
st.write(
    "Create a room and you get two links: a screen for the projector, which anyone may "
    "see, and a private remote for your phone or laptop. People answer on their phones "
    "and stay anonymous unless they choose a nickname."
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
    practice = st.checkbox(
        "Practice room: fill it with simulated answers to rehearse", key=keys.CREATE_PRACTICE
    )
    given = st.text_input("Facilitator passphrase", type="password") if asks_passphrase else ""
    create = st.form_submit_button("Create workshop", type="primary", use_container_width=True)

if create:
    refusal = actions.create_workshop(title, bank_id, paced, cap, practice is True, given)
    if refusal is not None:
        st.error(refusal)
        st.stop()
    st.rerun()
