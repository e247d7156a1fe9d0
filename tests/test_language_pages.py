"""AppTests: the interface and the bank in the visitor's or the room's language."""

from __future__ import annotations

import pytest

from audience import paths
from tests.page_test import app, click, html, rerun, texts
from tests.workshop_app import new_phone
from web import keys, resources, routes

pytestmark = pytest.mark.usefixtures("app_env")


def test_english_is_the_default_with_a_visible_switch() -> None:
    at = app()
    assert "Is networking not working for you?" in texts(at)
    switch = at.segmented_control(key=keys.LANGUAGE)
    assert switch.value == "en"
    assert list(switch.options) == ["English", "Français", "Español"]


@pytest.mark.parametrize(
    ("lang", "title", "start", "part"),
    [
        ("fr", "Le réseautage ne donne rien pour vous\u202f?", "Commencer", "Créer"),
        ("es", "¿El networking no te está funcionando?", "Empezar", "Crear"),
    ],
)
def test_a_chosen_language_gives_that_interface_and_that_bank(
    lang: str, title: str, start: str, part: str
) -> None:
    at = app(lang=lang)
    assert title in texts(at)
    at = click(at, start)
    token = at.query_params["a"]
    assessment = resources.store().assessments.get(token)
    assert assessment is not None and assessment.bank_id == f"networking-{lang}"
    assert at.query_params["lang"] == lang  # the language travels with the link
    at = rerun(at.switch_page(routes.DEFINITION.file))
    assert part in texts(at)
    shown = texts(at)
    bank = resources.bank(f"networking-{lang}")
    assert bank is not None and bank.introduction in shown
    # The bank's own definition, and the count of its parts in the interface's language.
    count = {"fr": "Cette phrase compte 6 volets.", "es": "Esa frase tiene 6 partes."}[lang]
    assert f"{bank.definition} {count}" in shown
    assert "That sentence" not in shown and "Networking, in the sense used here" not in shown


def test_the_switch_changes_the_language_and_puts_it_in_the_url() -> None:
    at = app()
    at = rerun(at.segmented_control(key=keys.LANGUAGE).set_value("es"))
    assert at.query_params["lang"] == "es"
    at = rerun(at)  # the rerun that follows the change
    assert "¿El networking no te está funcionando?" in texts(at)
    assert "30 afirmaciones" in texts(at)


def test_a_made_up_language_is_ignored() -> None:
    at = app(lang="xx")
    assert "Is networking not working for you?" in texts(at)
    at = rerun(at.segmented_control(key=keys.LANGUAGE).set_value("klingon"))
    at = rerun(at)
    assert "Is networking not working for you?" in texts(at)


def create_room(bank_id: str) -> str:
    at = app("workshop")
    next(s for s in at.selectbox if s.label == "Question bank").set_value(bank_id)
    at = click(at, "Create workshop")
    room = resources.store().workshops.facilitated(at.query_params["w"], at.query_params["k"])
    assert room is not None and room.bank_id == bank_id
    return room.code


def test_a_room_speaks_its_banks_language_on_the_join_page_and_the_screen() -> None:
    code = create_room("networking-fr")
    phone = new_phone().open(paths.room(code))  # the audience's join page
    assert "Vous allez répondre au même court bilan" in phone.page, phone.page[:400]
    screen = app("screen", code=code)
    shown = html(screen)
    assert "Allez sur" in shown and "Go to" not in shown
    assert not [e for e in screen.get("button_group")]  # no switch on the projector


def test_the_visitors_choice_beats_the_rooms_language() -> None:
    code = create_room("networking-es")
    phone = new_phone().open(f"{paths.room(code)}?lang=fr")
    assert "Vous allez répondre au même court bilan" in phone.page, phone.page[:400]


def test_a_core_refusal_is_shown_in_the_visitors_language() -> None:
    code = create_room("networking-fr")
    room = resources.store().workshops.by_code(code)
    assert room is not None
    resources.store().workshops.update(room.id, joining=False)
    phone = new_phone().open(f"{paths.room(code)}?lang=fr").submit()
    assert "L&#39;animateur a fermé cet atelier" in phone.page, phone.page[:400]
