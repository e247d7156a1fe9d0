"""The validator: walks a parsed file, building a bank and collecting every problem."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from networking_works.bands import Band
from networking_works.bank.model import (
    MAX_DEFINITION,
    MAX_DISCUSSION,
    MAX_PART_TITLE,
    MAX_PARTS,
    MAX_PROFILE_NAME,
    MAX_STATEMENTS,
    MAX_TEXT,
    MIN_ACTIONS,
    MIN_PARTS,
    MIN_STATEMENTS,
    OVERALL,
    Bank,
    Condition,
    Part,
    Problem,
    Profile,
    Scale,
    Statement,
)
from networking_works.scoring import SCALE_POINTS
from networking_works.yamlsafe import Located

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
T = TypeVar("T")


class BankReader:
    """Walks a parsed file, building dataclasses and collecting problems."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.part_ids: set[str] = set()
        self.statement_ids: set[str] = set()
        self.profile_ids: set[str] = set()

    def fail(self, node: Located, field: str, message: str) -> None:
        self.problems.append(Problem(self.source, node.line, field, message))

    def mapping(
        self, node: Located, field: str, required: set[str], optional: set[str]
    ) -> dict[str, Located] | None:
        if not isinstance(node.value, dict):
            self.fail(
                node,
                field,
                f"must be a mapping of keys ({', '.join(sorted(required))})",
            )
            return None
        fields: dict[str, Located] = node.value
        for key in fields.keys() - required - optional:
            allowed = ", ".join(sorted(required | optional))
            self.fail(fields[key], _join(field, key), f"unknown key (allowed here: {allowed})")
        for key in sorted(required - fields.keys()):
            self.fail(node, _join(field, key), "is missing")
        return fields

    def text(self, node: Located | None, field: str, limit: int = MAX_TEXT) -> str:
        if node is None:
            return ""
        if not isinstance(node.value, str) or isinstance(node.value, bool):
            self.fail(node, field, f"must be text, not {_kind(node.value)} (put it in quotes)")
            return ""
        if not node.value.strip():
            self.fail(node, field, "must not be empty")
        elif len(node.value.strip()) > limit:
            self.fail(node, field, f"is longer than {limit} characters")
        return node.value.strip()

    def slug(self, node: Located | None, field: str) -> str:
        value = self.text(node, field)
        if node is not None and value and not _SLUG.match(value):
            self.fail(node, field, "must be 1-40 lowercase letters, digits, '-' or '_'")
        return value

    def items(
        self, node: Located | None, field: str, low: int, high: int | None = None
    ) -> list[Located]:
        if node is None:
            return []
        if not isinstance(node.value, list):
            self.fail(node, field, f"must be a list, not {_kind(node.value)}")
            return []
        count = len(node.value)
        if count < low or (high is not None and count > high):
            span = f"at least {low}" if high is None else f"{low} to {high}"
            span = f"exactly {low}" if low == high else span
            self.fail(node, field, f"needs {span} items, found {count}")
        return list(node.value)

    def unique_id(self, fields: dict[str, Located], field: str, seen: set[str], kind: str) -> str:
        """The slug under ``id``, reported if an earlier ``kind`` already used it."""
        found = self.slug(fields.get("id"), f"{field}.id")
        if found and found in seen:
            self.fail(fields["id"], f"{field}.id", f"the {kind} id {found!r} is used twice")
        seen.add(found)
        return found

    def each(
        self, nodes: list[Located], field: str, read: Callable[[Located, str], T | None]
    ) -> tuple[T, ...]:
        results = (read(node, f"{field}[{i}]") for i, node in enumerate(nodes))
        return tuple(r for r in results if r is not None)

    def bank(self, root: Located) -> Bank | None:
        top = self.mapping(
            root,
            "",
            {"id", "version", "language", "title", "scale", "parts"},
            {"credit", "definition", "introduction", "profiles"},
        )
        if top is None:
            return None
        part_nodes = self.items(top.get("parts"), "parts", MIN_PARTS, MAX_PARTS)
        parts = self.each(part_nodes, "parts", self.part)
        profile_nodes = self.items(top["profiles"], "profiles", 0) if "profiles" in top else []
        profiles = self.each(profile_nodes, "profiles", self.profile)
        return Bank(
            id=self.slug(top.get("id"), "id"),
            version=self.text(top.get("version"), "version"),
            language=self.text(top.get("language"), "language"),
            title=self.text(top.get("title"), "title"),
            credit=self.optional(top, "credit"),
            scale=self.scale(top.get("scale")),
            parts=parts,
            profiles=profiles,
            definition=self.optional(top, "definition", MAX_DEFINITION),
            introduction=self.optional(top, "introduction"),
        )

    def optional(self, fields: dict[str, Located], key: str, limit: int = MAX_TEXT) -> str:
        """An optional text field: empty when the key is absent (older banks lack it)."""
        return self.text(fields[key], key, limit) if key in fields else ""

    def scale(self, node: Located | None) -> Scale:
        if node is None:
            return Scale((), "")
        fields = self.mapping(node, "scale", {"labels", "not_applicable"}, set()) or {}
        points = len(SCALE_POINTS)  # one label per answer that counts
        labels = self.items(fields.get("labels"), "scale.labels", points, points)
        return Scale(
            tuple(self.text(n, f"scale.labels[{i}]") for i, n in enumerate(labels)),
            self.text(fields.get("not_applicable"), "scale.not_applicable"),
        )

    def part(self, node: Located, field: str) -> Part | None:
        keys = {
            "id",
            "title",
            "summary",
            "explanation",
            "statements",
            "diagnosis",
            "actions",
        }
        fields = self.mapping(node, field, keys, {"discussion"})
        if fields is None:
            return None
        nodes = self.items(
            fields.get("statements"),
            f"{field}.statements",
            MIN_STATEMENTS,
            MAX_STATEMENTS,
        )
        return Part(
            id=self.unique_id(fields, field, self.part_ids, "part"),
            title=self.text(fields.get("title"), f"{field}.title", MAX_PART_TITLE),
            summary=self.text(fields.get("summary"), f"{field}.summary"),
            explanation=self.text(fields.get("explanation"), f"{field}.explanation"),
            statements=self.each(nodes, f"{field}.statements", self.statement),
            diagnosis=self.diagnosis(fields.get("diagnosis"), f"{field}.diagnosis"),
            actions=tuple(
                self.text(n, f"{field}.actions[{i}]")
                for i, n in enumerate(
                    self.items(fields.get("actions"), f"{field}.actions", MIN_ACTIONS)
                )
            ),
            discussion=self.text(fields.get("discussion"), f"{field}.discussion", MAX_DISCUSSION),
        )

    def statement(self, node: Located, field: str) -> Statement | None:
        fields = self.mapping(node, field, {"id", "text"}, {"reverse"})
        if fields is None:
            return None
        statement_id = self.unique_id(fields, field, self.statement_ids, "statement")
        reverse = fields.get("reverse", Located(False, node.line))
        if not isinstance(reverse.value, bool):
            self.fail(
                reverse,
                f"{field}.reverse",
                f"must be true or false, not {_kind(reverse.value)}",
            )
        return Statement(
            statement_id,
            self.text(fields.get("text"), f"{field}.text"),
            reverse.value is True,
        )

    def diagnosis(self, node: Located | None, field: str) -> dict[Band, str]:
        if node is None:
            return {}
        names = {band.value for band in Band}
        fields = self.mapping(node, field, names, set()) or {}
        return {
            Band(name): self.text(n, _join(field, name))
            for name, n in fields.items()
            if name in names
        }

    def profile(self, node: Located, field: str) -> Profile | None:
        fields = self.mapping(node, field, {"id", "name", "when", "problem", "first_step"}, set())
        if fields is None:
            return None
        conditions = self.items(fields.get("when"), f"{field}.when", 1)
        profile_id = self.unique_id(fields, field, self.profile_ids, "profile")
        return Profile(
            id=profile_id,
            name=self.text(fields.get("name"), f"{field}.name", MAX_PROFILE_NAME),
            when=self.each(conditions, f"{field}.when", self.condition),
            problem=self.text(fields.get("problem"), f"{field}.problem"),
            first_step=self.text(fields.get("first_step"), f"{field}.first_step"),
        )

    def condition(self, node: Located, field: str) -> Condition | None:
        fields = self.mapping(node, field, {"part"}, {"at_least", "below"})
        if fields is None:
            return None
        part = self.text(fields.get("part"), f"{field}.part")
        if "part" in fields and part and part not in (*self.part_ids, OVERALL):
            known = ", ".join(sorted(self.part_ids))
            self.fail(
                fields["part"],
                f"{field}.part",
                f"unknown part {part!r} (use one of this bank's parts, {known}, or {OVERALL})",
            )
        bounds = [key for key in ("at_least", "below") if key in fields]
        if len(bounds) != 1:
            self.fail(node, field, "needs exactly one of at_least or below")
            return None
        number = fields[bounds[0]]
        if (
            not isinstance(number.value, int | float)
            or isinstance(number.value, bool)
            or not 0 <= number.value <= 100
        ):
            self.fail(
                number,
                f"{field}.{bounds[0]}",
                f"must be a number from 0 to 100, not {number.value!r}",
            )
            return None
        value = float(number.value)
        return Condition(
            part,
            value if bounds[0] == "at_least" else None,
            value if bounds[0] == "below" else None,
        )


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)
