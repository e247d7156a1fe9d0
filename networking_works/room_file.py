"""A whole room in one file, for another server: its bank, anonymous answers and figures.

    python -m web.room_files export CODE FILE   # a live room of this server
    python -m web.room_files import FILE        # a new room here, answers closed, revealed

The file is JSON: the format and its version, the room's settings (title, pace, cap,
practice), its bank as YAML text with its id and version, and one entry per finished
participant (answers, part scores, matched profiles), shuffled, with no token, name,
code-name or join time. An import reads it whole (at most ``MAX_FILE_BYTES``), checks
every field and that every person's figures are what their answers give with that bank,
and only then writes: a new room with a new join code and a new speaker key, the bank
of the same id and version if this server has it, else the file's bank as a private
bank of the room. If a write fails, the new room is deleted: nothing half-imported.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from networking_works.answering import figures
from networking_works.bank import Bank, BankError, parse_bank
from networking_works.store import Store, Workshop
from networking_works.store.private_banks import SOURCE, is_private
from networking_works.store.room_people import Person, add_people
from networking_works.workshop import MAX_CAP, RoomRefused, room_settings

FORMAT = "networking-works-room"
FORMAT_VERSION = 1
# A room of MAX_CAP people is about 2 MB; the bank is at most 64 KB.
MAX_FILE_BYTES = 8 * 1024 * 1024


class RoomFileError(Exception):
    """A room file that cannot be imported, or a room that cannot be exported: the text
    names the field."""


@dataclass(frozen=True)
class RoomFile:
    """A checked room file."""

    title: str
    speaker_paced: bool
    cap: int | None
    practice: bool
    bank_id: str
    bank: Bank
    bank_yaml: str
    people: tuple[Person, ...]


def export_room(store: Store, room: Workshop, bank: Bank, bank_yaml: str) -> dict[str, Any]:
    """The room file of ``room`` (run with ``bank``, whose text is ``bank_yaml``)."""
    people = []
    for answers in store.room_stats.finished_answers(room.id):
        kept, scores, profiles = figures(bank, answers)
        people.append({"answers": kept, "scores": scores.as_floats(), "profiles": profiles})
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": store.database.now().isoformat(),
        "room": {
            "title": room.title,
            "speaker_paced": room.speaker_paced,
            "cap": room.cap,
            "practice": room.practice,
        },
        "bank": {"id": bank.id, "version": bank.version, "yaml": bank_yaml},
        "people": people,
    }


def write_room_file(data: dict[str, Any], path: str | Path) -> None:
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def read_room_file(path: str | Path) -> RoomFile:
    """The checked contents of a room file, or ``RoomFileError`` naming what is wrong."""
    try:
        with Path(path).open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise RoomFileError(f"cannot read {path}: {exc.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise RoomFileError(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RoomFileError(f"not a room file (not JSON: {exc})") from None
    return checked(data)


def checked(data: object) -> RoomFile:
    """``data`` (a parsed room file) checked field by field."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RoomFileError(f"format: not {FORMAT!r}, so not a room file")
    if data.get("format_version") != FORMAT_VERSION:
        raise RoomFileError(f"format_version: this server reads version {FORMAT_VERSION} only")
    room, bank_field, people = _of(data, "room", dict), _of(data, "bank", dict), []
    try:
        title, paced, cap = room_settings(
            _of(room, "title", str, "room"),
            _of(room, "speaker_paced", bool, "room"),
            _of(room, "cap", (int, type(None)), "room") or 0,
        )
    except RoomRefused:
        raise RoomFileError(f"room.cap: at most {MAX_CAP}") from None
    yaml = _of(bank_field, "yaml", str, "bank")
    try:
        bank = parse_bank(yaml, SOURCE)
    except BankError as exc:
        raise RoomFileError(f"bank.yaml: {exc.problems[0]}") from None
    listed = _of(data, "people", list)
    if len(listed) > MAX_CAP:
        raise RoomFileError(f"people: at most {MAX_CAP}, the largest room")
    for index, entry in enumerate(listed):
        people.append(_person(bank, entry, f"people[{index}]"))
    return RoomFile(
        title=title,
        speaker_paced=paced,
        cap=cap,
        practice=_of(room, "practice", bool, "room"),
        bank_id=_of(bank_field, "id", str, "bank"),
        bank=bank,
        bank_yaml=yaml,
        people=tuple(people),
    )


def import_room(store: Store, room_file: RoomFile, local: Bank | None) -> tuple[Workshop, str]:
    """A new room holding ``room_file``'s people; with its speaker key (shown once).

    ``local``: this server's bank of the file's bank id, used when its version is the
    file's; otherwise the file's bank is saved as the room's private bank."""
    if local is not None and local.version == room_file.bank.version:
        bank_id = local.id
    else:
        try:
            bank_id = store.private_banks.save(room_file.bank_yaml)
        except BankError as exc:
            raise RoomFileError(f"bank.yaml: {exc.problems[0]}") from None
    room, key = store.workshops.create(
        room_file.title, bank_id, room_file.speaker_paced, room_file.cap, room_file.practice
    )
    try:
        if is_private(bank_id):
            store.private_banks.attach(bank_id, room.id, room.expires_at)
        add_people(store.database, room.id, bank_id, room.expires_at, room_file.people)
        opened = len(room_file.bank.parts) if room.speaker_paced else 0
        store.workshops.update(
            room.id, revealed=True, accepting=False, joining=False, open_parts=opened
        )
    except Exception:
        store.workshops.delete(room.id)
        raise
    return store.workshops.get(room.id) or room, key


def _person(bank: Bank, entry: object, where: str) -> Person:
    if not isinstance(entry, dict):
        raise RoomFileError(f"{where}: not an object")
    answers = _of(entry, "answers", dict, where)
    kept, scores, profiles = figures(bank, answers)
    if kept != answers:
        wrong = sorted(set(answers) - set(kept), key=str)[0]
        raise RoomFileError(f"{where}.answers.{wrong}: not an answer to this bank")
    given, stored = _of(entry, "scores", dict, where), scores.as_floats()
    for part_id, expected in stored.items():
        found = given.get(part_id)
        if not _same_score(found, expected):
            raise RoomFileError(f"{where}.scores.{part_id}: {found!r} is not what its answers give")
    named = _of(entry, "profiles", list, where)
    if not all(isinstance(n, str) for n in named) or sorted(named) != sorted(profiles):
        raise RoomFileError(f"{where}.profiles: not what its answers give")
    return Person(kept, stored, tuple(profiles))


def _same_score(found: object, expected: float | None) -> bool:
    if expected is None or found is None:
        return found is expected
    return type(found) in (int, float) and math.isclose(found, expected, abs_tol=1e-9)  # type: ignore[arg-type]


def _of(container: dict[str, Any], name: str, kind: Any, where: str = "") -> Any:
    value = container.get(name)
    # bool is an int in Python: a cap of true is not a number
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise RoomFileError(f"{where + '.' if where else ''}{name}: missing or of the wrong type")
    return value
