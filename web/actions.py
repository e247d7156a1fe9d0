"""Every change a person's press makes to stored data, named for what it does.

Screens render and pages route; this module is where the web layer writes, so what a
button changes can be found in one file.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Mapping
from datetime import timedelta

from networking_works import answering
from networking_works.bank import Bank
from networking_works.progress import Direction
from networking_works.store import (
    Assessment,
    AssessmentGone,
    ExportRefused,
    StaleAssessment,
    Workshop,
)
from networking_works.workshop import RoomRefused, answers_csv, room_settings
from web import resources, routes, state, urls

_log = logging.getLogger(__name__)


def start(bank_id: str) -> None:
    urls.go(routes.DEFINITION, assessment=resources.store().assessments.start(bank_id))


def join(room: Workshop, nickname: str) -> None:
    """Join ``room``; raises ``JoinRefused`` with the reason to show."""
    token = resources.store().workshops.join(room.id, nickname)
    urls.go(routes.DEFINITION, assessment=token)


def press(
    bank: Bank,
    assessment: Assessment,
    direction: Direction,
    given: Mapping[str, object] | None = None,
) -> tuple[int, ...]:
    """Apply a press; the statements still missing. A refused save is kept to be shown.

    A stale tab saves nothing and the rerun shows the newest answers; an expired or
    deleted assessment saves nothing and the rerun shows the page for a dead link.
    """
    try:
        move = answering.press(resources.store(), bank, assessment, direction, given)
    except StaleAssessment as stale:
        state.set_refused_save(str(stale))
        return ()
    except AssessmentGone as gone:
        state.set_refused_save(str(gone))
        return ()
    return move.missing


def share(assessment: Assessment, payload: dict[str, object], lives: timedelta) -> None:
    links = resources.store().results.share(assessment.token, payload, lives)
    if links.delete_token is not None:
        state.set_shared_links(assessment.token, (links.token, links.delete_token))


def renew_share(assessment: Assessment, payload: dict[str, object], lives: timedelta) -> None:
    """New share links; the old public and delete links stop working."""
    links = resources.store().results.renew(assessment.token, payload, lives)
    if links.delete_token is not None:
        state.set_shared_links(assessment.token, (links.token, links.delete_token))


def delete_shared_result(token: str, delete_token: str) -> bool:
    return resources.store().results.delete(token, delete_token)


def passphrase_accepted(given: str) -> bool:
    expected = resources.setting("NW_FACILITATOR_PASSPHRASE")
    return expected is None or hmac.compare_digest(given.encode(), expected.encode())


def create_workshop(title: str, bank_id: object, speaker_paced: object, cap: object) -> None:
    """Create a room as the form asked; raises ``RoomRefused`` with the reason to show.

    Every value is checked again here and in the store: a client may send a bank or a
    pacing the form never offered, or a cap out of its range.
    """
    bank = resources.banks().by_id.get(bank_id) if isinstance(bank_id, str) else None
    if bank is None:
        raise RoomRefused("that question bank is not available")
    name, paced, limit = room_settings(title, speaker_paced, cap)
    room, secret = resources.store().workshops.create(name, bank.id, paced, limit)
    urls.set_query(workshop=room.id, key=secret)


def update_room(room: Workshop, **fields: object) -> None:
    resources.store().workshops.update(room.id, **fields)


def delete_workshop(room: Workshop) -> None:
    resources.store().workshops.delete(room.id)
    urls.go_home()


def set_spotlight(assessment: Assessment, allowed: bool) -> None:
    try:
        resources.store().workshops.set_spotlight(assessment.token, allowed)
    except AssessmentGone as gone:
        state.set_refused_save(str(gone))


def anonymous_csv(room: Workshop, bank: Bank) -> str:
    """The room's anonymous answers as CSV; only the header when the export is refused."""
    try:
        rows = resources.store().room_stats.anonymous_answers(room.id)
    except ExportRefused as refused:
        _log.info("answers export refused: %s", refused)
        rows = []
    return answers_csv(bank, rows)
