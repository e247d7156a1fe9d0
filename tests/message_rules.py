"""The rules on messages: every ``N_()`` constant, and every table of them, reaches the
screen through ``_()``, ``explain`` or ``words`` (a marker only marks a sentence for the
catalogues; it translates nothing)."""

from __future__ import annotations

import ast

from tests.layer_rules import Sources, within

# Calls a catalogue message reaches the screen through (or a Message that will).
SAYING = frozenset({"_", "explain", "ngettext", "gettext", "words", "Message", "Explained"})


def _is_marker(value: ast.expr | None) -> bool:
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "N_"
        and len(value.args) == 1
    )


def markers(sources: Sources) -> dict[tuple[str, str], int]:
    """Every module-level name bound to an ``N_("…")`` message: (module, name) -> line."""
    found = {}
    for module, source in sources.items():
        for node in ast.parse(source).body:
            if isinstance(node, ast.Assign) and _is_marker(node.value):
                targets = [t for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and _is_marker(node.value):
                targets = [node.target] if isinstance(node.target, ast.Name) else []
            else:
                continue
            found |= {(module, target.id): node.lineno for target in targets}
    return found


def _explained(sources: Sources) -> set[str]:
    """Exceptions whose text is a Message (subclasses of Explained, at any depth)."""
    bases: dict[str, set[str]] = {}
    for source in sources.values():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {ast.unparse(b).rsplit(".", 1)[-1] for b in node.bases}
    found = {"Explained"}
    while grown := {c for c, b in bases.items() if b & found} - found:
        found |= grown
    return found


def _said(call: ast.Call, saying: set[str]) -> bool:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return name in saying


def _names_for(module: str, tree: ast.Module, marked: set[tuple[str, str]]) -> dict[str, object]:
    """In ``module``, the local names that are a marker (``X``) or a module holding
    markers (``say`` in ``from web import talk_text as say``)."""
    names: dict[str, object] = {n: (module, n) for m, n in marked if m == module}
    holders = {m for m, _ in marked}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                local = alias.asname or alias.name
                if (node.module, alias.name) in marked:
                    names[local] = (node.module, alias.name)
                elif f"{node.module}.{alias.name}" in holders:
                    names[local] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in holders:
                    names[alias.asname or alias.name] = alias.name
    return names


def markers_shown_without_saying(sources: Sources) -> list[str]:
    """Every use of an ``N_()`` constant is an argument of ``_``/``explain``/``ngettext``/
    ``words``/``Message`` or of an ``Explained`` error: nothing sends the English template
    to the screen untranslated (a marker is only a mark; ``_()`` translates)."""
    marked = set(markers(sources))
    saying = set(SAYING) | _explained(sources)
    found = []
    for module, source in sources.items():
        tree = ast.parse(source)
        names = _names_for(module, tree, marked)
        if not names:
            continue
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                target = names.get(node.id)
                used: ast.expr = node
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                holder = names.get(node.value.id)
                target = (holder, node.attr) if isinstance(holder, str) else None
                target = target if target in marked else None
                used = node
            else:
                continue
            if not isinstance(target, tuple):
                continue
            parent = parents.get(used)
            if isinstance(parent, ast.Call) and used in parent.args and _said(parent, saying):
                continue
            found.append(f"{module}:{used.lineno} shows {target[1]} without _()")
    return found


def marker_tables(sources: Sources) -> set[tuple[str, str]]:
    """Module-level names bound to a dict or tuple of ``N_()`` messages (``WORDS``)."""
    found = set()
    for module, source in sources.items():
        for node in ast.parse(source).body:
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            if not isinstance(value, ast.Dict | ast.Tuple | ast.List):
                continue
            items = value.values if isinstance(value, ast.Dict) else value.elts
            if items and all(_is_marker(item) for item in items):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                found |= {(module, t.id) for t in targets if isinstance(t, ast.Name)}
    return found


def _said_at(node: ast.expr, parents: dict[ast.AST, ast.AST], saying: set[str]) -> bool:
    parent = parents.get(node)
    return isinstance(parent, ast.Call) and node in parent.args and _said(parent, saying)


def _loop_says_each(loop: ast.AST, saying: set[str], parents: dict[ast.AST, ast.AST]) -> bool:
    """``for x in TABLE`` (a loop or a comprehension) whose every use of ``x`` is said."""
    target = getattr(loop, "target", None)
    if not isinstance(target, ast.Name):
        return False
    scope = parents.get(loop) if isinstance(loop, ast.comprehension) else loop
    uses = [
        n
        for n in ast.walk(scope or loop)
        if isinstance(n, ast.Name) and n.id == target.id and isinstance(n.ctx, ast.Load)
    ]
    return bool(uses) and all(_said_at(n, parents, saying) for n in uses)


def marker_tables_shown_without_saying(sources: Sources) -> list[str]:
    """Above the core (which speaks English by default), a table of ``N_()`` messages is
    only handed to ``words()``, read one entry at a time into ``_()``/``gettext``, or
    looped over with each entry said."""
    tables = marker_tables(sources)
    saying = set(SAYING) | _explained(sources)
    found = []
    for module, source in sources.items():
        if within(module, ("networking_works",)):
            continue
        tree = ast.parse(source)
        names = _names_for(module, tree, tables)
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)):
                continue
            if not isinstance(names.get(node.id), tuple):
                continue
            parent = parents.get(node)
            if _said_at(node, parents, saying):
                continue
            if isinstance(parent, ast.Subscript) and _said_at(parent, parents, saying):
                continue
            loop = isinstance(parent, ast.comprehension | ast.For) and parent.iter is node
            if loop and _loop_says_each(parent, saying, parents):
                continue
            found.append(f"{module}:{node.lineno} shows the table {node.id} without _()")
    return found
