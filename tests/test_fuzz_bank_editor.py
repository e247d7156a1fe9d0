"""Fuzz the bank editor: any text typed into it, and any file uploaded to it, is accepted
as a bank or refused with a ``BankError`` (shown as its problems), never another error;
the hostile cases the command line refuses get the same messages in the editor."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from networking_works.bank import Bank, BankError, decode_bank, load_bank
from networking_works.store.private_banks import SOURCE
from networking_works.yamlsafe import MAX_BYTES
from tests.fuzz_helpers import CORE, FILE_TEXT
from web.screens.bank_editor import checked

DEFAULT = (Path(__file__).resolve().parent.parent / "questions" / "networking.yaml").read_text()
EDITS = st.tuples(st.integers(0, len(DEFAULT)), st.integers(0, 200), FILE_TEXT)


def accepted_or_explained(text: str) -> None:
    found = checked(text)
    assert isinstance(found, Bank | BankError)
    if isinstance(found, BankError):
        assert found.problems and all(str(p).startswith(SOURCE) for p in found.problems)


@CORE
@given(FILE_TEXT | st.text())
def test_any_typed_text_is_a_bank_or_its_problems(text: str) -> None:
    accepted_or_explained(text)


@pytest.mark.slow  # over a second
@CORE
@given(EDITS)
def test_any_edit_of_the_default_bank_is_a_bank_or_its_problems(edit: tuple[int, int, str]) -> None:
    at, cut, typed = edit
    accepted_or_explained(DEFAULT[:at] + typed + DEFAULT[at + cut :])


@CORE
@given(st.binary(max_size=400))
def test_any_uploaded_file_is_text_or_a_clear_refusal(raw: bytes) -> None:
    try:
        accepted_or_explained(decode_bank(raw, SOURCE))
    except BankError as refused:
        assert "not UTF-8" in str(refused)


STATEMENTS = "\n".join(f"  - id: s{i}\n    text: statement {i}" for i in range(10_000))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &a [1]\nb: &b [*a, *a]\nc: [*b, *b]\n", "bank.yaml:1: anchors and aliases"),
        ("id: !!python/object/apply:os.system [ls]\n", "bank.yaml:1: the tag"),
        pytest.param("id: x\nstatements:\n" + STATEMENTS, "bank.yaml", marks=pytest.mark.slow),
        ("#" * (MAX_BYTES + 1), "bank.yaml: the file is larger than 512 KB"),
        ("\x00\x01\x02", "bank.yaml"),
    ],
)
def test_hostile_banks_get_the_command_lines_messages(
    text: str, message: str, tmp_path: Path
) -> None:
    found = checked(text)
    assert isinstance(found, BankError)
    assert str(found.problems[0]).startswith(message), found.problems[:3]
    path = tmp_path / SOURCE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BankError) as on_the_command_line:
        load_bank(path)  # what `python -m networking_works check` reads a file with
    said = [str(p).replace(str(path), SOURCE) for p in on_the_command_line.value.problems]
    assert said == [str(p) for p in found.problems]
