"""Reading a bank from a file or from text, or raising ``BankError`` with every problem."""

from __future__ import annotations

from pathlib import Path

from networking_works.bank.model import Bank, BankError, Problem
from networking_works.bank.reader import BankReader
from networking_works.yamlsafe import YamlProblem, parse


def load_bank(path: str | Path) -> Bank:
    """Read and validate one bank file, or raise ``BankError``."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BankError(
            [Problem(str(path), 0, "", f"cannot read the file ({exc.strerror})")]
        ) from None
    return parse_bank(decode_bank(raw, str(path)), str(path))


def decode_bank(raw: bytes, source: str) -> str:
    """A bank file's bytes as text, or ``BankError`` naming the first line that is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BankError(
            [Problem(source, line, "", "the file is not UTF-8 text (save it as UTF-8)")]
        ) from None


def parse_bank(text: str, source: str = "<bank>") -> Bank:
    """Validate bank text; ``source`` names it in messages."""
    try:
        root = parse(text)
    except YamlProblem as exc:
        raise BankError([Problem(source, exc.line, "", exc.message)]) from None
    reader = BankReader(source)
    bank = reader.bank(root)
    if reader.problems or bank is None:
        raise BankError(sorted(reader.problems, key=lambda p: p.line))
    return bank
