"""People added to a room from a room file, as finished participants without who they were.

What a room file (networking_works/room_file.py) carries from one server to another:
each finished participant's answers (``RoomStats.finished_answers``), in no order, with no
token, name, code-name, join time or spotlight choice. People added from such a file are
finished participants of their new room whose tokens nobody holds (so no link reaches
them), counted in the room but never in the anonymous norms (they were counted, if at
all, where they answered).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from networking_works.progress import Stage
from networking_works.schema import assessments
from networking_works.store.assessments import new_row
from networking_works.store.completion import replace_completion
from networking_works.store.database import Database
from networking_works.tokens import new_token


@dataclass(frozen=True)
class Person:
    """One finished participant as a room file holds them."""

    answers: Mapping[str, int]
    scores: Mapping[str, float | None]
    profiles: Sequence[str]


def add_people(
    database: Database,
    workshop_id: str,
    bank_id: str,
    expires: datetime,
    people: Sequence[Person],
) -> None:
    """Add ``people`` to the room as finished participants, all in one transaction."""
    stamp = database.now()
    with database.write() as conn:
        for person in people:
            token = new_token()
            conn.execute(
                sa.insert(assessments).values(
                    {
                        **new_row(token, bank_id, stamp, expires),
                        "stage": Stage.DONE.value,
                        "answers": json.dumps(dict(person.answers), sort_keys=True),
                        "workshop_id": workshop_id,
                        "spotlight": False,
                        "version": 1,
                        "removed": False,
                    }
                )
            )
            replace_completion(conn, token, workshop_id, person.scores, person.profiles, first=True)
