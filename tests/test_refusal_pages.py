"""AppTests: what a person sees when a press saves nothing (a stale tab, a dead link),
and sharing that gives one result per assessment."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from networking_works.progress import Stage
from networking_works.store import Assessment
from tests.page_test import app, click, labels, rerun, texts
from tests.store_helpers import BANK
from web import resources

pytestmark = pytest.mark.usefixtures("app_env")


def stored(token: str) -> Assessment:
    found = resources.store().assessments.get(token)
    assert found is not None
    return found


def answer(at: AppTest, value: int) -> AppTest:
    for pills in at.pills:
        pills.set_value(value)
    return click(at, "Next")


def test_a_stale_second_tab_is_told_and_erases_nothing() -> None:
    token = resources.store().assessments.start("networking")
    resources.store().assessments.save(token, Stage.QUESTIONS, 0, version=0)
    first, second = app("questions", a=token), app("questions", a=token)
    first = answer(answer(first, 4), 2)  # parts 1 and 2 answered in the first tab
    assert "Part 3 of 6" in texts(first)
    kept = stored(token)

    second = answer(second, 1)  # still showing part 1, answered differently
    assert not second.exception
    assert "changed in another tab" in texts(second)
    assert "Part 3 of 6" in texts(second)  # it now shows the newest state
    assert stored(token) == kept


def test_a_press_on_an_expired_link_shows_a_clear_page() -> None:
    token = resources.store().assessments.start("networking")
    at = app("definition", a=token)
    resources.store().assessments.forget(token)  # as the purge does after expiry
    at = click(at, "Next")
    assert not at.exception
    assert "We could not find your answers" in texts(at)
    assert "no longer stored" in texts(at)
    assert resources.store().assessments.get(token) is None


def finished() -> str:
    token = resources.store().assessments.start("networking")
    answers = {s.id: 4 for s in BANK.statements}
    resources.store().assessments.save(token, Stage.DONE, 0, answers, version=0)
    return token


def test_sharing_twice_shows_the_same_links_and_a_new_link_revokes_them() -> None:
    token = finished()
    at = app("results", a=token)
    at = click(at, "Share my result")
    public, private = (c.value for c in at.code)
    at = rerun(at)  # the same tab: the same two links, no new result
    assert [c.value for c in at.code] == [public, private]

    reloaded = app("results", a=token)  # a reload: the public link, and an offer
    assert [c.value for c in reloaded.code] == [public]
    assert "Share my result" not in labels(reloaded)
    reloaded = click(reloaded, "Make a new link")
    new_public, new_private = (c.value for c in reloaded.code[-2:])
    assert new_public != public and "delete=" in new_private
    assert resources.store().results.count() == 1
    old = public.split("r=", 1)[1]
    assert resources.store().results.get(old) is None
