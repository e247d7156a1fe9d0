"""AppTests of workshop mode: creating a room, the remote and the screen as people join
(on the audience pages) and finish, and the room's results.

Every AppTest in a test talks to the same cached ``resources.store()``, like the sessions
of one Streamlit server do.
"""

from __future__ import annotations

import re

import pytest

from audience import paths
from networking_works.workshop import MIN_FOR_AGGREGATE
from tests.page_test import app, click, html, labels, ok, texts
from tests.workshop_app import (
    HOSTILE_NICKNAME,
    NO_COUNTS,
    PARTS,
    answer_part,
    charts,
    create_workshop,
    headlines,
    join,
    metrics,
    participant,
    screen,
    seat_token,
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


def test_a_phone_that_joins_counts_on_the_remote() -> None:
    facilitator, workshop_id, code = create_workshop("Evening class")
    phone = join(code, "Sam")
    found = resources.store().assessments.get(seat_token(phone))
    assert found is not None and found.workshop_id == workshop_id
    assert metrics(ok(facilitator.run())) == {"Joined": "1", "Answering": "1", "Completed": "0"}


def test_the_welcome_page_leads_to_the_audience_join_page() -> None:
    at = ok(app(lang="fr"))
    button = next(b for b in at.get("link_button") if "code" in b.proto.label)
    assert button.proto.url == "http://localhost:8501/room?lang=fr"


def test_a_workshop_s_answers_are_walked_on_the_audience_pages_only() -> None:
    # The speaker's pace is kept there: the Streamlit walk-through never answers a part
    # of a workshop's assessment, it points to the room's page (the seat cookie there
    # brings the phone back to its place).
    facilitator, workshop_id, code = create_workshop(paced=True)
    phone = join(code).submit(move="skip")
    for page in ("definition", "questions"):
        at = ok(app(page, a=seat_token(phone)))
        assert "These answers belong to a workshop" in texts(at)
        assert not at.get("pills") and not at.button
        assert at.get("link_button")[0].proto.url == f"http://localhost:8501/room/{code}"
    found = resources.store().assessments.get(seat_token(phone))
    assert found is not None and (found.stage.value, found.step) == ("questions", 0)
    # Its finished result opens on the results page, as the audience result page links.
    resources.store().workshops.update(workshop_id, open_parts=len(PARTS))
    for number in range(1, len(PARTS) + 1):
        answer_part(phone, [4] * 5, number)
    at = ok(app("results", a=seat_token(phone)))
    assert "Your networking radar" in texts(at) and charts(at) == 1


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
    mine = people[0].open(people[0].path)
    assert "The room&#39;s average appears here" in mine.page
    assert mine.page.count("<svg xmlns") == 1  # only the participant's own radar

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
    mine = people[0].open(people[0].path)
    assert "The room&#39;s average appears here" not in mine.page
    assert mine.page.count("<svg xmlns") == 2  # theirs, and theirs beside the room's

    # Hiding again removes the aggregate from the projector.
    facilitator = click(facilitator, "Hide results")
    resources.store().recent.forget(workshop_id)
    projected = ok(projected.run())
    assert not headlines(projected)
    assert charts(projected) == 0


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


def test_spotlight_volunteer_chosen_on_the_remote_appears_on_the_screen() -> None:
    facilitator, workshop_id, code = create_workshop()
    volunteer = participant(code, [4, 2, 4, 2, 4], nickname="Volunteer <i>Vic</i>")
    participant(code, [3, 3, 3, 3, 3], nickname="Shy Sue")
    participant(code, [5, 4, 3, 2, 1])
    facilitator = click(facilitator, "Reveal results")
    box = next(s for s in facilitator.selectbox if s.label.startswith("Show one volunteer"))
    assert box.options == ["Nobody"]

    token = seat_token(volunteer)
    assert not resources.store().workshops.participant(token).spotlight  # type: ignore[union-attr]
    volunteer.submit({paths.Field.SPOTLIGHT: "1"})  # the opt-in on their result page
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
