"""A retake reminder without email: one calendar event as an iCalendar file (RFC 5545).

The event is a whole day, ``DEFAULT_WEEKS`` after the day it is made, with a reminder
alarm that morning. Its description says what the person planned to work on and holds
their private journal link, so the calendar brings them back to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from networking_works.messages import N_
from networking_works.tokens import new_token

DEFAULT_WEEKS = 4
WEEKS = (2, DEFAULT_WEEKS, 8, 12)
PRODUCT = "-//networking-works//retake reminder//EN"
# Every sentence of the reminder, as catalogue messages: the web says them in the
# person's language and passes them in (``words``).
WORDS = {
    "summary": N_("Retake your networking check"),
    "intro": N_("Time to take the networking check again and see what changed."),
    "planned": N_("What you planned to work on:"),
    "journal": N_("Your private journal (do not share this link):"),
}
SUMMARY = WORDS["summary"]
MAX_LINE_OCTETS = 75  # RFC 5545 3.1: longer content lines are folded


def retake_day(today: date, weeks: int = DEFAULT_WEEKS) -> date:
    return today + timedelta(weeks=weeks)


def description(plans: Sequence[str], link: str, words: Mapping[str, str] = WORDS) -> str:
    lines = [words["intro"]]
    if plans:
        lines += ["", words["planned"]]
        lines += [f"- {plan}" for plan in plans]
    lines += ["", words["journal"], link]
    return "\n".join(lines)


def reminder_ics(
    plans: Sequence[str],
    link: str,
    made: datetime,
    weeks: int = DEFAULT_WEEKS,
    words: Mapping[str, str] = WORDS,
) -> bytes:
    """The .ics file: one all-day event ``weeks`` after ``made``, with an alarm at 9:00."""
    day = retake_day(made.astimezone(UTC).date(), weeks)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{new_token()}@networking-works",
        f"DTSTAMP:{made.astimezone(UTC):%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(words['summary'])}",
        f"DESCRIPTION:{escape(description(plans, link, words))}",
        f"URL:{link}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape(words['summary'])}",
        "TRIGGER:PT9H",  # 9:00 on the day, in the phone's own time zone
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for plain, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        text = text.replace(plain, escaped)
    return text


def fold(line: str) -> str:
    """Fold a content line into parts of at most 75 octets, never inside a character."""
    parts: list[str] = []
    current, size = "", 0
    limit = MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = MAX_LINE_OCTETS - 1  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)
