"""AppTests: the remote shows how well the questions worked once ten people finished."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from networking_works.bank import load_bank
from tests.page_test import app
from tests.test_items import KEYED
from web import resources

ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank(ROOT / "questions" / "networking.yaml")

pytestmark = pytest.mark.usefixtures("app_env")


def remote(workshop_id: str, secret: str, **params: str) -> AppTest:
    return app("control", w=workshop_id, k=secret, **params)


def finished(people: int) -> tuple[str, str]:
    """A room where ``people`` finished, each part answered like the worked example."""
    store = resources.store()
    room, secret = store.workshops.create("Item room", "networking", False, None)
    for number in range(people):
        keyed = KEYED[number % len(KEYED)]
        answers = {}
        for part in BANK.parts:
            for statement, value in zip(part.statements, keyed + keyed, strict=False):
                answers[statement.id] = 6 - value if statement.reverse else value
        token = store.workshops.join(room.id, "")
        store.assessments.finish(token, answers, {p.id: 50.0 for p in BANK.parts}, [], version=0)
    return room.id, secret


def subheaders(at: AppTest) -> list[str]:
    return [s.value for s in at.subheader]


def test_before_ten_finished_the_remote_says_when_the_figures_come() -> None:
    at = remote(*finished(9))
    assert "How well the questions worked" in subheaders(at)
    assert any("once 10 people have finished (9 so far)" in c.value for c in at.caption)
    assert not [e for e in at.expander if "alpha" in e.label]


def test_after_ten_finished_alpha_per_part_and_a_csv() -> None:
    at = remote(*finished(10))
    labels = [e.label for e in at.expander if "alpha" in e.label]
    assert len(labels) == len(BANK.parts)
    assert all("(10 people)" in label for label in labels)
    assert any("0.7 or more is good" in c.value for c in at.caption)
    assert [b for b in at.get("download_button") if "Item statistics" in b.proto.label]


def test_in_french_the_figures_use_a_decimal_comma() -> None:
    at = remote(*finished(10), lang="fr")
    assert "Les questions ont-elles bien fonctionné\u202f?" in subheaders(at)
    labels = [e.label for e in at.expander if "alpha" in e.label]
    assert labels and all("," in label.split("alpha ", 1)[1] for label in labels)
