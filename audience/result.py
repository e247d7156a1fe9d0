"""The end of the walk: the person's radar beside the room's (once the speaker reveals
it), the spotlight opt-in, and the way to the full result on the results page."""

from __future__ import annotations

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from audience import paths
from audience.paths import Field
from audience.places import Audience, Seated, go, gone, linked, place, seated
from audience.safety import Refused
from audience.speech import Speech
from audience.watch import state_of
from networking_works.progress import Stage
from networking_works.radar_svg import Series, legend, radar_svg, table_rows
from networking_works.report import build_report
from networking_works.scoring import clean_answers
from networking_works.store import AssessmentGone
from networking_works.workshop import MIN_FOR_AGGREGATE

NOT_REVEALED_REFRESH_S = 15  # without JavaScript, a page waiting for the reveal reloads


def _chart(speech: Speech, titles: list[str], series: list[Series], key: str, title: str) -> Markup:
    described = "; ".join(
        f"{line.name}: "
        + ", ".join(
            f"{axis} {_score(speech, value)}"
            for axis, value in zip(titles, line.values, strict=False)
        )
        for line in series
    )
    svg = radar_svg(titles, series, title=title, description=described, key=key)
    return Markup(svg)  # noqa: S704 -- radar_svg escapes every text it draws


def _score(speech: Speech, value: float | None) -> str:
    return speech._("not enough answers") if value is None else speech.number(value)


def result_page(audience: Audience, request: Request) -> Response:
    where = seated(audience, request)
    if not isinstance(where, Seated):
        return where
    room, bank, speech = where.room, where.bank, where.speech
    if where.assessment.stage is not Stage.DONE:
        return go(request, place(room, where.assessment, bank))
    store = audience.context.store()
    report = build_report(bank, clean_answers(bank, where.assessment.answers), store.database.now())
    participant = store.workshops.participant(where.assessment.token)
    if participant is None:
        return gone(audience, request, speech, room)
    titles = report.titles
    yours = Series(speech._("You"), report.scores)
    summary = store.recent.summary(room.id, [p.id for p in report.parts]) if room.revealed else None
    shown = summary is not None and summary.completed >= MIN_FOR_AGGREGATE
    both = (
        [yours, Series(speech._("Room average"), summary.means)] if shown and summary else [yours]
    )
    mine = speech._("Your networking radar")
    charts = [(yours.name, _chart(speech, titles, [yours], "yours", mine))]
    if shown:
        together = speech._("You and the room")
        charts.append((together, _chart(speech, titles, both, "room", together)))
    return audience.page(
        request,
        "result.html",
        speech,
        room=room,
        report=report,
        name=participant.nickname or participant.codename,
        spotlight=participant.spotlight,
        charts=charts,
        legend=legend(both),
        rows=table_rows(titles, both, lambda v: _score(speech, v)),
        columns=[line.name for line in both],
        revealed=shown,
        full=paths.FULL_RESULT.format(token=where.assessment.token, lang=speech.language),
        action=linked(request, paths.spotlight(room.code)),
        leave=linked(request, paths.leave(room.code)),
        changes=None if shown else paths.changes(room.code),
        recheck=room.revealed and not shown,  # revealed, but too few have finished yet
        seen=state_of(room),
        refresh=None if shown else NOT_REVEALED_REFRESH_S,
    )


def set_spotlight(audience: Audience, request: Request, fields: dict[str, str]) -> Response:
    where = seated(audience, request, posted=True)
    if not isinstance(where, Seated):
        return where
    chosen = fields.get(Field.SPOTLIGHT)
    if chosen not in {None, "1"}:
        raise Refused(400, "form")
    try:
        audience.context.store().workshops.set_spotlight(where.assessment.token, chosen == "1")
    except AssessmentGone:
        return gone(audience, request, where.speech, where.room)
    return go(request, paths.result(where.room.code))
