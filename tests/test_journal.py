"""journal: what changed between two results, in words; trends; the journal file's checks."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from networking_works.bank import load_bank
from networking_works.journal import (
    FORMAT,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    Change,
    Entry,
    change_text,
    changes,
    day_label,
    parse_journal_file,
    to_json,
    trends,
)
from networking_works.report import ReportError, build_report
from tests.bank_helpers import DEFAULT_BANK

BANK = load_bank(DEFAULT_BANK)
NOVEMBER = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def answers(value: int) -> dict[str, int]:
    return {s.id: value for s in BANK.statements}


def entry(value: int, at: datetime, entry_id: str = "e" * 22) -> Entry:
    return Entry(entry_id, at, build_report(BANK, answers(value), at))


@pytest.mark.parametrize(
    ("before", "after", "words"),
    [
        (50.0, 50.0, "about the same"),
        (50.0, 52.9, "about the same"),
        (50.0, 47.1, "about the same"),
        (50.0, 53.0, "a little up"),
        (50.0, 41.0, "a little down"),
        (50.0, 60.0, "clearly up"),
        (50.0, 65.0, "clearly up"),
        (50.0, 30.1, "clearly down"),
        (50.0, 70.0, "a lot up"),
        (80.0, 0.0, "a lot down"),
        (None, 50.0, "cannot be compared (not enough answers)"),
        (50.0, None, "cannot be compared (not enough answers)"),
    ],
)
def test_a_change_says_its_direction_and_size_in_words(
    before: float | None, after: float | None, words: str
) -> None:
    assert Change("p", "Part", before, after).words == words


def test_the_change_text_names_the_part_the_points_and_the_date() -> None:
    change = Change("mutual_benefit", "Mutually beneficial", 40.0, 55.0)
    today = date(2026, 11, 30)
    assert (
        str(change_text(change, date(2026, 11, 2), today))
        == "Mutually beneficial +15 since November 2 (clearly up)"
    )
    down = Change("creation", "Creation", 70.0, 45.0)
    assert str(change_text(down, date(2025, 12, 24), today)) == (
        "Creation -25 since December 24, 2025 (a lot down)"
    )
    missing = change_text(Change("x", "X", None, 1.0), date(2026, 1, 1), today)
    assert str(missing).startswith("X – ")
    # The date in the language asked for; the words stay a message to translate.
    french = change_text(change, date(2026, 11, 2), today, "fr")
    assert french.values["day"] == "2 novembre"
    assert str(french.values["change"]) == "clearly up"


def test_changes_match_parts_by_id_in_the_later_results_order() -> None:
    first = build_report(BANK, answers(2), NOVEMBER)
    second = build_report(BANK, answers(5), NOVEMBER + timedelta(weeks=4))
    found = changes(first, second)
    assert [c.part_id for c in found] == [p.id for p in BANK.parts]
    assert [c.before for c in found] == first.scores
    assert [c.after for c in found] == second.scores


def test_day_label_adds_the_year_only_when_it_is_not_this_year() -> None:
    assert day_label(date(2026, 3, 1), date(2026, 11, 30)) == "March 1"
    assert day_label(date(2025, 3, 1), date(2026, 11, 30)) == "March 1, 2025"
    assert day_label(date(2026, 3, 1), date(2026, 11, 30), "fr") == "1 mars"
    assert day_label(date(2025, 3, 1), date(2026, 11, 30), "es") == "1 de marzo de 2025"


def test_trends_follow_each_part_across_every_entry_oldest_first() -> None:
    entries = [entry(v, NOVEMBER + timedelta(weeks=4 * i)) for i, v in enumerate((2, 4, 5))]
    found = trends(entries)
    assert [t.part_id for t in found] == [p.id for p in BANK.parts]
    first = found[0]
    assert first.dates == tuple(e.added.date() for e in entries)
    assert first.scores == tuple(e.report.parts[0].score for e in entries)
    assert trends([]) == []


def test_a_journal_file_round_trips_oldest_first() -> None:
    entries = [entry(v, NOVEMBER + timedelta(weeks=4 * i)) for i, v in enumerate((2, 4, 5))]
    imported = parse_journal_file(to_json(list(reversed(entries))))
    assert imported.bank_id == BANK.id
    assert [r for _, r in imported.results] == [e.report for e in entries]
    assert [at for at, _ in imported.results] == [e.added for e in entries]
    # Never the answers: only what the results page showed.
    text = to_json(entries).decode()
    assert not any(s.text[:40] in text for s in BANK.statements)


def journal_file(**changes: object) -> bytes:
    data = json.loads(to_json([entry(3, NOVEMBER)]))
    data.update(changes)
    return json.dumps(data).encode()


def damaged_result() -> bytes:
    data = json.loads(to_json([entry(3, NOVEMBER)]))
    data["entries"][0]["result"]["parts"][0]["score"] = 101
    return json.dumps(data).encode()


def other_bank() -> bytes:
    data = json.loads(to_json([entry(3, NOVEMBER), entry(4, NOVEMBER)]))
    data["entries"][1]["result"]["bank_id"] = "another"
    return json.dumps(data).encode()


def bad_date(value: object) -> bytes:
    data = json.loads(to_json([entry(3, NOVEMBER)]))
    data["entries"][0]["added"] = value
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"x" * (MAX_FILE_BYTES + 1), "too large"),
        (b"\xff\xfe", "not a journal"),
        (b"[1, 2]", "not a journal"),
        (b"[" * 100_000, "not a journal"),
        (journal_file(format="networking-works/journal@2"), "or a newer one"),
        (journal_file(format="networking-works/result@1"), "not a journal"),
        (journal_file(entries=[]), "no results"),
        (journal_file(entries="many"), "no results"),
        (journal_file(entries=[{}] * (MAX_ENTRIES + 1)), f"more than {MAX_ENTRIES}"),
        (journal_file(entries=[7]), "result 1 of the journal is damaged"),
        (damaged_result(), "result 1 of the journal: the result contains a score outside"),
        (other_bank(), "mixes results of different question banks"),
        (bad_date(None), "has no date"),
        (bad_date(20261102), "has no date"),
        (bad_date("yesterday"), "damaged date"),
    ],
)
def test_a_damaged_or_foreign_journal_file_is_refused_with_a_reason(
    data: bytes, reason: str
) -> None:
    with pytest.raises(ReportError, match=reason):
        parse_journal_file(data)


def hostile_journal(parts: int, title_chars: int) -> bytes:
    """One result of ``parts`` parts titled with ``title_chars`` characters each."""
    data = json.loads(to_json([entry(3, NOVEMBER)]))
    result = data["entries"][0]["result"]
    model = result["parts"][0]
    result["parts"] = [
        {**model, "id": f"p{n}", "title": (f"part {n} " + "x" * title_chars)[:title_chars]}
        for n in range(parts)
    ]
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        # Before: 50 parts of 4,000 characters were taken, a radar of 0.3 s and 300 KB.
        (hostile_journal(50, 4000), "result 1 of the journal: the result has 50 parts, and a "),
        (hostile_journal(13, 20), "the result has 13 parts, and a result has at most 12"),
        (hostile_journal(6, 201), "the title of part 1 is longer than 200 characters"),
    ],
)
def test_an_imported_journal_is_held_to_what_a_bank_can_make(data: bytes, reason: str) -> None:
    with pytest.raises(ReportError, match=reason):
        parse_journal_file(data)


def test_the_largest_result_a_bank_can_make_is_imported() -> None:
    imported = parse_journal_file(hostile_journal(12, 200))
    assert [len(p.title) for p in imported.results[0][1].parts] == [200] * 12


def test_the_format_is_named_in_the_file() -> None:
    assert json.loads(to_json([entry(3, NOVEMBER)]))["format"] == FORMAT
