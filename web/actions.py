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
from networking_works.journal import parse_journal_file
from networking_works.progress import Direction
from networking_works.report import Report
from networking_works.store import (
    AlreadyInJournal,
    Assessment,
    AssessmentGone,
    ExportRefused,
    StaleAssessment,
    Workshop,
)
from networking_works.workshop import answers_csv, clean_nickname
from web import resources, routes, state, urls

_log = logging.getLogger(__name__)


def start(bank_id: str, journal: str | None = None) -> None:
    """A new assessment; a retake into ``journal`` (its private token) when it is live."""
    if journal is not None and retake(journal):
        return
    urls.go(routes.DEFINITION, assessment=resources.store().assessments.start(bank_id))


def retake(journal: str) -> bool:
    """Start a retake whose result goes into ``journal``; False when the journal is gone."""
    token = resources.store().journals.retake(journal)
    if token is None:
        return False
    urls.go(routes.DEFINITION, assessment=token, journal=journal)
    return True


def join(room: Workshop, nickname: str) -> None:
    """Join ``room``; raises ``JoinRefused`` with the reason to show."""
    token = resources.store().workshops.join(room.id, clean_nickname(nickname))
    urls.go(routes.DEFINITION, assessment=token)


def press(
    bank: Bank,
    assessment: Assessment,
    direction: Direction,
    given: Mapping[str, object] | None = None,
    counted: bool = True,
) -> tuple[int, ...]:
    """Apply a press; the statements still missing. A refused save is kept to be shown.

    ``counted``: a press that finishes adds the scores to the anonymous norms.

    A stale tab saves nothing and the rerun shows the newest answers; an expired or
    deleted assessment saves nothing and the rerun shows the page for a dead link.
    """
    try:
        move = answering.press(resources.store(), bank, assessment, direction, given, counted)
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


def keep_journal(assessment: Assessment, report: Report) -> str:
    """A new journal holding this result, opened (its private link is shown there);
    or, when it cannot be kept, why not."""
    try:
        journal = resources.store().journals.keep(
            assessment.token, assessment.bank_id, report.to_dict()
        )
    except (AlreadyInJournal, AssessmentGone) as refused:
        return str(refused)
    urls.go(routes.JOURNAL, journal=journal)
    return ""


def remove_journal_entry(journal: str, entry_id: str) -> bool:
    return resources.store().journals.remove(journal, entry_id)


def delete_journal(journal: str) -> None:
    resources.store().journals.delete(journal)
    urls.set_query()


def import_journal(data: bytes) -> None:
    """A new journal from an exported file; raises ``ReportError`` saying what is wrong."""
    journal = resources.store().journals.start_from(parse_journal_file(data))
    urls.set_query(journal=journal)


def passphrase_accepted(given: str) -> bool:
    expected = resources.setting("NW_FACILITATOR_PASSPHRASE")
    return expected is None or hmac.compare_digest(given.encode(), expected.encode())


def create_workshop(title: str, bank: Bank, speaker_paced: bool, cap: int | None) -> None:
    name = clean_nickname(title, limit=80) or "Networking workshop"
    room, secret = resources.store().workshops.create(name, bank.id, speaker_paced, cap)
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
