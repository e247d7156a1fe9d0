"""``python -m web.room_files export CODE FILE`` / ``import FILE`` in a real subprocess, from
one server's store (its NW_DATA_DIR) to another's: the room arrives, its speaker gets a
working remote link on the terminal, and every refusal is one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.bank_helpers import REPO_ROOT
from tests.test_cli_backup import app_store
from tests.test_room_file import PEOPLE, figures_of, live_room
from web.links import Param


def command(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PUBLIC_URL")}
    result = subprocess.run(  # noqa: S603 (fixed arguments, our own interpreter)
        [sys.executable, "-m", "web.room_files", *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**env, "NW_DATA_DIR": str(data_dir), "PUBLIC_URL": "https://talks.example"},
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_a_room_exported_here_is_imported_there(tmp_path: Path) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    source = app_store(here)
    try:
        room, _ = live_room(source)
        expected = figures_of(source, room.id)
    finally:
        source.database.dispose()
    file = tmp_path / "room.json"
    made = command("export", room.code.lower(), str(file), data_dir=here)
    assert made.returncode == 0, made.stderr
    assert f"{PEOPLE} finished people" in made.stdout

    done = command("import", str(file), data_dir=there)
    assert done.returncode == 0, done.stderr
    remote = done.stdout.split("shown once): ", 1)[1].strip()
    assert remote.startswith("https://talks.example/")
    query = parse_qs(urlsplit(remote).query)
    target = app_store(there)
    try:
        room_id, key = (query[p.value][0] for p in (Param.WORKSHOP, Param.KEY))
        found = target.workshops.facilitated(room_id, key)
        assert found is not None and found.code in done.stdout
        assert figures_of(target, found.id) == expected
    finally:
        target.database.dispose()


def test_refusals_are_one_clear_line(tmp_path: Path) -> None:
    unknown = command("export", "ZZZZZZ", str(tmp_path / "x.json"), data_dir=tmp_path)
    assert unknown.returncode == 1 and "no live room has the code" in unknown.stderr
    (tmp_path / "bad.json").write_text('{"format": "networking-works-room", "format_version": 1}')
    bad = command("import", str(tmp_path / "bad.json"), data_dir=tmp_path)
    assert bad.returncode == 1 and bad.stderr.strip().endswith("room: missing or of the wrong type")
