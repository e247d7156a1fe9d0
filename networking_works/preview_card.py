"""The link-preview picture of a result: 1200x630 (the ``og:image`` size), radar and title.

Drawn with the handout's radar and type; the words come from the caller, already in
the result's language, so this module holds no sentence of its own.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw

from networking_works.handout import INK, MUTED, draw_radar, font, wrap_lines
from networking_works.radar_svg import PALETTE
from networking_works.report import Report

WIDTH, HEIGHT = 1200, 630
TEXT_LEFT, TEXT_RIGHT = 650, WIDTH - 60


def card_png(report: Report, title: str, lines: Sequence[str], footer: str) -> bytes:
    """The radar on the left; ``title``, ``lines`` and a muted ``footer`` on the right."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 12), fill=PALETTE[0])
    draw_radar(draw, report.titles, report.scores, (320, 330), 165)
    y = 70
    y = _block(draw, y, title, 50, INK, bold=True, max_lines=3)
    for line in lines:
        y = _block(draw, y + 10, line, 30, INK, max_lines=4)
        if y > HEIGHT - 120:
            break
    draw.text((TEXT_LEFT, HEIGHT - 70), footer, fill=MUTED, font=font(26))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _block(
    draw: ImageDraw.ImageDraw,
    y: int,
    text: str,
    size: int,
    colour: str,
    bold: bool = False,
    max_lines: int = 3,
) -> int:
    face = font(size, bold)
    lines = wrap_lines(draw, text, face, TEXT_RIGHT - TEXT_LEFT)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], f"{lines[max_lines - 1]} …"]
    for line in lines:
        draw.text((TEXT_LEFT, y), line, fill=colour, font=face)
        y += int(size * 1.25)
    return y
