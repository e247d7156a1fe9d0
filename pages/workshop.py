"""Run a workshop: create a room and get its code, QR code and private dashboard link."""

import hmac

import streamlit as st

import ui
from networking_works.workshop import clean_nickname

if ui.facilitated() is not None:
    st.switch_page(ui.PAGES["dashboard"], query_params=st.query_params.to_dict())

st.title("Run a workshop")
st.write(
    "Create a room, show its QR code, and the people in front of you answer on their phones. "
    "Your dashboard shows the room's radar once you reveal it. Participants stay anonymous "
    "unless they choose a nickname."
)
found = ui.banks()
passphrase = ui.setting("NW_FACILITATOR_PASSPHRASE")
with st.form("create_workshop"):
    title = st.text_input("Title", max_chars=80, placeholder="Job club, 3 March")
    bank_id = st.selectbox(
        "Question bank", list(found.by_id), format_func=lambda i: found.by_id[i].title
    )
    paced = st.radio(
        "Pacing",
        [False, True],
        format_func=lambda p: "You open the six parts one at a time" if p else "Self-paced",
    )
    cap = st.number_input("Participant limit (0 for none)", min_value=0, max_value=5000, step=10)
    given = st.text_input("Facilitator passphrase", type="password") if passphrase else ""
    create = st.form_submit_button("Create workshop", type="primary", use_container_width=True)

if create:
    if passphrase and not hmac.compare_digest(given.encode(), passphrase.encode()):
        st.error("That passphrase is not right.")
        st.stop()
    name = clean_nickname(title, limit=80) or "Networking workshop"
    room, secret = ui.store().create_workshop(name, bank_id, paced, int(cap) or None)
    st.query_params.from_dict({"w": room.id, "k": secret})
    st.rerun()
