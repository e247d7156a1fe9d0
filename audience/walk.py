"""The walk-through on a phone: the definition, one part per page, then each part's
statements; and the waiting screen while the speaker holds the room.

Every press goes through the core's ``answering.press`` with the version the page was
drawn from, so a stale second tab is told and erases nothing.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from audience import paths
from audience.paths import STATEMENT_PREFIX, Field, Note, Param
from audience.places import Audience, Seated, go, gone, linked, place, seated
from audience.safety import Refused
from audience.watch import state_of
from networking_works import answering
from networking_works.bank import Part
from networking_works.progress import Direction, Stage, missing, position
from networking_works.scoring import ANSWER_OPTIONS, NOT_APPLICABLE, VALID_ANSWERS
from networking_works.store import AssessmentGone, StaleAssessment
from networking_works.walk_text import COUNT_HELP, COUNT_LABEL, definition
from networking_works.workshop import holds_part

MOVES = {"back": Direction.BACK, "next": Direction.NEXT, "skip": Direction.SKIP}
NO_SCRIPT_REFRESH_S = 5  # a waiting phone without JavaScript reloads this often


def _at(where: Seated, stage: Stage, request: Request) -> int | None:
    """The 0-based step of the seat's place when it is in ``stage`` at the part the URL
    names (``/…/N``), else None: the page or press belongs to another place."""
    at = position(where.assessment.stage, where.assessment.step, len(where.bank.parts))
    if at.stage is not stage or at.step + 1 != request.path_params["number"]:
        return None
    return at.step


def _note(where: Seated, request: Request) -> str | None:
    asked = request.query_params.get(Param.NOTE)
    if asked == Note.STALE:
        return where.speech.explain(StaleAssessment())
    return None


def definition_page(audience: Audience, request: Request) -> Response:
    where = seated(audience, request)
    if not isinstance(where, Seated):
        return where
    step = _at(where, Stage.DEFINITION, request)
    if step is None:
        return go(request, place(where.room, where.assessment, where.bank))
    return audience.page(
        request,
        "definition.html",
        where.speech,
        room=where.room,
        bank=where.bank,
        part=where.bank.parts[step],
        number=step + 1,
        count=len(where.bank.parts),
        introduction=where.bank.introduction if step == 0 else None,
        definition=definition(where.bank, where.speech.ngettext) if step == 0 else None,
        version=where.assessment.version,
        note=_note(where, request),
        action=linked(request, paths.definition(where.room.code, step + 1)),
        leave=linked(request, paths.leave(where.room.code)),
    )


def part_page(audience: Audience, request: Request) -> Response:
    where = seated(audience, request)
    if not isinstance(where, Seated):
        return where
    step = _at(where, Stage.QUESTIONS, request)
    if step is None:
        return go(request, place(where.room, where.assessment, where.bank))
    room = where.room
    if holds_part(room.accepting, room.speaker_paced, room.open_parts, step):
        return _waiting(audience, request, where, step)
    return audience.page(request, "part.html", where.speech, **_part(where, step, request))


def _part(where: Seated, step: int, request: Request) -> dict[str, Any]:
    """What part.html (and a waiting page's held part) draws for part ``step``."""
    room, bank = where.room, where.bank
    answers = where.assessment.answers
    unanswered = (
        missing(bank, step, answers) if request.query_params.get(Param.NOTE) == Note.MISSING else ()
    )
    labels = dict(zip(ANSWER_OPTIONS, bank.scale.labels, strict=False))
    labels[NOT_APPLICABLE] = bank.scale.not_applicable
    return {
        "room": room,
        "part": bank.parts[step],
        "number": step + 1,
        "count": len(bank.parts),
        "last": step + 1 == len(bank.parts),
        "options": [(value, labels[value]) for value in ANSWER_OPTIONS],
        "answers": answers,
        "missing": unanswered,
        "field": paths.statement_field,
        "version": where.assessment.version,
        "note": _note(where, request),
        "count_label": where.speech._(COUNT_LABEL),
        "count_help": where.speech._(COUNT_HELP),
        "action": linked(request, paths.part(room.code, step + 1)),
        "leave": linked(request, paths.leave(room.code)),
    }


def _waiting(audience: Audience, request: Request, where: Seated, step: int) -> Response:
    room = where.room
    # A part held only until the speaker opens it comes drawn in the page, inert: the
    # page's script shows it the moment the long poll says it is open, with no request
    # of its own. A room of 2,000 then costs one small answer per phone when a part
    # opens, not a page each (the statements are the bank's, not a secret). Paused
    # answers hold every part: that page reloads instead.
    values = _part(where, step, request) if room.accepting else {}
    values.update(
        room=room,
        number=step + 1,
        closed=not room.accepting,
        held=room.accepting,
        changes=paths.changes(room.code),
        seen=state_of(room),
        refresh=NO_SCRIPT_REFRESH_S,
    )
    return audience.page(request, "waiting.html", where.speech, **values)


def _version(fields: dict[str, str]) -> int:
    text = fields.get(Field.VERSION, "")
    if not text.isdigit() or len(text) > 12:
        raise Refused(400, "form")
    return int(text)


def _move(fields: dict[str, str], allowed: frozenset[str]) -> Direction:
    chosen = fields.get(Field.MOVE, "")
    if chosen not in allowed:
        raise Refused(400, "form")
    return MOVES[chosen]


def given_answers(part: Part, fields: dict[str, str]) -> dict[str, object]:
    """The part's answers in a post: only this part's statements, only the scale's
    values; anything else is refused (``Refused``), so nothing out of range is kept."""
    ids = {s.id for s in part.statements}
    given: dict[str, object] = {}
    for name, value in fields.items():
        if not name.startswith(STATEMENT_PREFIX):
            continue
        statement = name[len(STATEMENT_PREFIX) :]
        if statement not in ids or not value.isdigit() or int(value) not in VALID_ANSWERS:
            raise Refused(400, "form")
        given[statement] = int(value)
    return given


def press_definition(audience: Audience, request: Request, fields: dict[str, str]) -> Response:
    where = seated(audience, request, posted=True)
    if not isinstance(where, Seated):
        return where
    direction = _move(fields, frozenset(MOVES))
    version = _version(fields)
    step = _at(where, Stage.DEFINITION, request)
    if step is None:
        return go(request, place(where.room, where.assessment, where.bank), Note.STALE)
    return _press(audience, request, where, direction, version)


def press_part(audience: Audience, request: Request, fields: dict[str, str]) -> Response:
    where = seated(audience, request, posted=True)
    if not isinstance(where, Seated):
        return where
    direction = _move(fields, frozenset({"back", "next"}))
    version = _version(fields)
    counted_text = fields.get(Field.COUNTED)
    if counted_text not in {None, "1"}:
        raise Refused(400, "form")
    step = _at(where, Stage.QUESTIONS, request)
    if step is None:
        return go(request, place(where.room, where.assessment, where.bank), Note.STALE)
    given = given_answers(where.bank.parts[step], fields)
    room = where.room
    if holds_part(room.accepting, room.speaker_paced, room.open_parts, step):
        return go(request, paths.part(room.code, step + 1))  # the waiting screen; nothing kept
    return _press(audience, request, where, direction, version, given, counted_text == "1")


def _press(
    audience: Audience,
    request: Request,
    where: Seated,
    direction: Direction,
    version: int,
    given: dict[str, object] | None = None,
    counted: bool = True,
) -> Response:
    # The version the page was drawn from, not the one just read: a stale tab is refused.
    drawn = dataclasses.replace(where.assessment, version=version)
    store = audience.context.store()
    try:
        move = answering.press(store, where.bank, drawn, direction, given, counted)
    except StaleAssessment:
        fresh = store.assessments.get(where.assessment.token) or where.assessment
        return go(request, place(where.room, fresh, where.bank), Note.STALE)
    except AssessmentGone:
        return gone(audience, request, where.speech, where.room)
    if move.missing:
        return go(request, paths.part(where.room.code, move.to.step + 1), Note.MISSING)
    moved = dataclasses.replace(where.assessment, stage=move.to.stage, step=move.to.step)
    return go(request, place(where.room, moved, where.bank))
