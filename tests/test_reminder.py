"""reminder: the retake reminder is one RFC 5545 event that a real iCalendar parser reads."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest

from networking_works.reminder import (
    DEFAULT_WEEKS,
    MAX_LINE_OCTETS,
    SUMMARY,
    escape,
    fold,
    reminder_ics,
)

MADE = datetime(2026, 11, 30, 21, 45, tzinfo=UTC)
LINK = "https://networking.example.org/journal?j=AbCdEfGhIjKlMnOpQrStUv"
PLANS = [
    "Mutually beneficial: Before each conversation, write down one thing you could offer.",
    "Creation: Send a short, friendly message to two people; then follow up; really.",
]


def parsed(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def test_the_file_is_one_all_day_event_four_weeks_later_with_an_alarm() -> None:
    calendar = parsed(reminder_ics(PLANS, LINK, MADE))
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    day = date(2026, 12, 28)
    assert event.decoded("DTSTART") == day == MADE.date() + timedelta(weeks=DEFAULT_WEEKS)
    assert event.decoded("DTEND") == day + timedelta(days=1)
    assert event.decoded("DTSTAMP") == MADE
    assert str(event["SUMMARY"]) == SUMMARY
    assert str(event["URL"]) == LINK
    assert str(event["UID"]).endswith("@networking-works")
    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(hours=9)


def test_its_text_says_the_plan_and_carries_the_journal_link() -> None:
    event = parsed(reminder_ics(PLANS, LINK, MADE)).walk("VEVENT")[0]
    text = str(event["DESCRIPTION"])
    assert LINK in text
    assert "What you planned to work on:" in text
    for plan in PLANS:  # commas and semicolons survive escaping
        assert f"- {plan}" in text


@pytest.mark.parametrize("weeks", [2, 8, 12])
def test_the_person_chooses_how_many_weeks(weeks: int) -> None:
    event = parsed(reminder_ics(PLANS, LINK, MADE, weeks)).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == MADE.date() + timedelta(weeks=weeks)


def test_lines_end_in_crlf_and_are_folded_to_75_octets() -> None:
    long_plans = ["Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich " * 4]
    data = reminder_ics(long_plans, LINK, MADE)
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert all(len(line) <= MAX_LINE_OCTETS for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # something was folded
    text = str(parsed(data).walk("VEVENT")[0]["DESCRIPTION"])
    assert long_plans[0] in text  # unfolded whole, no character split


def test_escape_and_fold() -> None:
    assert escape("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"
    assert fold("x" * 75) == "x" * 75
    assert fold("x" * 76) == "x" * 75 + "\r\n x"
    folded = fold("é" * 40)  # two octets each: never split inside one
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "é" * 40
