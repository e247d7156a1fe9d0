"""Pictures of a result drawn with Pillow: the one-page handout PNG, a stand-alone radar.

The type is DejaVu Sans, shipped in ``networking_works/fonts`` (Pillow's own default
font has no accented letters), so they need no browser, no system fonts and no network
on a fresh machine. The PDF handout is ``handout_pdf``; the link-preview picture is
``preview_card``; both reuse the drawing here.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

from networking_works.messages import N_
from networking_works.radar_svg import PALETTE
from networking_works.report import Report

WIDTH, HEIGHT = 1240, 1754  # A4 at 150 dpi
MARGIN = 90
INK, MUTED, GRID = "#0E1116", "#4A4F55", "#C9CED6"
# Every sentence of the handouts (PNG and PDF), in one place: catalogue messages that the
# web says in the result's language and passes in as ``words`` (English by default).
WORDS = {
    "title": N_("My networking radar"),
    "weakest": N_("Needs the most work:"),
    "pattern": N_("Pattern:"),
    "plan": N_("My plan for this week"),
    "scan": N_("Scan the code to see this result again or to compare it."),
    "no_score": N_("not enough answers"),
    "now": N_("Now ({date})"),
    "before": N_("Before ({date})"),
}


FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(BOLD if bold else REGULAR, size)


def radar_point(
    centre: tuple[float, float], radius: float, i: int, count: int, value: float | None
) -> tuple[float, float]:
    """Where ``value`` (0-100) of axis ``i`` of ``count`` lies; the first axis points up."""
    angle = -math.pi / 2 + 2 * math.pi * i / count
    length = radius * (value or 0.0) / 100
    return centre[0] + length * math.cos(angle), centre[1] + length * math.sin(angle)


def draw_radar(
    draw: ImageDraw.ImageDraw,
    titles: Sequence[str],
    values: Sequence[float | None],
    centre: tuple[int, int],
    radius: int,
    band: tuple[Sequence[float | None], Sequence[float | None]] | None = None,
    before: Sequence[float | None] | None = None,
    words: Mapping[str, str] = WORDS,
) -> None:
    def point(i: int, value: float | None) -> tuple[float, float]:
        return radar_point(centre, radius, i, len(titles), value)

    if band is not None:
        draw.polygon([point(i, v) for i, v in enumerate(band[1])], fill="#D6ECF8")
        draw.polygon([point(i, v) for i, v in enumerate(band[0])], fill="white")
    for ring in (25, 50, 75, 100):
        draw.polygon([point(i, ring) for i in range(len(titles))], outline=GRID, width=2)
    label_font = font(22)
    for i, (title, value) in enumerate(zip(titles, values, strict=True)):
        draw.line([centre, point(i, 100)], fill=GRID, width=2)
        x, y = point(i, 122)
        score = words["no_score"] if value is None else f"{value:.0f}"
        label = "\n".join(textwrap.wrap(title, 16, break_long_words=False)) + f"\n{score}"
        draw.multiline_text((x, y), label, fill=INK, font=label_font, anchor="mm", align="center")
    if before is not None:
        earlier = [point(i, v) for i, v in enumerate(before)]
        _dashed(draw, [*earlier, earlier[0]], PALETTE[1], 4)
    outline = [point(i, v) for i, v in enumerate(values)]
    filled = band is None and before is None
    draw.polygon(outline, fill="#CCE3F0" if filled else None, outline=PALETTE[0], width=5)


def _dashed(
    draw: ImageDraw.ImageDraw, points: Sequence[tuple[float, float]], colour: str, width: int
) -> None:
    """A dashed polyline: the "before" outline stays apart from "now" without colour."""
    dash, gap = 18.0, 10.0
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        length = math.hypot(x2 - x1, y2 - y1)
        at = 0.0
        while at < length:
            end = min(at + dash, length)
            start_point = (x1 + (x2 - x1) * at / length, y1 + (y2 - y1) * at / length)
            end_point = (x1 + (x2 - x1) * end / length, y1 + (y2 - y1) * end / length)
            draw.line([start_point, end_point], fill=colour, width=width)
            at = end + gap


def _legend(draw: ImageDraw.ImageDraw, report: Report, y: int, words: Mapping[str, str]) -> None:
    """Which outline is which, for a handout with a before/after radar."""
    if report.before is None:
        return
    face = font(24)
    x = MARGIN
    for label, colour, dashed in (
        (words["now"].format(date=report.created[:10]), PALETTE[0], False),
        (words["before"].format(date=report.before.created[:10]), PALETTE[1], True),
    ):
        if dashed:
            _dashed(draw, [(x, y + 14), (x + 60, y + 14)], colour, 4)
        else:
            draw.line([(x, y + 14), (x + 60, y + 14)], fill=colour, width=5)
        draw.text((x + 72, y), label, fill=INK, font=face)
        x += 72 + int(draw.textlength(label, font=face)) + 48


def radar_png(
    title: str,
    titles: Sequence[str],
    values: Sequence[float | None],
    band: tuple[Sequence[float | None], Sequence[float | None]] | None = None,
) -> bytes:
    """A stand-alone radar picture, such as a room's average for slides."""
    image = Image.new("RGB", (1200, 1000), "white")
    draw = ImageDraw.Draw(image)
    draw.text((60, 40), title, fill=INK, font=font(40))
    draw_radar(draw, titles, values, (600, 540), 300, band)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _paragraph(draw: ImageDraw.ImageDraw, y: int, text: str, size: int, colour: str = INK) -> int:
    face = font(size)
    width = WIDTH - 2 * MARGIN
    for line in wrap_lines(draw, text, face, width):
        draw.text((MARGIN, y), line, fill=colour, font=face)
        y += int(size * 1.35)
    return y + size // 2


def wrap_lines(
    draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    """``text`` in lines of at most ``width`` pixels, broken between words."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=face) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _body(
    draw: ImageDraw.ImageDraw, report: Report, y: int, size: int, words: Mapping[str, str]
) -> int:
    if report.weakest:
        y = _paragraph(draw, y, f"{words['weakest']} {', '.join(report.weakest)}", size + 4)
    if report.profiles:
        y = _paragraph(
            draw, y, f"{words['pattern']} {', '.join(p.name for p in report.profiles)}", size
        )
    if report.why:
        y = _paragraph(draw, y, report.why, size)
    y = _paragraph(draw, y, words["plan"], size + 10)
    for number, item in enumerate(report.plan, 1):
        y = _paragraph(draw, y, f"{number}. {item.text}", size)
    return y


def draw_handout(report: Report, app_link: str, words: Mapping[str, str] = WORDS) -> Image.Image:
    qr = segno.make(app_link, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=6, border=2)
    code = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    footer_top = HEIGHT - MARGIN - code.height
    for size in range(26, 13, -2):
        image = Image.new("RGB", (WIDTH, HEIGHT), "white")
        draw = ImageDraw.Draw(image)
        y = _paragraph(draw, MARGIN, words["title"], 56)
        y = _paragraph(draw, y, f"{report.bank_title} · {report.created[:10]}", 26, MUTED)
        before = report.before.scores if report.before is not None else None
        if before is not None:
            _legend(draw, report, y, words)
            y += 44
        centre = (WIDTH // 2, y + 280)
        draw_radar(draw, report.titles, report.scores, centre, 200, before=before, words=words)
        # Long texts shrink the type until the page fits above the QR code.
        if _body(draw, report, y + 600, size, words) <= footer_top - 20:
            break
    image.paste(code, (WIDTH - MARGIN - code.width, footer_top))
    draw.text((MARGIN, HEIGHT - MARGIN - 30), words["scan"], fill=MUTED, font=font(22))
    return image


def handout_png(report: Report, app_link: str, words: Mapping[str, str] = WORDS) -> bytes:
    buffer = io.BytesIO()
    draw_handout(report, app_link, words).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
