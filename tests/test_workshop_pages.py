"""AppTests of workshop mode: creating and joining a room, and the room's results.

Every AppTest in a test talks to the same cached ``resources.store()``, like the sessions
of one Streamlit server do.
"""

from __future__ import annotations

import re

import pytest

from networking_works.workshop import MAX_NICKNAME, MIN_FOR_AGGREGATE
from tests.page_test import app, click, html, labels, now_on, ok, texts
from tests.workshop_app import (
    HOSTILE_NICKNAME,
    NO_COUNTS,
    NO_ROOM,
    PARTS,
    answer_part,
    charts,
    create_workshop,
    headlines,
    join,
    metrics,
    participant,
    screen,
    skip_definition,
    weakest_titles,
)
from web import resources
from web.text import WORD_JOINER, plain

pytestmark = pytest.mark.usefixtures("app_env")


# -- creating and joining -----------------------------------------------------


def test_facilitator_creates_a_room_and_lands_on_the_remote() -> None:
    at, workshop_id, code = create_workshop("Job club <b>x</b>")
    room = resources.store().workshops.get(workshop_id)
    assert room is not None
    assert (room.title, room.speaker_paced, room.cap, room.practice) == (
        "Job club <b>x</b>",
        False,
        None,
        False,
    )
    assert r"Job club \<b\>x\</b\>" in texts(at)  # the title shown as typed, not as HTML
    assert metrics(at) == NO_COUNTS
    assert {"Reveal results", "Close answers", "Lock joining", "Hide the join banner"} <= set(
        labels(at)
    )
    assert "Open part 2" not in labels(at)  # self-paced
    codes = [c.value for c in at.code]
    assert any(c.endswith(f"/screen?code={code}") for c in codes)
    assert any(f"control?w={workshop_id}&k=" in c for c in codes)
    # A rerun (the remote refreshing) stays on the remote.
    at = ok(at.run())
    assert metrics(at) == NO_COUNTS


def test_the_screen_shows_the_room_and_nothing_private() -> None:
    facilitator, workshop_id, code = create_workshop("Job club <b>x</b>")
    secret = facilitator.query_params["k"]
    at = screen(code)
    shown = html(at)
    assert f'data-nw="code">{code}<' in shown  # the join code, in its largest type
    assert "Job club &lt;b&gt;x&lt;/b&gt;" in shown and "<b>x</b>" not in shown
    assert "How it works" in shown and "0</b>joined" in shown
    assert secret not in str(at._tree) and workshop_id not in str(at._tree)
    assert not at.button and not at.sidebar.children and not at.code
    join(code)
    resources.store().recent.forget(workshop_id)  # the screen's view may be a second old
    assert "1</b>joined" in html(ok(at.run()))


def test_join_page_shows_the_room_and_counts_the_participant() -> None:
    facilitator, workshop_id, code = create_workshop("Evening class")
    at = ok(app("join", code=code.lower()))
    assert at.title[0].value == "Evening class"
    assert [t.value for t in at.text_input if t.label == "Workshop code"] == [code.lower()]
    at = join(code, "Sam")
    token = at.query_params["a"]
    found = resources.store().assessments.get(token)
    assert found is not None and found.workshop_id == workshop_id
    assert metrics(ok(facilitator.run())) == {"Joined": "1", "Answering": "1", "Completed": "0"}


def test_welcome_page_expander_leads_to_the_join_page() -> None:
    _, _, code = create_workshop("Welcome route")
    at = ok(app())
    field = next(t for t in at.text_input if t.label == "Workshop code")
    field.input(f"{code[:3].lower()}-{code[3:].lower()}")
    at = click(at, "Go to the workshop")
    assert at.title[0].value == "Welcome route"
    at = click(at, "Join")
    assert "part 1 of 6" in texts(at)


@pytest.mark.parametrize(
    "code",
    [
        "ZZZZZZ",  # well-formed, but no such room
        "0O1IL0",
        "abc",
        "<script>alert(1)</script>",
        "'; DROP TABLE nw_workshops; --",
        "**x** :red[y]",
        "A" * 5000,
        "\u202eABCDEF",
    ],
)
def test_unknown_or_garbage_code_gets_a_friendly_warning(code: str) -> None:
    create_workshop()
    at = ok(app("join", code=code))
    assert at.title[0].value == "Join a workshop"
    assert NO_ROOM in " ".join(w.value for w in at.warning)
    # Pressing Join with it anyway refuses politely and creates nobody.
    at = click(at, "Join")
    assert NO_ROOM in " ".join(e.value for e in at.error)
    assert "a" not in at.query_params


def test_typing_a_wrong_code_into_the_form_is_refused() -> None:
    _, workshop_id, _ = create_workshop()
    at = ok(app("join"))
    assert not at.warning
    next(t for t in at.text_input if t.label == "Workshop code").input("HHHHHH")
    at = click(at, "Join")
    assert NO_ROOM in " ".join(e.value for e in at.error)
    assert resources.store().room_stats.counts(workshop_id) == (0, 0)


def test_full_room_refuses_with_a_clear_message() -> None:
    facilitator, workshop_id, code = create_workshop(cap=2)
    assert resources.store().workshops.get(workshop_id).cap == 2  # type: ignore[union-attr]
    join(code)
    join(code)
    at = ok(app("join", code=code))
    at = click(at, "Join")
    assert "This workshop is full." in [e.value for e in at.error]
    assert "a" not in at.query_params
    assert metrics(ok(facilitator.run()))["Joined"] == "2"


def test_closed_answers_refuse_joins_and_hold_participants() -> None:
    facilitator, workshop_id, code = create_workshop()
    midway = skip_definition(join(code))
    facilitator = click(facilitator, "Close answers")
    assert "Reopen answers" in labels(facilitator)
    assert not resources.store().workshops.get(workshop_id).accepting  # type: ignore[union-attr]

    at = click(ok(app("join", code=code)), "Join")
    assert any("closed this workshop" in e.value for e in at.error)
    assert "a" not in at.query_params

    midway = ok(midway.run())
    assert "Hold on a moment" in texts(midway)
    assert "paused answers" in texts(midway)
    assert not midway.pills

    facilitator = click(facilitator, "Reopen answers")
    midway = ok(midway.run())
    assert "Part 1 of 6" in texts(midway) and len(midway.pills) == 5
    join(code)
    assert metrics(ok(facilitator.run()))["Joined"] == "2"


# -- the room's results -------------------------------------------------------


def test_three_participants_then_reveal_shows_the_room() -> None:
    facilitator, workshop_id, code = create_workshop()
    people = [
        participant(code, [4, 4, 2, 5, 3], nickname=HOSTILE_NICKNAME),
        participant(code, [2, 3, 4, 1, 5], nickname="Sam"),
    ]
    facilitator = ok(facilitator.run())
    assert metrics(facilitator) == {"Joined": "2", "Answering": "0", "Completed": "2"}

    # Revealed with fewer than three finished: still no aggregate, and the screen says why.
    facilitator = click(facilitator, "Reveal results")
    assert "Hide results" in labels(facilitator)
    projected = screen(code)
    assert f"at least {MIN_FOR_AGGREGATE} people have finished" in html(projected)
    assert not headlines(projected)
    assert charts(projected) == 0
    mine = ok(people[0].run())
    assert "The room's average appears here" in texts(mine)
    assert charts(mine) == 1  # only the participant's own radar

    people.append(participant(code, [5, 5, 5, 5, 5]))
    facilitator = ok(facilitator.run())
    assert metrics(facilitator) == {"Joined": "3", "Answering": "0", "Completed": "3"}
    resources.store().recent.forget(workshop_id)  # the screen's view may be a second old
    projected = ok(projected.run())
    headline = headlines(projected)
    assert len(headline) == 1 and headline[0].startswith("This room&#x27;s weakest part")
    titles = weakest_titles(workshop_id)
    assert 0 < len(titles) < len(PARTS)
    for title in titles:
        assert title in headline[0]
    assert charts(projected) == 2  # the room radar and the levels per part

    # Participants now see the room's average next to their own radar (their view of
    # the room may be up to a second old: forgetting it stands for that second passing).
    resources.store().recent.forget(workshop_id)
    mine = ok(people[0].run())
    assert "The room's average appears here" not in texts(mine)
    assert charts(mine) == 2

    # Hiding again removes the aggregate from the projector.
    facilitator = click(facilitator, "Hide results")
    resources.store().recent.forget(workshop_id)
    projected = ok(projected.run())
    assert not headlines(projected)
    assert charts(projected) == 0


def test_nickname_is_shown_literally_on_the_participants_result_page() -> None:
    _, _, code = create_workshop()
    at = participant(code, [4, 4, 4, 4, 4], nickname=HOSTILE_NICKNAME)
    stored = resources.store().workshops.participant(at.query_params["a"])
    assert stored is not None
    assert stored.nickname == HOSTILE_NICKNAME[:MAX_NICKNAME]  # capped on the server

    captions = [c.value for c in at.caption if "In this room you are" in c.value]
    assert len(captions) == 1
    shown = captions[0]
    assert r"\*\*bold\*\*" in shown
    assert r"\<b\>x\</b\>" in shown
    assert r"\[link\](http\:" in shown
    # Nothing unescaped is left for Markdown or HTML to interpret, nor a bare URL to link.
    assert not re.search(r"(?<!\\)[*<>\[\]]", shown), shown
    assert "://" not in shown


@pytest.mark.parametrize(
    "text",
    [
        "[link](http://e.vil)",
        "http://e.vil",
        "HTTPS://e.vil/x?y=1",
        "www.e.vil",
        "WWW.e.vil",
        "mail me: eve@e.vil",
    ],
)
def test_plain_stops_bare_urls_and_addresses_becoming_links(text: str) -> None:
    # GFM autolinks the text after escapes are resolved, so look at it that way.
    resolved = re.sub(r"\\(.)", r"\1", plain(text))
    assert not re.search(r"https?://|www\.|[\w.+-]@", resolved, re.IGNORECASE), resolved
    assert resolved.replace(WORD_JOINER, "") == text


def test_speaker_paced_participant_waits_for_the_next_part() -> None:
    facilitator, workshop_id, code = create_workshop(paced=True)
    assert "Open part 2" in labels(facilitator)
    at = skip_definition(join(code))  # the first part is open from the start
    at = answer_part(at, [3, 3, 3, 3, 3])
    assert "Hold on a moment" in texts(at)
    assert "part 2 is next" in texts(at)
    assert not at.pills
    assert ok(at.run()) and "Hold on a moment" in texts(at)  # still waiting

    facilitator = click(facilitator, "Open part 2")
    assert "Open part 3" in labels(facilitator)
    assert resources.store().workshops.get(workshop_id).open_parts == 2  # type: ignore[union-attr]
    at = ok(at.run())
    assert "Hold on a moment" not in texts(at)
    assert "Part 2 of 6" in texts(at) and len(at.pills) == 5
    at = answer_part(at, [3, 3, 3, 3, 3])
    assert "Hold on a moment" in texts(at) and "part 3 is next" in texts(at)


def test_finishing_twice_counts_once() -> None:
    facilitator, workshop_id, code = create_workshop()
    first_tab = skip_definition(join(code))
    token = first_tab.query_params["a"]
    for _ in PARTS[:-1]:
        first_tab = answer_part(first_tab, [4, 4, 4, 4, 4])
    # The same person on the last part in a second tab (or a double click's second submit).
    second_tab = ok(app("questions", a=token))
    assert "Part 6 of 6" in texts(first_tab) and "Part 6 of 6" in texts(second_tab)
    first_tab = answer_part(first_tab, [4, 4, 4, 4, 4])
    second_tab = answer_part(second_tab, [2, 2, 2, 2, 2])
    assert "Your networking radar" in texts(first_tab)
    assert "Your networking radar" in texts(second_tab)
    assert resources.store().room_stats.counts(workshop_id) == (1, 1)
    assert metrics(ok(facilitator.run())) == {"Joined": "1", "Answering": "0", "Completed": "1"}
    # Reloading the finished page records nothing new either.
    ok(now_on(first_tab, "results").run())
    assert resources.store().room_stats.counts(workshop_id) == (1, 1)


def test_spotlight_volunteer_chosen_on_the_remote_appears_on_the_screen() -> None:
    facilitator, workshop_id, code = create_workshop()
    volunteer = participant(code, [4, 2, 4, 2, 4], nickname="Volunteer <i>Vic</i>")
    participant(code, [3, 3, 3, 3, 3], nickname="Shy Sue")
    participant(code, [5, 4, 3, 2, 1])
    facilitator = click(facilitator, "Reveal results")
    box = next(s for s in facilitator.selectbox if s.label.startswith("Show one volunteer"))
    assert box.options == ["Nobody"]

    toggle = next(t for t in volunteer.toggle if "show my radar" in t.label)
    assert toggle.value is False
    toggle.set_value(True)
    volunteer = ok(volunteer.run())
    token = volunteer.query_params["a"]
    assert resources.store().workshops.participant(token).spotlight  # type: ignore[union-attr]

    facilitator = ok(facilitator.run())
    box = next(s for s in facilitator.selectbox if s.label.startswith("Show one volunteer"))
    assert box.options == ["Nobody", r"Volunteer \<i\>Vic\</i\>"]
    box.set_value(token)  # the option's value is the volunteer's token
    facilitator = ok(facilitator.run())
    assert resources.store().workshops.get(workshop_id).spotlight_token == token  # type: ignore[union-attr]
    projected = screen(code)
    assert "Spotlight: Volunteer &lt;i&gt;Vic&lt;/i&gt;" in html(projected)
    assert charts(projected) == 2  # the room radar and the volunteer's, in place of the levels

    # Withdrawing consent (the toggle on their phone) takes them off the screen at once.
    resources.store().workshops.set_spotlight(token, False)
    assert "Spotlight" not in html(screen(code))
