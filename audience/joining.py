"""Joining a room: by typed code (``/room``) or by its link or QR code (``/room/CODE``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from audience import paths, seat
from audience.paths import Field
from audience.places import Audience, Seated, canonical, go, linked, place, refusal, seated
from audience.safety import Refused, posted_form
from audience.speech import Speech
from networking_works.languages import DEFAULT, supported
from networking_works.messages import Message
from networking_works.store import JoinRefused, JoinTooFast, Workshop
from networking_works.workshop import MAX_NICKNAME

RETRY_AFTER_S = 5  # the join limit counts over 5 seconds (NW_JOINS_PER_5S)
BROKEN_RETRY_AFTER_S = 2  # a database restart takes a few seconds


def _form(
    audience: Audience,
    request: Request,
    speech: Speech,
    room: Workshop | None,
    *,
    status: int = 200,
    problem: str | None = None,
    code: str = "",
) -> Response:
    action = paths.room(room.code) if room is not None else paths.PREFIX
    # A live room's join link is public by choice (projected, in its QR code): its page
    # is the one a link preview reads, with a card and without noindex.
    public = room is not None and status == 200
    return audience.page(
        request,
        "join.html",
        speech,
        status=status,
        private=not public,
        preview=audience.base(request) + paths.room(room.code) if public and room else None,
        room=room,
        problem=problem,
        code=code[:12],
        action=linked(request, action),
        max_nickname=MAX_NICKNAME,
    )


def _no_room(speech: Speech) -> str:
    return speech._("There is no live workshop with that code. Check it with the speaker.")


def _back_to_place(audience: Audience, request: Request, room: Workshop) -> Response | None:
    """This phone's place in ``room`` if it joined already (a re-scan, Back, a reload)."""
    token = seat.held(request)
    found = audience.context.store().assessments.get(token) if token else None
    # A removed person's assessment names no room any more; their seat says which.
    if found is None or (found.workshop_id != room.id and not found.removed):
        return None
    bank = audience.bank(found.bank_id)
    if bank is None:
        return None
    return go(request, place(room, found, bank))


def join_page(audience: Audience, request: Request) -> Response:
    """GET /room and GET /room/CODE."""
    given = request.path_params.get("code")
    if given is None:  # /room, or /room?code=… (a code typed into a plain GET form)
        typed = request.query_params.get(Field.CODE, "")[:40]
        code = canonical(typed)
        room = audience.context.store().workshops.by_code(code) if code else None
        if room is not None:
            audience.found_code(request)
            return go(request, paths.room(room.code))
        speech = audience.speech(request)
        if not typed:
            return _form(audience, request, speech, None)
        if code is not None:
            audience.missed_code(request)
        return _form(
            audience, request, speech, None, status=404, problem=_no_room(speech), code=typed
        )
    code = canonical(given)
    if code is not None and code != given:
        return go(request, paths.room(code))  # a code typed in lower case, or with spaces
    room = audience.context.store().workshops.by_code(code) if code else None
    if room is None:
        if code is not None:
            audience.missed_code(request)
        speech = audience.speech(request)
        return _form(audience, request, speech, None, status=404, problem=_no_room(speech))
    back = _back_to_place(audience, request, room)
    if back is not None:
        return back
    audience.found_code(request)
    return _form(audience, request, audience.speech(request, room), room)


def old_join(audience: Audience, request: Request) -> Response:
    """GET /join and /join?code=CODE, the Streamlit join page's old address (printed
    links, old QR codes): on to the room's join page, or the form that asks the code."""
    code = canonical(request.query_params.get(Field.CODE, "")[:40])
    return go(request, paths.room(code) if code else paths.PREFIX)


def join(audience: Audience, request: Request, fields: dict[str, str]) -> Response:
    """POST /room (with ``code``) and POST /room/CODE."""
    given = request.path_params.get("code", fields.get(Field.CODE, ""))
    code = canonical(given)
    room = audience.context.store().workshops.by_code(code) if code else None
    if room is None:
        if code is not None:
            audience.missed_code(request)
        speech = audience.speech(request)
        return _form(
            audience, request, speech, None, status=404, problem=_no_room(speech), code=given
        )
    again = _back_to_place(audience, request, room)  # a second press of Join
    if again is not None:
        return again
    audience.found_code(request)
    speech = audience.speech(request, room)
    nickname = fields.get(Field.NICKNAME, "")
    try:
        bank = audience.bank(room.bank_id)  # the made-up name speaks the room's language
        language = (supported(bank.language) if bank is not None else None) or DEFAULT
        token = audience.context.store().workshops.join(
            room.id, nickname, language=language, client=audience.client(request)
        )
    except JoinRefused as refused:
        waits = isinstance(refused, JoinTooFast)
        return refusal(
            audience,
            request,
            speech,
            429 if waits else 403,
            speech._("Join a workshop"),
            speech.explain(refused),
            link=(speech._("Join"), linked(request, paths.room(room.code))),
            headers={"Retry-After": str(RETRY_AFTER_S)} if waits else None,
        )
    response = go(request, paths.definition(room.code, 1))
    now = audience.context.store().database.now()
    seat.keep(response, room.code, token, room.expires_at, now, audience.https(request))
    return response


async def posted(audience: Audience, request: Request) -> dict[str, str] | Response:
    """The checked fields of a post, or the page that refuses it."""
    try:
        return await posted_form(request)
    except Refused as refused:
        from anyio import to_thread

        return await to_thread.run_sync(hostile, audience, request, refused)


def too_many_codes(audience: Audience, request: Request) -> Response:
    """A client past its quota of codes that named no room: no code is looked up now."""
    speech = audience.speech(request)  # never the room's: that would tell the code is live
    return refusal(
        audience,
        request,
        speech,
        429,
        speech._("Join a workshop"),
        speech.explain(Message(audience.context.unknown_codes().mine)),
        headers={"Retry-After": str(int(audience.context.unknown_codes().window.total_seconds()))},
    )


def broken(audience: Audience, request: Request, posted: dict[str, str] | None = None) -> Response:
    """What a phone sees when the server failed (the database is away, say). A press
    that failed keeps what it sent, on a Try again button that sends it once more."""
    speech = audience.speech(request)  # no room read: the database may be what failed
    headers = {"Retry-After": str(BROKEN_RETRY_AFTER_S)}
    if posted is not None:
        return refusal(
            audience,
            request,
            speech,
            503,
            speech._("We could not save that"),
            speech._(
                "Nothing you saved before was lost, and this press is kept here: "
                "press Try again in a moment."
            ),
            retry=(speech._("Try again"), linked(request, request.url.path), posted),
            headers=headers,
        )
    return refusal(
        audience,
        request,
        speech,
        503,
        speech._("Something went wrong"),
        speech._("Nothing you saved before was lost. Please try again in a moment."),
        link=(speech._("Open the page again"), linked(request, paths.page_of(request.url.path))),
        headers=headers,
    )


def hostile(audience: Audience, request: Request, refused: Refused) -> Response:
    """The page for a post the form could not have sent: nothing was saved."""
    code = canonical(request.path_params.get("code"))
    room = audience.context.store().workshops.by_code(code) if code else None
    speech = audience.speech(request, room)  # in the room's language, as its pages
    _ = speech._
    texts = {
        "csrf": _(
            "This form has expired or was sent from another site. Nothing was saved: "
            "open the page again and retry."
        ),
        "origin": _(
            "This form was sent from another site. Nothing was saved: open the page again "
            "and retry."
        ),
        "size": _("That was more than this form can hold. Nothing was saved."),
    }
    text = texts.get(
        refused.reason,
        _("This form was not sent by this page. Nothing was saved: open the page again and retry."),
    )
    return refusal(
        audience,
        request,
        speech,
        refused.status,
        _("Nothing was saved"),
        text,
        link=(_("Open the page again"), linked(request, paths.page_of(request.url.path))),
    )


def leave_page(audience: Audience, request: Request) -> Response:
    """GET /room/CODE/leave: a shared or borrowed phone's "not my answers", asked once
    more, since the phone will not come back to the place it gives up."""
    where = seated(audience, request)
    if not isinstance(where, Seated):
        return where
    code = where.room.code
    return audience.page(
        request,
        "leave.html",
        where.speech,
        action=linked(request, paths.leave(code)),
        back=linked(request, place(where.room, where.assessment, where.bank)),
    )


def leave(audience: Audience, request: Request, fields: dict[str, str]) -> Response:
    """POST /room/CODE/leave: the seat cookie goes; the room's join page comes next. The
    place stays in the room as it was (its answers count as they did)."""
    code = canonical(request.path_params.get("code"))
    if code is None:
        return go(request, paths.PREFIX)
    response = go(request, paths.room(code))
    seat.forget(response, code)
    return response
