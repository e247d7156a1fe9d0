"""charts: radar figures, inspected as data (no rendering)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go
import pytest

from networking_works.bands import Band as ScoreBand
from networking_works.bank import load_bank
from networking_works.charts import (
    AXIS_LABEL_WIDTH,
    PALETTE,
    PLOTLY_CONFIG,
    Band,
    Series,
    Trend,
    axis_label,
    distribution,
    radar,
    trends,
)
from tests.bank_helpers import DEFAULT_BANK

BANK = load_bank(DEFAULT_BANK)
TITLES = [p.title for p in BANK.parts]
YOU = Series("You", [10.0, 20.0, 30.0, 40.0, 50.0, 60.0])
ROOM = Series("Room", [60.0, 50.0, 40.0, 30.0, 20.0, 10.0])
LOW, MIDDLE, HIGH = ScoreBand


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


# radar and distribution skip plotly's property validation for speed: these prove that
# every shape they build is one plotly accepts, and that validating changes nothing.
SHAPES = {
    "one-series": lambda: radar(TITLES, [YOU]),
    "gaps": lambda: radar(TITLES, [Series("You", [None, 20.0, None, 40.0, 50.0, 60.0])]),
    "three-series": lambda: radar(TITLES, [YOU, ROOM, Series("Then", [50.0] * 6)]),
    "band": lambda: radar(TITLES, [ROOM], Band("Middle half", [20.0] * 6, [60.0] * 6)),
    "projector-size": lambda: radar(TITLES, [YOU], height=560, font_size=20),
    "hostile-name": lambda: radar(TITLES, [Series("<b>x</b> *y* %{theta}", [1.0] * 6)]),
    "distribution-small": lambda: distribution(TITLES, [{LOW: 1, HIGH: 2}] * 6),
    "distribution-large": lambda: distribution(TITLES, [{LOW: 40, MIDDLE: 3}] * 6),
    "distribution-empty": lambda: distribution(TITLES, [{}] * 6),
    "trends-six": lambda: trends(
        [Trend(t, ["5 Oct", "2 Nov", "30 Nov"], [40.0, None, 90.0]) for t in TITLES]
    ),
    "trends-one-point": lambda: trends([Trend(TITLES[0], ["2 Nov"], [55.5])]),
    "trends-seven": lambda: trends([Trend(f"Part {i}", ["a", "b"], [1.0, 2.0]) for i in range(7)]),
    "before-after": lambda: radar(TITLES, [Series("Now (30 November)", [60.0] * 6), YOU]),
    "screen-radar": lambda: radar(
        TITLES, [ROOM], Band("Middle half", [20.0] * 6, [60.0] * 6), 450, 20, legend=False
    ),
    "screen-levels": lambda: distribution(TITLES, [{LOW: 3, MIDDLE: 5}] * 6, 18, height=400),
    "no-height": lambda: radar(TITLES, [YOU], height=None),
}


@pytest.mark.parametrize("build", SHAPES.values(), ids=SHAPES.keys())
def test_every_shape_passes_plotly_validation_unchanged(build) -> None:  # type: ignore[no-untyped-def]
    built = build().to_dict()
    validated = go.Figure(built).to_dict()  # raises on any invalid property or value
    assert validated == built


def test_values_become_plain_floats_for_json() -> None:
    [trace] = traces(radar(TITLES, [Series("You", [Decimal("12.5"), 20, 30, 40, 50, 60])]))
    assert list(trace.r) == [12.5, 20.0, 30.0, 40.0, 50.0, 60.0, 12.5]
    assert all(type(v) is float for v in trace.r)
    json.loads(radar(TITLES, [Series("You", [Decimal("12.5")] * 6)]).to_json())


def test_distribution_stacks_levels_per_part_in_bank_order() -> None:
    bands = [{LOW: i, MIDDLE: 2 * i, HIGH: 10 - i} for i in range(6)]
    figure = distribution(TITLES, bands)
    assert [t.name for t in figure.data] == ["Low (under 40)", "Middle (40–69)", "High (70+)"]
    assert figure.layout.barmode == "stack"
    low, middle, high = figure.data
    assert list(low.x) == [0, 1, 2, 3, 4, 5]
    assert list(middle.x) == [0, 2, 4, 6, 8, 10]
    assert list(high.x) == [10, 9, 8, 7, 6, 5]
    assert [label for label in low.y] == TITLES
    assert figure.layout.yaxis.autorange == "reversed"
    # Patterns as well as colours tell the levels apart.
    assert len({t.marker.pattern.shape for t in figure.data}) == 3


def test_distribution_ticks_whole_people_in_a_small_room_only() -> None:
    assert distribution(TITLES, [{LOW: 3}] * 6).layout.xaxis.dtick == 1
    assert distribution(TITLES, [{LOW: 30}] * 6).layout.xaxis.dtick is None


def test_trends_are_small_multiples_two_to_a_row_scaled_0_to_100() -> None:
    charts = [Trend(t, ["5 Oct", "2 Nov"], [10.0 * i, None]) for i, t in enumerate(TITLES)]
    figure = trends(charts)
    assert [t.name for t in figure.data] == TITLES
    assert [t.xaxis for t in figure.data] == ["x", "x2", "x3", "x4", "x5", "x6"]
    layout = figure.to_dict()["layout"]
    for suffix in ("", "2", "3", "4", "5", "6"):
        assert layout[f"yaxis{suffix}"]["range"] == [0, 100]
        assert all(0 <= v <= 1 for v in layout[f"yaxis{suffix}"]["domain"])
    assert layout["xaxis"]["domain"][1] < layout["xaxis2"]["domain"][0]  # side by side
    assert layout["yaxis3"]["domain"][1] < layout["yaxis"]["domain"][0]  # the next row below
    assert [a["text"] for a in layout["annotations"]][-1] == "More because of the<br>relationships"


def test_the_screen_radar_leaves_its_key_to_the_page_and_room_for_big_labels() -> None:
    layout = radar(TITLES, [ROOM], Band("Middle half", [20.0] * 6, [60.0] * 6), 450, 20).layout
    assert layout.showlegend is True
    figure = radar(TITLES, [ROOM], Band("Middle half", [20.0] * 6, [60.0] * 6), 450, 20, False)
    assert figure.layout.showlegend is False
    assert figure.layout.height == 450 and figure.layout.font.size == 20
    assert figure.layout.polar.radialaxis.tickfont.size >= 18
    # A label of two lines at the foot and at the top fits inside the margins.
    assert figure.layout.margin.b >= 2 * 20 * 1.2 and figure.layout.margin.t >= 20 * 1.2 + 8
    assert radar(TITLES, [YOU], height=None).layout.height is None


def test_the_level_legend_sits_above_the_bars_clear_of_the_axis_title() -> None:
    layout = distribution(TITLES, [{LOW: 1}] * 6, 18, height=400).layout
    assert layout.legend.y >= 1 and layout.legend.yanchor == "bottom"
    assert layout.xaxis.title.text == "people" and layout.height == 400
    assert layout.margin.t >= 2 * 18


HOSTILE = '<a href="https://evil.example/">Click</a> <span style="font-size:90px">big</span> & co'
ALLOWED_MARKUP = re.compile(r"<br>|<extra>|</extra>")


def _texts(value: object, key: str = "") -> list[tuple[str, str]]:
    """Every string of a figure's JSON, with the key it sits under."""
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in _texts(v, k)]
    if isinstance(value, list):
        return [found for item in value for found in _texts(item, key)]
    return [(key, value)] if isinstance(value, str) else []


@pytest.mark.parametrize(
    "figure",
    [
        lambda: radar(
            [HOSTILE, HOSTILE + "2", "Three"],
            [Series(HOSTILE, [1.0, 2.0, 3.0])],
            Band(HOSTILE, [0.0] * 3, [9.0] * 3),
        ),
        lambda: distribution(
            [HOSTILE, "Two", "Three"],
            [{LOW: 1}] * 3,
            level_names={LOW: HOSTILE, MIDDLE: HOSTILE, HIGH: HOSTILE},
            axis_title=HOSTILE,
        ),
        lambda: trends([Trend(HOSTILE, [HOSTILE, "2 Nov"], [10.0, 20.0])] * 3),
    ],
    ids=["radar", "distribution", "trends"],
)
def test_no_text_from_a_bank_or_a_file_reaches_plotly_as_markup(figure: Any) -> None:
    """Issue 23, L2: plotly draws <a href> as a live link and style= as styling."""
    texts = _texts(json.loads(figure().to_json()))
    shown = [text for key, text in texts if key != "hovertemplate"]
    assert any("&lt;a href=" in text and "&amp; co" in text for text in shown)
    for text in shown:
        assert "<" not in ALLOWED_MARKUP.sub("", text), text


def test_an_escaped_label_still_wraps_and_reads_as_typed() -> None:
    label = axis_label("Give <more> & take")
    assert label.replace("<br>", " ") == "Give &lt;more&gt; &amp; take"
