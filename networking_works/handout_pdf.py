"""The one-page handout as a real PDF (fpdf2): text to select and search, vectors, a link.

The radar is drawn as lines and polygons and the QR code as SVG paths, so the page
stays sharp at any zoom and weighs a few tens of KB; DejaVu Sans is embedded as a
subset (only the glyphs used), covering the languages the banks are written in. The
document's title and language are set, and the link under the QR code is clickable.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import segno
from fpdf import FPDF

from networking_works.handout import BOLD, GRID, INK, MUTED, REGULAR, WORDS, radar_point
from networking_works.radar_svg import PALETTE
from networking_works.report import Report

PAGE_W, PAGE_H = 210.0, 297.0  # A4, in mm
MARGIN = 18.0
QR_SIZE = 34.0
FAMILY = "DejaVu"
RGB = tuple[int, int, int]


def handout_pdf(
    report: Report, link: str, lang: str = "en", words: Mapping[str, str] = WORDS
) -> bytes:
    """The handout of ``report`` with ``link`` (and its QR code) back to the result."""
    for size in (11.0, 10.0, 9.0, 8.0, 7.0):  # long texts shrink until one page holds them
        pdf = _page(report, link, lang, size, words)
        if pdf.page_no() == 1 and pdf.get_y() <= PAGE_H - MARGIN - QR_SIZE - 4:
            break
    return bytes(pdf.output())


def _page(report: Report, link: str, lang: str, size: float, words: Mapping[str, str]) -> FPDF:
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_title(words["title"])
    pdf.set_lang(lang)
    pdf.set_creator("networking-works")
    pdf.set_auto_page_break(auto=True, margin=MARGIN)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font(FAMILY, "", str(REGULAR))
    pdf.add_font(FAMILY, "B", str(BOLD))
    pdf.add_page()
    _footer(pdf, link, words)  # first, so the text below never has to leave room on a second page
    pdf.set_xy(MARGIN, MARGIN)
    _text(pdf, words["title"], 24, bold=True)
    _text(pdf, f"{report.bank_title} · {report.created[:10]}", 10, colour=_rgb(MUTED))
    before = None if report.before is None else report.before.scores
    if report.before is not None:
        _legend(pdf, report.created[:10], report.before.created[:10], words)
    top = pdf.get_y()
    _radar(pdf, report.titles, report.scores, (PAGE_W / 2, top + 48), 34, before, words)
    pdf.set_y(top + 100)
    if report.weakest:
        _text(pdf, f"{words['weakest']} {', '.join(report.weakest)}", size + 2, bold=True)
    if report.profiles:
        _text(pdf, f"{words['pattern']} {', '.join(p.name for p in report.profiles)}", size)
    if report.why:
        _text(pdf, report.why, size)
    _text(pdf, words["plan"], size + 4, bold=True)
    for number, item in enumerate(report.plan, 1):
        _text(pdf, f"{number}. {item.text}", size)
    return pdf


def _text(
    pdf: FPDF, text: str, size: float, bold: bool = False, colour: RGB = (14, 17, 22)
) -> None:
    pdf.set_font(FAMILY, "B" if bold else "", size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(size * 0.25)


def _footer(pdf: FPDF, link: str, words: Mapping[str, str]) -> None:
    top = PAGE_H - MARGIN - QR_SIZE
    svg = segno.make(link, error="m").svg_inline(border=2, dark=INK, omitsize=True)
    x = PAGE_W - MARGIN - QR_SIZE
    pdf.image(io.BytesIO(svg.encode()), x=x, y=top, w=QR_SIZE, h=QR_SIZE)
    pdf.link(x, top, QR_SIZE, QR_SIZE, link)
    pdf.set_xy(MARGIN, top + 8)
    width = PAGE_W - 2 * MARGIN - QR_SIZE - 6
    pdf.set_font(FAMILY, "", 10)
    pdf.set_text_color(*_rgb(MUTED))
    pdf.multi_cell(width, 5, words["scan"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*_rgb(PALETTE[0]))
    pdf.set_font(FAMILY, "", 9)
    pdf.set_x(MARGIN)
    pdf.multi_cell(width, 4.5, link, link=link, new_x="LMARGIN", new_y="NEXT")


def _legend(pdf: FPDF, now: str, before: str, words: Mapping[str, str]) -> None:
    """Which outline is which, for a before/after radar."""
    y, x = pdf.get_y() + 2, MARGIN
    pdf.set_font(FAMILY, "", 9)
    pdf.set_text_color(*_rgb(INK))
    for label, colour, dashed in (
        (words["now"].format(date=now), PALETTE[0], False),
        (words["before"].format(date=before), PALETTE[1], True),
    ):
        pdf.set_draw_color(*_rgb(colour))
        pdf.set_line_width(0.8)
        if dashed:
            pdf.set_dash_pattern(dash=2, gap=1)
        pdf.line(x, y + 2, x + 10, y + 2)
        pdf.set_dash_pattern()
        pdf.text(x + 12, y + 3, label)
        x += 16 + pdf.get_string_width(label) + 8
    pdf.set_y(y + 6)


def _radar(
    pdf: FPDF,
    titles: Sequence[str],
    values: Sequence[float | None],
    centre: tuple[float, float],
    radius: float,
    before: Sequence[float | None] | None,
    words: Mapping[str, str],
) -> None:
    cx, cy = centre
    count = len(titles)

    def point(i: int, value: float | None) -> tuple[float, float]:
        return radar_point(centre, radius, i, count, value)

    pdf.set_line_width(0.3)
    pdf.set_draw_color(*_rgb(GRID))
    for ring in (25, 50, 75, 100):
        pdf.polygon([point(i, ring) for i in range(count)], style="D")
    for i in range(count):
        pdf.line(cx, cy, *point(i, 100))
    pdf.set_line_width(0.8)
    if before is not None:
        pdf.set_draw_color(*_rgb(PALETTE[1]))
        pdf.set_dash_pattern(dash=2, gap=1)
        pdf.polygon([point(i, v) for i, v in enumerate(before)], style="D")
        pdf.set_dash_pattern()
    pdf.set_draw_color(*_rgb(PALETTE[0]))
    pdf.set_fill_color(204, 227, 240)
    pdf.polygon([point(i, v) for i, v in enumerate(values)], style="D" if before else "DF")
    pdf.set_font(FAMILY, "", 8)
    pdf.set_text_color(*_rgb(INK))
    for i, (title, value) in enumerate(zip(titles, values, strict=True)):
        x, y = point(i, 128)
        score = words["no_score"] if value is None else f"{value:.0f}"
        pdf.set_xy(x - 17, y - 5)
        pdf.multi_cell(34, 3.4, f"{title}\n{score}", align="C")


def _rgb(colour: str) -> RGB:
    value = colour.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return red, green, blue
