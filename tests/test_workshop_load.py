"""The load generator reads the remote's counts as a person reads them, whatever the format."""

from __future__ import annotations

import pytest

from bench.workshop_load.facilitator import count_of


@pytest.mark.parametrize(
    ("shown", "count"), [("8", 8), ("999", 999), ("1,000", 1000), ("1\u202f000", 1000)]
)
def test_a_formatted_count_reads_as_its_number(shown: str, count: int) -> None:
    # "1,000" made the generator keep a stale count at 1,000 people (docs/benchmarks.md).
    assert count_of(shown) == count


def test_a_text_without_digits_is_not_a_count() -> None:
    with pytest.raises(ValueError, match="not a count"):
        count_of("–")
