"""The message catalogues' upkeep: extract every message, refresh the .pot and the .po files.

    python -m web.catalogues        # after wrapping new strings: refresh, then translate

Messages are ``_("…")``, ``ngettext("…", "…", n)`` and ``N_("…")`` (marked where they are
defined and translated where they are shown) in every file ``SOURCES`` names: a folder or a
file, the file names it covers and the Babel extractor that reads them. The catalogues live
in the core (networking_works/locales), which every part of the app reads.
tests/test_catalogues.py fails on any message a catalogue lacks, leaves untranslated
or fuzzy, or holds without the code using it; on a placeholder a translation changes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from networking_works.languages import DEFAULT, DOMAIN, LANGUAGES, LOCALES

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Source:
    """Where messages are: ``path`` (a folder, searched below, or a file), the ``pattern``
    of its file names, the Babel extraction method that reads them and its options (e.g.
    ``Source("audience/templates", "*.html", "jinja2", {"trimmed": "true"})``)."""

    path: str
    pattern: str = "*.py"
    method: str = "python"
    options: Mapping[str, str] = field(default_factory=dict)


SOURCES: tuple[Source, ...] = (
    Source("web"),
    Source("pages"),
    Source("networking_works"),
    Source("app.py"),
    Source("audience"),
    Source("audience/templates", "*.html", "jinja2.ext:babel_extract"),
)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
TEMPLATE = LOCALES / f"{DOMAIN}.pot"


def source_files() -> Iterator[tuple[Path, Source]]:
    """Every file messages are extracted from, with the source that names it."""
    for source in SOURCES:
        path = ROOT / source.path
        found = sorted(path.rglob(source.pattern)) if path.is_dir() else [path]
        yield from ((file, source) for file in found)


def extract() -> Catalog:
    """Every message the code shows, with where it is used."""
    catalog = Catalog(project="networking-works", domain=DOMAIN, charset="utf-8")
    for path, source in source_files():
        where = path.relative_to(ROOT).as_posix()
        for line, message, comments, _context in extract_from_file(
            source.method,
            path,
            keywords=KEYWORDS,
            comment_tags=("Translators:",),
            options=dict(source.options),
        ):
            catalog.add(message, None, [(where, line)], auto_comments=comments)
    return catalog


def po_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale=language, domain=DOMAIN)


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        # Files without line numbers: an edit elsewhere in a module does not touch them.
        write_po(po, catalog, width=100, sort_output=True, include_lineno=False)


def update() -> None:
    """Write the .pot; merge it into every language's .po (new messages come in empty)."""
    template = extract()
    template.creation_date = datetime(2026, 1, 1, tzinfo=UTC)  # stable output for git
    write(template, TEMPLATE)
    for language in LANGUAGES:
        if language == DEFAULT:
            continue
        path = po_path(language)
        catalog = read(path, language) if path.exists() else Catalog(locale=language)
        catalog.domain = DOMAIN
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        write(catalog, path)


if __name__ == "__main__":
    update()
    sys.exit(0)
