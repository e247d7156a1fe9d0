"""audience/watch.py and the long poll (/room/CODE/changes): a waiting phone learns a
change at once, and however many wait, each room is read once per poll."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from audience import paths
from audience.watch import GONE, RoomWatch, state_of
from harness.sync_client import blocking
from networking_works.store import Store, Workshop
from tests.audience_phone import Phone, app_for


def _room(open_parts: int = 1, accepting: bool = True, revealed: bool = False) -> Workshop:
    from datetime import UTC, datetime

    return Workshop(
        "id",
        "ABCDEF",
        "t",
        "networking",
        True,
        open_parts,
        None,
        revealed,
        accepting,
        None,
        datetime.now(UTC),
    )


def test_the_state_is_what_a_phone_s_page_depends_on() -> None:
    assert state_of(None) == GONE
    assert state_of(_room(2)) != state_of(_room(3))
    assert state_of(_room(accepting=False)) != state_of(_room())
    assert state_of(_room(revealed=True)) != state_of(_room())


def test_a_thousand_waiters_cost_one_read_per_poll() -> None:
    rooms = {"id": _room(1)}
    reads: list[float] = []

    def read(workshop_id: str) -> Workshop | None:
        reads.append(time.monotonic())
        return rooms.get(workshop_id)

    async def run() -> list[str]:
        watch = RoomWatch(read, poll_seconds=0.05)
        seen = state_of(rooms["id"])
        waiters = [asyncio.create_task(watch.wait("id", seen, 5.0)) for _ in range(1000)]
        await asyncio.sleep(0.3)
        rooms["id"] = _room(2)  # the speaker opens part 2
        started = time.monotonic()
        found = await asyncio.gather(*waiters)
        assert time.monotonic() - started < 1.0  # everyone at once, no staggering
        return found

    found = blocking(run(), 30)
    assert set(found) == {state_of(_room(2))}
    assert len(reads) < 20  # not one read per waiter


def test_a_wait_ends_unchanged_after_its_timeout() -> None:
    async def run() -> str:
        watch = RoomWatch(lambda _: _room(1), poll_seconds=0.05)
        return await watch.wait("id", state_of(_room(1)), 0.2)

    assert blocking(run(), 30) == state_of(_room(1))


def test_an_already_different_state_answers_at_once() -> None:
    async def run() -> str:
        return await RoomWatch(lambda _: _room(3)).wait("id", "stale", 10.0)

    assert blocking(run(), 30) == state_of(_room(3))


def _seated(store: Store, room: Workshop) -> Phone:
    """A phone that joined ``room``: only such a phone is told about it (issue 23, L5)."""
    return Phone(app_for(store)).open(paths.room(room.code)).submit({"nickname": ""})


def test_the_long_poll_answers_when_the_speaker_opens_a_part(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "WAIT_SECONDS", 10.0)
    room = store.workshops.create("Room", "networking", True, None)[0]
    phone = _seated(store, room)
    seen = state_of(room)
    opener = threading.Timer(0.5, lambda: store.workshops.update(room.id, open_parts=2))
    opener.start()
    started = time.monotonic()
    response = phone.client.get(paths.changes(room.code), params={"seen": seen})
    waited = time.monotonic() - started
    opener.join()
    assert response.status_code == 200 and response.text != seen
    assert 0.4 < waited < 3.0
    assert response.headers["etag"] == f'"{response.text}"'


def test_nothing_changed_is_a_304_or_a_204(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "WAIT_SECONDS", 0.3)
    room = store.workshops.create("Room", "networking", True, None)[0]
    phone = _seated(store, room)
    seen = state_of(room)
    conditional = phone.client.get(paths.changes(room.code), headers={"if-none-match": f'"{seen}"'})
    assert conditional.status_code == 304
    plain = phone.client.get(paths.changes(room.code), params={"seen": seen})
    assert plain.status_code == 204
    assert phone.client.get(paths.changes("nope")).status_code == 404
    store.workshops.delete(room.id)
    assert phone.client.get(paths.changes(room.code), params={"seen": seen}).text == GONE
