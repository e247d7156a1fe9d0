"""Reading a bank from a file or from text, or raising ``BankError`` with every problem."""

from __future__ import annotations

from pathlib import Path

from networking_works.bank.model import Bank, BankError, Problem
from networking_works.bank.reader import BankReader
from networking_works.content_cache import ContentCache
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


# Every rerun of the bank editor checks its whole text: checked once per content. Banks
# the editor takes are 64 KB at most, so this keeps the last few dozen in a few MB.
_CHECKED: ContentCache[Bank | tuple[Problem, ...]] = ContentCache(
    max_entries=32, max_bytes=4 * 1024 * 1024
)


def parse_bank(text: str, source: str = "<bank>") -> Bank:
    """Validate bank text; ``source`` names it in messages. Each text (with its
    ``source``) is checked once while it stays among the last ones checked."""
    found = _CHECKED.get(f"{source}\0{text}", lambda _key: _checked(text, source))
    if isinstance(found, Bank):
        return found
    raise BankError(list(found))


def _checked(text: str, source: str) -> Bank | tuple[Problem, ...]:
    try:
        return _parse(text, source)
    except BankError as refused:
        return tuple(refused.problems)


def _parse(text: str, source: str) -> Bank:
    try:
        root = parse(text)
    except YamlProblem as exc:
        raise BankError([Problem(source, exc.line, "", exc.message)]) from None
    reader = BankReader(source)
    bank = reader.bank(root)
    if reader.problems or bank is None:
        raise BankError(sorted(reader.problems, key=lambda p: p.line))
    return bank
