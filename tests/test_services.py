"""networking_works/services.py: one store, one expiry thread and one set of banks per
process, whoever asks first (the Streamlit layer or the audience pages); the one bank lookup
finds a speaker's own bank too; ``clear`` stops and forgets everything."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from networking_works import services
from networking_works.store import default_url

DEFAULT = (Path(__file__).resolve().parent.parent / "questions" / "networking.yaml").read_text()


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("NW_DATA_DIR", str(tmp_path))
    for name in ("DATABASE_URL", "NW_QUESTIONS_DIR", "NW_JOURNAL_DAYS"):
        monkeypatch.delenv(name, raising=False)
    services.clear()
    yield tmp_path
    services.clear()


def expiry_threads() -> int:
    return sum(t.name == "nw-expiry" and t.is_alive() for t in threading.enumerate())


def test_threads_asking_at_once_get_one_store_and_one_purge(fresh: Path) -> None:
    before = expiry_threads()
    got = []
    start = threading.Barrier(8)

    def ask() -> None:
        start.wait()
        got.append(services.store())

    askers = [threading.Thread(target=ask) for _ in range(8)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    assert len({id(store) for store in got}) == 1
    assert expiry_threads() == before + 1
    assert str(got[0].url) == default_url(fresh)
    services.clear()
    assert expiry_threads() == before
    assert services.store() is not got[0]  # built afresh after clear


def test_the_web_layer_gets_the_same_objects(fresh: Path) -> None:
    from web import resources

    assert resources.store() is services.store()
    assert resources.banks() is services.banks()
    assert resources.settings() is services.settings()


def test_the_store_follows_the_settings(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NW_JOURNAL_DAYS", "30")
    assert services.store().journal_ttl == timedelta(days=30)
    assert services.store().workshop_ttl == timedelta(hours=24)


def test_the_one_bank_lookup_finds_server_banks_and_a_speaker_s_own(fresh: Path) -> None:
    assert services.bank("networking") is services.banks().by_id["networking"]
    assert services.language_of("networking-fr") == "fr"
    own = services.store().private_banks.save(DEFAULT)
    found = services.bank(own)
    assert found is not None and found.id == own
    assert own not in services.banks().by_id
    assert services.language_of(own) == "en"
    assert services.bank("private:nothing-here") is None
    assert services.bank("no-such-bank") is None


def test_banks_listed_in_a_language_and_labelled(fresh: Path) -> None:
    loaded = services.banks()
    assert loaded.listed("fr")[0] == "networking-fr"
    assert loaded.label("networking-fr").endswith("(Français)")
    assert services.languages()["networking-es"] == "es"
    limit = services.creation_limit()
    assert (limit.per_client, limit.overall) == (10, 200)
