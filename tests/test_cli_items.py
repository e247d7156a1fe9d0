"""``python -m networking_works items`` in a real subprocess over a real SQLite file: the
worked example of tests/test_items.py, stored twice over (ten people, same figures)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from networking_works.store import Store, default_url
from tests.bank_helpers import bank_from_dict, minimal_bank_dict, write_bank
from tests.test_cli import command
from tests.test_items import KEYED

BANK = bank_from_dict(minimal_bank_dict())


def items(*args: str) -> subprocess.CompletedProcess[str]:
    return command("items", *args)


def stored_people(url: str, people: int) -> None:
    store = Store(url)
    try:
        for number in range(people):
            keyed = KEYED[number % len(KEYED)]
            answers: dict[str, int] = {}
            for part in BANK.parts:  # every part answered as the worked example's part
                first, second, third = (s.id for s in part.statements)
                answers |= {first: keyed[0], second: keyed[1], third: 6 - keyed[2]}
            token = store.assessments.start(BANK.id)
            store.assessments.finish(
                token, answers, {p.id: 50.0 for p in BANK.parts}, [], version=0
            )
    finally:
        store.database.dispose()


@pytest.mark.slow  # over a second
def test_items_prints_the_worked_example(tmp_path: Path) -> None:
    bank = write_bank(tmp_path, minimal_bank_dict())
    url = default_url(tmp_path)
    stored_people(url, 10)
    result = items("--bank", str(bank), "--database-url", url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{BANK.id} {BANK.version}: 10 finished assessments"
    first = BANK.parts[0]
    assert f"{first.id}: alpha 0.923 (10 people)" in lines
    assert f"  {first.statements[0].id}: 0.893 (10 people)" in lines
    assert f"  {first.statements[2].id} (reverse): 0.838 (10 people)" in lines
    table = items("--bank", str(bank), "--database-url", url, "--csv").stdout.splitlines()
    assert table[1] == f"{first.id},10,0.923,{first.statements[0].id},no,0.893,"


def test_too_few_finished_people_is_said_plainly(tmp_path: Path) -> None:
    bank = write_bank(tmp_path, minimal_bank_dict())
    url = default_url(tmp_path)
    stored_people(url, 4)
    result = items("--bank", str(bank), "--database-url", url)
    assert result.returncode == 1
    assert "4 finished assessments stored; item statistics need at least 10" in result.stderr


def test_a_broken_bank_file_is_reported_like_check(tmp_path: Path) -> None:
    result = items("--bank", str(tmp_path / "missing.yaml"), "--database-url", "sqlite://")
    assert result.returncode == 1
    assert "missing.yaml: cannot read the file" in result.stderr


def test_items_finds_the_app_s_store_from_its_settings_wherever_it_runs(tmp_path: Path) -> None:
    """No ``--database-url``: the command reads the app's settings (here NW_DATA_DIR), not
    the current folder, so it finds the store the app writes to."""
    bank = write_bank(tmp_path, minimal_bank_dict())
    data = tmp_path / "data"
    stored_people(default_url(data), 10)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"NW_DATA_DIR": str(data)}
    result = subprocess.run(  # noqa: S603 (fixed arguments, our own interpreter)
        [sys.executable, "-m", "networking_works", "items", "--bank", str(bank)],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{BANK.id} {BANK.version}: 10 finished assessments")
    assert not (elsewhere / "data").exists()
