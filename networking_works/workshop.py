"""Workshops: join codes, names, and the room's summary as pure functions."""

from __future__ import annotations

import csv
import functools
import io
import secrets
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import yaml

from networking_works.bands import Band
from networking_works.bank import Bank
from networking_works.messages import N_, Explained
from networking_works.progress import Stage
from networking_works.scoring import clean_answers, score, shown

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

# No 0/O, 1/I/L: a code read off a projector from the back row must not be ambiguous.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MAX_NICKNAME = 30
MAX_TITLE = 80  # a room's title
MAX_CAP = 5000  # the largest participant limit a room may have
DEFAULT_TITLE = "Networking workshop"
MIN_FOR_AGGREGATE = 3

# The made-up names' words, per language (data: networking_works/locales/codenames.yaml).
CODENAMES = Path(__file__).resolve().parent / "locales" / "codenames.yaml"


@dataclass(frozen=True)
class Codenames:
    """One language's made-up names: every adjective-and-animal pair, agreement done."""

    pairs: tuple[str, ...]

    def new(self) -> str:
        return f"{secrets.choice(self.pairs)} {secrets.randbelow(90) + 10}"


@functools.cache
def codenames(language: str) -> Codenames:
    """The names of ``language`` (English for a language the file does not list)."""
    lists = yaml.safe_load(CODENAMES.read_text(encoding="utf-8"))
    words = lists.get(language, lists["en"])
    pairs = []
    for animal in words["animals"]:
        for adjective in words["adjectives"]:
            if isinstance(adjective, list):  # [masculine, feminine]
                adjective = adjective[animal["gender"] == "f"]
            pair = (adjective, animal["name"])
            pairs.append(" ".join(pair if words["order"] == "adjective animal" else pair[::-1]))
    return Codenames(tuple(pairs))


def holds_part(accepting: bool, speaker_paced: bool, open_parts: int, step: int) -> bool:
    """Whether a participant at part ``step`` (0-based) waits: answers are closed, or the
    speaker paces the room and has not opened that part yet."""
    return not accepting or (speaker_paced and step >= open_parts)


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: object) -> str | None:
    """A typed or scanned code in canonical form, or None if it cannot be one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = "".join(c for c in text.upper() if c not in " -_\t")
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def new_codename(language: str = "en") -> str:
    """A made-up name in ``language`` ("Calm Heron 42", "Héron calme 42")."""
    return codenames(language).new()


def clean_nickname(text: object, limit: int = MAX_NICKNAME) -> str:
    """Printable, single-line, at most ``limit`` characters; may be empty."""
    if not isinstance(text, str):
        return ""
    kept = "".join(
        c if not unicodedata.category(c).startswith(("C", "Z")) else " "
        for c in unicodedata.normalize("NFC", text)
    )
    return " ".join(kept.split())[:limit].strip()


def distinct_labels(names: Sequence[str], taken: Iterable[str] = ()) -> list[str]:
    """``names`` (in joining order) as the lines of a list to choose from, no two alike and
    none equal to one of ``taken``: a repeated name gets its number, "Alex", "Alex (2)".

    Streamlit finds a chosen option by its label: with two "Alex", choosing the first
    chose the last, and the speaker removed the wrong person.
    """
    used, labels, seen = set(taken), [], dict[str, int]()
    for name in names:
        count = seen[name] = seen.get(name, 0) + 1
        label = name if count == 1 else f"{name} ({count})"
        while label in used:
            count += 1
            label = f"{name} ({count})"
        used.add(label)
        labels.append(label)
    return labels


class RoomRefused(Explained, ValueError):
    """A room's settings outside what the create form offers; the message says which."""


def room_settings(
    title: object, speaker_paced: object, cap: object, untitled: str = DEFAULT_TITLE
) -> tuple[str, bool, int | None]:
    """The create form's values as a room stores them: (title, speaker_paced, cap or None).

    A cap of 0 means no limit; an empty title becomes ``untitled`` (the web layer passes
    it in the room's language). Raises ``RoomRefused`` for anything the form cannot send.
    """
    if type(speaker_paced) is not bool:
        raise RoomRefused(N_("the pacing must be self-paced or speaker-paced"))
    wrong = N_("the participant limit must be a whole number from 0 to {most}")
    if isinstance(cap, bool) or not isinstance(cap, int | float):
        raise RoomRefused(wrong, most=MAX_CAP)
    if not (0 <= cap <= MAX_CAP and cap == int(cap)):  # NaN fails the first test
        raise RoomRefused(wrong, most=MAX_CAP)
    return clean_nickname(title, MAX_TITLE) or untitled, speaker_paced, int(cap) or None


@dataclass(frozen=True)
class PartSummary:
    part_id: str
    count: int
    mean: float | None
    q1: float | None
    q3: float | None
    bands: dict[Band, int]  # people per band


@dataclass(frozen=True)
class RoomSummary:
    completed: int
    parts: tuple[PartSummary, ...]
    weakest: tuple[str, ...]  # part ids with the lowest mean

    @property
    def means(self) -> list[float | None]:
        return [p.mean for p in self.parts]


# Quartiles are counted in quarters of the ranked list: the first, the median, the third.
FIRST_QUARTILE, MEDIAN, THIRD_QUARTILE = 1, 2, 3


@overload
def rank_below(count: int, quarter: int) -> int: ...
@overload
def rank_below(count: ColumnElement[Any], quarter: int) -> ColumnElement[Any]: ...
def rank_below(count: Any, quarter: int) -> Any:
    """The 1-based rank at or just below ``quarter`` quarters of ``count`` ranked values.

    Only ``-``, ``*`` and ``//``: the same definition runs on Python ints and, in the
    store's window-function query, on a SQL count column.
    """
    return (count - 1) * quarter // 4 + 1


def quartile_ranks(count: int, quarter: int) -> tuple[int, int]:
    """The 1-based ranks whose values the quartile lies between (inclusive method)."""
    low = rank_below(count, quarter)
    return low, min(low + 1, count)


def quartile(count: int, quarter: int, by_rank: Mapping[int, float]) -> float:
    low_rank, high_rank = quartile_ranks(count, quarter)
    low, high = by_rank[low_rank], by_rank[high_rank]
    between = (count - 1) * quarter % 4 / 4  # how far past the lower rank it lies
    return shown(low + between * (high - low), 1)


def room_summary(completed: int, parts: Sequence[PartSummary]) -> RoomSummary:
    means = {p.part_id: p.mean for p in parts if p.mean is not None}
    low = min(means.values(), default=None)
    weakest = tuple(pid for pid, m in means.items() if m == low)
    return RoomSummary(completed, tuple(parts), weakest)


@dataclass(frozen=True)
class RoomProgress:
    """How far the room has got: people in it, people done, and people past each part."""

    joined: int
    finished: int
    parts_done: tuple[int, ...]  # per part, how many people have answered it

    @property
    def answering(self) -> int:
        return self.joined - self.finished


def room_progress(positions: Iterable[tuple[str, int, int]], parts: int) -> RoomProgress:
    """The room's progress from (stage, step, people) rows, as stored for each person.

    Someone on the questions of part ``step`` has answered the parts before it; someone
    done has answered them all; someone still reading the definition has answered none.
    """
    joined = finished = 0
    done = [0] * parts
    for stage, step, people in positions:
        joined += people
        if stage == Stage.DONE:
            finished += people
            answered = parts
        elif stage == Stage.QUESTIONS:
            answered = min(max(step, 0), parts)
        else:
            answered = 0
        for part in range(answered):
            done[part] += people
    return RoomProgress(joined, finished, tuple(done))


def answers_csv(bank: Bank, rows: Iterable[Mapping[str, int]]) -> str:
    """The room's answers without names: one numbered row per person, with part scores."""
    statement_ids = [s.id for s in bank.statements]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["participant", *statement_ids, *(f"score_{p.id}" for p in bank.parts)])
    for number, raw in enumerate(rows, 1):
        answers = clean_answers(bank, raw)
        scores = score(bank, answers)
        writer.writerow(
            [
                number,
                *(answers.get(sid, "") for sid in statement_ids),
                *("" if p.score is None else shown(p.score, 1) for p in scores.parts),
            ]
        )
    return buffer.getvalue()
