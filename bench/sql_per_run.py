"""How many SQL statements and pooled connections one results-page run costs.

    .venv/bin/python bench/sql_per_run.py [--database-url postgresql+psycopg://...]

Runs the real pages in this process (Streamlit's AppTest, as tests/workshop_app.py does)
against the store at ``--database-url`` (default: a fresh SQLite file): a facilitator
creates a self-paced room, three people finish and the speaker reveals, then one more
person answers the six parts. SQLAlchemy's own events count, for the press of "See my
results" (the questions page's run with the completing write, then the results page) and
for one more rerun of the results page, every statement sent and every connection taken
from the pool; each statement is listed with how often it ran.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # this checkout's app and test helpers

ANSWERS = [3, 4, 5, 4, 3]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="the store (default: SQLite in a temp dir)")
    args = parser.parse_args()
    os.environ["NW_DATA_DIR"] = tempfile.mkdtemp(prefix="nw-sql-per-run-")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url

    import sqlalchemy as sa
    import workshop_app as room

    from web import resources

    store = resources.store()
    statements: list[str] = []
    checkouts = [0]

    @sa.event.listens_for(store.database.engine, "before_cursor_execute")
    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(" ".join(statement.split())[:100])

    @sa.event.listens_for(store.database.engine, "checkout")
    def checkout(*_: Any) -> None:
        checkouts[0] += 1

    def show(label: str) -> None:
        print(f"{label}: {len(statements)} statements, {checkouts[0]} connections from the pool")
        for statement, times in collections.Counter(statements).most_common():
            print(f"  {times} x {statement}")
        statements.clear()
        checkouts[0] = 0

    _, workshop_id, code = room.create_workshop("SQL per run")
    for _ in range(3):
        room.participant(code, ANSWERS)
    store.workshops.update(workshop_id, revealed=True)
    at = room.skip_definition(room.join(code, "Ann"))
    for _ in range(5):
        at = room.answer_part(at, ANSWERS)
    statements.clear()
    checkouts[0] = 0
    at = room.answer_part(at, ANSWERS)
    show('"See my results" (the completing press, then the results page)')
    room.ok(room.now_on(at, "results").run())
    show("one more rerun of the results page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
