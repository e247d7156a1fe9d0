"""The walk-through's screens: one part of the definition, one part's statements."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from networking_works import walk_text
from networking_works.bank import Bank, Part
from networking_works.progress import Direction
from networking_works.scoring import ANSWER_OPTIONS, NOT_APPLICABLE
from networking_works.walk_text import COUNT_HELP, COUNT_LABEL
from web import keys
from web.i18n import _, ngettext
from web.text import plain

Press = Callable[[Direction], None]


def definition(bank: Bank) -> str:
    """The bank's definition and its number of parts, in this run's language."""
    return walk_text.definition(bank, ngettext)


def show_definition_part(bank: Bank, step: int, press: Press, disabled: bool = False) -> None:
    """One screen of the definition (``disabled``: a preview, nothing can be pressed)."""
    part = bank.parts[step]
    st.caption(
        _("The definition · part {number} of {count}").format(
            number=step + 1, count=len(bank.parts)
        )
    )
    st.progress((step + 1) / len(bank.parts))
    if step == 0:
        if bank.introduction:
            st.write(plain(bank.introduction))
        st.write(plain(definition(bank)))
    st.header(plain(part.title))
    st.markdown(f"**{plain(part.summary)}**")
    st.write(plain(part.explanation))
    if bank.credit:
        st.caption(plain(bank.credit))
    back, forward = st.columns(2)
    with back:
        _button(
            _("Back"), Direction.BACK, keys.DEFINITION_BACK, press, disabled=disabled or step == 0
        )
    with forward:
        _button(
            _("Next"),
            Direction.NEXT,
            keys.DEFINITION_NEXT,
            press,
            type="primary",
            disabled=disabled,
        )
    st.button(
        _("Skip to the questions"),
        type="tertiary",
        on_click=press,
        args=(Direction.SKIP,),
        key=keys.DEFINITION_SKIP,
        disabled=disabled,
    )


def _button(label: str, direction: Direction, key: str, press: Press, **style: Any) -> None:
    st.button(label, on_click=press, args=(direction,), key=key, use_container_width=True, **style)


def show_question_part(
    bank: Bank,
    step: int,
    answers: Mapping[str, int],
    missing: tuple[int, ...],
    press: Press,
    disabled: bool = False,
) -> None:
    """One part's statements (``disabled``: a preview, nothing can be pressed)."""
    part = bank.parts[step]
    st.caption(_("Part {number} of {count}").format(number=step + 1, count=len(bank.parts)))
    st.progress(step / len(bank.parts))
    st.header(plain(part.title))
    st.write(plain(part.summary))
    if missing:
        numbers = ", ".join(str(n) for n in missing)
        asked = ngettext(
            "Please answer statement {numbers} before moving on.",
            "Please answer statements {numbers} before moving on.",
            len(missing),
        )
        st.warning(asked.format(numbers=numbers), icon="✋")
    last = step + 1 == len(bank.parts)
    with st.form(f"part_{part.id}", border=False):
        _statements(bank, part, answers, missing, disabled)
        if last:
            st.checkbox(_(COUNT_LABEL), value=True, key=keys.COUNT_IN_NORMS, help=_(COUNT_HELP))
        back, forward = st.columns(2)
        back.form_submit_button(
            _("Back"),
            on_click=press,
            args=(Direction.BACK,),
            use_container_width=True,
            key=keys.QUESTIONS_BACK,
            disabled=disabled,
        )
        forward.form_submit_button(
            _("See my results") if last else _("Next"),
            type="primary",
            on_click=press,
            args=(Direction.NEXT,),
            use_container_width=True,
            key=keys.QUESTIONS_NEXT,
            disabled=disabled,
        )


def _statements(
    bank: Bank, part: Part, answers: Mapping[str, int], missing: tuple[int, ...], disabled: bool
) -> None:
    labels = dict(zip(ANSWER_OPTIONS, bank.scale.labels, strict=False))
    labels[NOT_APPLICABLE] = bank.scale.not_applicable
    for number, statement in enumerate(part.statements, 1):
        st.pills(
            f"{number}. {plain(statement.text)}",
            ANSWER_OPTIONS,
            format_func=labels.__getitem__,
            default=answers.get(statement.id),
            key=keys.statement(statement.id),
            disabled=disabled,
        )
        if number in missing:
            st.caption(":orange[{text}]".format(text=_("Not answered yet")))


def given_answers(part: Part, value_of: Callable[[str], object]) -> dict[str, object]:
    """The answers on screen for ``part``: statement id -> the pills' value, if any."""
    found = {s.id: value_of(keys.statement(s.id)) for s in part.statements}
    return {sid: value for sid, value in found.items() if value is not None}
