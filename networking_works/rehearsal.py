"""Rehearsal: a practice room filled with made-up people, to try the reveal before the audience.

Simulated people join only a room created as practice (the store refuses otherwise),
so they never reach a real room or its export.
"""

from __future__ import annotations

import random

from networking_works.answering import complete
from networking_works.bank import Bank
from networking_works.languages import DEFAULT, supported
from networking_works.progress import Stage
from networking_works.scoring import ANSWER_OPTIONS, NOT_APPLICABLE
from networking_works.store import Store, Workshop

FINISHED = 12
MIDWAY = 4

_LEVELS = [o for o in ANSWER_OPTIONS if o != NOT_APPLICABLE]


def simulated_answers(bank: Bank, rng: random.Random) -> dict[str, int]:
    """One made-up person: a lean per part, answers scattered around it."""
    answers: dict[str, int] = {}
    for part in bank.parts:
        lean = rng.uniform(1.5, 4.5)
        for statement in part.statements:
            value = round(lean + rng.gauss(0, 0.8))
            answers[statement.id] = min(max(value, min(_LEVELS)), max(_LEVELS))
    return answers


def fill_practice_room(
    store: Store,
    bank: Bank,
    room: Workshop,
    rng: random.Random | None = None,
    finished: int = FINISHED,
    midway: int = MIDWAY,
) -> int:
    """Add ``finished`` people who are done and ``midway`` still answering; how many joined.

    Raises ``JoinRefused`` for a room that is not practice (or is full).
    """
    rng = rng or random.Random()  # noqa: S311 -- made-up answers, not secrets
    language = supported(bank.language) or DEFAULT
    for number in range(finished + midway):
        token = store.workshops.join(room.id, "", simulated=True, language=language)
        joined = store.assessments.get(token)
        if joined is None:  # the room ended while it was being filled
            return number
        answers = simulated_answers(bank, rng)
        if number < finished:
            complete(store, bank, joined, answers)
        else:
            step = rng.randrange(len(bank.parts))
            answered = {s.id for part in bank.parts[:step] for s in part.statements}
            kept = {sid: value for sid, value in answers.items() if sid in answered}
            store.assessments.save(token, Stage.QUESTIONS, step, kept, version=joined.version)
    return finished + midway
