"""Plain, safe YAML with line numbers.

PyYAML's ``safe_load`` still accepts anchors and aliases (a "billion laughs"
file hangs it), silently keeps the last of two duplicate keys, and forgets
where each value came from. A question bank is written by hand, so every
error message must point at a line: this module parses with the safe
composer and turns nodes into plain values, remembering the line of each.

Both passes (the event check, then the composer) use libyaml through PyYAML's
C loader: the pure-Python parser took about 15 s of CPU for 512 KB of flow
sequences, the C one a fiftieth of that. The pure-Python loader is the fallback
only where PyYAML was built without libyaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

MAX_BYTES = 512 * 1024
MAX_DEPTH = 20
# The same safe loader, in C when PyYAML has libyaml (its wheels for Linux do).
LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)

_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


class YamlProblem(Exception):
    """The text is not plain YAML; ``line`` is 1-based or 0 when unknown."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Located:
    """A parsed value with the 1-based line it starts on."""

    value: Any  # dict[str, Located] | list[Located] | str | int | float | bool | None
    line: int


_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


def parse(text: str) -> Located:
    """Parse one YAML document into ``Located`` values, or raise ``YamlProblem``."""
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise YamlProblem(0, f"the file is larger than {MAX_BYTES // 1024} KB")
    try:
        _check_events(text)
        node = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        if exc.problem == _LIBYAML_TOO_DEEP:  # libyaml's own limit, seen before ours
            raise YamlProblem(line, "the YAML is nested too deeply") from None
        raise YamlProblem(line, f"not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(0, f"not valid YAML: {exc}") from None
    except RecursionError:
        raise YamlProblem(0, "the YAML is nested too deeply") from None
    if node is None:
        raise YamlProblem(1, "the file is empty")
    return _convert(node, depth=0)


def _check_events(text: str) -> None:
    """Reject anchors, aliases, explicit tags and deep nesting from the event stream.

    This runs before anything is composed: a file of a few hundred thousand
    "[" would otherwise keep the composer busy for minutes, and an explicit
    tag such as ``!!bool maybe`` would crash the constructor.
    """
    depth = 0
    for event in yaml.parse(text, Loader=LOADER):  # hundreds of thousands: kept lean
        kind = type(event)
        if kind in _ENDS:
            depth -= 1
            continue
        if kind is yaml.AliasEvent or getattr(event, "anchor", None):
            raise YamlProblem(
                _line(event), "anchors and aliases (& and *) are not allowed; write the text out"
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise YamlProblem(_line(event), f"the tag {tag!r} is not allowed; use plain values")
        if kind in _STARTS:
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem(_line(event), "the YAML is nested too deeply")


_STARTS = {yaml.SequenceStartEvent, yaml.MappingStartEvent}
_ENDS = {yaml.SequenceEndEvent, yaml.MappingEndEvent}


def _line(event: yaml.Event) -> int:
    mark = event.start_mark
    return mark.line + 1 if mark else 0


def _convert(node: yaml.Node, depth: int) -> Located:
    line = node.start_mark.line + 1
    if depth > MAX_DEPTH:
        raise YamlProblem(line, "the YAML is nested too deeply")
    if node.tag == "tag:yaml.org,2002:timestamp":
        # A date such as 2010-08-20 is only ever used as text in a bank.
        return Located(str(node.value), line)
    if node.tag not in _PLAIN_TAGS:
        raise YamlProblem(line, f"the tag {node.tag!r} is not allowed; use plain values")
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Located] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raise YamlProblem(key_line, "every key must be a plain word")
            key = str(key_node.value)
            if key in result:
                raise YamlProblem(key_line, f"the key {key!r} appears twice")
            result[key] = _convert(value_node, depth + 1)
        return Located(result, line)
    if isinstance(node, yaml.SequenceNode):
        return Located([_convert(item, depth + 1) for item in node.value], line)
    try:
        value = yaml.SafeLoader("").construct_object(node)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        raise YamlProblem(line, f"cannot read this value: {exc}") from None
    return Located(value, line)
