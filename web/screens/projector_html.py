"""The projected screen's HTML: join banner, counts, progress per part. Functions of their
arguments and of the run's language (web/i18n.py: the room's bank language on the screen).

Every piece of text from a person or a bank goes through ``html.escape``: a room's title
is whatever its creator typed. Sizes are in viewport units with pixel floors, so the
same page reads from the back row at 1280×720 and at 1920×1080.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from networking_works.bands import HIGH_FROM, MIDDLE_FROM
from networking_works.bands import Band as Level
from networking_works.messages import N_
from networking_works.workshop import MIN_FOR_AGGREGATE, RoomProgress
from web.i18n import _, ngettext, number

# Labels inside HTML attributes, marked here: the extractor does not look into f-strings.
HOW_TO_JOIN_LABEL = N_("How to join")
JOIN_QR_ALT = N_("QR code: opens the join page with this code filled in")
HOW_IT_WORKS_LABEL = N_("How it works")

STYLE = """<style>
header[data-testid="stHeader"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"] { display: none; }
[data-testid="stMainBlockContainer"] { padding: 1.2vh 2.5vw 0 2.5vw; max-width: 100%; }
.nw-screen { color: #0E1116; font-family: "Source Sans Pro", sans-serif; }
.nw-banner { display: flex; align-items: center; justify-content: space-between; gap: 3vw; }
.nw-title { font-size: max(32px, 3.2vw); font-weight: 700; margin: 0 0 1vh 0; line-height: 1.1; }
.nw-address { font-size: max(28px, 2.6vw); margin: 0; }
.nw-code { font-family: "Source Code Pro", monospace; font-weight: 700;
  font-size: max(64px, 8.5vw); letter-spacing: 0.08em; line-height: 1.05; margin: 0.5vh 0; }
.nw-qr img { width: max(28vw, 340px); height: auto; display: block; }
.nw-strip { font-size: max(22px, 1.8vw); margin: 0 0 0.6vh 0; }
.nw-strip .nw-code-small { font-family: "Source Code Pro", monospace; font-weight: 700;
  font-size: max(30px, 2.4vw); letter-spacing: 0.06em; }
.nw-counts { display: flex; gap: 3vw; margin: 1vh 0; }
.nw-count { font-size: max(20px, 1.6vw); }
.nw-count b { display: block; font-size: max(40px, 3.6vw); line-height: 1; }
.nw-steps { font-size: max(22px, 1.9vw); margin: 0.5vh 0 0 1.2em; padding: 0; }
.nw-parts { list-style: none; margin: 0.5vh 0; padding: 0; font-size: max(18px, 1.4vw); }
.nw-parts li { display: grid; grid-template-columns: 30% 1fr 7em; gap: 1vw;
  align-items: center; margin: 0.4vh 0; }
.nw-bar { background: #E4E7EB; height: max(14px, 1.6vh); border-radius: 4px; }
.nw-bar span { display: block; height: 100%; background: #0072B2; border-radius: 4px; }
.nw-note { font-size: max(20px, 1.6vw); color: #3B4046; margin: 1vh 0; }
.nw-practice { background: #FFF1C2; color: #5C4400; border: 3px dashed #B07D00;
  font-size: max(20px, 1.6vw); font-weight: 700; padding: 0.3vh 1vw; margin: 0 0 1vh 0; }
.nw-key { font-size: max(18px, 1.4vw); margin: 0; color: #3B4046; }
.nw-key .nw-line { display: inline-block; width: 2em; border-top: 4px solid #0072B2;
  vertical-align: middle; }
.nw-key .nw-band { display: inline-block; width: 2em; height: 0.9em; vertical-align: middle;
  background: rgba(86, 180, 233, 0.45); }
.nw-headline { font-size: max(26px, 2.3vw); font-weight: 700; margin: 0.5vh 0; }
</style>"""

HOW_IT_WORKS = (
    N_("Open the address on your phone, or scan the square code."),
    N_("Answer a few honest statements about your networking: about five minutes."),
    N_("You stay anonymous. When everyone is done, we look at the whole room together."),
)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def shown_address(join_address: str) -> str:
    """The join address as people type it: without the scheme."""
    return join_address.split("://", 1)[-1]


def banner(title: str, join_address: str, code: str, qr_data_uri: str, below: str = "") -> str:
    """Title, where to go, the code in the largest type on the screen, and the QR code;
    ``below`` (HTML) goes under the code, beside the QR code."""
    go_to = _("Go to <b>{address}</b> and enter").format(address=_e(shown_address(join_address)))
    return (
        f'<section class="nw-screen nw-banner" aria-label="{_e(_(HOW_TO_JOIN_LABEL))}">'
        f'<div><p class="nw-title">{_e(title)}</p>'
        f'<p class="nw-address">{go_to}</p>'
        f'<p class="nw-code" data-nw="code">{_e(code)}</p>{below}</div>'
        f'<div class="nw-qr"><img src="{_e(qr_data_uri)}" data-nw="qr" '
        f'alt="{_e(_(JOIN_QR_ALT))}"></div>'
        "</section>"
    )


def strip(title: str, join_address: str, code: str) -> str:
    """The join details in one line, once the banner is put away."""
    join_at = _("join at {address} with {code}").format(
        address=_e(shown_address(join_address)),
        code=f'<span class="nw-code-small" data-nw="code">{_e(code)}</span>',
    )
    return f'<p class="nw-screen nw-strip"><b>{_e(title)}</b> · {join_at}</p>'


def practice() -> str:
    text = _("Practice room: every answer here is simulated. It is never mixed with a real room.")
    return f'<p class="nw-screen nw-practice">{_e(text)}</p>'


def counts(progress: RoomProgress) -> str:
    items = (
        (_("joined"), progress.joined),
        (_("answering"), progress.answering),
        (_("finished"), progress.finished),
    )
    cells = "".join(
        f'<div class="nw-count"><b>{number(n)}</b>{_e(label)}</div>' for label, n in items
    )
    so_far = _e(_("The room so far"))
    return f'<div class="nw-screen nw-counts" aria-label="{so_far}">{cells}</div>'


def how_it_works() -> str:
    steps = "".join(f"<li>{_e(_(step))}</li>" for step in HOW_IT_WORKS)
    return f'<ol class="nw-screen nw-steps" aria-label="{_e(_(HOW_IT_WORKS_LABEL))}">{steps}</ol>'


def part_bars(titles: Sequence[str], progress: RoomProgress, open_parts: int | None) -> str:
    """One bar per part: how many of the people in the room have answered it; and, when
    the speaker opens the parts one at a time, how many are open."""
    opened = ""
    if open_parts is not None:
        text = _("Parts open: {open} of {count}").format(open=open_parts, count=len(titles))
        opened = f'<p class="nw-screen nw-note" data-nw="open">{_e(text)}</p>'
    rows = []
    for title, done in zip(titles, progress.parts_done, strict=True):
        share = 0 if progress.joined == 0 else round(100 * done / progress.joined)
        answered = _("{done} of {joined}").format(done=done, joined=progress.joined)
        rows.append(
            f"<li><span>{_e(title)}</span>"
            f'<div class="nw-bar" aria-hidden="true"><span style="width:{share}%"></span></div>'
            f"<span>{_e(answered)}</span></li>"
        )
    items = "".join(rows)
    per_part = _e(_("Answered, per part"))
    return f'{opened}<ul class="nw-screen nw-parts" aria-label="{per_part}">{items}</ul>'


def waiting_for(finished: int) -> str:
    text = _(
        "The room's results appear once at least {least} people have finished, so that "
        "nobody can be singled out ({finished} so far)."
    ).format(least=MIN_FOR_AGGREGATE, finished=finished)
    return f'<p class="nw-screen nw-note">{_e(text)}</p>'


def note(text: str) -> str:
    return f'<p class="nw-screen nw-note">{_e(text)}</p>'


def headline(text: str) -> str:
    return f'<p class="nw-screen nw-headline">{_e(text)}</p>'


def radar_key(people: int) -> str:
    """The radar's legend, as text above it."""
    average = ngettext(
        "the room's average ({count} person)", "the room's average ({count} people)", people
    ).format(count=people)
    middle = _("the middle half of the room")
    return (
        f'<p class="nw-screen nw-key"><span class="nw-line"></span> {_e(average)} &nbsp; '
        f'<span class="nw-band"></span> {_e(middle)}</p>'
    )


def level_names() -> dict[Level, str]:
    """The three levels with their score ranges, as the chart's legend names them."""
    low, high = number(MIDDLE_FROM), number(HIGH_FROM)
    return {
        Level.LOW: _("Low (under {low})").format(low=low),
        Level.MIDDLE: _("Middle ({low}–{top})").format(low=low, top=number(HIGH_FROM - 1)),
        Level.HIGH: _("High ({high}+)").format(high=high),
    }
