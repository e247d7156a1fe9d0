"""The definition, one part per step; skippable at any point."""

import streamlit as st

import ui
from web import keys

assessment = ui.assessment_or_stop()
bank = ui.bank_or_stop(assessment.bank_id)
store = ui.store()
step = min(assessment.step, len(bank.parts) - 1) if assessment.stage == "definition" else 0
part = bank.parts[step]


def move(to: int) -> None:
    if to >= len(bank.parts):
        store.save_progress(assessment.token, "questions", 0)
    else:
        store.save_progress(assessment.token, "definition", max(to, 0))


if assessment.stage != "definition":
    ui.go("questions" if assessment.stage == "questions" else "results", assessment.token)

st.caption(f"The definition · part {step + 1} of {len(bank.parts)}")
st.progress((step + 1) / len(bank.parts))
if step == 0:
    st.write(
        "Networking, in the sense used here, means deliberately building relationships "
        "that last for years, where each side gives something and both end up better off "
        "than they would be alone. That sentence has six parts."
    )
st.header(ui.plain(part.title))
st.markdown(f"**{ui.plain(part.summary)}**")
st.write(ui.plain(part.explanation))
if bank.credit:
    st.caption(ui.plain(bank.credit))

back, forward = st.columns(2)
back.button(
    "Back",
    on_click=move,
    args=(step - 1,),
    disabled=step == 0,
    use_container_width=True,
    key=keys.DEFINITION_BACK,
)
forward.button(
    "Next",
    type="primary",
    on_click=move,
    args=(step + 1,),
    use_container_width=True,
    key=keys.DEFINITION_NEXT,
)
st.button(
    "Skip to the questions",
    type="tertiary",
    on_click=move,
    args=(len(bank.parts),),
    key=keys.DEFINITION_SKIP,
)
