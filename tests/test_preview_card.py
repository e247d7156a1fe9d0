"""preview_card: the og:image picture, 1200x630, drawn from the result it shows."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from PIL import Image

from networking_works.preview_card import card_png
from networking_works.report import build_report
from tests.bank_helpers import bank_from_dict, minimal_bank_dict

BANK = bank_from_dict(minimal_bank_dict())
CREATED = datetime(2026, 5, 6, tzinfo=UTC)


def picture(answer: int, title: str = "Shared networking radar") -> Image.Image:
    report = build_report(BANK, {s.id: answer for s in BANK.statements}, CREATED)
    png = card_png(report, title, ["Needs the most work: Title of creation."], "Networking works")
    return Image.open(io.BytesIO(png))


def test_a_png_of_the_preview_size() -> None:
    image = picture(3)
    assert (image.format, image.size) == ("PNG", (1200, 630))


def test_the_radar_drawn_is_the_results() -> None:
    # The radar's left half differs between a low and a high result; the text does not.
    low, high = (picture(a).crop((0, 20, 640, 630)).tobytes() for a in (1, 5))
    assert low != high


def test_long_and_accented_titles_are_drawn_within_the_picture() -> None:
    title = "Réseau « partagé » : ¿qué tal? " * 20
    image = picture(2, title)
    assert image.size == (1200, 630)
    # Nothing is drawn in the bottom margin above the footer line but the footer itself.
    assert image.crop((650, 600, 1200, 630)).getextrema() == ((255, 255), (255, 255), (255, 255))
