"""A private journal of results: its entries, what changed, and its export file.

Pure code: the store keeps the entries (``store/journals.py``), each a result snapshot
(``report.Report``) with the moment it was added. What changed between the latest two
entries is said per part, with its direction and size in words.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from fractions import Fraction
from typing import Any

from babel.dates import format_skeleton

from networking_works.messages import N_, Message
from networking_works.report import Report, ReportError, imported, report_from_dict
from networking_works.scoring import exact, shown

FORMAT = "networking-works/journal@1"
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ENTRIES = 500  # a retake a week for almost ten years
# A change smaller than this many points is "about the same": answers wobble a little.
STEADY_BELOW = 3.0
CLEAR_FROM, LARGE_FROM = 10.0, 20.0


@dataclass(frozen=True)
class Entry:
    id: str  # names the entry for removal; only its journal's holder sees it
    added: datetime  # UTC
    report: Report


@dataclass(frozen=True)
class Change:
    part_id: str
    title: str
    before: float | None
    after: float | None

    @property
    def points(self) -> Fraction | None:
        """The exact change (words are chosen on it; ``change_text`` rounds it once)."""
        if self.before is None or self.after is None:
            return None
        return exact(self.after) - exact(self.before)

    @property
    def words(self) -> str:
        """The direction and size of the change in words (a catalogue message)."""
        points = self.points
        if points is None:
            return N_("cannot be compared (not enough answers)")
        size = abs(points)
        if size < STEADY_BELOW:
            return N_("about the same")
        up = points > 0
        if size < CLEAR_FROM:
            return N_("a little up") if up else N_("a little down")
        if size < LARGE_FROM:
            return N_("clearly up") if up else N_("clearly down")
        return N_("a lot up") if up else N_("a lot down")


def changes(before: Report, after: Report) -> list[Change]:
    """Part by part from ``before`` to ``after``, matched by part id."""
    earlier = {p.id: p.score for p in before.parts}
    return [Change(p.id, p.title, earlier.get(p.id), p.score) for p in after.parts]


def day_label(at: date, today: date, language: str = "en") -> str:
    """ "November 2" (``2 novembre``, ``2 de noviembre``), with the year when it is not
    ``today``'s year, the way ``language`` writes it (Babel)."""
    skeleton = "MMMMd" if at.year == today.year else "yMMMMd"
    return format_skeleton(skeleton, at, locale=language)


def change_text(change: Change, since: date, today: date, language: str = "en") -> Message:
    """ "Mutually beneficial +15 since November 2 (clearly up)"."""
    points = change.points
    amount = "–" if points is None else f"{shown(points):+.0f}"
    return Message(
        N_("{part} {amount} since {day} ({change})"),
        {
            "part": change.title,
            "amount": amount,
            "day": day_label(since, today, language),
            "change": Message(change.words),
        },
    )


def entry_date(entry: Entry) -> date:
    return entry.added.astimezone(UTC).date()


@dataclass(frozen=True)
class Trend:
    """One part's scores across every entry, oldest first."""

    part_id: str
    title: str
    dates: tuple[date, ...]
    scores: tuple[float | None, ...]


def trends(entries: Sequence[Entry]) -> list[Trend]:
    """Each part of the latest entry's bank, across all entries (matched by part id)."""
    if not entries:
        return []
    dates = tuple(entry_date(e) for e in entries)
    found = []
    for part in entries[-1].report.parts:
        scores = tuple(
            next((p.score for p in e.report.parts if p.id == part.id), None) for e in entries
        )
        found.append(Trend(part.id, part.title, dates, scores))
    return found


def to_json(entries: Sequence[Entry]) -> bytes:
    """The whole journal as one file: every result as the app showed it, oldest first."""
    data = {
        "format": FORMAT,
        "entries": [{"added": e.added.astimezone(UTC).isoformat(), **_result(e)} for e in entries],
    }
    return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")


def _result(entry: Entry) -> dict[str, Any]:
    return {"result": entry.report.to_dict()}


@dataclass(frozen=True)
class Imported:
    """A journal file's results, checked, oldest first, with when each was added."""

    bank_id: str
    results: tuple[tuple[datetime, Report], ...]


def parse_journal_file(data: bytes) -> Imported:
    """A journal exported by this app, checked like any untrusted input.

    Raises ``ReportError`` with a reason for a file too large, of another format or
    version, with damaged entries, or mixing question banks.
    """
    if len(data) > MAX_FILE_BYTES:
        raise ReportError(N_("this file is too large to be a journal"))
    try:
        decoded = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ReportError(N_("this file is not a journal exported from this app")) from None
    if not isinstance(decoded, dict) or decoded.get("format") != FORMAT:
        raise ReportError(N_("this file is not a journal exported from this app (or a newer one)"))
    raw = decoded.get("entries")
    if not isinstance(raw, list) or not raw:
        raise ReportError(N_("this journal has no results"))
    if len(raw) > MAX_ENTRIES:
        raise ReportError(
            N_("this journal holds more than {most} results, the most a journal may hold"),
            most=MAX_ENTRIES,
        )
    results = []
    for number, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise ReportError(N_("result {number} of the journal is damaged"), number=number)
        try:
            report = imported(report_from_dict(item.get("result")))
        except ReportError as problem:
            raise ReportError(
                N_("result {number} of the journal: {problem}"),
                number=number,
                problem=problem.message,
            ) from None
        results.append((_moment(item.get("added"), number), report))
    banks = {report.bank_id for _, report in results}
    if len(banks) != 1:
        raise ReportError(N_("this journal mixes results of different question banks"))
    results.sort(key=lambda pair: pair[0])
    return Imported(banks.pop(), tuple(results))


def _moment(value: object, number: int) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise ReportError(N_("result {number} of the journal has no date"), number=number)
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        raise ReportError(
            N_("result {number} of the journal has a damaged date"), number=number
        ) from None
    return found.replace(tzinfo=UTC) if found.tzinfo is None else found.astimezone(UTC)
