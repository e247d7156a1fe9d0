"""Radar charts as pure functions returning plotly figures.

Plotly reads its texts as pseudo-HTML: ``<a href>``, ``<span style>``, ``<b>`` and the
like in a label become a live link or styled text in the chart's SVG (a part title with a
link gave a working anchor on the projector, issue 23, L2). Part titles come from banks a
speaker writes and from files anyone imports, so every text a chart shows goes through
``plotly_text`` here, and only the line breaks this module adds stay markup.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from networking_works import bands

# The palette and the label width are radar_svg's, so both kinds of radar look alike.
from networking_works.radar_svg import LABEL_WIDTH as AXIS_LABEL_WIDTH
from networking_works.radar_svg import PALETTE


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per axis, 0..100; None leaves a gap


@dataclass(frozen=True)
class Band:
    """A shaded range per axis, such as a room's interquartile range."""

    name: str
    low: Sequence[float | None]
    high: Sequence[float | None]


def plotly_text(text: object) -> str:
    """``text`` as plotly shows it literally: its own ``&``, ``<`` and ``>`` as entities."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrapped(text: str, width: int, **options: Any) -> str:
    """``text`` in lines of about ``width`` characters, each escaped, joined by ``<br>``."""
    lines = textwrap.wrap(text, width, **options) or [text]
    return "<br>".join(plotly_text(line) for line in lines)


def axis_label(title: str) -> str:
    return wrapped(title, AXIS_LABEL_WIDTH, break_long_words=False)


def radar(
    axes: Sequence[str],
    series: Sequence[Series],
    band: Band | None = None,
    height: int | None = 380,
    font_size: int = 12,
    legend: bool = True,
) -> go.Figure:
    """One closed polygon per series over ``axes``, scaled 0 to 100.

    ``height`` None leaves the height to whoever shows the chart. ``legend`` False
    leaves the legend to the page around the chart (a projector has no height to spare
    below it, and no corner where it never meets a label).
    """
    theta = [axis_label(a) for a in axes]
    closed = [*theta, theta[0]]
    traces = [_band_trace(band, closed)] if band is not None else []
    traces += [_series_trace(i, s, closed) for i, s in enumerate(series)]
    layout: dict[str, Any] = {
        "polar": {
            "radialaxis": {
                "range": [0, 100],
                "tickvals": [25, 50, 75, 100],
                # Ticks along the gap between the first two axes keep them off the labels.
                "angle": 90 - 360 / 12,
                "tickangle": 0,
                "tickfont": {"size": font_size - 2, "color": "#4A4F55"},
            },
            "angularaxis": {"direction": "clockwise", "rotation": 90},
            "domain": {"x": [0, 1], "y": [0, 1]},
        },
        "showlegend": legend and (len(series) > 1 or band is not None),
        "legend": _legend(above=False),
        # Room for wrapped axis labels at either side, whatever the type size, and for
        # a label of two lines at the top and at the foot.
        "margin": {
            "l": 6 * font_size + 4,
            "r": 6 * font_size + 4,
            "t": 2 * font_size + 12,
            "b": 3 * font_size + 8,
        },
        "font": {"size": font_size},
        "dragmode": False,
    }
    if height is not None:
        layout["height"] = height
    return figure_from_spec({"data": traces, "layout": layout})


def _legend(above: bool) -> dict[str, Any]:
    if above:
        return {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0.0, "xanchor": "left"}
    return {"orientation": "h", "yanchor": "top", "y": -0.08, "x": 0.5, "xanchor": "center"}


def figure_from_spec(spec: dict[str, Any]) -> go.Figure:
    """Wrap a figure spec built by this module, without plotly's property validation.

    Validating a radar's properties took 6.8 ms of the results page's 10 ms of CPU, on
    every page, for a shape that only this module builds: the tests validate every
    shape this module can produce instead (``go.Figure(spec)`` must accept it and give
    the same figure).
    """
    return go.Figure(spec, _validate=False)


def _series_trace(index: int, series: Series, closed: list[str]) -> dict[str, Any]:
    colour = PALETTE[index % len(PALETTE)]
    values = [_number(v) for v in series.values]
    return {
        "type": "scatterpolar",
        "r": [*values, values[0]],
        "theta": closed,
        "name": plotly_text(series.name),
        "mode": "lines+markers",
        "line": {"color": colour, "width": 3, "dash": "solid" if index == 0 else "dash"},
        "marker": {"size": 8, "symbol": ("circle", "square", "diamond")[index % 3]},
        "fill": "toself" if index == 0 else "none",
        "fillcolor": _translucent(colour),
        "connectgaps": False,
        "hovertemplate": "%{theta}: %{r:.0f}<extra>%{fullData.name}</extra>",
    }


def _band_trace(band: Band, closed: list[str]) -> dict[str, Any]:
    # Outer edge clockwise, inner edge back: one filled ring between them.
    high = [_number(v) for v in band.high]
    low = [_number(v) for v in band.low]
    return {
        "type": "scatterpolar",
        "r": [*high, high[0], *reversed([*low, low[0]])],
        "theta": [*closed, *reversed(closed)],
        "name": plotly_text(band.name),
        "mode": "lines",
        "line": {"width": 0},
        "fill": "toself",
        "fillcolor": "rgba(86, 180, 233, 0.25)",
        "hoverinfo": "skip",
    }


def _number(value: float | None) -> float | None:
    # Unvalidated specs go straight to JSON: a stray numpy or Decimal must not reach it.
    return None if value is None else float(value)


def _translucent(hex_colour: str, alpha: float = 0.2) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


PLOTLY_CONFIG = {"displayModeBar": False, "scrollZoom": False, "responsive": True}


BAND_COLOURS = {bands.Band.LOW: "#D55E00", bands.Band.MIDDLE: "#E69F00", bands.Band.HIGH: "#009E73"}


def distribution(
    axes: Sequence[str],
    people: Sequence[Mapping[bands.Band, int]],
    font_size: int = 16,
    height: int | None = 400,
    level_names: Mapping[bands.Band, str] | None = None,
    axis_title: str = "people",
) -> go.Figure:
    """How many people fall in each level, per part, as stacked horizontal bars.

    The legend sits above the bars, so it never meets the axis title below them. The
    levels are named by ``level_names`` (``Band.label`` by default) and the count axis by
    ``axis_title``: the caller passes them in the reader's language.
    """
    names = level_names or {level: level.label for level in bands.Band}
    labels = [axis_label(a).replace("<br>", " ") for a in axes]
    # Whole people only: a small room must not get ticks at 0.5.
    small = max((sum(b.values()) for b in people), default=0) < 10
    traces = [
        {
            "type": "bar",
            "y": labels,
            "x": [int(b.get(level, 0)) for b in people],
            "name": plotly_text(names[level]),
            "orientation": "h",
            "marker": {"color": BAND_COLOURS[level], "pattern": {"shape": shape}},
            "hovertemplate": "%{y}: %{x}<extra>%{fullData.name}</extra>",
        }
        for level, shape in zip(bands.Band, ("/", "", "."), strict=True)
    ]
    xaxis: dict[str, Any] = {"title": {"text": plotly_text(axis_title)}}
    if small:
        xaxis["dtick"] = 1
    layout: dict[str, Any] = {
        "barmode": "stack",
        "yaxis": {"autorange": "reversed", "automargin": True},
        "xaxis": {**xaxis, "automargin": True},
        "legend": _legend(above=True),
        "margin": {"l": 8, "r": 8, "t": 2 * font_size + 16, "b": 8},
        "font": {"size": font_size},
        "dragmode": False,
    }
    if height is not None:
        layout["height"] = height
    return figure_from_spec({"data": traces, "layout": layout})


@dataclass(frozen=True)
class Trend:
    """One small line chart: a part's scores (0..100, None for a gap) at each label."""

    title: str
    labels: Sequence[str]  # one per point, oldest first, such as "2 Nov"
    values: Sequence[float | None]


TREND_COLUMNS = 2
TREND_TITLE_WIDTH = 22  # characters per line above each small chart on a phone


def trends(charts: Sequence[Trend], font_size: int = 12, row_height: int = 150) -> go.Figure:
    """Small multiples: one line chart per part, two to a row, all scaled 0 to 100."""
    rows = max(1, -(-len(charts) // TREND_COLUMNS))
    gap_x, gap_y = 0.12, 0.5 / rows
    width = (1 - gap_x * (TREND_COLUMNS - 1)) / TREND_COLUMNS
    height = (1 - gap_y * (rows - 1)) / rows
    traces: list[dict[str, Any]] = []
    layout: dict[str, Any] = {
        "showlegend": False,
        "height": rows * row_height + 60,
        "margin": {"l": 36, "r": 8, "t": 44, "b": 24},
        "font": {"size": font_size},
        "dragmode": False,
        "annotations": [],
    }
    for index, chart in enumerate(charts):
        row, column = divmod(index, TREND_COLUMNS)
        suffix = "" if index == 0 else str(index + 1)
        left = column * (width + gap_x)
        top = 1 - row * (height + gap_y)
        traces.append(
            {
                "type": "scatter",
                "x": [plotly_text(label) for label in chart.labels],
                "y": [_number(v) for v in chart.values],
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
                "mode": "lines+markers",
                "line": {"color": PALETTE[0], "width": 2},
                "marker": {"size": 7},
                "connectgaps": False,
                "name": plotly_text(chart.title),
                "hovertemplate": "%{x}: %{y:.0f}<extra>%{fullData.name}</extra>",
            }
        )
        layout[f"xaxis{suffix}"] = {
            "domain": [_unit(left), _unit(left + width)],
            "anchor": f"y{suffix}",
            "type": "category",
            "tickfont": {"size": font_size - 2},
            "automargin": True,
        }
        layout[f"yaxis{suffix}"] = {
            "domain": [_unit(top - height), _unit(top)],
            "anchor": f"x{suffix}",
            "range": [0, 100],
            "tickvals": [0, 50, 100],
            "tickfont": {"size": font_size - 2},
        }
        title = wrapped(str(chart.title), TREND_TITLE_WIDTH)
        layout["annotations"].append(
            {
                "text": title,
                "x": left,
                "y": top + 0.01,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "left",
                "yanchor": "bottom",
                "align": "left",
                "showarrow": False,
                "font": {"size": font_size},
            }
        )
    return figure_from_spec({"data": traces, "layout": layout})


def _unit(value: float) -> float:
    """A figure fraction, rounded and kept in [0, 1] (plotly refuses -2.8e-17)."""
    return min(1.0, max(0.0, round(value, 6)))
