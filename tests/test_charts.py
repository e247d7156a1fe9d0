"""charts: radar figures, inspected as data (no rendering)."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from networking_works.bank import load_bank
from networking_works.charts import (
    AXIS_LABEL_WIDTH,
    PALETTE,
    PLOTLY_CONFIG,
    Band,
    Series,
    axis_label,
    radar,
)
from tests.bank_helpers import DEFAULT_BANK

BANK = load_bank(DEFAULT_BANK)
TITLES = [p.title for p in BANK.parts]
YOU = Series("You", [10.0, 20.0, 30.0, 40.0, 50.0, 60.0])
ROOM = Series("Room", [60.0, 50.0, 40.0, 30.0, 20.0, 10.0])


def traces(figure: go.Figure) -> list[go.Scatterpolar]:
    assert all(isinstance(t, go.Scatterpolar) for t in figure.data)
    return list(figure.data)


def test_six_axes_in_the_bank_order_closed() -> None:
    [trace] = traces(radar(TITLES, [YOU]))
    labels = [axis_label(title) for title in TITLES]
    assert list(trace.theta) == [*labels, labels[0]]
    assert len(trace.theta) == 7
    assert [label.replace("<br>", " ") for label in trace.theta[:6]] == TITLES


def test_polygon_is_closed_by_repeating_the_first_point() -> None:
    [trace] = traces(radar(TITLES, [YOU]))
    assert list(trace.r) == [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 10.0]
    assert trace.r[0] == trace.r[-1]
    assert trace.theta[0] == trace.theta[-1]


def test_radial_axis_runs_from_0_to_100() -> None:
    figure = radar(TITLES, [YOU])
    assert tuple(figure.layout.polar.radialaxis.range) == (0, 100)
    ticks = figure.layout.polar.radialaxis.tickvals
    assert ticks
    assert all(0 <= tick <= 100 for tick in ticks)
    assert 100 in ticks


def test_colours_come_from_the_palette_in_order() -> None:
    series = [Series(f"S{i}", [50.0] * 6) for i in range(len(PALETTE) + 1)]
    drawn = traces(radar(TITLES, series))
    assert [t.line.color for t in drawn] == [*PALETTE, PALETTE[0]]
    assert [t.name for t in drawn] == [s.name for s in series]
    # Only the first series is filled, in a translucent version of its colour.
    red, green, blue = (int(PALETTE[0][i : i + 2], 16) for i in (1, 3, 5))
    assert drawn[0].fill == "toself"
    assert drawn[0].fillcolor == f"rgba({red}, {green}, {blue}, 0.2)"
    assert all(t.fill == "none" for t in drawn[1:])
    # Not told apart by colour alone: line dash and marker symbol differ too.
    assert (drawn[0].line.dash, drawn[1].line.dash) == ("solid", "dash")
    assert drawn[0].marker.symbol != drawn[1].marker.symbol


def test_palette_is_six_distinct_hex_colours() -> None:
    assert len(PALETTE) == len(set(PALETTE)) == 6
    assert all(len(c) == 7 and c.startswith("#") and int(c[1:], 16) >= 0 for c in PALETTE)


@pytest.mark.parametrize(
    ("series", "band", "legend"),
    [
        ([YOU], None, False),
        ([YOU, ROOM], None, True),
        ([YOU], Band("Middle half", [20.0] * 6, [60.0] * 6), True),
    ],
    ids=["one-series", "two-series", "series-and-band"],
)
def test_legend_only_when_there_is_more_than_one_thing(
    series: list[Series], band: Band | None, legend: bool
) -> None:
    assert radar(TITLES, series, band).layout.showlegend is legend


def test_band_is_a_filled_ring_drawn_first() -> None:
    low = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]
    high = [30.0, 40.0, 50.0, 60.0, 70.0, 80.0]
    band_trace, series_trace = traces(radar(TITLES, [YOU], Band("Middle half", low, high)))
    assert band_trace.name == "Middle half"
    assert band_trace.fill == "toself"
    assert band_trace.fillcolor
    assert band_trace.hoverinfo == "skip"
    # Outer edge closed, then the inner edge closed and walked back.
    assert list(band_trace.r) == [*high, high[0], *reversed([*low, low[0]])]
    assert band_trace.theta[:7] == series_trace.theta
    assert list(band_trace.theta[7:]) == list(reversed(series_trace.theta))


def test_none_leaves_a_gap() -> None:
    [trace] = traces(radar(TITLES, [Series("You", [10.0, None, 30.0, 40.0, 50.0, 60.0])]))
    assert list(trace.r) == [10.0, None, 30.0, 40.0, 50.0, 60.0, 10.0]
    assert trace.connectgaps is False


def test_none_in_the_first_value_leaves_the_closing_point_out_too() -> None:
    [trace] = traces(radar(TITLES, [Series("You", [None, 20.0, 30.0, 40.0, 50.0, 60.0])]))
    assert trace.r[0] is None
    assert trace.r[-1] is None


def test_figure_serialises_to_json() -> None:
    figure = radar(TITLES, [YOU, ROOM], Band("Middle half", [20.0] * 6, [60.0] * 6))
    data = json.loads(figure.to_json())
    assert len(data["data"]) == 3
    assert data["layout"]["polar"]["radialaxis"]["range"] == [0, 100]


def test_size_options() -> None:
    figure = radar(TITLES, [YOU], height=300, font_size=11)
    assert figure.layout.height == 300
    assert figure.layout.font.size == 11
    assert figure.layout.dragmode is False


def test_axis_labels_wrap_to_fit_a_phone() -> None:
    label = axis_label("More because of the relationships")
    lines = label.split("<br>")
    assert len(lines) > 1
    # A line is only longer than the width when it is a single word that cannot be split.
    assert all(len(line) <= AXIS_LABEL_WIDTH or " " not in line for line in lines)
    assert " ".join(lines) == "More because of the relationships"
    assert axis_label("Creation") == "Creation"
    assert axis_label("") == ""


def test_no_mode_bar() -> None:
    assert PLOTLY_CONFIG["displayModeBar"] is False
    assert PLOTLY_CONFIG["scrollZoom"] is False
