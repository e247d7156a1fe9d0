"""The limits' policy: when a room may be created, and how long a wrong passphrase waits."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from networking_works.throttle import (
    FIRST_WAIT_S,
    FREE_FAILURES,
    MAX_WAIT_S,
    CreationLimit,
    Recent,
    client_key,
    creation_refusal,
    passphrase_delay,
    passphrase_wait,
)
from networking_works.workshop import room_progress

NOW = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)


def test_rooms_are_refused_per_client_first_then_overall() -> None:
    limit = CreationLimit(per_client=2, overall=5)
    assert creation_refusal(1, 4, limit) is None
    assert "from one place" in str(creation_refusal(2, 2, limit))
    assert "many workshops lately" in str(creation_refusal(0, 5, limit))


def test_wrong_passphrases_wait_longer_and_longer_up_to_a_cap() -> None:
    assert passphrase_wait(FREE_FAILURES - 1, NOW, NOW) == 0
    waits = [passphrase_wait(n, NOW, NOW) for n in range(FREE_FAILURES, FREE_FAILURES + 12)]
    assert waits[0] > 0 and waits == sorted(waits) and waits[-1] == MAX_WAIT_S
    assert passphrase_wait(FREE_FAILURES, NOW - timedelta(hours=1), NOW) == 0
    naive = NOW.replace(tzinfo=None) - timedelta(seconds=4)  # as SQLite returns it
    assert passphrase_wait(FREE_FAILURES, naive, NOW) == waits[0] - 4


def test_client_keys_hide_the_address_and_tell_clients_apart() -> None:
    key = b"k" * 32
    assert "10.0.0.1" not in client_key("10.0.0.1", key)
    assert client_key("10.0.0.1", key) != client_key("10.0.0.2", key)
    assert len(client_key("::1", key)) == 64


def test_without_the_secret_a_stored_key_cannot_be_traced_back_to_its_address() -> None:
    # An unkeyed SHA-256 of the address gave it back by trying every address of a /16.
    stored = client_key("192.168.7.42", b"s" * 32)
    candidates = [f"192.168.{a}.{b}" for a in range(256) for b in range(256)]
    unkeyed = {hashlib.sha256(f"nw-client:{c}".encode()).hexdigest() for c in candidates}
    assert stored not in unkeyed
    assert stored not in {
        client_key(c, b"another key, the attacker's guess") for c in candidates[:2000]
    }
    assert client_key("192.168.7.42", b"s" * 32) == stored  # the server finds its own again


def test_room_progress_from_positions() -> None:
    rows = [("definition", 0, 2), ("questions", 0, 1), ("questions", 3, 2), ("done", 0, 4)]
    found = room_progress(rows, 6)
    assert (found.joined, found.answering, found.finished) == (9, 5, 4)
    assert found.parts_done == (6, 6, 6, 4, 4, 4)
    assert room_progress([("questions", 99, 1)], 6).parts_done == (1,) * 6
    assert room_progress([], 6).parts_done == (0,) * 6


def test_passphrase_delay_reads_the_attempts_before_this_one() -> None:
    now = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    assert passphrase_delay(Recent(FREE_FAILURES - 1, 99, now, now)) is None
    assert passphrase_delay(Recent(FREE_FAILURES, 99, now, now)) == FIRST_WAIT_S
    assert passphrase_delay(Recent(FREE_FAILURES, 99, now - timedelta(hours=1), now)) is None
