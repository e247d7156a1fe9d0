"""The three levels a part score falls in, and the one place their thresholds live.

The same bounds decide a person's level (``Band.of``), count a room's people per level
in SQL (``Band.sql_count``) and name the level on charts (``Band.label``).
"""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement

MIDDLE_FROM, HIGH_FROM = 40.0, 70.0


class Band(StrEnum):
    # The values are stored in shared results and are the keys of a bank's diagnosis.
    LOW = "low"
    MIDDLE = "middle"
    HIGH = "high"

    @classmethod
    def of(cls, score: float | Fraction) -> Band:
        for band in cls:
            if all(band._tests(score)):
                return band
        raise ValueError(f"no band holds the score {score!r}")

    def sql_count(self, score: ColumnElement[Any]) -> ColumnElement[Any]:
        """SQL: how many rows' ``score`` fall in this band (a NULL score in none)."""
        return sa.func.sum(sa.case((sa.and_(*self._tests(score)), 1), else_=0))

    @property
    def label(self) -> str:
        lowest, below = _BOUNDS[self]
        name = self.value.capitalize()
        if lowest is None:
            return f"{name} (under {below:g})"
        if below is None:
            return f"{name} ({lowest:g}+)"
        # Scores are read as whole numbers on the charts: 69.9 is "69".
        return f"{name} ({lowest:g}–{below - 1:g})"

    def _tests(self, score: Any) -> list[Any]:
        """The comparisons a score in this band passes: bools in Python, conditions in SQL."""
        lowest, below = _BOUNDS[self]
        tests = []
        if lowest is not None:
            tests.append(score >= lowest)
        if below is not None:
            tests.append(score < below)
        return tests


# [lowest, below): a band's scores; None is no bound.
_BOUNDS: dict[Band, tuple[float | None, float | None]] = {
    Band.LOW: (None, MIDDLE_FROM),
    Band.MIDDLE: (MIDDLE_FROM, HIGH_FROM),
    Band.HIGH: (HIGH_FROM, None),
}
