"""How well a bank's statements worked: Cronbach's alpha per part and each statement's
corrected item-total correlation, computed with NumPy from finished answers.

Per part, only the people who gave a 1-5 answer to every statement of the part count
(listwise: "does not apply" and gaps leave that person out of that part). Reverse
statements are keyed first (``scoring.keyed``), so every statement should correlate
positively with the rest of its part: a reverse statement that correlates negatively
was probably read the other way round, or keyed wrongly in the bank.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from networking_works.bank import Bank, Part
from networking_works.scoring import SCALE_POINTS, keyed

MIN_COMPLETIONS = 10  # the remote shows the figures from this many finished people on
# A part's alpha and correlations are shown only over this many people who answered all
# its statements: over 2 people every correlation is +1 or -1, and means nothing.
MIN_PEOPLE_PER_PART = 10
WEAK_BELOW = 0.2  # a statement correlating less than this with its part is flagged
# Floating point puts an exact correlation of 0 at -2.4e-17 and 1/5 at 0.19999999999999998:
# a correlation within this of a threshold counts as on it (0 is not negative, 0.2 not weak).
TOLERANCE = 1e-9

Matrix = npt.NDArray[np.float64]


class Flag(StrEnum):
    WEAK = "weak"  # correlates below WEAK_BELOW with the rest of its part
    WRONG_SIGN = "wrong_sign"  # a reverse statement that correlates negatively once keyed


@dataclass(frozen=True)
class ItemStat:
    statement_id: str
    reverse: bool
    correlation: float | None  # None: no spread in the item or in the rest of the part
    flag: Flag | None


@dataclass(frozen=True)
class PartStats:
    part_id: str
    people: int  # who answered every statement of the part
    alpha: float | None  # None: fewer than 2 people, or no spread at all
    items: tuple[ItemStat, ...]

    @property
    def shown(self) -> bool:
        """Enough people answered every statement for the figures to mean something."""
        return self.people >= MIN_PEOPLE_PER_PART


def cronbach_alpha(scores: Matrix) -> float | None:
    """alpha = k/(k-1) * (1 - sum of item variances / variance of the totals); people in
    rows, items in columns, sample variances (n - 1)."""
    people, k = scores.shape
    if people < 2 or k < 2:
        return None
    total_variance = float(np.var(scores.sum(axis=1), ddof=1))
    if total_variance == 0:
        return None
    item_variances = float(np.var(scores, axis=0, ddof=1).sum())
    return float(k / (k - 1) * (1 - item_variances / total_variance))


def corrected_item_total(scores: Matrix) -> list[float | None]:
    """Each item's Pearson correlation with the sum of the other items of its part."""
    totals = scores.sum(axis=1)
    found: list[float | None] = []
    for column in range(scores.shape[1]):
        item, rest = scores[:, column], totals - scores[:, column]
        if scores.shape[0] < 2 or np.std(item) == 0 or np.std(rest) == 0:
            found.append(None)
            continue
        found.append(float(np.corrcoef(item, rest)[0, 1]))
    return found


def part_stats(part: Part, rows: Iterable[Mapping[str, object]]) -> PartStats:
    """``part``'s figures over ``rows`` (statement id -> the answer as stored)."""
    complete = []
    for row in rows:
        answers = [row.get(s.id) for s in part.statements]
        given = [a for a in answers if type(a) is int and a in SCALE_POINTS]
        if len(given) == len(part.statements):  # bools (True == 1) are not answers
            keys = zip(given, part.statements, strict=True)
            complete.append([keyed(a, s.reverse) for a, s in keys])
    scores = np.array(complete, dtype=np.float64).reshape(len(complete), len(part.statements))
    correlations = corrected_item_total(scores)
    items = tuple(
        ItemStat(s.id, s.reverse, r, _flag(r, s.reverse))
        for s, r in zip(part.statements, correlations, strict=True)
    )
    return PartStats(part.id, len(complete), cronbach_alpha(scores), items)


def bank_stats(bank: Bank, rows: Sequence[Mapping[str, object]]) -> tuple[PartStats, ...]:
    return tuple(part_stats(part, rows) for part in bank.parts)


def _flag(correlation: float | None, reverse: bool) -> Flag | None:
    if correlation is None:
        return None
    if reverse and correlation < -TOLERANCE:
        return Flag.WRONG_SIGN
    return Flag.WEAK if correlation < WEAK_BELOW - TOLERANCE else None


def stats_csv(stats: Sequence[PartStats]) -> str:
    """One row per statement: its part, the part's alpha and people, its correlation."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    header = ["part", "people", "alpha", "statement", "reverse", "item_rest_correlation", "flag"]
    writer.writerow(header)
    for part in stats:
        for item in part.items:  # a part under MIN_PEOPLE_PER_PART: its people, no figures
            writer.writerow(
                [
                    part.part_id,
                    part.people,
                    _rounded(part.alpha) if part.shown else "",
                    item.statement_id,
                    "yes" if item.reverse else "no",
                    _rounded(item.correlation) if part.shown else "",
                    (item.flag or "") if part.shown else "",
                ]
            )
    return buffer.getvalue()


def stats_text(bank: Bank, stats: Sequence[PartStats]) -> str:
    """The same figures as plain text, for the command line."""
    lines = []
    for part, found in zip(bank.parts, stats, strict=True):
        if not found.shown:
            lines.append(
                f"{part.id}: not shown, {found.people} people answered every statement "
                f"(at least {MIN_PEOPLE_PER_PART} needed)"
            )
            continue
        people = f"({found.people} people)"
        lines.append(f"{part.id}: alpha {_rounded(found.alpha) or '-'} {people}")
        for item in found.items:
            reverse = " (reverse)" if item.reverse else ""
            flag = f"  <- {item.flag}" if item.flag else ""
            figure = _rounded(item.correlation) or "-"
            lines.append(f"  {item.statement_id}{reverse}: {figure} {people}{flag}")
    return "\n".join(lines)


def _rounded(value: float | None) -> str:
    if value is None:
        return ""
    return f"{0.0 if abs(value) < TOLERANCE else value:.3f}"  # never "-0.000"
