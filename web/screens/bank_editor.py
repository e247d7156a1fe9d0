"""A speaker's own question bank, written in the browser: the YAML text, its problems as
``python -m networking_works check`` reports them, a preview of the walk-through as
participants will see it, and saving, exporting and keeping it (web/actions.py writes)."""

from __future__ import annotations

import streamlit as st

from networking_works.bank import Bank, BankError, decode_bank, parse_bank
from networking_works.progress import Direction
from networking_works.store.private_banks import MAX_BYTES, SOURCE, is_private, too_large
from web import actions, keys, links, resources, state, urls
from web.i18n import _, ngettext
from web.resources import DEFAULT_BANK, Banks
from web.screens.walkthrough import show_definition_part, show_question_part

SHOWN_PROBLEMS = 50  # a hostile text can have thousands; the first ones say enough


def checked(text: str) -> Bank | BankError:
    """The editor's text as a bank, or every problem found in it (never another error)."""
    try:
        return parse_bank(text, SOURCE)
    except BankError as problems:
        return problems


def bank_choices(found: Banks, language: str) -> list[str]:
    """The banks a room may use: this tab's own saved bank first, then the server's."""
    own = state.private_bank()
    ids = found.listed(language)
    return [own, *ids] if own is not None and resources.bank(own) is not None else ids


def bank_label(found: Banks, bank_id: str) -> str:
    if not is_private(bank_id):
        return found.label(bank_id)
    bank = resources.bank(bank_id)
    title = bank.title if bank is not None else ""
    version = bank_id.rsplit(":", 1)[-1]
    return _("Your own bank: {title} (version {version})").format(title=title, version=version)


def show_editor() -> None:
    _open_kept_link()
    opened = bool(st.session_state.get(keys.BANK_TEXT)) or state.private_bank() is not None
    with st.expander(_("Write your own question bank"), expanded=opened):
        st.write(
            _(
                "Start from the default bank or your own YAML file, edit it here and it is "
                "checked as you go. A valid bank can be saved for your room; each save is a "
                "new version."
            )
        )
        st.button(_("Start from the default bank"), key=keys.BANK_DEFAULT, on_click=_default)
        st.file_uploader(
            _("Or upload a YAML file"),
            type=["yaml", "yml"],
            key=keys.BANK_UPLOAD,
            on_change=_upload,
        )
        st.text_area(_("Question bank (YAML)"), key=keys.BANK_TEXT, height=360, max_chars=MAX_BYTES)
        notice = state.pop_notice()  # an upload that was not text
        if notice is not None:
            st.error(notice)
        text = str(st.session_state.get(keys.BANK_TEXT) or "")
        if too_large(text):  # checked before anything reads it: a client can send more
            st.error(_too_large_message())
        elif text.strip():
            _check(text)
        _saved()


def _open_kept_link() -> None:
    link = urls.query().bank
    if link is None:
        return
    text = actions.open_kept_bank(link)
    urls.set_query(links.home())  # the private link leaves the address bar once used
    if text is None:
        st.warning(_("This bank link is unknown or has expired."))
    else:
        st.session_state[keys.BANK_TEXT] = text


def _default() -> None:
    path = resources.questions_dir() / f"{DEFAULT_BANK}.yaml"
    st.session_state[keys.BANK_TEXT] = path.read_text(encoding="utf-8")


def _upload() -> None:
    uploaded = st.session_state.get(keys.BANK_UPLOAD)
    if uploaded is None:
        return
    if uploaded.size > MAX_BYTES:
        state.set_notice(_too_large_message())
        return
    try:
        st.session_state[keys.BANK_TEXT] = decode_bank(uploaded.getvalue(), uploaded.name)
    except BankError as refused:
        state.set_notice("\n".join(str(p) for p in refused.problems))


def _too_large_message() -> str:
    return _(
        "This bank is longer than the editor takes ({limit} KB; a full bank is about 20 KB). "
        "Shorten it, then check it again."
    ).format(limit=MAX_BYTES // 1024)


def _check(text: str) -> None:
    found = checked(text)
    if isinstance(found, BankError):
        count = len(found.problems)
        st.error(
            ngettext(
                "This bank has {count} problem to fix:",
                "This bank has {count} problems to fix:",
                count,
            ).format(count=count)
        )
        st.code("\n".join(str(p) for p in found.problems[:SHOWN_PROBLEMS]), language=None)
        return
    statements = sum(len(p.statements) for p in found.parts)
    st.success(
        _("This bank is valid: {title}, {count} statements.").format(
            title=found.title, count=statements
        )
    )
    _preview(found)
    if st.button(_("Save this bank"), key=keys.BANK_SAVE, type="primary"):
        refusal = actions.save_private_bank(text)
        if refusal is not None:
            st.error(refusal)


def _preview(bank: Bank) -> None:
    st.caption(_("Preview: what participants will see"))
    number = st.select_slider(
        _("Part to preview"), range(1, len(bank.parts) + 1), key=keys.BANK_PREVIEW_PART
    )
    with st.container(border=True):
        show_definition_part(bank, number - 1, _nothing, disabled=True)
    with st.container(border=True):
        show_question_part(bank, number - 1, {}, (), _nothing, disabled=True)


def _nothing(_direction: Direction) -> None:
    """A preview's buttons are disabled: nothing to do."""


def _saved() -> None:
    own = state.private_bank()
    text = resources.store().private_banks.text(own) if own is not None else None
    if own is None or text is None:
        return
    version = own.rsplit(":", 1)[-1]
    st.info(
        _("Saved as version {version}. Choose it as the question bank below.").format(
            version=version
        )
    )
    st.download_button(
        _("Export as YAML"), text, file_name="bank.yaml", mime="text/yaml", key=keys.BANK_EXPORT
    )
    link = state.pop_kept_link()
    if link is not None:
        st.warning(
            _(
                "Your bank is kept for a year. Save this private link now: it is shown only "
                "once, and opening it lets you start a new room with this bank."
            )
        )
        st.code(link, language=None)
    else:
        st.caption(_("Unless you keep it with a private link, it is deleted with its room."))
        if st.button(_("Keep this bank with a private link"), key=keys.BANK_KEEP):
            refused = actions.keep_private_bank(own)
            if refused is not None:
                st.error(refused)
            else:
                st.rerun()
