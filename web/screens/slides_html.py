"""The talk's slides as HTML for the projected screen: pure functions, escaped text.

Each slide is one block sized for 1280×720 without scrolling (and larger screens), in
projector type: nothing under 18 px, titles from 40 px. Colours are the screen's own
(dark text on white, Okabe-Ito blue bars) and every figure is also written as text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from networking_works.bands import Band
from networking_works.bank import Part
from networking_works.charts import BAND_COLOURS
from networking_works.talk import PartAnswers
from networking_works.workshop import MIN_FOR_AGGREGATE, RoomProgress
from web import talk_text as say
from web.i18n import _, ngettext
from web.screens import projector_html as page

STYLE = """<style>
.nw-slide { display: grid; grid-template-columns: 1fr auto; gap: 3vw; align-items: start; }
.nw-slide.nw-wide { grid-template-columns: 1fr; }
.nw-definition { font-size: max(22px, 1.8vw); line-height: 1.3; margin: 0 0 1.2vh 0; }
.nw-ask { font-size: max(22px, 1.8vw); font-weight: 700; margin: 0 0 1vh 0; }
.nw-join { text-align: center; }
.nw-join .nw-counts { justify-content: center; }
.nw-join .nw-address { font-size: max(22px, 1.9vw); }
.nw-join .nw-qr img { width: max(28vw, 340px); margin: 0 auto; }
.nw-kicker { font-size: max(22px, 1.9vw); color: #3B4046; margin: 1vh 0 0 0; }
.nw-big { font-size: max(48px, 5vw); font-weight: 700; line-height: 1.1; margin: 0.5vh 0 2vh 0; }
.nw-summary { font-size: max(30px, 2.8vw); line-height: 1.25; margin: 0 0 3vh 0; }
.nw-discuss { font-size: max(26px, 2.3vw); line-height: 1.3; border-left: 10px solid #0072B2;
  padding: 0.5vh 0 0.5vh 1.5vw; margin: 0 0 3vh 0; }
.nw-discuss b { display: block; font-size: max(20px, 1.6vw); color: #3B4046; }
.nw-live { font-size: max(24px, 2vw); margin: 0; }
.nw-live b { font-size: max(40px, 3.6vw); }
.nw-mid { font-size: max(36px, 3.2vw); font-weight: 700; margin: 0 0 1vh 0; line-height: 1.1; }
.nw-levels { display: flex; height: max(22px, 3vh); border-radius: 4px; overflow: hidden;
  background: #E4E7EB; margin: 0.5vh 0; }
.nw-levels-key { font-size: max(20px, 1.6vw); margin: 0 0 1.5vh 0; }
.nw-levels-key span { margin-right: 2vw; white-space: nowrap; }
.nw-swatch { display: inline-block; width: 1em; height: 1em; vertical-align: -0.1em;
  margin-right: 0.3em; border-radius: 2px; }
.nw-agree { list-style: none; margin: 0; padding: 0; font-size: max(18px, 1.45vw); }
.nw-agree li { display: grid; grid-template-columns: 1fr 22% 7.5em; gap: 1.2vw;
  align-items: center; margin: 0 0 1.1vh 0; line-height: 1.2; }
.nw-agree .nw-rev { display: block; color: #3B4046; font-style: italic; }
.nw-agree .nw-pct { font-weight: 700; }
.nw-agree-head { font-size: max(20px, 1.6vw); font-weight: 700; margin: 0 0 0.6vh 0; }
.nw-closing-side p { margin: 0 0 0.8vh 0; }
.nw-profiles { font-size: max(20px, 1.6vw); margin: 0 0 1vh 1.2em; padding: 0; }
.nw-closing-qr { display: flex; gap: 1.2vw; align-items: center; }
.nw-closing-qr img { width: max(19vw, 240px); height: auto; flex: none; }
.nw-closing-qr p { font-size: max(18px, 1.4vw); line-height: 1.25; }
</style>"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def join_column(join_address: str, code: str, qr_data_uri: str, below: str = "") -> str:
    """Where to go, the code in the largest type, ``below`` it (HTML) and the QR code:
    the opening slide's right side while the join banner is on."""
    address = _(say.HOW_TO_JOIN).format(address=f"<b>{_e(page.shown_address(join_address))}</b>")
    return (
        f'<div class="nw-join" aria-label="{_e(_(page.HOW_TO_JOIN_LABEL))}">'
        f'<p class="nw-address">{address}</p>'
        f'<p class="nw-code" data-nw="code">{_e(code)}</p>{below}'
        f'<div class="nw-qr"><img src="{_e(qr_data_uri)}" data-nw="qr" '
        f'alt="{_e(_(page.JOIN_QR_ALT))}"></div></div>'
    )


def opening(
    title: str,
    definition: str,
    titles: Sequence[str],
    progress: RoomProgress,
    open_parts: int | None,
    join: str = "",
) -> str:
    """The definition in one sentence, its parts with how many answered each, how it
    works until someone joins, and how to join (``join``, HTML, with the counts in it
    while the banner is on; else the counts are on the left)."""
    parts = page.part_bars(titles, progress, open_parts)
    below = page.how_it_works() if progress.joined == 0 else ""
    below += "" if join else page.counts(progress)
    ask = ngettext(
        "Where does your networking fall short? {count} part to look at.",
        "Where does your networking fall short? {count} parts, one at a time.",
        len(titles),
    ).format(count=len(titles))
    return (
        f'<section class="nw-screen nw-slide{"" if join else " nw-wide"}" '
        f'aria-label="{_e(_(say.OPENING_LABEL))}" data-nw="slide-opening">'
        f'<div><p class="nw-title">{_e(title)}</p>'
        f'<p class="nw-definition">{_e(definition)}</p>'
        f'<p class="nw-ask">{_e(ask)}</p>{parts}{below}</div>{join}</section>'
    )


def part_slide(part: Part, number: int, parts: int, done: int, joined: int) -> str:
    """A part's title and summary in projector type, its discussion prompt, and the live
    count of people who have answered it."""
    discuss = ""
    if part.discussion:
        discuss = f'<p class="nw-discuss"><b>{_e(_(say.DISCUSS))}</b>{_e(part.discussion)}</p>'
    answered = _(say.ANSWERED_PART).format(done=f"<b>{done}</b>", joined=joined)
    return (
        '<section class="nw-screen nw-slide nw-wide" data-nw="slide-part" '
        f'aria-label="{_e(_(say.PART_OF).format(number=number, parts=parts))}"><div>'
        f'<p class="nw-kicker">{_e(_(say.PART_OF).format(number=number, parts=parts))}</p>'
        f'<p class="nw-big" data-nw="part-title">{_e(part.title)}</p>'
        f'<p class="nw-summary">{_e(part.summary)}</p>{discuss}'
        f'<p class="nw-live" data-nw="answered">{answered}</p></div></section>'
    )


def answers_slide(part: Part, number: int, parts: int, answers: PartAnswers) -> str:
    """How the room answered a part: its levels and, per statement, the share agreeing;
    nothing but a count until at least MIN_FOR_AGGREGATE people have answered it."""
    head = (
        f'<p class="nw-kicker">{_e(_(say.ANSWERS_OF).format(number=number, parts=parts))}</p>'
        f'<p class="nw-mid">{_e(part.title)}</p>'
    )
    if not answers.shown:
        wait = _(say.ANSWERS_WAIT).format(minimum=MIN_FOR_AGGREGATE, people=answers.people)
        body = f'<p class="nw-note" data-nw="answers-wait">{_e(wait)}</p>'
    else:
        body = levels(answers) + agreement(answers)
    return (
        '<section class="nw-screen nw-slide nw-wide" data-nw="slide-answers" '
        f'aria-label="{_e(_(say.ANSWERS_OF).format(number=number, parts=parts))}">'
        f"<div>{head}{body}</div></section>"
    )


def levels(answers: PartAnswers) -> str:
    """One bar split by level, and its key in words with the number of people."""
    segments, key = [], []
    names = page.level_names()
    for band in Band:
        people = answers.bands[band]
        share = round(100 * people / answers.people) if answers.people else 0
        colour = BAND_COLOURS[band]
        segments.append(f'<span style="width:{share}%;background:{colour}"></span>')
        key.append(
            f'<span><i class="nw-swatch" style="background:{colour}"></i>'
            f"{_e(names[band])}: <b>{people}</b></span>"
        )
    head = _e(_(say.LEVELS).format(people=answers.people))
    return (
        f'<p class="nw-agree-head">{head}</p>'
        f'<div class="nw-levels" aria-hidden="true">{"".join(segments)}</div>'
        f'<p class="nw-levels-key" data-nw="levels">{"".join(key)}</p>'
    )


def agreement(answers: PartAnswers) -> str:
    rows = []
    for share in answers.statements:
        reverse = (
            f'<span class="nw-rev">{_e(_(say.REVERSE_KEYED))}</span>'
            if share.statement.reverse
            else ""
        )
        percent = share.percent
        shown = _(say.TOO_FEW) if percent is None else _(say.AGREED).format(percent=percent)
        rows.append(
            f"<li><span>{_e(share.statement.text)}{reverse}</span>"
            f'<div class="nw-bar" aria-hidden="true"><span style="width:{percent or 0}%">'
            f'</span></div><span class="nw-pct">{_e(shown)}</span></li>'
        )
    return (
        f'<p class="nw-agree-head">{_e(_(say.AGREED_HEAD))}</p>'
        f'<ul class="nw-agree" data-nw="agreement">{"".join(rows)}</ul>'
    )


def closing_side(profiles: Sequence[tuple[str, int]], qr_data_uri: str) -> str:
    """Beside the room's radar (its weakest part is above it): the patterns found, and
    the QR code that takes each phone back to its own result."""
    if profiles:
        items = "".join(
            f"<li>{_e(_(say.PROFILE_PEOPLE).format(name=name, people=people))}</li>"
            for name, people in profiles
        )
        found = f'<ul class="nw-profiles" data-nw="profiles">{items}</ul>'
    else:
        found = f'<p class="nw-note">{_e(_(say.NO_PROFILES))}</p>'
    return (
        '<div class="nw-screen nw-closing-side" data-nw="slide-closing">'
        f'<p class="nw-agree-head">{_e(_(say.CLOSING_PROFILES))}</p>{found}'
        f'<div class="nw-closing-qr"><img src="{_e(qr_data_uri)}" data-nw="closing-qr" '
        f'alt="{_e(_(say.CLOSING_QR_ALT))}"><div><p><b>{_e(_(say.CLOSING_QR))}</b></p>'
        f"<p>{_e(_(say.CLOSING_QR_HOW))}</p></div></div></div>"
    )
