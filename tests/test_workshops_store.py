"""store.workshops on SQLite and PostgreSQL: rooms, joining, deleting and expiry.

The PostgreSQL variant works in a schema of its own (created and dropped around each
test), so it never touches tables that other test modules create and drop.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from networking_works.schema import (
    workshops,
)
from networking_works.store import JoinRefused, Store, Workshop
from networking_works.tokens import hash_secret, new_token, plausible_token
from networking_works.workshop import CODE_ALPHABET, codenames, normalize_code
from tests.store_helpers import (
    PARTS,
    StoreFactory,
    populated,
    room,
    row_counts,
    same,
    share,
)
from tests.threads import run_threads


def test_create_workshop(store: Store) -> None:
    workshop, secret = store.workshops.create("Job club, 3 March", "networking", False, 25)
    assert plausible_token(workshop.id) and plausible_token(secret)
    assert len(secret) >= 22 and len(workshop.id) >= 22
    assert secret != workshop.id
    assert normalize_code(workshop.code) == workshop.code
    assert set(workshop.code) <= set(CODE_ALPHABET)
    assert (workshop.title, workshop.bank_id, workshop.cap) == (
        "Job club, 3 March",
        "networking",
        25,
    )
    assert (workshop.speaker_paced, workshop.open_parts) == (False, 0)
    assert (workshop.revealed, workshop.accepting, workshop.spotlight_token) == (False, True, None)
    assert same(store.workshops.get(workshop.id), workshop)
    assert same(store.workshops.by_code(workshop.code), workshop)

    paced, _ = store.workshops.create("Paced", "networking", True, None)
    assert (paced.speaker_paced, paced.open_parts, paced.cap) == (True, 1, None)
    assert same(store.workshops.get(paced.id), paced)


def test_only_the_hash_of_the_facilitator_secret_is_stored(store: Store) -> None:
    workshop, secret = room(store)
    with store.database.engine.connect() as conn:
        row = conn.execute(sa.select(workshops).where(workshops.c.id == workshop.id)).one()
    assert row.secret_hash == hash_secret(secret)
    for column, value in row._mapping.items():
        assert secret not in str(value), f"the secret is readable in column {column}"


def test_join_codes_are_unique_among_rooms(store: Store) -> None:
    rooms = [room(store)[0] for _ in range(60)]
    assert len({r.code for r in rooms}) == len(rooms)
    assert len({r.id for r in rooms}) == len(rooms)
    for r in rooms:
        assert same(store.workshops.by_code(r.code), r)


@pytest.mark.parametrize(
    "code",
    ["", "ZZZZZZ", "abcdef", "' OR 1=1 --", "%", "_" * 6, "A" * 5000, "<b>AB</b>"],
)
def test_unknown_codes_find_nothing(store: Store, code: str) -> None:
    workshop, _ = room(store)
    if code == workshop.code:
        return
    assert store.workshops.by_code(code) is None


@pytest.mark.parametrize("value", [None, "", "x", "A" * 1000, "'; DROP TABLE nw_workshops; --", 7])
def test_garbage_workshop_ids_find_nothing(store: Store, value: object) -> None:
    room(store)
    assert store.workshops.get(value) is None
    assert store.workshops.facilitated(value, value) is None
    assert store.workshops.participant(value) is None


def test_facilitated_workshop_needs_the_right_secret_for_the_right_room(store: Store) -> None:
    workshop, secret = room(store)
    other, other_secret = room(store)
    assert same(store.workshops.facilitated(workshop.id, secret), workshop)
    assert same(store.workshops.facilitated(other.id, other_secret), other)

    last = "A" if secret[-1] != "A" else "B"
    refused = [
        new_token(),
        secret[:-1] + last,  # one character changed
        secret[:-1],
        secret + "A",
        secret.swapcase(),
        hash_secret(secret),  # the stored hash is no key
        other_secret,
        "",
        None,
        "x" * 5000,
    ]
    for wrong in refused:
        assert store.workshops.facilitated(workshop.id, wrong) is None, wrong
    for wrong_id in (other.id, new_token(), workshop.code, secret):
        assert store.workshops.facilitated(wrong_id, secret) is None, wrong_id
    # The secret is never the room id, nor the other way round.
    assert store.workshops.facilitated(secret, workshop.id) is None


def test_update_workshop_changes_only_allowed_fields(store: Store) -> None:
    workshop, secret = room(store, paced=True)
    store.workshops.update(workshop.id, revealed=True, accepting=False, open_parts=3)
    found = store.workshops.get(workshop.id)
    assert found is not None
    assert (found.revealed, found.accepting, found.open_parts) == (True, False, 3)
    for forbidden in ({"secret_hash": "x"}, {"cap": 1}, {"code": "ABCDEF"}, {"id": "x" * 22}):
        with pytest.raises(ValueError, match="cannot change"):
            store.workshops.update(workshop.id, **forbidden)
    assert same(store.workshops.facilitated(workshop.id, secret), found)


def test_a_french_room_makes_french_codenames(store: Store) -> None:
    workshop, _ = room(store)
    french = set(codenames("fr").pairs)
    for _ in range(5):
        joined = store.workshops.participant(store.workshops.join(workshop.id, "", language="fr"))
        assert joined is not None and joined.codename.rsplit(" ", 1)[0] in french


def test_join_gives_an_anonymous_participant(store: Store) -> None:
    workshop, _ = room(store)
    token = store.workshops.join(workshop.id, "")
    named = store.workshops.join(workshop.id, "**Sam** <b>")
    assert plausible_token(token) and token != named

    found = store.assessments.get(token)
    assert found is not None
    assert (found.bank_id, found.stage, found.step, found.answers) == (
        "networking",
        "definition",
        0,
        {},
    )
    assert found.workshop_id == workshop.id

    anonymous, person = store.workshops.participant(token), store.workshops.participant(named)
    assert anonymous is not None and person is not None
    assert anonymous.nickname == "" and anonymous.codename and not anonymous.spotlight
    assert person.nickname == "**Sam** <b>"  # stored as typed; the page escapes it
    assert store.room_stats.counts(workshop.id) == (2, 0)

    # A plain assessment is no participant.
    assert store.workshops.participant(store.assessments.start("networking")) is None


def test_join_respects_the_cap(store: Store) -> None:
    workshop, _ = room(store, cap=2)
    store.workshops.join(workshop.id, "one")
    store.workshops.join(workshop.id, "two")
    with pytest.raises(JoinRefused, match="full"):
        store.workshops.join(workshop.id, "three")
    assert store.room_stats.counts(workshop.id) == (2, 0)
    # Another room is not affected by this one being full.
    other, _ = room(store, cap=1)
    store.workshops.join(other.id, "")


def _join_all_at_once(store: Store, workshop: Workshop, people: int) -> list[str]:
    joined: list[str] = []
    lock = threading.Lock()

    def join(_: int) -> None:
        try:
            token = store.workshops.join(workshop.id, "")
        except JoinRefused:
            return
        with lock:
            joined.append(token)

    assert run_threads(people, join)[0] == []
    return joined


def test_concurrent_joins_never_exceed_the_cap(store: Store) -> None:
    for _ in range(3):
        workshop, _ = room(store, cap=3)
        assert len(_join_all_at_once(store, workshop, 12)) == 3
        assert store.room_stats.counts(workshop.id) == (3, 0)


def test_closed_room_refuses_joins_until_reopened(store: Store) -> None:
    workshop, _ = room(store)
    store.workshops.update(workshop.id, accepting=False)
    with pytest.raises(JoinRefused, match="closed"):
        store.workshops.join(workshop.id, "")
    assert store.room_stats.counts(workshop.id) == (0, 0)
    store.workshops.update(workshop.id, accepting=True)
    assert store.workshops.participant(store.workshops.join(workshop.id, "")) is not None


def test_expired_room_is_gone_for_everyone(make_store: StoreFactory) -> None:
    expired_store = make_store(workshop_ttl=timedelta(seconds=-1))
    live_store = make_store()
    expired, secret = room(expired_store)
    for store in (expired_store, live_store):
        assert store.workshops.by_code(expired.code) is None
        assert store.workshops.get(expired.id) is None
        assert store.workshops.facilitated(expired.id, secret) is None
        with pytest.raises(JoinRefused, match="ended"):
            store.workshops.join(expired.id, "")


def test_unknown_room_refuses_joins(store: Store) -> None:
    with pytest.raises(JoinRefused):
        store.workshops.join(new_token(), "")
    assert row_counts(store)["nw_assessments"] == 0


def test_delete_workshop_removes_that_room_only(store: Store) -> None:
    doomed, secret = room(store)
    kept, kept_secret = room(store)
    doomed_tokens = populated(store, doomed)
    kept_tokens = populated(store, kept, people=2)
    solo = store.assessments.start("networking")
    shared, _ = share(store, {"score": 1})
    before = row_counts(store)

    store.workshops.delete(doomed.id)

    after = row_counts(store)
    assert after == {
        "nw_workshops": before["nw_workshops"] - 1,
        "nw_part_scores": before["nw_part_scores"] - 3 * len(PARTS),
        "nw_profile_matches": before["nw_profile_matches"] - 3,
        "nw_assessments": before["nw_assessments"] - 3,
        "nw_results": before["nw_results"],
    }
    assert store.workshops.get(doomed.id) is None
    assert store.workshops.by_code(doomed.code) is None
    assert store.workshops.facilitated(doomed.id, secret) is None
    for token in doomed_tokens:
        assert store.assessments.get(token) is None
        assert store.workshops.participant(token) is None
        assert store.room_stats.participant_scores(token) == {}
    assert store.room_stats.counts(doomed.id) == (0, 0)

    assert same(store.workshops.facilitated(kept.id, kept_secret), kept)
    assert store.room_stats.counts(kept.id) == (2, 2)
    assert all(store.assessments.get(t) is not None for t in kept_tokens)
    assert store.assessments.get(solo) is not None
    assert store.results.get(shared) == {"score": 1}
    store.workshops.delete(doomed.id)  # twice is harmless
    store.workshops.delete(new_token())


def test_purge_expired_workshops(store: Store) -> None:
    old, _ = room(store)
    live, _ = room(store)
    populated(store, old)
    populated(store, live, people=2)
    solo = store.assessments.start("networking")
    with store.database.engine.begin() as conn:
        conn.execute(
            sa.update(workshops)
            .where(workshops.c.id == old.id)
            .values(expires_at=old.expires_at - timedelta(days=2))
        )
    assert store.workshops.get(old.id) is None

    assert store.workshops.purge_expired() == 1
    assert store.workshops.purge_expired() == 0
    counts = row_counts(store)
    assert counts["nw_workshops"] == 1
    assert counts["nw_part_scores"] == 2 * len(PARTS)
    assert counts["nw_profile_matches"] == 2
    assert counts["nw_assessments"] == 3  # two participants of the live room and one solo
    assert store.room_stats.counts(live.id) == (2, 2)
    assert store.assessments.get(solo) is not None
