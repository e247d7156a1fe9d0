"""Applying a person's button press to their stored assessment.

The one place that turns a press into a saved position, and a finished walk-through
into a result: scored, diagnosed, counted in its room (and, if the person lets it, in
the anonymous norms), added to its journal if it is a journal's retake, and marked done,
all in one write.
Each write names the version of the assessment the press was made on: a press from a
stale tab raises ``StaleAssessment`` and one on an expired or deleted assessment
``AssessmentGone``, and neither changes anything.
"""

from __future__ import annotations

from collections.abc import Mapping

from networking_works.bank import Bank
from networking_works.diagnosis import matching_profiles
from networking_works.progress import Direction, Move, advance, position
from networking_works.report import build_report
from networking_works.scoring import Scores, clean_answers, score
from networking_works.store import Assessment, Counted, Store


def press(
    store: Store,
    bank: Bank,
    assessment: Assessment,
    direction: Direction,
    given: Mapping[str, object] | None = None,
    counted: bool = True,
    client: str | None = None,
) -> Move:
    """Move ``assessment`` one step in ``direction``, keeping the answers ``given`` on the way.

    ``given`` holds the answers on screen (statement id -> value); values that are not
    answers of this bank are dropped, so a hostile client cannot store them. ``counted``:
    whether a press that finishes adds the scores to the anonymous norms (``client``'s
    solo results only up to its daily quota, ``Counted.client``).
    """
    answers = dict(assessment.answers)
    if given is not None:
        answers.update(clean_answers(bank, given))
    at = position(assessment.stage, assessment.step, len(bank.parts))
    move = advance(at, direction, answers, bank)
    if move.finished:
        complete(store, bank, assessment, answers, counted, client)
    else:
        kept = answers if given is not None else None
        store.assessments.save(
            assessment.token, move.to.stage, move.to.step, kept, version=assessment.version
        )
    return move


def complete(
    store: Store,
    bank: Bank,
    assessment: Assessment,
    answers: Mapping[str, int],
    counted: bool = True,
    client: str | None = None,
) -> Scores:
    """Score and diagnose ``answers``, count them in the person's room (and the norms,
    when ``counted``), keep the result in its journal, and mark them done."""
    kept, scores, profiles = figures(bank, answers)
    entry = None
    if assessment.journal_id is not None:
        entry = build_report(bank, kept, store.database.now()).to_dict()
    store.assessments.finish(
        assessment.token,
        kept,
        scores.as_floats(),
        profiles,
        version=assessment.version,
        counted=Counted(bank.version, client) if counted else None,
        entry=entry,
    )
    return scores


def figures(bank: Bank, answers: Mapping[str, object]) -> tuple[dict[str, int], Scores, list[str]]:
    """``answers`` as a finish stores them: the well-formed ones, their scores and the
    names of the profiles they match (also how an imported room's people are counted)."""
    kept = clean_answers(bank, answers)
    scores = score(bank, kept)
    return kept, scores, [p.name for p in matching_profiles(bank, scores)]
