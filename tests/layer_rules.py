"""The written rules of the layers (README, "Layout") as functions over the source: each
takes the app's modules (name to source) and returns what breaks the rule.
tests/test_layer_rules.py runs them; tests/message_rules.py holds the rules on messages.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

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


def within(name: str, packages: tuple[str, ...]) -> bool:
    """Whether module ``name`` is one of ``packages`` or inside one."""
    return any(name == p or name.startswith(f"{p}.") for p in packages)


def forbidden_imports(
    sources: Sources, layer: tuple[str, ...], forbidden: tuple[str, ...]
) -> list[str]:
    return [
        f"{module}:{line} imports {name}"
        for module, source in sources.items()
        if within(module, layer)
        for line, name in imports(source, module)
        if within(name, forbidden)
    ]


def core_imports_above(sources: Sources) -> list[str]:
    """The core never imports streamlit, the web layer, the audience pages or a page."""
    above = ("streamlit", "web", "audience", "pages", "app", "asgi", "harness", "bench")
    return forbidden_imports(sources, ("networking_works",), above)


def audience_imports_streamlit(sources: Sources) -> list[str]:
    """The audience pages never import streamlit, nor a module of web/ that does."""
    found = forbidden_imports(sources, ("audience",), ("streamlit",))
    for module, source in sources.items():
        if not within(module, ("audience",)):
            continue
        found += [
            f"{module}:{line} imports {name}, which is not one of {sorted(STREAMLIT_FREE_WEB)}"
            for line, name in imports(source, module)
            if within(name, ("web",))
            and name != "web"
            and not within(name, tuple(STREAMLIT_FREE_WEB))
        ]
    return found


def streamlit_free_web_imports_streamlit(sources: Sources) -> list[str]:
    """web/links.py and web/routes.py read nothing that knows Streamlit."""
    found = []
    for module in STREAMLIT_FREE_WEB:
        for line, name in imports(sources.get(module, ""), module):
            web_other = within(name, ("web",)) and not within(name, tuple(STREAMLIT_FREE_WEB))
            if within(name, ("streamlit",)) or web_other:
                found.append(f"{module}:{line} imports {name}")
    return found


def sql_outside_the_store(sources: Sources) -> list[str]:
    """Only the store (and the modules named in SQL_OUTSIDE_STORE) import SQLAlchemy."""
    allowed = ("networking_works.store", *SQL_OUTSIDE_STORE)
    rest = {m: s for m, s in sources.items() if not within(m, allowed)}
    return forbidden_imports(rest, tuple(rest), ("sqlalchemy", "alembic"))


def pages_out_of_bounds(sources: Sources) -> list[str]:
    """A page imports neither the store nor SQLAlchemy, and runs at most 60 lines."""
    found = forbidden_imports(
        sources, ("pages",), ("networking_works.store", "sqlalchemy", "networking_works.schema")
    )
    for module, source in sources.items():
        lines = len(source.splitlines())
        if within(module, ("pages",)) and lines > MAX_PAGE_LINES:
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


def import_cycles_in_web(sources: Sources) -> list[str]:
    """The modules of web/ import one another one way only (a cycle was once dodged with
    an import inside a function: i18n, urls and resources)."""
    graph = {
        module: {name for _, name in imports(source, module) if name in sources} - {module}
        for module, source in sources.items()
        if within(module, ("web",))
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
