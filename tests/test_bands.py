"""bands: the level of a score, its label, and the thresholds both come from."""

from __future__ import annotations

import pytest

from networking_works.bands import HIGH_FROM, MIDDLE_FROM, Band

BOUNDARIES = [
    (0, Band.LOW),
    (39.9, Band.LOW),
    (40, Band.MIDDLE),
    (40.0, Band.MIDDLE),
    (69.9, Band.MIDDLE),
    (70, Band.HIGH),
    (70.0, Band.HIGH),
    (100, Band.HIGH),
]


@pytest.mark.parametrize(("value", "expected"), BOUNDARIES)
def test_band_boundaries(value: float, expected: Band) -> None:
    assert Band.of(value) is expected


def test_thresholds() -> None:
    assert (MIDDLE_FROM, HIGH_FROM) == (40.0, 70.0)
    assert Band.of(MIDDLE_FROM) is Band.MIDDLE
    assert Band.of(HIGH_FROM) is Band.HIGH


def test_bands_are_the_stored_strings_in_order() -> None:
    assert list(Band) == ["low", "middle", "high"]
    assert Band("middle") is Band.MIDDLE
    assert {"low": 1}[Band.LOW] == 1  # a bank's diagnosis and old results key by the string


def test_labels_name_the_thresholds() -> None:
    assert [b.label for b in Band] == ["Low (under 40)", "Middle (40–69)", "High (70+)"]


def test_a_score_outside_every_band_is_refused() -> None:
    with pytest.raises(ValueError, match="no band"):
        Band.of(float("nan"))
