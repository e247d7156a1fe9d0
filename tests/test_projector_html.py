"""The projected screen's HTML: hostile text stays text, counts and bars add up."""

from __future__ import annotations

from networking_works.workshop import MIN_FOR_AGGREGATE, RoomProgress
from web.screens import projector_html as page

HOSTILE = '<script>alert(1)</script> "x" onload=y &amp;'


def test_hostile_titles_stay_text_everywhere() -> None:
    shown = page.banner(HOSTILE, "https://e.org/join", "ABCDEF", "data:image/svg+xml,x")
    shown += page.strip(HOSTILE, "https://e.org/join", "ABCDEF") + page.headline(HOSTILE)
    shown += page.part_bars([HOSTILE], RoomProgress(1, 0, (1,)), None)
    assert "<script>" not in shown and '"x"' not in shown
    assert "&lt;script&gt;" in shown and "&amp;amp;" in shown


def test_the_banner_shows_the_address_without_its_scheme_and_the_code() -> None:
    shown = page.banner("Club", "https://e.org/join", "ABCDEF", "data:image/svg+xml,x")
    assert "e.org/join" in shown and "https://" not in shown
    assert 'data-nw="code">ABCDEF<' in shown and 'data-nw="qr"' in shown


def test_bars_count_people_per_part_and_say_how_many_parts_are_open() -> None:
    shown = page.part_bars(["A", "B"], RoomProgress(4, 1, (3, 1)), 2)
    assert "3 of 4" in shown and "width:75%" in shown and "1 of 4" in shown
    assert "Parts open: 2 of 2" in shown
    assert "width:0%" in page.part_bars(["A"], RoomProgress(0, 0, (0,)), None)


def test_counts_and_the_minimum_before_results() -> None:
    assert "<b>3</b>answering" in page.counts(RoomProgress(5, 2, (2,)))
    assert f"at least {MIN_FOR_AGGREGATE} people" in page.waiting_for(1)
