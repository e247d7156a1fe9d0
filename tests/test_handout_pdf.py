"""handout_pdf: a real PDF read back with poppler's pdftotext, as anyone's viewer would."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from networking_works.bank import load_bank
from networking_works.handout_pdf import handout_pdf
from networking_works.report import Report, build_report
from tests.bank_helpers import DEFAULT_BANK, bank_from_dict, minimal_bank_dict

LINK = "https://networking.example.org/results?r=Abc123_publicToken-xyz"
CREATED = datetime(2026, 5, 6, tzinfo=UTC)


def poppler(tool: str, pdf: Path) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} not found: apt-get install -y poppler-utils")
    return subprocess.run(  # noqa: S603 -- a fixed tool and a file of this test
        [tool, str(pdf), *(["-"] if tool == "pdftotext" else [])],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def default_report() -> Report:
    bank = load_bank(DEFAULT_BANK)
    return build_report(bank, {s.id: 1 + i % 5 for i, s in enumerate(bank.statements)}, CREATED)


def french_report() -> Report:
    data = minimal_bank_dict()
    data["language"] = "fr"
    for part in data["parts"]:
        part["title"] = f"Réseau « {part['id']} »"
        part["actions"] = [
            f"Écrire à Noël et à Œdipe, ¿señor? ({n}) {part['id']}." for n in (1, 2, 3)
        ]
    bank = bank_from_dict(data)
    return build_report(bank, {s.id: 1 for s in bank.statements}, CREATED)


@pytest.mark.parametrize("build", [default_report, french_report])
def test_the_text_and_the_link_can_be_selected_and_searched(
    tmp_path: Path, build: Callable[[], Report]
) -> None:
    report = build()
    pdf = tmp_path / "handout.pdf"
    pdf.write_bytes(handout_pdf(report, LINK, "fr" if build is french_report else "en"))
    text = " ".join(poppler("pdftotext", pdf).split())
    assert report.plan
    for item in report.plan:
        assert " ".join(item.text.split()) in text
    assert all(title in text for title in report.weakest)
    assert LINK in text
    assert "My networking radar" in text
    assert re.search(r"Pages:\s+1\n", poppler("pdfinfo", pdf))


def test_title_language_link_and_vectors_are_in_the_file(tmp_path: Path) -> None:
    data = handout_pdf(default_report(), LINK, "es")
    pdf = tmp_path / "handout.pdf"
    pdf.write_bytes(data)
    assert re.search(r"Title:\s+My networking radar", poppler("pdfinfo", pdf))
    assert b"/Lang (es)" in data
    assert data.count(f"/URI ({LINK})".encode()) == 2  # the link under the QR, and the QR
    listing = subprocess.run(  # noqa: S603 -- a fixed tool and a file of this test
        ["pdfimages", "-list", str(pdf)],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert len(listing.strip().splitlines()) == 2  # its header only: no raster picture
    assert len(data) < 60_000  # was 170-210 KB as a picture


def test_a_result_too_long_for_one_page_loses_nothing(tmp_path: Path) -> None:
    data = minimal_bank_dict()
    for part in data["parts"]:
        part["diagnosis"]["low"] = " ".join(["A long explanation of what went wrong."] * 40)
        part["actions"] = [" ".join([f"Do the thing number {n}."] * 30) for n in (1, 2, 3)]
    bank = bank_from_dict(data)
    report = build_report(bank, {s.id: 1 for s in bank.statements}, CREATED)
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(handout_pdf(report, LINK))
    assert re.search(r"Pages:\s+2\n", poppler("pdfinfo", pdf))  # the type shrank, then
    text = " ".join(poppler("pdftotext", pdf).split())  # the page broke
    assert LINK in text
    assert all(" ".join(item.text.split()) in text for item in report.plan)
