"""Reading back the Markdown tables the app draws (``web.text.markdown_table``)."""

from __future__ import annotations


def markdown_rows(table: str) -> list[list[str]]:
    """The header and body rows of a Markdown table, cells split only at unescaped bars
    (an escaped bar stays in its cell as ``\\|``)."""
    lines = table.splitlines()
    assert set(lines[1].replace(" ", "").strip("|").split("|")) == {"---"}, lines[1]
    return [
        [
            cell.strip().replace("\0", "\\|")
            for cell in line.strip("|").replace("\\|", "\0").split("|")
        ]
        for line in lines[:1] + lines[2:]
    ]
