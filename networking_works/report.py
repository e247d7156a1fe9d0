"""A finished result as a self-contained snapshot.

The snapshot holds every text the results page shows, copied from the bank
at scoring time. A shared link or an exported file therefore keeps working,
unchanged, after the bank is edited or removed. It never holds the answers.

A report may carry the scores of an earlier result (``before``), when its owner chose
to show their before/after radar; files without it are read as before.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from fractions import Fraction
from typing import Any

from networking_works.bands import Band
from networking_works.bank import MAX_PART_TITLE, MAX_PARTS, Bank
from networking_works.diagnosis import diagnose
from networking_works.messages import N_, Explained
from networking_works.scoring import Answers, exact, score, shown

FORMAT = "networking-works/result@1"
MAX_TEXT = 4000
MAX_FILE_BYTES = 256 * 1024


class ReportError(Explained, ValueError):
    """Data that claims to be a result but is not one we can show."""


@dataclass(frozen=True)
class PartResult:
    id: str
    title: str
    score: float | None
    band: Band | None  # None when not enough answers


@dataclass(frozen=True)
class ProfileResult:
    name: str
    problem: str
    first_step: str


@dataclass(frozen=True)
class PlanItem:
    part_title: str
    text: str


@dataclass(frozen=True)
class Before:
    """An earlier result's date and scores, in the order of the report's parts."""

    created: str
    scores: tuple[float | None, ...]


@dataclass(frozen=True)
class Report:
    bank_id: str
    bank_version: str
    bank_title: str
    created: str  # ISO 8601 date and time, UTC
    parts: tuple[PartResult, ...]
    overall: float | None
    same_answer_everywhere: bool
    weakest: tuple[str, ...]  # part titles
    strongest: tuple[str, ...]
    profiles: tuple[ProfileResult, ...]
    why: str
    plan: tuple[PlanItem, ...]
    before: Before | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data (lists, not tuples): exactly what ``report_from_dict`` reads."""
        data = _json_shaped(asdict(self))
        if self.before is None:
            del data["before"]  # files and shared results without it stay as they were
        return {"format": FORMAT, **data}

    def with_before(self, earlier: Report | None) -> Report:
        """This report showing ``earlier``'s scores as its "before" (matched by part id)."""
        if earlier is None:
            return replace(self, before=None)
        return replace(self, before=Before(earlier.created, matched_scores(self, earlier)))

    @property
    def scores(self) -> list[float | None]:
        return [p.score for p in self.parts]

    @property
    def titles(self) -> list[str]:
        return [p.title for p in self.parts]


def matched_scores(report: Report, other: Report) -> tuple[float | None, ...]:
    """``other``'s scores in the order of ``report``'s parts, matched by part id."""
    theirs = {p.id: p.score for p in other.parts}
    return tuple(theirs.get(p.id) for p in report.parts)


def build_report(bank: Bank, answers: Answers, created: datetime) -> Report:
    scores = score(bank, answers)
    found = diagnose(bank, scores)
    title = {p.id: p.title for p in bank.parts}
    return Report(
        bank_id=bank.id,
        bank_version=bank.version,
        bank_title=bank.title,
        created=created.isoformat(timespec="seconds"),
        parts=tuple(
            PartResult(p.part_id, title[p.part_id], _stored(p.score), found.bands.get(p.part_id))
            for p in scores.parts
        ),
        overall=_stored(scores.overall),
        same_answer_everywhere=scores.same_answer_everywhere,
        weakest=tuple(title[pid] for pid in found.weakest),
        strongest=tuple(title[pid] for pid in found.strongest),
        profiles=tuple(ProfileResult(p.name, p.problem, p.first_step) for p in found.profiles),
        why=found.why,
        plan=tuple(PlanItem(title[a.part_id], a.text) for a in found.plan),
    )


def report_from_dict(data: object) -> Report:
    """Rebuild a report from stored or imported JSON, checking every field."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReportError(N_("this is not a networking-works result file"))
    try:
        report = Report(
            bank_id=_text(data["bank_id"]),
            bank_version=_text(data["bank_version"]),
            bank_title=_text(data["bank_title"]),
            created=_text(data["created"]),
            parts=tuple(
                PartResult(_text(p["id"]), _text(p["title"]), _score(p["score"]), _band(p["band"]))
                for p in _list(data["parts"])
            ),
            overall=_score(data["overall"]),
            same_answer_everywhere=_flag(data["same_answer_everywhere"]),
            weakest=tuple(_text(t) for t in _list(data["weakest"])),
            strongest=tuple(_text(t) for t in _list(data["strongest"])),
            profiles=tuple(
                ProfileResult(_text(p["name"]), _text(p["problem"]), _text(p["first_step"]))
                for p in _list(data["profiles"])
            ),
            why=_text(data["why"], allow_empty=True),
            plan=tuple(
                PlanItem(_text(p["part_title"]), _text(p["text"])) for p in _list(data["plan"])
            ),
            before=_before(data.get("before"), len(_list(data["parts"]))),
        )
    except (KeyError, TypeError) as exc:
        raise ReportError(
            N_("the result is incomplete or damaged ({detail})"), detail=str(exc)
        ) from None
    ids = [p.id for p in report.parts]
    if not ids:
        raise ReportError(N_("the result has no parts"))
    if len(set(ids)) < len(ids):
        raise ReportError(N_("the result names one of its parts twice"))
    return report


def _before(value: object, parts: int) -> Before | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ReportError(N_("the result contains a damaged earlier result"))
    scores = tuple(_score(s) for s in _list(value["scores"]))
    if len(scores) != parts:
        raise ReportError(N_("the earlier result does not have one score per part"))
    return Before(_text(value["created"]), scores)


def _text(value: object, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT or not (value or allow_empty):
        raise ReportError(N_("the result contains a damaged text field"))
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise ReportError(N_("the result contains a damaged true/false field"))
    return value


def _list(value: object) -> list[Any]:
    if not isinstance(value, list) or len(value) > 50:
        raise ReportError(N_("the result contains a damaged list"))
    return value


def _stored(value: Fraction | None) -> float | None:
    """An exact score as a report holds it: the nearest float (JSON has no fractions;
    ``scoring.exact`` reads it back, and ``scoring.shown`` rounds it for display)."""
    return None if value is None else float(value)


def _score(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ReportError(N_("the result contains a score outside 0 to 100"))
    return float(value)


def _band(value: object) -> Band | None:
    if value is None:
        return None
    if isinstance(value, str) and value in set(Band):
        return Band(value)
    raise ReportError(N_("the result contains an unknown level"))


def _json_shaped(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _json_shaped(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_shaped(item) for item in value]
    if isinstance(value, Band):
        return value.value  # stored results keep the plain "low", "middle", "high"
    return value


def parse_result_file(data: bytes) -> Report:
    """A result exported as JSON, checked like any untrusted input."""
    if len(data) > MAX_FILE_BYTES:
        raise ReportError(N_("this file is too large to be a result"))
    try:
        decoded = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ReportError(N_("this file is not a result exported from this app")) from None
    return imported(report_from_dict(decoded))


def imported(report: Report) -> Report:
    """``report``, read from a file someone hands in, held to what a bank can make: at most
    MAX_PARTS parts, titled in at most MAX_PART_TITLE characters each.

    Every page that shows it draws a radar labelled with those titles, and keeps the
    figure: 50 parts titled with 4,000 characters each cost 0.3 s and 300 KB a radar.
    """
    if len(report.parts) > MAX_PARTS:
        raise ReportError(
            N_("the result has {count} parts, and a result has at most {most}"),
            count=len(report.parts),
            most=MAX_PARTS,
        )
    for number, part in enumerate(report.parts, 1):
        if len(part.title) > MAX_PART_TITLE:
            raise ReportError(
                N_("the title of part {number} is longer than {most} characters"),
                number=number,
                most=MAX_PART_TITLE,
            )
    return report


def to_json(report: Report) -> bytes:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class Difference:
    title: str
    first: float | None
    second: float | None

    @property
    def change(self) -> float | None:
        if self.first is None or self.second is None:
            return None
        return shown(exact(self.second) - exact(self.first), 1)


def differences(first: Report, second: Report) -> list[Difference]:
    """Part by part, matched by part id so banks in other languages still line up."""
    theirs = {p.id: p.score for p in second.parts}
    return [Difference(p.title, p.score, theirs.get(p.id)) for p in first.parts]
