"""French typography by rule: a narrow no-break space (U+202F) before ``; ? !`` and inside
« », a no-break space (U+00A0) before ``:``, so punctuation never wraps alone to the next
line on a phone or the projector.

    python -m web.typography        # apply to the French catalogue and French banks

``problems`` is what tests/test_glossary.py enforces on every French entry and bank text.
Placeholders (``{name}``), addresses (``https://…``) and times (``10:30``) are left alone.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

NARROW = "\u202f"
NO_BREAK = "\u00a0"
_SPACES = "[ \u00a0\u202f]"
# What the rules must not touch: placeholders, addresses, and colons inside times.
_KEPT = re.compile(r"\{[^}]*\}|https?://\S+|\d:\d")


_MASK = "\ue000"  # stands in for a kept piece while the rules run (a private-use character)


def _outside_kept(text: str, fix: re.Pattern[str], replacement: str) -> str:
    kept = _KEPT.findall(text)
    fixed = fix.sub(replacement, _KEPT.sub(_MASK, text))
    pieces = fixed.split(_MASK)
    return pieces[0] + "".join(k + rest for k, rest in zip(kept, pieces[1:], strict=True))


_RULES = (
    (re.compile(rf"(?<=\S){_SPACES}?([;?!])"), NARROW + r"\1"),
    (re.compile(rf"(?<=\S){_SPACES}?:(?=\s|$|\*)"), NO_BREAK + ":"),
    (re.compile(rf"«{_SPACES}?"), "«" + NARROW),
    (re.compile(rf"{_SPACES}?»"), NARROW + "»"),
)


def french(text: str) -> str:
    """``text`` with French punctuation spacing applied."""
    for fix, replacement in _RULES:
        text = _outside_kept(text, fix, replacement)
    return text


def problems(text: str) -> list[str]:
    """Where ``text`` breaks the rule (empty when it follows it)."""
    fixed = french(text)
    if fixed == text:
        return []
    return [f"{text!r} should be {fixed!r}"]


def _apply_to_catalogue() -> int:
    from web.catalogues import po_path, read, write

    catalog = read(po_path("fr"), "fr")
    changed = 0
    for message in catalog:
        if not message.id:
            continue
        forms = message.string
        if isinstance(forms, tuple | list):
            new: str | tuple[str, ...] = tuple(french(f) for f in forms)
            changed += new != tuple(forms)
        else:
            new = french(forms or "")
            changed += new != forms
        message.string = new
    write(catalog, po_path("fr"))
    return changed


def _apply_to_bank(path: Path) -> None:
    # Only quoted values change: a YAML key has no space before its colon.
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    quoted = re.compile(r'"((?:[^"\\]|\\.)*)"')
    path.write_text(
        "".join(quoted.sub(lambda m: '"' + french(m.group(1)) + '"', line) for line in lines),
        encoding="utf-8",
    )


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    print(f"{_apply_to_catalogue()} French catalogue entries changed")
    for bank in sorted((root / "questions").glob("*.fr.yaml")):
        _apply_to_bank(bank)
    sys.exit(0)
