"""handout: the one-page PNG and PDF, with the before/after radar when the report has one."""

from __future__ import annotations

import io
import subprocess
from datetime import UTC, datetime

from PIL import Image

from networking_works.bank import load_bank
from networking_works.handout import HEIGHT, WIDTH, handout_png
from networking_works.handout_pdf import handout_pdf
from networking_works.radar_svg import PALETTE
from networking_works.report import build_report
from tests.bank_helpers import DEFAULT_BANK

BANK = load_bank(DEFAULT_BANK)
LINK = "https://networking.example.org/"


def report(value: int, day: int):  # type: ignore[no-untyped-def]
    answers = {s.id: value for s in BANK.statements}
    return build_report(BANK, answers, datetime(2026, 11, day, tzinfo=UTC))


def colours(png: bytes) -> set[tuple[int, int, int]]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (WIDTH, HEIGHT)
    return {colour for _, colour in image.getcolors(maxcolors=1 << 20) or []}


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def test_the_before_outline_is_drawn_only_when_chosen() -> None:
    now, before = report(5, 30), report(2, 2)
    plain = colours(handout_png(now, LINK))
    both = colours(handout_png(now.with_before(before), LINK))
    assert rgb(PALETTE[0]) in plain and rgb(PALETTE[0]) in both
    assert rgb(PALETTE[1]) not in plain
    assert rgb(PALETTE[1]) in both


def test_the_pdf_with_a_before_after_radar_is_made() -> None:
    pdf = handout_pdf(report(5, 30).with_before(report(2, 2)), LINK)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    text = subprocess.run(
        ["pdftotext", "-", "-"],  # noqa: S607 -- poppler-utils, installed by .ci/run
        input=pdf,
        check=True,
        capture_output=True,
    ).stdout.decode()
    assert "Now (2026-11-30)" in text and "Before (2026-11-02)" in text
