"""Text from banks and people shown exactly as written: no Markdown, HTML or autolinks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# Inline Markdown, HTML, LaTeX and emoji/colour directives anywhere; list and
# heading markers only where they start a line (escaping every "." would leak
# backslashes into screen readers' labels).
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>#|~$:&])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+=])", re.MULTILINE)
# GFM links bare URLs and e-mail addresses after escapes are resolved, so no backslash
# stops it; an invisible word joiner inside "://", "www." and before "@" does.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def plain(text: str) -> str:
    """Text shown exactly as written: Markdown and HTML characters escaped."""
    escaped = _MARKDOWN_INLINE.sub(r"\\\1", text)
    escaped = _MARKDOWN_LINE_START.sub(_escape_marker, escaped)
    escaped = _AUTOLINK.sub(WORD_JOINER, escaped)
    return escaped.replace("\n", "  \n")


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table of ``rows`` under ``header``, every cell shown exactly as written.

    One message to the browser instead of ``st.table``'s data frame (pandas and Arrow
    for the results table were an eighth of a results rerun: docs/benchmarks.md).
    """

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(plain(" ".join(cell.split())) for cell in cells) + " |"

    return "\n".join([line(header), "|" + " --- |" * len(header), *(line(row) for row in rows)])


def _escape_marker(match: re.Match[str]) -> str:
    if match.group(2) is not None:
        return f"{match.group(1)}{match.group(2)}\\{match.group(3)}"
    return f"{match.group(4)}\\{match.group(5)}"
