"""The questions: one part per step in a form; Back keeps answers, Next checks them."""

import streamlit as st

import room_views
import ui
from networking_works.scoring import NOT_APPLICABLE
from web import keys

assessment = ui.assessment_or_stop()
if assessment.stage != "questions":
    ui.go("definition" if assessment.stage == "definition" else "results", assessment.token)
bank = ui.bank_or_stop(assessment.bank_id)
step = min(assessment.step, len(bank.parts) - 1)
part = bank.parts[step]
room_views.wait_if_paused(assessment, step)
options = [1, 2, 3, 4, 5, NOT_APPLICABLE]
labels = {
    **dict(zip(options, bank.scale.labels, strict=False)),
    NOT_APPLICABLE: bank.scale.not_applicable,
}


def submit(direction: int) -> None:
    answers = dict(assessment.answers)
    for s in part.statements:
        value = st.session_state.get(keys.statement(s.id))
        if value is not None:
            answers[s.id] = value
    missing = [i for i, s in enumerate(part.statements, 1) if s.id not in answers]
    st.session_state["missing"] = missing if direction > 0 else []
    if direction > 0 and missing:
        target, stage = step, "questions"
    elif direction > 0 and step + 1 == len(bank.parts):
        target, stage = 0, "done"
    elif direction < 0 and step == 0:
        target, stage = len(bank.parts) - 1, "definition"
    else:
        target, stage = max(step + direction, 0), "questions"
    ui.store().save_progress(assessment.token, stage, target, answers)
    if stage == "done":
        ui.finish_in_room(assessment, answers)


st.caption(f"Part {step + 1} of {len(bank.parts)}")
st.progress(step / len(bank.parts))
st.header(ui.plain(part.title))
st.write(ui.plain(part.summary))
missing = st.session_state.get("missing", [])
if missing:
    numbers = ", ".join(str(n) for n in missing)
    st.warning(f"Please answer statement {numbers} before moving on.", icon="✋")

with st.form(f"part_{part.id}", border=False):
    for number, statement in enumerate(part.statements, 1):
        st.pills(
            f"{number}. {ui.plain(statement.text)}",
            options,
            format_func=labels.__getitem__,
            default=assessment.answers.get(statement.id),
            key=keys.statement(statement.id),
        )
        if number in missing:
            st.caption(":orange[Not answered yet]")
    back, forward = st.columns(2)
    back.form_submit_button(
        "Back", on_click=submit, args=(-1,), use_container_width=True, key=keys.QUESTIONS_BACK
    )
    label = "See my results" if step + 1 == len(bank.parts) else "Next"
    forward.form_submit_button(
        label,
        type="primary",
        on_click=submit,
        args=(1,),
        use_container_width=True,
        key=keys.QUESTIONS_NEXT,
    )
