"""web/text.py: text from banks and people shown exactly as written."""

from __future__ import annotations

from web.text import markdown_table, plain

HOSTILE = "a | b\n# c **d** <b>e</b>"


def rows_of(table: str) -> list[list[str]]:
    """The cells of a Markdown table, split only at unescaped bars."""
    lines = table.splitlines()
    assert lines[1].replace(" ", "").strip("|").split("|") == ["---"] * (lines[1].count("---"))
    return [
        [cell.strip() for cell in line.strip("|").replace("\\|", "\0").split("|")]
        for line in lines[:1] + lines[2:]
    ]


def test_a_table_keeps_every_cell_in_its_column() -> None:
    table = markdown_table(("Part", "Score"), [(HOSTILE, "40"), ("Long-term", "70")])
    rows = rows_of(table)
    assert [len(row) for row in rows] == [2, 2, 2]
    assert rows[1][0].replace("\0", "\\|") == plain("a | b # c **d** <b>e</b>")
    assert rows[2] == ["Long-term", "70"]
