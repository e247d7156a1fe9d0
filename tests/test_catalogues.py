"""The catalogue contract: every message the code shows is translated in every language,
with the same placeholders, and no catalogue holds a message the code no longer uses.

When this fails after new strings were wrapped: ``python -m web.catalogues`` refreshes the
.pot and the .po files (new messages come in empty), then translate the empty ones.
"""

from __future__ import annotations

import re
from string import Formatter

import pytest
from babel.messages.catalog import Catalog, Message

from web import i18n
from web.catalogues import TEMPLATE, extract, po_path, read

TRANSLATED = [language for language in i18n.LANGUAGES if language != i18n.DEFAULT]
EXTRACTED = extract()
TAG = re.compile(r"</?[a-z]+\b[^>]*>")


def ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {_key(m) for m in catalog if m.id}


def _key(message: Message) -> str | tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, list | tuple) else message.id


def placeholders(text: str) -> tuple[set[str], list[str]]:
    """The ``{names}`` a text fills in and the HTML tags it carries."""
    names = {name for _, name, _, _ in Formatter().parse(text) if name is not None}
    return names, sorted(TAG.findall(text))


def test_the_code_has_messages_to_translate() -> None:
    assert len(EXTRACTED) > 150  # the extractor found the app's sentences, not nothing
    assert "Start" in ids(EXTRACTED)
    assert "This workshop is full." in ids(EXTRACTED)  # a core refusal, marked with N_


def test_the_template_is_the_code_s_messages() -> None:
    assert ids(read(TEMPLATE)) == ids(EXTRACTED), "run: python -m web.catalogues"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_once_and_used(language: str) -> None:
    catalog = read(po_path(language), language)
    missing = ids(EXTRACTED) - ids(catalog)
    unused = ids(catalog) - ids(EXTRACTED)
    assert not missing, f"{language}: not in the catalogue (python -m web.catalogues): {missing}"
    assert not unused, f"{language}: in the catalogue, used nowhere in the code: {unused}"
    empty = [m.id for m in catalog if m.id and not all(_forms(m))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not empty, f"{language}: untranslated: {empty}"
    assert not fuzzy, f"{language}: fuzzy (check, then remove the flag): {fuzzy}"
    assert not catalog.fuzzy, f"{language}: the catalogue's header is marked fuzzy"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_every_placeholder_and_tag(language: str) -> None:
    catalog = read(po_path(language), language)
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        originals = message.id if isinstance(message.id, list | tuple) else [message.id]
        expected = placeholders(originals[-1])
        assert all(placeholders(o) == expected for o in originals), message.id
        wrong += [(message.id, form) for form in _forms(message) if placeholders(form) != expected]
    assert not wrong, f"{language}: placeholders or tags differ from the English: {wrong}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_forms_are_complete(language: str) -> None:
    catalog = read(po_path(language), language)
    for message in catalog:
        if message.id and isinstance(message.id, list | tuple):
            assert len(_forms(message)) == catalog.num_plurals, message.id


def _forms(message: Message) -> list[str]:
    string = message.string
    return list(string) if isinstance(string, list | tuple) else [string]


def test_the_placeholder_check_can_fail() -> None:
    assert placeholders("Part {number} of {count}") != placeholders("Volet {numero} sur {count}")
    assert placeholders("Go to <b>{address}</b>") != placeholders("Allez sur {address}")
