"""web/text.py: text from banks and people shown exactly as written."""

from __future__ import annotations

from tests.markdown_tables import markdown_rows
from web.text import markdown_table, plain

HOSTILE = "a | b\n# c **d** <b>e</b>"


def test_a_table_keeps_every_cell_in_its_column() -> None:
    table = markdown_table(("Part", "Score"), [(HOSTILE, "40"), ("Long-term", "70")])
    rows = markdown_rows(table)
    assert [len(row) for row in rows] == [2, 2, 2]
    assert rows[1][0] == plain("a | b # c **d** <b>e</b>")
    assert rows[2] == ["Long-term", "70"]
