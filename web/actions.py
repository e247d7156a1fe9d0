"""Every change a person's press makes to stored data, named for what it does.

Screens render and pages route; this module is where the web layer writes, so what a
button changes can be found in one file.
"""

from __future__ import annotations

import hmac
import logging
import math
from collections.abc import Mapping
from datetime import timedelta

from networking_works import answering, quotas, throttle
from networking_works.bank import Bank, BankError
from networking_works.journal import parse_journal_file
from networking_works.messages import N_
from networking_works.progress import Direction
from networking_works.rehearsal import fill_practice_room
from networking_works.report import Report
from networking_works.store import (
    AlreadyInJournal,
    Assessment,
    AssessmentGone,
    ExportRefused,
    StaleAssessment,
    Workshop,
)
from networking_works.store.database import StoreBusy
from networking_works.store.private_banks import is_private
from networking_works.talk import Kind, Slide
from networking_works.workshop import RoomRefused, answers_csv, room_settings
from web import client, i18n, links, resources, routes, state, urls
from web.i18n import _, ngettext

_log = logging.getLogger(__name__)


def start(bank_id: str, journal: str | None = None) -> None:
    """A new assessment; a retake into ``journal`` (its private token) when it is live."""
    if journal is not None and retake(journal):
        return
    urls.go(links.walk(routes.DEFINITION, resources.store().assessments.start(bank_id)))


def retake(journal: str) -> bool:
    """Start a retake whose result goes into ``journal``; False when the journal is gone."""
    token = resources.store().journals.retake(journal)
    if token is None:
        return False
    urls.go(links.walk(routes.DEFINITION, token, journal))
    return True


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
        # The client is named so that its solo results count in the norms only up to
        # its daily quota (NW_COUNTED_PER_CLIENT_DAY): a script cannot shift them.
        move = answering.press(
            resources.store(), bank, assessment, direction, given, counted, client=client.key()
        )
    except StaleAssessment as stale:
        state.set_refused_save(i18n.explain(stale))
        return ()
    except AssessmentGone as gone:
        state.set_refused_save(i18n.explain(gone))
        return ()
    except StoreBusy as busy:  # nothing was written: the same press can be made again
        state.set_refused_save(i18n.explain(busy))
        return ()
    return move.missing


def over_quota(kind: str) -> str | None:
    """Why this client may store no more of ``kind`` today (a ``quotas`` kind), or None:
    then this one is counted, per client and for the server, before it is stored."""
    limit = quotas.quota(kind, resources.settings())
    found = resources.store().limits.attempt(kind, client.key(), limit.window, limit.refusal)
    return None if found is None else i18n.explain(found)


def share(assessment: Assessment, payload: dict[str, object], lives: timedelta) -> str | None:
    """Share the result; or, past the quota of shares, why not (nothing is stored)."""
    refused = over_quota(quotas.SHARE)
    if refused is not None:
        return refused
    links = resources.store().results.share(assessment.token, payload, lives)
    if links.delete_token is not None:
        state.set_shared_links(assessment.token, (links.token, links.delete_token))
    return None


def renew_share(assessment: Assessment, payload: dict[str, object], lives: timedelta) -> str | None:
    """New share links; the old public and delete links stop working. Counted as a share."""
    refused = over_quota(quotas.SHARE)
    if refused is not None:
        return refused
    links = resources.store().results.renew(assessment.token, payload, lives)
    if links.delete_token is not None:
        state.set_shared_links(assessment.token, (links.token, links.delete_token))
    return None


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
        return i18n.explain(refused)
    urls.go(links.journal(journal))
    return ""


def remove_journal_entry(journal: str, entry_id: str) -> bool:
    return resources.store().journals.remove(journal, entry_id)


def delete_journal(journal: str) -> None:
    resources.store().journals.delete(journal)
    urls.set_query(links.home())


def import_journal(data: bytes) -> str | None:
    """A new journal from an exported file; raises ``ReportError`` saying what is wrong,
    or returns why this client may import no more today (checked after the file is)."""
    imported = parse_journal_file(data)
    refused = over_quota(quotas.JOURNAL_IMPORT)
    if refused is not None:
        return refused
    journal = resources.store().journals.start_from(imported)
    urls.set_query(links.journal(journal))
    return None


def passphrase_refusal(given: str, who: str) -> str | None:
    """Why ``given`` does not open room creation, or None; wrong guesses wait longer."""
    expected = resources.passphrase()
    if expected is None:
        return None
    limits, kind = resources.store().limits, throttle.WRONG_PASSPHRASE
    # Recorded as a wrong guess before it is compared (and forgotten if right): guesses
    # sent together each count the ones before them.
    wait = limits.attempt(kind, who, throttle.FAILURE_WINDOW, throttle.passphrase_delay)
    if wait is not None:
        seconds = math.ceil(wait)
        return ngettext(
            "Too many wrong passphrases from here. Please wait {seconds} second, then try again.",
            "Too many wrong passphrases from here. Please wait {seconds} seconds, then try again.",
            seconds,
        ).format(seconds=i18n.number(seconds))
    if hmac.compare_digest(given.encode(), expected.encode()):
        limits.forget(kind, who)
        return None
    return _("That passphrase is not right.")


def create_workshop(
    title: str, bank_id: object, speaker_paced: object, cap: object, practice: bool, given: str
) -> str | None:
    """Create a room and open its remote; or the reason it was not created, to show.

    Every value is checked again here and in the store: a client may send a bank or a
    pacing the form never offered, or a cap out of its range.
    """
    who = client.key()
    refusal = passphrase_refusal(given, who) or _creation_refusal(who)  # counted from here
    if refusal is not None:
        return refusal
    bank = _bank_for_room(bank_id)
    try:
        if bank is None:
            raise RoomRefused(N_("that question bank is not available"))
        untitled = _("Networking workshop")
        name, paced, limit = room_settings(title, speaker_paced, cap, untitled)
        room, secret = resources.store().workshops.create(name, bank.id, paced, limit, practice)
        resources.store().private_banks.attach(bank.id, room.id, room.expires_at)
    except RoomRefused as problem:
        return _("The room was not created: {problem}.").format(problem=i18n.explain(problem))
    urls.set_query(links.remote(room.id, secret))
    return None


def _bank_for_room(bank_id: object) -> Bank | None:
    """A bank of this server, or the speaker's own bank this tab saved (never another's)."""
    if not isinstance(bank_id, str):
        return None
    if is_private(bank_id) and bank_id != state.private_bank():
        return None
    return resources.bank(bank_id)


def save_private_bank(text: str) -> str | None:
    """Save the editor's text as a new version of this tab's own bank; a refusal to show
    (the text stays in the editor)."""
    over = over_quota(quotas.BANK_SAVE)
    if over is not None:
        return over
    try:
        saved = resources.store().private_banks.save(text, state.private_bank())
    except BankError as refused:
        return "\n".join(str(p) for p in refused.problems)
    state.set_private_bank(saved)
    return None


def keep_private_bank(bank_id: str) -> str | None:
    """Keep this tab's own bank beyond its room; its private link is shown once. Past
    the quota of kept banks, why not (the bank still lives with its room)."""
    refused = over_quota(quotas.BANK_KEEP)
    if refused is not None:
        return refused
    link = resources.store().private_banks.keep(bank_id)
    if link is not None:
        state.set_kept_link(urls.link(links.kept_bank(link)))
    return None


def open_kept_bank(link: str) -> str | None:
    """The kept bank a private link opens, made this tab's own; its text, or None."""
    banks = resources.store().private_banks
    found = banks.kept(link)
    text = banks.text(found) if found is not None else None
    if found is not None and text is not None:
        state.set_private_bank(found)
    return text


def _creation_refusal(who: str) -> str | None:
    """Why no room may be created now, or None: then the attempt is already counted (a
    room refused for its settings counts too), so creations sent together cannot all
    pass the count before any is recorded."""
    limit = resources.creation_limit()
    found = resources.store().limits.attempt(
        throttle.CREATE,
        who,
        limit.window,
        lambda before: throttle.creation_refusal(before.by_client, before.overall, limit),
    )
    return None if found is None else i18n.explain(found)


def update_room(room: Workshop, **fields: object) -> None:
    resources.store().workshops.update(room.id, **fields)


def show_slide(room: Workshop, slide: Slide) -> None:
    """Put the screen on ``slide``: the closing slide reveals the room's results; any
    other slide hides them and opens its part to the phones."""
    if slide.kind is Kind.CLOSING:
        resources.store().workshops.update(room.id, revealed=True)
    else:
        resources.store().workshops.show_slide(room.id, slide.index, slide.opens)


def remove_participant(room: Workshop, token: str) -> bool:
    return resources.store().moderation.remove(room.id, token)


def count_removable(room: Workshop, within: timedelta | None) -> int:
    """How many ``remove_many`` would take out now (``within``: joined that recently;
    None: have answered nothing)."""
    moderation = resources.store().moderation
    if within is None:
        return moderation.silent(room.id)
    return moderation.joined_within(room.id, within)


def remove_many(room: Workshop, within: timedelta | None) -> int:
    moderation = resources.store().moderation
    if within is None:
        return moderation.remove_silent(room.id)
    return moderation.remove_joined_within(room.id, within)


def fill_practice(room: Workshop, bank: Bank) -> int:
    return fill_practice_room(resources.store(), bank, room)


def delete_workshop(room: Workshop) -> None:
    resources.store().workshops.delete(room.id)
    urls.go_home()


def anonymous_csv(room: Workshop, bank: Bank) -> str:
    """The room's anonymous answers as CSV; only the header when the export is refused."""
    try:
        rows = resources.store().room_stats.anonymous_answers(room.id)
    except ExportRefused as refused:
        _log.info("answers export refused: %s", refused)
        rows = []
    return answers_csv(bank, rows)
