"""AppTests of the speaker's remote: moderation, practice rooms, limits, and who may open it.

Every AppTest in a test talks to the same cached ``resources.store()``, like the sessions
of one Streamlit server do.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from audience import paths
from networking_works.throttle import FAILURE_WINDOW, FREE_FAILURES, WRONG_PASSPHRASE
from tests.page_test import alone, app, click, html, labels, now_on, ok, texts
from tests.threads import run_threads
from tests.workshop_app import (
    NO_COUNTS,
    NO_ROOM,
    PARTS,
    answer_part,
    create_workshop,
    join,
    metrics,
    new_phone,
    participant,
    screen,
    seat_token,
)
from web import actions, resources, routes

pytestmark = pytest.mark.usefixtures("app_env")


# -- moderation -----------------------------------------------------------------


def test_locking_refuses_newcomers_and_lets_the_room_finish() -> None:
    facilitator, workshop_id, code = create_workshop()
    midway = join(code).submit(move="skip")
    facilitator = click(facilitator, "Lock joining")
    assert "Unlock joining" in labels(facilitator)
    newcomer = new_phone().open(paths.room(code)).submit()
    assert newcomer.status == 403 and "locked this workshop" in newcomer.page
    assert paths.SEAT_COOKIE not in newcomer.client.cookies
    for number in range(1, len(PARTS) + 1):
        answer_part(midway, [4, 4, 4, 4, 4], number)
    assert midway.path == paths.result(code)
    assert resources.store().room_stats.counts(workshop_id) == (1, 1)
    click(facilitator, "Unlock joining")
    join(code)


@pytest.mark.slow  # over a second
def test_a_removed_participant_leaves_the_room_and_is_told_so() -> None:
    facilitator, workshop_id, code = create_workshop()
    people = [participant(code, [v] * 5, nickname=f"P{v}") for v in (1, 2, 3, 5)]
    summary = resources.store().room_stats.summary(workshop_id, PARTS)
    assert summary.completed == 4
    facilitator = ok(facilitator.run())
    who = next(s for s in facilitator.selectbox if s.label == "Participant")
    who.set_value(seat_token(people[0]))
    facilitator = click(ok(facilitator.run()), "Remove from the room")
    assert any("is out of the room" in s.value for s in facilitator.info)
    assert metrics(facilitator)["Joined"] == "3"
    assert resources.store().room_stats.summary(workshop_id, PARTS).completed == 3
    resources.store().workshops.update(workshop_id, revealed=True)
    rows = resources.store().room_stats.anonymous_answers(workshop_id)
    assert len(rows) == 3 and all(set(r.values()) != {1} for r in rows)
    gone = people[0].open(people[0].path)
    assert gone.status == 403 and "You are no longer in this workshop" in gone.page
    assert "<svg xmlns" not in gone.page
    # Scanning the room's code again leads back to the same message, not a new place.
    again = people[0].open(paths.room(code))
    assert "You are no longer in this workshop" in again.page
    assert resources.store().room_stats.counts(workshop_id) == (3, 3)


def test_choosing_the_first_of_two_alexes_removes_the_first() -> None:
    # Streamlit finds a chosen option by its label: with two "Alex", the last one won.
    facilitator, _, code = create_workshop()
    alexes = [seat_token(join(code, "Alex")) for _ in range(2)]
    sam = seat_token(join(code, "Sam"))
    facilitator = ok(facilitator.run())
    who = next(s for s in facilitator.selectbox if s.label == "Participant")
    labelled = who.options
    who.select_index(0)  # the first Alex, as a speaker's tap on the first line sends it
    facilitator = click(ok(facilitator.run()), "Remove from the room")
    removed = [resources.store().assessments.get(t).removed for t in [*alexes, sam]]  # type: ignore[union-attr]
    assert removed == [True, False, False]
    assert len(set(labelled)) == len(labelled) == 3
    assert labelled[0] == "Alex" and labelled[1].startswith("Alex")


def test_choosing_the_first_of_two_alexes_spotlights_the_first() -> None:
    facilitator, workshop_id, code = create_workshop()
    alexes = [participant(code, [4] * 5, nickname="Alex") for _ in range(2)]
    nobody = participant(code, [3] * 5, nickname="Nobody")  # the list's own first line
    for phone in [*alexes, nobody]:
        phone.submit({paths.Field.SPOTLIGHT: "1"})  # the opt-in on the result page
    facilitator = click(facilitator, "Reveal results")
    for index, phone in ((1, alexes[0]), (3, nobody)):
        box = next(s for s in facilitator.selectbox if s.label.startswith("Show one volunteer"))
        box.select_index(index)
        facilitator = ok(facilitator.run())
        room = resources.store().workshops.get(workshop_id)
        assert room is not None and room.spotlight_token == seat_token(phone)
    assert len(set(box.options)) == len(box.options) == 4


def test_a_practice_room_fills_itself_and_exports_nothing() -> None:
    at = ok(app("workshop"))
    next(t for t in at.text_input if t.label == "Title").input("Rehearsal")
    next(c for c in at.checkbox if c.label.startswith("Practice room")).check()
    at = now_on(click(at, "Create workshop"), "control")
    assert any("Practice room" in w.value for w in at.warning)
    at = click(at, "Add 16 simulated people")
    assert metrics(at) == {"Joined": "16", "Answering": "4", "Completed": "12"}
    assert not [d for d in at.get("download_button")]
    code = resources.store().workshops.get(at.query_params["w"]).code  # type: ignore[union-attr]
    assert "Practice room: every answer here is simulated" in html(screen(code))


@pytest.mark.slow  # over a second
def test_room_creation_is_limited_per_client() -> None:
    for _ in range(resources.creation_limit().per_client):
        create_workshop()
    at = ok(app("workshop"))
    at = click(at, "Create workshop")
    assert any("the most allowed from one place" in e.value for e in at.error)
    assert "k" not in at.query_params


def test_wrong_passphrases_are_slowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NW_FACILITATOR_PASSPHRASE", "open sesame")
    for attempt in range(4):
        at = ok(app("workshop"))
        next(t for t in at.text_input if t.label == "Facilitator passphrase").input("guess")
        at = click(at, "Create workshop")
        expected = "not right" if attempt < 3 else "Too many wrong passphrases"
        assert any(expected in e.value for e in at.error), [e.value for e in at.error]
    at = ok(app("workshop"))
    next(t for t in at.text_input if t.label == "Facilitator passphrase").input("open sesame")
    at = click(at, "Create workshop")  # even the right one waits its turn
    assert any("Please wait" in e.value for e in at.error)
    assert "k" not in at.query_params


def test_forty_guesses_sent_together_get_three_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    # Counting, comparing and recording apart, 40 guesses at once had 15 compared.
    monkeypatch.setenv("NW_FACILITATOR_PASSPHRASE", "open sesame")
    resources.store().limits.count(WRONG_PASSPHRASE, FAILURE_WINDOW)  # schema made first
    said: list[str | None] = []
    client = resources.store().limits.client_key("one")
    errors, _ = run_threads(40, lambda _i: said.append(actions.passphrase_refusal("guess", client)))
    assert not errors
    compared = [s for s in said if s == "That passphrase is not right."]
    assert len(compared) == FREE_FAILURES
    assert all(s and "Too many wrong passphrases" in s for s in said if s not in compared)


# -- the dashboard is for the facilitator only ----------------------------------


def assert_no_dashboard(at: AppTest) -> None:
    assert not at.metric
    assert not {"Reveal results", "Hide results", "Close answers"} & set(labels(at))
    assert "Joined" not in texts(at)
    assert not any("dashboard?w=" in c.value or "control?w=" in c.value for c in at.code)


@pytest.mark.slow  # over a second
def test_tampered_facilitator_link_never_reaches_the_dashboard() -> None:
    _, workshop_id, code = create_workshop()
    # A participant's own full result, opened from their result page with their token.
    participant_session = ok(app("results", a=seat_token(participant(code, [4] * 5))))
    wrong = "A" * 22

    # Without a genuine key the app does not register the dashboard at all.
    for params in ({}, {"w": workshop_id}, {"w": workshop_id, "k": wrong}, {"k": wrong}):
        for private in ("dashboard", "control"):
            with pytest.raises(ValueError, match="navigation page"):
                app(private, **params)
        assert_no_dashboard(app(**params))
    # A participant adding a made-up key to their own session gets nothing either.
    participant_session.query_params.update({"w": workshop_id, "k": wrong})
    try:
        participant_session.switch_page(routes.DASHBOARD.file)
    except ValueError:
        pass  # not registered for this session
    else:
        assert_no_dashboard(ok(participant_session.run()))

    # AppTest quirk: a switch_page() before the first run executes the page file alone,
    # without app.py; the dashboard's own guard still refuses.
    at = alone("dashboard", w=workshop_id, k=wrong)
    assert_no_dashboard(at)
    assert any("not valid" in e.value for e in at.error)

    # The workshop page with a wrong key offers a new room, not this one.
    at = ok(app("workshop", w=workshop_id, k=wrong))
    assert "Run a workshop" in texts(at)
    assert_no_dashboard(at)
    # Neither does a participant's own token work as a key.
    at = ok(app("workshop", w=workshop_id, k=participant_session.query_params["a"]))
    assert_no_dashboard(at)


def test_genuine_facilitator_link_reopens_the_dashboard() -> None:
    facilitator, workshop_id, code = create_workshop("Reopened")
    secret = facilitator.query_params["k"]
    at = ok(app("workshop", w=workshop_id, k=secret))
    assert metrics(at) == NO_COUNTS
    at = ok(app("dashboard", w=workshop_id, k=secret))  # the old link opens the remote
    assert f"workshop {code}" in texts(at) and "Reveal results" in labels(at)
    at = ok(app("control", w=workshop_id, k=secret))
    assert "Reveal results" in labels(at)


@pytest.mark.parametrize(
    ("bank", "reveal"),
    [("networking-fr", "Dévoiler les résultats"), ("networking-es", "Revelar los resultados")],
)
def test_the_remote_speaks_its_room_s_language_unless_the_url_chose_one(
    bank: str, reveal: str
) -> None:
    # Like its projected screen, whatever language the speaker's browser has; the
    # language switch (``?lang=``) still wins, for a speaker who reads another.
    room, secret = resources.store().workshops.create("Atelier · Taller", bank, False, None)
    at = ok(app("control", w=room.id, k=secret))
    assert reveal in labels(at) and "Reveal results" not in labels(at)
    at = ok(app("control", w=room.id, k=secret, lang="en"))
    assert "Reveal results" in labels(at)


def test_deleting_the_workshop_ends_it_for_everyone() -> None:
    facilitator, workshop_id, code = create_workshop()
    person = participant(code, [4, 4, 4, 4, 4])
    resources.store().workshops.delete(workshop_id)
    at = ok(facilitator.run())
    assert_no_dashboard(at)
    newcomer = new_phone().open(paths.room(code))
    assert newcomer.status == 404 and NO_ROOM in newcomer.page
    person = person.open(person.path)
    assert person.status == 410 and "This workshop has ended" in person.page


def test_the_remote_removes_everyone_who_answered_nothing_once_told_it_is_meant() -> None:
    # A script's fake seats answer nothing: one press takes them all out, never without
    # the tick, and never someone who answered.
    facilitator, workshop_id, code = create_workshop()
    real = participant(code, [4] * 5, nickname="Real")
    for _ in range(3):
        join(code)
    facilitator = ok(facilitator.run())
    group = next(r for r in facilitator.radio if r.label == "Whom to remove")
    group.set_value("silent")
    facilitator = ok(facilitator.run())
    remove = next(b for b in facilitator.button if b.label == "Remove them")
    assert remove.disabled  # not before the tick
    sure = next(c for c in facilitator.checkbox if "3 people" in c.label)
    sure.check()
    facilitator = click(ok(facilitator.run()), "Remove them")
    assert any("3 people are out of the room" in s.value for s in facilitator.info)
    assert resources.store().room_stats.counts(workshop_id) == (1, 1)
    assert real.open(real.path).status == 200  # the one who answered stays
    tick = next(c for c in facilitator.checkbox if "Yes, take" in c.label)
    assert not tick.value and tick.disabled  # nobody silent is left; the tick starts over
