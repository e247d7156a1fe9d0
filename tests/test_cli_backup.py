"""``python -m networking_works backup FILE`` / ``restore FILE`` in a real subprocess, on
the store the app's own settings name (NW_DATA_DIR here) and on a --database-url."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from networking_works.services import database_url
from networking_works.settings import Settings
from networking_works.store import Store
from tests.bank_helpers import REPO_ROOT
from tests.store_helpers import private_schema
from tests.test_backup import fill, rows


def command(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(  # noqa: S603 (fixed arguments, our own interpreter)
        [sys.executable, "-m", "networking_works", *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**env, "NW_DATA_DIR": str(data_dir)},
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


def app_store(data_dir: Path) -> Store:
    """The store the app itself opens with NW_DATA_DIR=data_dir."""
    return Store(database_url(Settings(({"NW_DATA_DIR": str(data_dir)},))))


def test_backup_of_the_app_store_restores_into_another(tmp_path: Path, pg_url: str) -> None:
    source = app_store(tmp_path / "data")
    try:
        fill(source)
        expected = rows(source)
    finally:
        source.database.dispose()
    file = tmp_path / "before-the-talk.nwbackup"
    made = command("backup", str(file), data_dir=tmp_path / "data")
    assert made.returncode == 0, made.stderr
    assert "rows in" in made.stdout and file.exists()
    with private_schema(pg_url) as url:
        done = command("restore", str(file), "--database-url", url, data_dir=tmp_path / "none")
        assert done.returncode == 0, done.stderr
        target = Store(url)
        try:
            assert rows(target) == expected
        finally:
            target.database.dispose()
        again = command("restore", str(file), "--database-url", url, data_dir=tmp_path / "none")
        assert again.returncode == 1 and "not empty" in again.stderr


def test_a_missing_backup_file_is_one_clear_line(tmp_path: Path) -> None:
    done = command("restore", str(tmp_path / "nothing.nwbackup"), data_dir=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("restore: the backup file cannot be read")
