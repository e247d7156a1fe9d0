"""The glossary contract (networking_works/locales/glossary.yaml): no catalogue or question
bank uses a term the glossary replaced, and every French text follows the typography rule
(web/typography.py). Each check is fed a bad entry once, to prove it can fail."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from networking_works.languages import LOCALES
from web import typography
from web.catalogues import po_path, read
from web.i18n import DEFAULT, LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY: dict[str, Any] = yaml.safe_load((LOCALES / "glossary.yaml").read_text("utf-8"))
TRANSLATED = [language for language in LANGUAGES if language != DEFAULT]
NOT_TEXT = {"id", "version", "language", "part"}


def replaced_terms(language: str) -> list[str]:
    terms = [
        term
        for concept in GLOSSARY["concepts"].values()
        for term in concept.get("replaced", {}).get(language, [])
    ]
    terms += [
        t for entry in GLOSSARY.get("regional", {}).get(language, []) for t in entry["replaced"]
    ]
    return terms


def _pattern(term: str) -> re.Pattern[str]:
    body = re.escape(term.removesuffix("*")) + (r"\w*" if term.endswith("*") else "")
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def replaced_in(text: str, language: str) -> list[str]:
    return [term for term in replaced_terms(language) if _pattern(term).search(text)]


def catalogue_texts(language: str) -> Iterator[str]:
    for message in read(po_path(language), language):
        if message.id:
            forms = message.string
            yield from forms if isinstance(forms, list | tuple) else [forms]


def bank_texts(node: Any, key: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        for k, value in node.items():
            yield from bank_texts(value, str(k))
    elif isinstance(node, list):
        for value in node:
            yield from bank_texts(value, key)
    elif isinstance(node, str) and key not in NOT_TEXT:
        yield node


def banks(language: str) -> list[Path]:
    return sorted((ROOT / "questions").glob(f"*.{language}.yaml"))


def texts(language: str) -> Iterator[tuple[str, str]]:
    yield from ((f"catalogue {language}", t) for t in catalogue_texts(language))
    for bank in banks(language):
        loaded = yaml.safe_load(bank.read_text("utf-8"))
        yield from ((bank.name, t) for t in bank_texts(loaded))


def test_every_concept_has_one_term_per_language() -> None:
    for name, concept in GLOSSARY["concepts"].items():
        assert all(concept.get(language) for language in LANGUAGES), name
        for language, terms in concept.get("replaced", {}).items():
            assert language in TRANSLATED and terms, name


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogues_and_banks_use_no_replaced_term(language: str) -> None:
    assert banks(language), f"no question bank in {language}"
    found = [(where, replaced_in(t, language), t) for where, t in texts(language)]
    assert not [f for f in found if f[1]], [f for f in found if f[1]]


def test_the_glossary_check_can_fail() -> None:
    assert replaced_in("Llevar este mando a tu móvil", "es") == ["mando*", "móvil*"]
    assert replaced_in("Notes de l'intervenant", "fr") == ["intervenant*"]
    assert replaced_in("En el último mes quedé con alguien", "es") == ["qued*"]
    assert not replaced_in("Ouvrez ceci sur le vidéoprojecteur", "fr")
    assert not replaced_in("Llevar este control remoto a tu teléfono", "es")


def test_every_french_text_follows_the_typography_rule() -> None:
    wrong = [(where, typography.problems(t)) for where, t in texts("fr")]
    assert not [w for w in wrong if w[1]], [w for w in wrong if w[1]]


def test_the_typography_check_can_fail() -> None:
    assert typography.problems("Onglet fermé ? Atelier : {title}")
    assert typography.problems("Appuyez sur «\u00a0Suivant\u00a0»")  # U+00A0 inside « »
    assert typography.problems("Profil\u202f:")  # a colon takes U+00A0
    assert not typography.problems("Onglet fermé\u202f? Atelier\u00a0: {title}")
    assert not typography.problems("à 10:30, sur https://exemple.fr/?a=1 {name}")
    assert typography.french("Cf. {a:>3} ;") == "Cf. {a:>3}\u202f;"
