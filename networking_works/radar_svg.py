"""A radar chart as a small SVG text: for pages that are plain HTML (the audience's).

A pure function of its input, no plotly and no script: the same axes and scale as
``charts.radar`` (0 to 100, the first axis at the top, clockwise), each part labelled,
a ``<title>`` and a ``<desc>`` (the text alternative a screen reader reads), and one
closed outline per series. Every text is escaped here: part titles come from banks
that speakers write. Words (titles, series names, the description) are handed in
already translated; the core speaks no language.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

# Okabe-Ito: distinguishable with the common kinds of colour blindness (charts.py's too).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
RINGS = (25, 50, 75, 100)
LABEL_WIDTH = 12  # characters per line, so six labels fit a 375 px screen
WIDTH, HEIGHT = 360, 310
RADIUS = 105
_LINE = 13  # label line height


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per axis, 0..100; None: not enough answers


@dataclass(frozen=True)
class Row:
    """One line of the score table beside the chart: a part and each series' score."""

    title: str
    scores: tuple[str, ...]


def _point(index: float, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADIUS * min(max(value, 0.0), 100.0) / 100
    return WIDTH / 2 + distance * math.cos(angle), HEIGHT / 2 + distance * math.sin(angle)


def _outline(count: int, values: Sequence[float | None]) -> str:
    return " ".join(
        f"{x:.1f},{y:.1f}"
        for x, y in (_point(i, count, v or 0.0) for i, v in enumerate(values[:count]))
    )


def _label(index: int, count: int, title: str) -> str:
    x, y = _point(index, count, 118)
    anchor = "middle" if abs(x - WIDTH / 2) < 1 else ("start" if x > WIDTH / 2 else "end")
    lines = textwrap.wrap(title, LABEL_WIDTH, break_long_words=False) or [title]
    if y < HEIGHT / 2 - 1:
        y -= _LINE * (len(lines) - 1)  # labels above the centre grow upwards
    elif abs(y - HEIGHT / 2) <= 1:
        y -= _LINE * (len(lines) - 1) / 2
    else:
        y += _LINE * 0.6
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{y + _LINE * n:.1f}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return f'<text text-anchor="{anchor}" font-size="11" fill="#31333F">{spans}</text>'


def radar_svg(
    axes: Sequence[str], series: Sequence[Series], *, title: str, description: str, key: str
) -> str:
    """The chart as an ``<svg>`` element. ``key`` names its title and description ids,
    unique on the page (a page may show two charts)."""
    count = len(axes)
    if count < 3:
        raise ValueError("a radar needs at least three axes")
    ident = escape(key)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d" class="radar">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(description)}</desc>',
    ]
    for ring in RINGS:
        parts.append(
            f'<polygon points="{_outline(count, [ring] * count)}" fill="none" '
            'stroke="#D5DAE5" stroke-width="1"/>'
        )
    for index in range(count):
        x, y = _point(index, count, 100)
        parts.append(
            f'<line x1="{WIDTH / 2:.1f}" y1="{HEIGHT / 2:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
            'stroke="#D5DAE5" stroke-width="1"/>'
        )
    for ring in RINGS:  # along the gap between the first two axes, off their labels
        x, y = _point(0.5, count, ring)
        parts.append(
            f'<text x="{x + 2:.1f}" y="{y:.1f}" font-size="9" fill="#4A4F55">{ring}</text>'
        )
    for number, line in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        parts.append(
            f'<polygon points="{_outline(count, line.values)}" fill="{colour}" '
            f'fill-opacity="0.15" stroke="{colour}" stroke-width="2">'
            f"<title>{escape(line.name)}</title></polygon>"
        )
    parts += [_label(i, count, axis) for i, axis in enumerate(axes)]
    parts.append("</svg>")
    return "".join(parts)


def table_rows(
    axes: Sequence[str], series: Sequence[Series], say: Callable[[float | None], str]
) -> list[Row]:
    """The chart's figures as table rows (``say`` writes a score, or its absence)."""
    return [
        Row(axis, tuple(say(line.values[i] if i < len(line.values) else None) for line in series))
        for i, axis in enumerate(axes)
    ]


def legend(series: Sequence[Series]) -> list[tuple[str, str]]:
    """(name, colour) of each series, for a legend drawn by the page."""
    return [(line.name, PALETTE[n % len(PALETTE)]) for n, line in enumerate(series)]
