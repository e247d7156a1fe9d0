"""A speaker's own banks in the store, on SQLite and PostgreSQL: saved per version, only
ever valid and within the size limit, read back as the room's bank, deleted with the room
and by the expiry purge unless kept, and reopened by their private link only."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from networking_works.bank import BankError
from networking_works.schema import private_banks
from networking_works.store import Store
from networking_works.store.private_banks import KEPT_TTL
from networking_works.tokens import hash_secret
from networking_works.yamlsafe import MAX_BYTES
from tests.store_helpers import MovableClock, StoreFactory

DEFAULT = (Path(__file__).resolve().parent.parent / "questions" / "networking.yaml").read_text()


def retitled(title: str) -> str:
    head, _, rest = DEFAULT.partition("\ntitle:")
    return f"{head}\ntitle: {title}\n{rest.split(chr(10), 1)[1]}"


def stored_rows(store: Store) -> list[tuple[str, int]]:
    with store.database.engine.connect() as conn:
        query = sa.select(private_banks.c.id, private_banks.c.version)
        return [(r.id, r.version) for r in conn.execute(query)]


def test_each_save_is_a_new_version_and_reads_back_as_the_rooms_bank(store: Store) -> None:
    first = store.private_banks.save(retitled("Students"))
    second = store.private_banks.save(retitled("Executives"), first)
    assert first.rsplit(":", 1)[0] == second.rsplit(":", 1)[0]
    assert (first[-2:], second[-2:]) == (":1", ":2")
    one, two = store.private_banks.bank(first), store.private_banks.bank(second)
    assert one is not None and two is not None
    assert (one.id, one.title, two.title) == (first, "Students", "Executives")
    assert store.private_banks.text(second) == retitled("Executives")
    assert store.private_banks.save(DEFAULT) != first  # no bank named: a new one


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("id: x\n", "bank.yaml:"),
        ("a: &x [1]\nb: *x\n", "anchors and aliases"),
        ("id: !!python/object:os.system x\n", "tag"),
        ("id: x\n" + "#" * MAX_BYTES, "larger than"),
        ("id: x\n" + "#" * 64 * 1024, "bank.yaml: the bank is larger than 64 KB"),
    ],
)
def test_only_a_valid_bank_within_the_size_limit_is_stored(
    store: Store, text: str, says: str
) -> None:
    with pytest.raises(BankError) as refused:
        store.private_banks.save(text)
    assert says in str(refused.value)
    assert stored_rows(store) == []


def test_unknown_or_malformed_ids_and_links_find_nothing(store: Store) -> None:
    saved = store.private_banks.save(DEFAULT)
    for ref in ("networking", "private:", "private:x:1", saved[:-1] + "9", saved + "0" * 9):
        assert store.private_banks.bank(ref) is None
    assert store.private_banks.kept("not a link") is None
    assert store.private_banks.kept("a" * 22) is None


def test_a_bank_ends_with_its_room_unless_kept(store: Store) -> None:
    room, _ = store.workshops.create("Club", "networking", False, None)
    other, _ = store.workshops.create("Club", "networking", False, None)
    dropped = store.private_banks.save(DEFAULT)
    kept = store.private_banks.save(DEFAULT)
    store.private_banks.attach(dropped, room.id, room.expires_at)
    store.private_banks.attach(kept, room.id, room.expires_at)
    link = store.private_banks.keep(kept)
    assert link is not None and len(link) >= 22  # 128 bits
    store.workshops.delete(room.id)
    assert store.private_banks.bank(dropped) is None
    assert store.private_banks.bank(kept) is not None
    # The link opens the newest version; only its hash is stored.
    newer = store.private_banks.save(retitled("Again"), kept)
    assert store.private_banks.kept(link) == newer
    with store.database.engine.connect() as conn:
        hashes = set(conn.execute(sa.select(private_banks.c.keep_hash)).scalars())
    assert hashes == {hash_secret(link)}
    # Keeping again makes a new link; the old one stops working.
    again = store.private_banks.keep(newer)
    assert again is not None and store.private_banks.kept(link) is None
    store.private_banks.attach(newer, other.id, other.expires_at)
    store.workshops.delete(other.id)
    assert store.private_banks.kept(again) == newer


def test_the_purge_deletes_drafts_and_room_banks_at_their_end_and_kept_ones_later(
    make_store: StoreFactory,
) -> None:
    clock = MovableClock()
    store = make_store(clock=clock, workshop_ttl=timedelta(hours=24))
    room, _ = store.workshops.create("Club", "networking", False, None)
    draft = store.private_banks.save(DEFAULT)
    used = store.private_banks.save(DEFAULT)
    kept = store.private_banks.save(DEFAULT)
    store.private_banks.attach(used, room.id, room.expires_at)
    assert store.private_banks.keep(kept) is not None
    clock.move(timedelta(hours=25))
    assert store.private_banks.bank(draft) is None  # unreadable at once
    store.purge_expired()
    assert [f"private:{i}:{v}" for i, v in stored_rows(store)] == [kept]
    clock.move(KEPT_TTL)
    store.purge_expired()
    assert stored_rows(store) == []


def test_deleting_a_later_room_on_the_same_bank_keeps_the_first_rooms_bank(store: Store) -> None:
    # M3 (issue 23): attach moved every version to the newest room, so deleting a
    # practice room made after the real one left the real room's bank unreadable.
    first_version = store.private_banks.save(DEFAULT)
    real, _ = store.workshops.create("Real", first_version, False, None)
    store.private_banks.attach(first_version, real.id, real.expires_at)
    practice, _ = store.workshops.create("Practice", first_version, False, None)
    store.private_banks.attach(first_version, practice.id, practice.expires_at)
    second_version = store.private_banks.save(retitled("Later"), first_version)
    later, _ = store.workshops.create("Later", second_version, False, None)
    store.private_banks.attach(second_version, later.id, later.expires_at)
    store.workshops.delete(later.id)
    store.workshops.delete(practice.id)
    store.purge_expired()
    assert store.private_banks.bank(first_version) is not None  # the real room still reads
    assert store.private_banks.bank(second_version) is None  # no live room uses it
    store.workshops.delete(real.id)
    assert store.private_banks.bank(first_version) is None
