"""networking_works/radar_svg.py: the radar as SVG text, read back as XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from networking_works.radar_svg import (
    HEIGHT,
    PALETTE,
    RADIUS,
    WIDTH,
    Series,
    legend,
    radar_svg,
    table_rows,
)

NS = "{http://www.w3.org/2000/svg}"
AXES = ["Creating", "Long-term", "Mutual benefit", "Two or more", "All prosper", "More because"]


def _svg(series: list[Series], axes: list[str] = AXES, **kw: str) -> ET.Element:
    text = radar_svg(
        axes, series, title=kw.get("title", "Your radar"), description="Yours", key="k"
    )
    return ET.fromstring(text)  # noqa: S314 -- our own output, not untrusted data


def test_it_is_an_image_with_a_title_and_a_text_alternative() -> None:
    svg = _svg([Series("You", [10, 20, 30, 40, 50, 60])])
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "k-t k-d"
    assert svg.find(f"{NS}title").text == "Your radar"  # type: ignore[union-attr]
    assert svg.find(f"{NS}desc").text == "Yours"  # type: ignore[union-attr]


def test_every_axis_is_labelled_and_long_titles_wrap() -> None:
    svg = _svg([Series("You", [50] * 6)])
    words = [
        " ".join(t.itertext()) for t in svg.iter(f"{NS}text") if t.find(f"{NS}tspan") is not None
    ]
    assert len(words) == 6
    assert "Mutual benefit" in words[2].replace("  ", " ")
    spans = [len(list(t.iter(f"{NS}tspan"))) for t in svg.iter(f"{NS}text")]
    assert max(spans) >= 2  # "Mutual benefit" is longer than a line


def test_one_outline_per_series_in_the_palette_s_colours() -> None:
    series = [Series("You", [50] * 6), Series("Room average", [70] * 6)]
    svg = _svg(series)
    outlines = [p for p in svg.iter(f"{NS}polygon") if p.get("fill") != "none"]
    assert [p.get("stroke") for p in outlines] == list(PALETTE[:2])
    assert [p.find(f"{NS}title").text for p in outlines] == ["You", "Room average"]  # type: ignore[union-attr]
    assert legend(series) == [("You", PALETTE[0]), ("Room average", PALETTE[1])]


def test_a_score_sits_at_its_distance_from_the_centre() -> None:
    svg = _svg([Series("You", [100, 0, 50, None, 150, -20])])
    outline = next(p for p in svg.iter(f"{NS}polygon") if p.get("fill") != "none")
    points = [tuple(map(float, xy.split(","))) for xy in outline.get("points", "").split()]
    centre = (WIDTH / 2, HEIGHT / 2)
    distances = [((x - centre[0]) ** 2 + (y - centre[1]) ** 2) ** 0.5 for x, y in points]
    expected = [RADIUS, 0, RADIUS / 2, 0, RADIUS, 0]  # none at the centre; out of range clipped
    assert distances == pytest.approx(expected, abs=0.2)
    assert points[0][1] < centre[1]  # the first part at the top


def test_text_from_a_bank_is_escaped() -> None:
    hostile = '<script>alert("x")</script> & co'
    text = radar_svg(
        [hostile, *AXES[1:]],
        [Series(hostile, [1] * 6)],
        title=hostile,
        description=hostile,
        key='"><x',
    )
    assert "<script>" not in text
    svg = ET.fromstring(text)  # noqa: S314 -- still well-formed: our own output
    assert svg.find(f"{NS}title").text == hostile  # type: ignore[union-attr]


def test_fewer_than_three_axes_is_no_radar() -> None:
    with pytest.raises(ValueError, match="three"):
        radar_svg(["a", "b"], [], title="t", description="d", key="k")


def test_the_score_table_has_a_row_per_part_and_a_column_per_series() -> None:
    series = [Series("You", [10.4, None, 30, 40, 50, 60]), Series("Room", [1, 2, 3, 4, 5])]
    rows = table_rows(AXES, series, lambda v: "–" if v is None else f"{v:.0f}")
    assert [r.title for r in rows] == AXES
    assert rows[0].scores == ("10", "1") and rows[1].scores == ("–", "2")
    assert rows[5].scores == ("60", "–")  # a shorter series has no score there
