"""The command line: ``python -m networking_works check FILE...`` in a real subprocess."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.bank_helpers import DEFAULT_BANK, REPO_ROOT, line_of, minimal_bank_dict, write_bank


def check(*files: Path | str) -> subprocess.CompletedProcess[str]:
    return command("check", *map(str, files))


def command(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m networking_works ARGS`` from the repo root; never a traceback."""
    result = subprocess.run(  # noqa: S603 (fixed arguments, our own interpreter)
        [sys.executable, "-m", "networking_works", *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


def broken_bank(folder: Path, name: str = "broken.yaml") -> tuple[Path, list[tuple[int, str]]]:
    """A bank with three problems, and the (line, field) each must be reported at."""
    data = minimal_bank_dict()
    data["version"] = 1.0
    data["parts"][1]["statements"][0]["text"] = ""
    data["profiles"][0]["when"][0]["part"] = "nowhere"
    path = write_bank(folder, data, name)
    text = path.read_text(encoding="utf-8")
    return path, [
        (line_of(text, "version: 1.0"), "version"),
        (line_of(text, "text: ''"), "parts[1].statements[0].text"),
        (line_of(text, "part: nowhere"), "profiles[0].when[0].part"),
    ]


def test_valid_file_exits_0(tmp_path: Path) -> None:
    path = write_bank(tmp_path, minimal_bank_dict())
    result = check(path)
    assert result.returncode == 0
    assert result.stdout == f"{path}: ok (mini 1.0, 18 statements)\n"
    assert result.stderr == ""


def test_default_bank_exits_0() -> None:
    result = check(DEFAULT_BANK)
    assert result.returncode == 0
    assert result.stdout.startswith(f"{DEFAULT_BANK}: ok (networking ")


def test_broken_file_prints_one_line_per_problem(tmp_path: Path) -> None:
    path, expected = broken_bank(tmp_path)
    result = check(path)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == len(expected)
    pattern = re.compile(rf"^{re.escape(str(path))}:(\d+): ([\w.\[\]]+): \S.*$")
    found = []
    for line in lines:
        match = pattern.match(line)
        assert match, line
        found.append((int(match.group(1)), match.group(2)))
    assert found == expected
    assert "must be text, not a number" in lines[0]


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "syntax.yaml"
    path.write_text("id: x\nversion: '1.0'\ntitle: [unclosed\nlanguage: en\n", encoding="utf-8")
    result = check(path)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert re.match(rf"^{re.escape(str(path))}:\d+: not valid YAML", line), line


def test_missing_file_gives_one_clean_message(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    result = check(path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"{path}: cannot read the file (No such file or directory)\n"


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: x\ntitle: caf\u00e9\n".encode("latin-1"))
    result = check(path)
    assert result.returncode == 1
    assert result.stderr == f"{path}:2: the file is not UTF-8 text (save it as UTF-8)\n"


def test_hostile_file_fails_fast_and_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 400_000, encoding="utf-8")
    result = check(path)
    assert result.returncode == 1
    assert "nested too deeply" in result.stderr


def test_several_files_mixed(tmp_path: Path) -> None:
    good = write_bank(tmp_path, minimal_bank_dict(), "good.yaml")
    bad, expected = broken_bank(tmp_path, "bad.yaml")
    missing = tmp_path / "missing.yaml"
    result = check(good, bad, missing, DEFAULT_BANK)
    assert result.returncode == 1
    ok_lines = result.stdout.splitlines()
    assert [line.split(": ok ")[0] for line in ok_lines] == [str(good), str(DEFAULT_BANK)]
    problems = result.stderr.splitlines()
    assert len(problems) == len(expected) + 1
    assert all(line.startswith(f"{bad}:") for line in problems[:-1])
    assert problems[-1].startswith(f"{missing}: cannot read the file")


def test_all_valid_files_exit_0(tmp_path: Path) -> None:
    first = write_bank(tmp_path, minimal_bank_dict(), "first.yaml")
    second = write_bank(tmp_path, minimal_bank_dict(profiles=False), "second.yaml")
    result = check(first, second)
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 2


def test_no_files_is_a_usage_error() -> None:
    result = check()
    assert result.returncode == 2
    assert "usage:" in result.stderr
