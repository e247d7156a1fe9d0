"""Every bank shipped in questions/ keeps the content contract, beyond what the loader checks;
every YAML example in questions/README.md (the format's one description) passes the loader."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from networking_works.bank import OVERALL, BankError, load_bank, parse_bank
from tests.bank_helpers import PART_IDS, REPO_ROOT

QUESTIONS = REPO_ROOT / "questions"
BANK_FILES = sorted(QUESTIONS.glob("*.yaml"))
FORMAT_DOC = QUESTIONS / "README.md"
# A ```yaml block in the format doc; its first line "# fragment..." marks part of a bank.
YAML_BLOCK = re.compile(r"^```ya?ml[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
FRAGMENT = "# fragment"

# Statements ask about concrete behaviour in a stated past period, so people
# report what they did rather than what they believe about themselves.
NUMBER = r"(?:two|three|four|five|six|seven|eight|nine|ten|twelve|\d+)"
PERIOD = r"(?:day|week|fortnight|month|year)s?"
TIME_FRAME = re.compile(
    rf"^(?:(?:In|Over|During) the (?:past|last) (?:{NUMBER} )?{PERIOD}\b"
    rf"|This past {PERIOD}\b"
    rf"|In the {PERIOD} before I\b"
    r"|Since (?:I|my|the|last)\b)"
)
# The same rule in the translated banks' languages ("Au cours des trois derniers mois",
# "En los últimos seis meses", "Depuis que…", "Desde que…").
FR_NUMBER = r"(?:deux|trois|quatre|cinq|six|douze|\d+)"
ES_NUMBER = r"(?:dos|tres|cuatro|cinco|seis|doce|\d+)"
TIME_FRAMES = {
    "en": TIME_FRAME,
    "fr": re.compile(
        rf"^(?:Au cours (?:du dernier (?:mois|an)|de la dernière (?:semaine|année)"
        rf"|des (?:{FR_NUMBER} )?(?:derniers mois|dernières semaines|dernières années))\b"
        r"|Dans l'année qui a précédé\b"
        r"|Depuis que\b)"
    ),
    "es": re.compile(
        rf"^(?:En (?:el último (?:mes|año)|la última semana"
        rf"|los últimos (?:{ES_NUMBER} )?(?:meses|años)|las últimas (?:{ES_NUMBER} )?semanas)\b"
        r"|En el año anterior a\b"
        r"|Desde que\b)"
    ),
}
DEFAULT_BANK_FILE = QUESTIONS / "networking.yaml"


@pytest.mark.parametrize(
    "path",
    BANK_FILES or [pytest.param(None, id="no-banks-found")],
    ids=lambda p: p.name if isinstance(p, Path) else str(p),
)
def test_bank_keeps_the_contract(path: Path | None) -> None:
    if path is None:
        pytest.fail(f"no *.yaml question banks in {QUESTIONS}")
    bank = load_bank(path)

    assert tuple(part.id for part in bank.parts) == PART_IDS
    # A shipped bank says its definition and leads to it (older, private banks may not).
    assert bank.definition and bank.introduction, f"{path.name}: needs both"
    for part in bank.parts:
        where = f"{path.name}: part {part.id}"
        assert 4 <= len(part.statements) <= 6, f"{where}: needs 4 to 6 statements"
        assert any(s.reverse for s in part.statements), f"{where}: needs a reverse statement"
        assert not all(s.reverse for s in part.statements), f"{where}: all statements reversed"
        assert len(part.actions) >= 3, f"{where}: needs at least 3 actions"
        assert set(part.diagnosis) == {"low", "middle", "high"}, where
        assert all(text.strip() for text in part.diagnosis.values()), where
        # A shipped bank can run a talk: each part's slide asks the room one question.
        assert part.discussion.endswith("?"), f"{where}: needs a discussion question"
        for statement in part.statements:
            assert TIME_FRAMES[bank.language].match(statement.text), (
                f"{where}: statement {statement.id} does not start with a past time frame "
                f"such as 'In the past month': {statement.text!r}"
            )

    known = {*PART_IDS, OVERALL}
    for profile in bank.profiles:
        assert profile.when, f"{path.name}: profile {profile.id} has no conditions"
        for condition in profile.when:
            assert condition.part in known, f"{path.name}: profile {profile.id}"

    result = subprocess.run(  # noqa: S603 (fixed arguments, our own interpreter)
        [sys.executable, "-m", "networking_works", "check", str(path)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert f"{path}: ok ({bank.id} {bank.version}, {len(bank.statements)} statements)" in (
        result.stdout
    )


TRANSLATIONS = sorted(QUESTIONS.glob("networking.*.yaml"))


@pytest.mark.parametrize("path", TRANSLATIONS, ids=lambda p: p.name)
def test_a_translated_bank_keeps_the_default_banks_ids(path: Path) -> None:
    """Results compare across languages by part and statement ids, profiles by id."""
    default, translated = load_bank(DEFAULT_BANK_FILE), load_bank(path)
    language = path.name.split(".")[1]
    assert translated.language == language
    assert translated.id == f"{default.id}-{language}"  # services.Banks.in_language
    # No version check: norms are kept per bank id and version, and a translation has an
    # id of its own, so it versions its own wording (the fr and es banks are at 1.1).
    assert [p.id for p in translated.parts] == [p.id for p in default.parts]
    for mine, theirs in zip(translated.parts, default.parts, strict=True):
        assert [(s.id, s.reverse) for s in mine.statements] == [
            (s.id, s.reverse) for s in theirs.statements
        ], mine.id
        assert len(mine.actions) == len(theirs.actions), mine.id
    assert [(p.id, p.when) for p in translated.profiles] == [
        (p.id, p.when) for p in default.profiles
    ]
    assert len(translated.scale.labels) == len(default.scale.labels)


def test_there_are_translated_banks() -> None:
    assert {p.name for p in TRANSLATIONS} >= {"networking.fr.yaml", "networking.es.yaml"}


def test_time_frame_pattern_is_meaningful() -> None:
    for text in (
        "In the past month I met someone.",
        "In the last three months I called someone.",
        "Over the past two weeks I wrote to someone.",
        "Since I started looking for work, I applied twice.",
        "In the year before I started looking for work, I kept in touch.",
        "This past week I helped someone.",
    ):
        assert TIME_FRAME.match(text), text
    for text in (
        "I am good at networking.",
        "I usually follow up.",
        "In the pastry shop I met someone.",
        "Since childhood I have liked people.",
        "In general I reach out.",
    ):
        assert not TIME_FRAME.match(text), text
    assert TIME_FRAMES["fr"].match("Au cours des trois derniers mois, j'ai appelé quelqu'un.")
    assert TIME_FRAMES["es"].match("En los últimos seis meses llamé a alguien.")
    assert not TIME_FRAMES["fr"].match("Je suis doué pour le réseautage.")
    assert not TIME_FRAMES["es"].match("En general me cuesta.")


def doc_examples() -> list[tuple[int, str]]:
    """The format doc's yaml blocks as (line of the opening fence, text)."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 1, m[1]) for m in YAML_BLOCK.finditer(text)]


def is_fragment(block: str) -> bool:
    return block.startswith(FRAGMENT)


@pytest.mark.parametrize("line_and_block", doc_examples(), ids=lambda e: f"README.md:{e[0]}")
def test_format_doc_example_passes_the_loader(line_and_block: tuple[int, str]) -> None:
    """questions/README.md, section "Examples in this file", states this convention."""
    blocks = [line_and_block]
    if is_fragment(line_and_block[1]):
        complete = [e for e in doc_examples() if not is_fragment(e[1])]
        assert complete, f"{FORMAT_DOC}: a fragment needs a complete bank in the same file"
        blocks.insert(0, complete[0])
    text, origin = "", [0]  # origin[n]: the README line of line n of text
    for fence, block in blocks:
        block = block.rstrip("\n") + "\n"
        text += block
        origin += range(fence + 1, fence + 1 + block.count("\n"))
    doc = str(FORMAT_DOC.relative_to(REPO_ROOT))
    try:
        parse_bank(text, doc)
        return
    except BankError as exc:
        problems = exc.problems  # reported below, outside the except: no traceback of it
    # The loader numbers the lines of text; report them as lines of the README.
    located = [replace(p, line=origin[p.line] if p.line < len(origin) else 0) for p in problems]
    pytest.fail(
        f"the example at {doc}:{line_and_block[0]} does not pass the loader:\n"
        + "\n".join(map(str, located))
    )


def test_format_doc_has_a_complete_example() -> None:
    examples = doc_examples()
    assert any(not is_fragment(block) for _, block in examples), (
        f"{FORMAT_DOC}: no complete yaml example bank found; the contract test would check nothing"
    )
