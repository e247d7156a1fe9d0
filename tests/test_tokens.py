"""tokens: random tokens, hashed secrets and the longest token accepted."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from networking_works.schema import metadata
from networking_works.tokens import (
    MAX_TOKEN_LENGTH,
    hash_secret,
    new_token,
    plausible_token,
    secret_matches,
)
from tests.store_helpers import (
    GARBAGE_TOKENS,
    TOKEN_RE,
)


def test_new_token_has_128_bits_and_is_url_safe() -> None:
    tokens = {new_token() for _ in range(2000)}
    assert len(tokens) == 2000
    for token in tokens:
        assert TOKEN_RE.fullmatch(token)
        assert plausible_token(token)


@pytest.mark.parametrize("value", GARBAGE_TOKENS, ids=repr)
def test_plausible_token_rejects_garbage(value: object) -> None:
    assert plausible_token(value) is False


def test_secret_matches() -> None:
    secret = new_token()
    stored = hash_secret(secret)
    assert re.fullmatch(r"[0-9a-f]{64}", stored)
    assert stored != secret
    assert hash_secret(secret) == stored
    assert secret_matches(secret, stored)
    assert not secret_matches(secret + "x", stored)
    assert not secret_matches(secret[:-1], stored)
    assert not secret_matches("", stored)
    assert not secret_matches(secret, "")
    assert not secret_matches(secret, stored.upper())
    assert not secret_matches(stored, stored)  # the hash itself is no key


def test_the_longest_accepted_token_fits_every_token_column() -> None:
    assert plausible_token("A" * MAX_TOKEN_LENGTH)
    assert not plausible_token("A" * (MAX_TOKEN_LENGTH + 1))
    token_columns = [
        column
        for table in metadata.tables.values()
        for column in table.columns
        if column.name in {"token", "id", "workshop_id", "spotlight_token", "removed_from"}
        and not isinstance(column.type, sa.Integer)  # nw_limit_events counts its rows
    ]
    assert len(token_columns) == 14  # nw_journals.id holds a hash; nw_private_banks: id, room
    assert {column.type.length for column in token_columns} == {MAX_TOKEN_LENGTH}  # type: ignore[attr-defined]
