"""Small valid banks for the core tests, built as dicts and dumped with yaml.safe_dump."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from networking_works.bank import Bank, load_bank, parse_bank

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BANK = REPO_ROOT / "questions" / "networking.yaml"
# The default bank's parts: the small test banks have the same, and so must every shipped
# bank (its translations line up with it, part by part).
PART_IDS = tuple(part.id for part in load_bank(DEFAULT_BANK).parts)


def minimal_bank_dict(profiles: bool = True) -> dict[str, Any]:
    """A valid bank: three statements per part (the third reversed), three actions, two profiles.

    Every text is unique, so a test can find the line it is on in the dumped YAML.
    """
    parts = [
        {
            "id": pid,
            "title": f"Title of {pid}",
            "summary": f"Summary of {pid}.",
            "explanation": f"Explanation of {pid}.",
            "statements": [
                {"id": f"{pid}_1", "text": f"In the past month I did the first {pid} thing."},
                {"id": f"{pid}_2", "text": f"In the past month I did the second {pid} thing."},
                {
                    "id": f"{pid}_3",
                    "text": f"In the past month I avoided the {pid} thing.",
                    "reverse": True,
                },
            ],
            "diagnosis": {
                "low": f"Low diagnosis of {pid}.",
                "middle": f"Middle diagnosis of {pid}.",
                "high": f"High diagnosis of {pid}.",
            },
            "actions": [f"Action {n} of {pid}." for n in (1, 2, 3)],
        }
        for pid in PART_IDS
    ]
    data: dict[str, Any] = {
        "id": "mini",
        "version": "1.0",
        "language": "en",
        "title": "Mini bank",
        "credit": "Written for the tests.",
        "scale": {
            "labels": ["Label one", "Label two", "Label three", "Label four", "Label five"],
            "not_applicable": "Does not apply",
        },
        "parts": parts,
    }
    if profiles:
        data["profiles"] = [
            {
                "id": "screen-only",
                "name": "The screen-only networker",
                "when": [{"part": "two_or_more", "below": 40}],
                "problem": "Problem of screen-only.",
                "first_step": "First step of screen-only.",
            },
            {
                "id": "taker",
                "name": "The taker",
                "when": [
                    {"part": "mutual_benefit", "below": 40},
                    {"part": "overall", "at_least": 50},
                ],
                "problem": "Problem of taker.",
                "first_step": "First step of taker.",
            },
        ]
    return data


def dump(data: object) -> str:
    """Block-style YAML, keys in insertion order, no line wrapping (so lines are predictable)."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6)


def write_bank(folder: Path, data: object, name: str = "bank.yaml") -> Path:
    path = folder / name
    path.write_text(dump(data), encoding="utf-8")
    return path


def bank_from_dict(data: object) -> Bank:
    return parse_bank(dump(data), "<test>")


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based number of the line holding the ``nth`` occurrence of ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == nth:
                return number
    raise AssertionError(f"{needle!r} occurs fewer than {nth} times in the YAML")


# -- mutations: one change to a bank dict, for the broken-bank tables ----------------

Key = str | int
Mutation = Callable[[dict[str, Any]], None]


def _parent(data: dict[str, Any], path: tuple[Key, ...]) -> Any:
    node: Any = data
    for key in path[:-1]:
        node = node[key]
    return node


def set_at(*path: Key, value: object) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        _parent(data, path)[path[-1]] = value

    return mutate


def drop_at(*path: Key) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        del _parent(data, path)[path[-1]]

    return mutate


def rename_at(*path: Key, to: str) -> Mutation:
    """Rename the key at ``path`` in place, keeping its position in the mapping."""

    def mutate(data: dict[str, Any]) -> None:
        mapping = _parent(data, path)
        items = [(to if k == path[-1] else k, v) for k, v in mapping.items()]
        mapping.clear()
        mapping.update(items)

    return mutate


def keep_parts(count: int) -> Mutation:
    """Keep the first ``count`` parts (profiles name only the first four)."""

    def mutate(data: dict[str, Any]) -> None:
        del data["parts"][count:]

    return mutate


def unchanged(data: dict[str, Any]) -> None:
    return None


def four_part_bank_dict() -> dict[str, Any]:
    """The minimal bank cut to four parts, as the default bank ("networking") of a folder:
    a speaker's bank with another number of parts than the shipped six."""
    data = minimal_bank_dict()
    keep_parts(4)(data)
    data["id"] = "networking"
    data["introduction"] = "Introduction of the four-part bank."
    data["definition"] = "Definition of the four-part bank, in one sentence."
    for part in data["parts"]:
        part["discussion"] = f"Discussion of {part['id']}?"
    return data
