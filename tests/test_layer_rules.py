"""The written rules of the layers (README, "Layout"), checked by reading the source.

Each rule is a function from sources to the list of what breaks it, run once on the
project (it must find nothing) and once on a small bad snippet (it must find it), so a
rule that can no longer fail is caught too.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from networking_works.settings import BY_NAME

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

# What each rule reads: module names (``web.screens.remote``) to their source.
Sources = Mapping[str, str]

# Modules of ``web`` that never import streamlit, so the audience pages may read them.
STREAMLIT_FREE_WEB = frozenset({"web.links", "web.routes"})
# Outside the store, the modules the README names as holding SQL: the tables and the
# bands' SQL (workshop.py names a SQLAlchemy type for its annotations only).
SQL_OUTSIDE_STORE = frozenset(
    {"networking_works.schema", "networking_works.bands", "networking_works.workshop"}
)
# The one bank lookup, and the only module that may read the bank table by id.
BANK_LOOKUP = "networking_works.services"
# The only module that reads the environment and the secrets.
SETTINGS_READER = "networking_works.settings"
# Calls a catalogue message reaches the screen through (or a Message that will).
SAYING = frozenset({"_", "explain", "ngettext", "gettext", "words", "Message", "Explained"})
MAX_PAGE_LINES = 60


def module_name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def app_sources() -> dict[str, str]:
    """Every module of the app: the core, web/, pages/, audience/ and the entry points."""
    files: list[Path] = []
    for folder in ("networking_works", "web", "pages", "audience"):
        files += sorted((ROOT / folder).rglob("*.py"))
    files += [ROOT / name for name in ("app.py", "asgi.py", "serve.py")]
    return {module_name(p): p.read_text(encoding="utf-8") for p in files if p.exists()}


SOURCES = app_sources()


def imports(source: str, module: str = "") -> Iterator[tuple[int, str]]:
    """Each module ``source`` imports (``from a import b`` gives ``a`` and ``a.b``)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative (the project writes none): from the module's package
                above = ".".join(module.split(".")[: -node.level])
                base = f"{above}.{base}" if base else above
            yield node.lineno, base
            yield from ((node.lineno, f"{base}.{alias.name}") for alias in node.names)


def _in(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(f"{p}.") for p in packages)


def forbidden_imports(
    sources: Sources, layer: tuple[str, ...], forbidden: tuple[str, ...]
) -> list[str]:
    return [
        f"{module}:{line} imports {name}"
        for module, source in sources.items()
        if _in(module, layer)
        for line, name in imports(source, module)
        if _in(name, forbidden)
    ]


def core_imports_above(sources: Sources) -> list[str]:
    """The core never imports streamlit, the web layer, the audience pages or a page."""
    above = ("streamlit", "web", "audience", "pages", "app", "asgi", "harness", "bench")
    return forbidden_imports(sources, ("networking_works",), above)


def audience_imports_streamlit(sources: Sources) -> list[str]:
    """The audience pages never import streamlit, nor a module of web/ that does."""
    found = forbidden_imports(sources, ("audience",), ("streamlit",))
    for module, source in sources.items():
        if not _in(module, ("audience",)):
            continue
        found += [
            f"{module}:{line} imports {name}, which is not one of {sorted(STREAMLIT_FREE_WEB)}"
            for line, name in imports(source, module)
            if _in(name, ("web",)) and name != "web" and not _in(name, tuple(STREAMLIT_FREE_WEB))
        ]
    return found


def streamlit_free_web_imports_streamlit(sources: Sources) -> list[str]:
    """web/links.py and web/routes.py read nothing that knows Streamlit."""
    found = []
    for module in STREAMLIT_FREE_WEB:
        for line, name in imports(sources.get(module, ""), module):
            web_other = _in(name, ("web",)) and not _in(name, tuple(STREAMLIT_FREE_WEB))
            if _in(name, ("streamlit",)) or web_other:
                found.append(f"{module}:{line} imports {name}")
    return found


def sql_outside_the_store(sources: Sources) -> list[str]:
    """Only the store (and the modules named in SQL_OUTSIDE_STORE) import SQLAlchemy."""
    allowed = ("networking_works.store", *SQL_OUTSIDE_STORE)
    rest = {m: s for m, s in sources.items() if not _in(m, allowed)}
    return forbidden_imports(rest, tuple(rest), ("sqlalchemy", "alembic"))


def pages_out_of_bounds(sources: Sources) -> list[str]:
    """A page imports neither the store nor SQLAlchemy, and runs at most 60 lines."""
    found = forbidden_imports(
        sources, ("pages",), ("networking_works.store", "sqlalchemy", "networking_works.schema")
    )
    for module, source in sources.items():
        lines = len(source.splitlines())
        if _in(module, ("pages",)) and lines > MAX_PAGE_LINES:
            found.append(f"{module} runs {lines} lines (at most {MAX_PAGE_LINES})")
    return found


def bank_table_read_around_the_lookup(sources: Sources) -> list[str]:
    """Only the one bank lookup reads the bank table by id (``banks().by_id``): anywhere
    else a speaker's own bank, which is not in it, would be missed."""
    return [
        f"{module}:{node.lineno} reads .by_id: use resources.bank() / services.bank()"
        for module, source in sources.items()
        if module != BANK_LOOKUP
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr == "by_id"
    ]


def environment_read_outside_settings(sources: Sources) -> list[str]:
    """Only networking_works/settings.py reads the environment or the secrets."""
    found = []
    for module, source in sources.items():
        if module == SETTINGS_READER:
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "secrets"}:
                owner = ast.unparse(node.value)
                if owner in {"os", "st", "streamlit"}:
                    found.append(f"{module}:{node.lineno} reads {owner}.{node.attr}")
            elif isinstance(node, ast.ImportFrom) and node.module == "os":
                found += [
                    f"{module}:{node.lineno} imports os.{a.name}"
                    for a in node.names
                    if a.name in {"environ", "getenv"}
                ]
    return found


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
        if _in(module, ("networking_works",)):
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


def import_cycles_in_web(sources: Sources) -> list[str]:
    """The modules of web/ import one another one way only (a cycle was once dodged with
    an import inside a function: i18n, urls and resources)."""
    graph = {
        module: {name for _, name in imports(source, module) if name in sources} - {module}
        for module, source in sources.items()
        if _in(module, ("web",))
    }
    found: list[str] = []
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            found.append(" -> ".join([*path[path.index(module) :], module]))
            return
        if module in done:
            return
        for imported in sorted(graph.get(module, ())):
            visit(imported, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
    return found


def readme_names_what_does_not_exist(readme: str) -> list[str]:
    """Every test module (and test) and every setting the README names exists."""
    found = []
    for name, test in set(re.findall(r"\b(test_\w+\.py)(?:::(\w+))?", readme)):
        path = ROOT / "tests" / name
        if not path.exists():
            found.append(f"README names tests/{name}, which does not exist")
        elif test and not re.search(rf"def {test}\b", path.read_text(encoding="utf-8")):
            found.append(f"README names {name}::{test}, which does not exist")
    for setting in set(re.findall(r"`((?:NW_[A-Z0-9_]+)|DATABASE_URL|PUBLIC_URL)[`=]", readme)):
        if setting not in BY_NAME:
            found.append(f"README names the setting {setting}, which SETTINGS does not hold")
    return found


RULES: list[tuple[Callable[[Sources], list[str]], dict[str, str]]] = [
    (core_imports_above, {"networking_works.bad": "import streamlit as st\n"}),
    (core_imports_above, {"networking_works.bad": "from web import urls\n"}),
    (core_imports_above, {"networking_works.store.bad": "from audience import app\n"}),
    (audience_imports_streamlit, {"audience.bad": "from streamlit import session_state\n"}),
    (audience_imports_streamlit, {"audience.bad": "from web import resources\n"}),
    (streamlit_free_web_imports_streamlit, {"web.links": "from web import urls\n"}),
    (sql_outside_the_store, {"web.bad": "import sqlalchemy as sa\n"}),
    (sql_outside_the_store, {"networking_works.report": "from sqlalchemy import text\n"}),
    (pages_out_of_bounds, {"pages.bad": "from networking_works.store import Store\n"}),
    (pages_out_of_bounds, {"pages.bad": "x = 1\n" * 61}),
    (bank_table_read_around_the_lookup, {"web.bad": "b = resources.banks().by_id[i]\n"}),
    (
        marker_tables_shown_without_saying,
        {"web.bad": "T = (N_('a'), N_('b'))\nx = [_(t) for t in T]\ny = ', '.join(T)\n"},
    ),
    (
        marker_tables_shown_without_saying,
        {"web.bad": "W = {'a': N_('a')}\nx = _(W['a'])\nst.write(W['a'])\n"},
    ),
    (import_cycles_in_web, {"web.bad": "from web import urls\n", "web.urls": "import web.bad\n"}),
    (environment_read_outside_settings, {"pages.bad": "import os\nx = os.environ['X']\n"}),
    (environment_read_outside_settings, {"web.bad": "from os import getenv\n"}),
    (environment_read_outside_settings, {"web.bad": "x = st.secrets.get('X')\n"}),
    (
        markers_shown_without_saying,
        {"web.bad": "from networking_works.messages import N_\nA = N_('Hi')\nst.write(A)\n"},
    ),
    (
        markers_shown_without_saying,
        {
            "web.said": "A = N_('Hi')\n",
            "web.bad": "from web import said as s\nst.html(page(s.A))\nst.write(_(s.A))\n",
        },
    ),
]


@pytest.mark.parametrize(
    ("rule", "bad"), RULES, ids=[f"{r.__name__}-{i}" for i, (r, _) in enumerate(RULES)]
)
def test_the_project_keeps_the_rule_and_a_bad_snippet_breaks_it(
    rule: Callable[[Sources], list[str]], bad: dict[str, str]
) -> None:
    assert rule(SOURCES) == [], rule.__doc__
    broken = rule({**SOURCES, **bad})
    assert broken, f"{rule.__name__} did not notice {bad}"
    assert all(any(m in line for m in bad) for line in broken), broken


def test_the_readme_names_only_tests_and_settings_that_exist() -> None:
    assert readme_names_what_does_not_exist(README.read_text(encoding="utf-8")) == []
    bad = "see `test_nowhere.py`, `test_settings.py::test_nothing` and `NW_NO_SUCH`."
    assert len(readme_names_what_does_not_exist(bad)) == 3


def test_the_rules_read_every_layer() -> None:
    """A rule over no files passes by itself: the sources must hold each layer."""
    for module in ("networking_works.store.database", "web.urls", "pages.welcome", "app"):
        assert module in SOURCES
    assert len(markers(SOURCES)) > 20
    assert len(marker_tables(SOURCES)) >= 4
