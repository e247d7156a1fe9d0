"""store.limits' client keys: an address is stored only keyed with the server's secret,
which every process over the database shares and no log line shows (issue 23, M9)."""

from __future__ import annotations

import hashlib
import hmac
import logging

import pytest
import sqlalchemy as sa

from networking_works.schema import limit_events, meta
from networking_works.store import Store
from networking_works.store.limits import SECRET_KEY
from tests.conftest import StoreFactory
from tests.threads import run_threads

ADDRESS = "192.168.7.42"


def stored_clients(store: Store) -> list[str]:
    with store.database.read() as conn:
        return list(conn.execute(sa.select(limit_events.c.client)).scalars())


def kept_secret(store: Store) -> str | None:
    with store.database.read() as conn:
        found: str | None = conn.execute(
            sa.select(meta.c.value).where(meta.c.key == SECRET_KEY)
        ).scalar()
    return found


def test_a_stored_key_is_not_found_by_hashing_every_address_of_its_network(
    make_store: StoreFactory,
) -> None:
    # Before: the key was SHA-256("nw-client:" + address), so hashing the 65,536
    # addresses of a /16 gave the address back from the row.
    store = make_store()
    store.limits.record("create", store.limits.client_key(ADDRESS))
    [stored] = stored_clients(store)
    network = (f"192.168.{a}.{b}" for a in range(256) for b in range(256))
    unkeyed = {hashlib.sha256(f"nw-client:{c}".encode()).hexdigest() for c in network}
    assert stored not in unkeyed and ADDRESS not in stored
    secret = kept_secret(store)
    assert secret is not None and len(bytes.fromhex(secret)) == 32


def test_every_process_over_the_database_keys_alike_and_another_database_does_not(
    make_store: StoreFactory, tmp_path: object
) -> None:
    first, second = make_store(), make_store()  # two processes, one database
    assert first.limits.client_key(ADDRESS) == second.limits.client_key(ADDRESS)
    assert first.limits.client_key(ADDRESS) != first.limits.client_key("192.168.7.43")
    elsewhere = Store(f"sqlite:///{tmp_path}/elsewhere.sqlite3")
    try:
        assert elsewhere.limits.client_key(ADDRESS) != first.limits.client_key(ADDRESS)
    finally:
        elsewhere.database.dispose()


def test_processes_making_the_secret_at_once_agree_on_one(make_store: StoreFactory) -> None:
    stores = [make_store() for _ in range(6)]
    keys: list[str] = []
    errors, _ = run_threads(
        len(stores), lambda i: keys.append(stores[i].limits.client_key(ADDRESS))
    )
    assert not errors and len(keys) == 6 and len(set(keys)) == 1
    assert kept_secret(stores[0]) is not None


def test_a_configured_secret_keys_the_hashes_and_none_is_kept(make_store: StoreFactory) -> None:
    configured = "a configured secret of 32 characters or more"
    store = make_store(client_secret=configured)
    expected = hmac.new(configured.encode(), f"nw-client:{ADDRESS}".encode(), hashlib.sha256)
    assert store.limits.client_key(ADDRESS) == expected.hexdigest()
    assert kept_secret(store) is None
    assert make_store().limits.client_key(ADDRESS) != expected.hexdigest()


def test_the_secret_reaches_no_log_line(
    make_store: StoreFactory, caplog: pytest.LogCaptureFixture
) -> None:
    # Every statement logged, as echo=True would (the secret is made, inserted and read
    # back in here); DEBUG would log every row read, every token with them.
    caplog.set_level(logging.INFO)
    engine_log = logging.getLogger("sqlalchemy.engine")
    level = engine_log.level
    engine_log.setLevel(logging.INFO)
    try:
        store = make_store()
        store.limits.record("create", store.limits.client_key(ADDRESS))
    finally:
        engine_log.setLevel(level)
    secret = kept_secret(store)
    assert secret is not None and caplog.records
    assert secret not in caplog.text and ADDRESS not in caplog.text
