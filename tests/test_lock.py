"""requirements.lock agrees with pyproject.toml: a dependency changed without
running scripts/lock fails here instead of installing a stale set."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.bank_helpers import REPO_ROOT

LOCK = REPO_ROOT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][\w.-]*)==([^\s\\;]+)")


def declared() -> list[Requirement]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = project["dependencies"] + project["optional-dependencies"]["test"]
    return [Requirement(r) for r in names]


def locked(path: Path) -> tuple[dict[str, str], set[str]]:
    """Pinned versions by name, and the names the lock says come from pyproject.toml."""
    pins: dict[str, str] = {}
    direct: set[str] = set()
    current = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match[1])
            pins[current] = match[2]
        elif "networking-works (pyproject.toml)" in line:
            direct.add(current)
    return pins, direct


def test_every_declared_dependency_is_pinned_within_its_range() -> None:
    pins, _ = locked(LOCK)
    for req in declared():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req} is not in requirements.lock: run scripts/lock"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {name}=={pins[name]}, outside {req}: run scripts/lock"
        )


def test_the_lock_pins_nothing_directly_that_pyproject_dropped() -> None:
    _, direct = locked(LOCK)
    assert direct == {canonicalize_name(r.name) for r in declared()}, "run scripts/lock"
