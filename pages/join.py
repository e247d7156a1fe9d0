"""Join a workshop by code: anonymous by default, with an optional nickname."""

import streamlit as st

import ui
from networking_works.rooms import JoinRefused
from networking_works.workshop import MAX_NICKNAME, clean_nickname, normalize_code
from web import keys

given = st.query_params.get("code", "")
room = None
if normalize_code(given):
    room = ui.store().workshop_by_code(normalize_code(given))

st.title(ui.plain(room.title) if room else "Join a workshop")
if given and room is None:
    st.warning("There is no live workshop with that code. Check it with the speaker.")
st.write(
    "You will answer the same short assessment as everyone in the room. You stay anonymous: "
    "the room sees a made-up name unless you choose a nickname below."
)
with st.form("join"):
    code = st.text_input("Workshop code", value=given[:12], max_chars=12, key=keys.JOIN_CODE)
    nickname = st.text_input("Nickname (optional)", max_chars=MAX_NICKNAME, key=keys.JOIN_NICKNAME)
    join = st.form_submit_button(
        "Join", type="primary", use_container_width=True, key=keys.JOIN_SUBMIT
    )

if join:
    found = normalize_code(code)
    room = ui.store().workshop_by_code(found) if found else None
    if room is None:
        st.error("There is no live workshop with that code. Check it with the speaker.")
        st.stop()
    try:
        token = ui.store().join_workshop(room.id, clean_nickname(nickname))
    except JoinRefused as refusal:
        st.error(str(refusal))
        st.stop()
    ui.go("definition", token)
