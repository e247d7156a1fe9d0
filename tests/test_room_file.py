"""A room to a file and back into another store, on both databases: the same people and
figures, nothing that names anyone, every wrong field refused by name, nothing half-written."""

from __future__ import annotations

import copy
import dataclasses
import json
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from networking_works.answering import complete
from networking_works.room_file import (
    MAX_FILE_BYTES,
    RoomFileError,
    checked,
    export_room,
    import_room,
    read_room_file,
    write_room_file,
)
from networking_works.schema import workshops
from networking_works.store import Store
from tests.bank_helpers import REPO_ROOT
from tests.conftest import StoreFactory
from tests.store_helpers import BANK, PARTS, TOKEN_RE, row_counts

BANK_YAML = (REPO_ROOT / "questions" / "networking.yaml").read_text(encoding="utf-8")
PEOPLE = 5


def live_room(store: Store) -> tuple[Any, list[str]]:
    """A revealed room of PEOPLE finished people (answers drawn at random, nicknames
    given), one who never finished and one the speaker removed."""
    rng = random.Random(7)  # noqa: S311 -- made-up answers, not secrets
    room, _ = store.workshops.create("Careers fair", "networking", True, 40)
    tokens = []
    for i in range(PEOPLE + 2):
        token = store.workshops.join(room.id, f"Nick {i}")
        tokens.append(token)
        if i == PEOPLE:  # this one stops after the definition
            continue
        assessment = store.assessments.get(token)
        assert assessment is not None
        answers = {s.id: rng.choice([0, 1, 2, 3, 4, 5]) for s in BANK.statements}
        complete(store, BANK, assessment, answers, counted=False)
    store.moderation.remove(room.id, tokens[-1])
    store.workshops.update(room.id, revealed=True)
    return store.workshops.get(room.id), tokens


def figures_of(store: Store, room_id: str) -> tuple[Any, list[Any]]:
    summary = store.room_stats.summary(room_id, PARTS)
    return summary, sorted(store.room_stats.profiles(room_id))


def test_a_room_moves_to_another_store_with_its_people_and_figures(
    make_store: StoreFactory, tmp_path: Path
) -> None:
    source, target = make_store(), make_store()
    room, tokens = live_room(source)
    file = tmp_path / "careers-fair.nwroom"
    write_room_file(export_room(source, room, BANK, BANK_YAML), file)

    text = file.read_text(encoding="utf-8")
    for i in range(PEOPLE + 2):  # anonymous: no nickname, token, code-name or room id
        assert f"Nick {i}" not in text
    assert room.id not in text and not any(t in text for t in tokens)
    assert source.workshops.participant(tokens[0]) is not None
    codename = source.workshops.participant(tokens[0]).codename  # type: ignore[union-attr]
    assert codename not in text
    assert TOKEN_RE.search(json.dumps(json.loads(text)["room"])) is None

    loaded = read_room_file(file)
    assert len(loaded.people) == PEOPLE  # finished and not removed
    moved, key = import_room(target, loaded, BANK)
    assert moved.code != "" and moved.id != room.id
    assert moved.bank_id == "networking"  # the same bank and version here: its own
    assert moved.revealed and not moved.accepting and not moved.joining
    assert target.workshops.facilitated(moved.id, key) is not None
    assert figures_of(target, moved.id) == figures_of(source, room.id)
    assert target.room_stats.counts(moved.id) == (PEOPLE, PEOPLE)
    assert sorted(map(_key, target.room_stats.anonymous_answers(moved.id))) == sorted(
        map(_key, source.room_stats.anonymous_answers(room.id))
    )


def _key(answers: dict[str, int]) -> str:
    return json.dumps(answers, sort_keys=True)


def test_a_bank_this_server_lacks_comes_with_the_room(make_store: StoreFactory) -> None:
    source, target = make_store(), make_store()
    room, _ = live_room(source)
    data = export_room(source, room, BANK, BANK_YAML)
    other = dataclasses.replace(BANK, version="an older version")
    moved, _ = import_room(target, checked(data), other)
    assert moved.bank_id.startswith("private:")
    assert target.private_banks.text(moved.bank_id) == BANK_YAML
    assert target.room_stats.summary(moved.id, PARTS) == source.room_stats.summary(room.id, PARTS)
    target.workshops.delete(moved.id)  # the bank goes with its room
    assert target.private_banks.text(moved.bank_id) is None


def broken(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """``data`` with the field at ``path`` (dot-separated, [i] for a list) set to ``value``
    (or removed, for ``...``)."""
    changed = copy.deepcopy(data)
    *parents, last = path.replace("[", ".").replace("]", "").split(".")
    node: Any = changed
    for name in parents:
        node = node[int(name)] if isinstance(node, list) else node[name]
    key: Any = int(last) if isinstance(node, list) else last
    if value is ...:
        del node[key]
    else:
        node[key] = value
    return changed


WRONG = [
    ("format", "a backup", "format"),
    ("format_version", 2, "format_version"),
    ("room", ..., "room"),
    ("room.title", 12, "room.title"),
    ("room.speaker_paced", "yes", "room.speaker_paced"),
    ("room.cap", True, "room.cap"),
    ("room.cap", 10**9, "room.cap"),
    ("room.practice", None, "room.practice"),
    ("bank.yaml", "id: [", "bank.yaml"),
    ("bank.id", None, "bank.id"),
    ("people", {"a": 1}, "people"),
    ("people[0]", "someone", "people[0]"),
    ("people[1].answers", [], "people[1].answers"),
    ("people[1].answers.s1", 9, "people[1].answers"),
    ("people[1].answers.not-a-statement", 3, "people[1].answers.not-a-statement"),
    ("people[2].scores", ..., "people[2].scores"),
    ("people[2].scores.creation", 101.0, "people[2].scores.creation"),
    ("people[2].scores.creation", "50", "people[2].scores.creation"),
    ("people[3].profiles", [1], "people[3].profiles"),
    ("people[3].profiles", ["Someone else"], "people[3].profiles"),
]


@pytest.mark.parametrize(("path", "value", "named"), WRONG)
def test_a_wrong_field_is_refused_by_name_and_nothing_is_written(
    store: Store, path: str, value: Any, named: str
) -> None:
    room, _ = live_room(store)
    data = export_room(store, room, BANK, BANK_YAML)
    # Placeholders for ids of this bank: its first statement and its first part.
    path, named = (
        text.replace(".s1", f".{BANK.statements[0].id}").replace(".creation", f".{PARTS[0]}")
        for text in (path, named)
    )
    before = row_counts(store)
    with pytest.raises(RoomFileError) as refused:
        checked(broken(data, path, value))
    assert str(refused.value).startswith(named), str(refused.value)
    assert "Traceback" not in str(refused.value)
    assert row_counts(store) == before


def test_too_large_or_not_json_is_refused_before_reading_it_whole(tmp_path: Path) -> None:
    big = tmp_path / "big.nwroom"
    with big.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(RoomFileError, match="larger than"):
        read_room_file(big)
    garbage = tmp_path / "garbage.nwroom"
    garbage.write_bytes(b"\xff\xfe not json")
    with pytest.raises(RoomFileError, match="not a room file"):
        read_room_file(garbage)
    garbage.write_text("[1, 2]")
    with pytest.raises(RoomFileError, match="^format: .* not a room file"):
        read_room_file(garbage)
    with pytest.raises(RoomFileError, match="cannot read"):
        read_room_file(tmp_path / "missing.nwroom")


def test_a_failed_write_leaves_no_room_behind(store: Store) -> None:
    room, _ = live_room(store)
    loaded = checked(export_room(store, room, BANK, BANK_YAML))
    rooms_before = row_counts(store)[workshops.name]
    # The last person's rows break a key (the same profile twice), after the room and
    # everyone before were written: both databases refuse it.
    wrong = dataclasses.replace(loaded.people[0], profiles=("Collector", "Collector"))
    with pytest.raises(IntegrityError):
        import_room(store, dataclasses.replace(loaded, people=(*loaded.people, wrong)), BANK)
    assert row_counts(store)[workshops.name] == rooms_before
    assert store.room_stats.counts(room.id) == (PEOPLE + 1, PEOPLE)  # the source untouched
