"""Every sentence the talk shows, on the projected slides and on the speaker's remote.

Kept in one place; each is a catalogue message (``N_``), said with ``_()`` where it is
shown. A sentence that counts the bank's parts is an ``ngettext`` where it is said. Bank
text (part titles, summaries, discussion prompts, statements) comes from the bank.
"""

from __future__ import annotations

from networking_works.messages import N_

# -- the projected slides ---------------------------------------------------------------

HOW_TO_JOIN = N_("Go to {address} and enter")
PART_OF = N_("Part {number} of {parts}")
ANSWERS_OF = N_("Part {number} of {parts}: how this room answered")
DISCUSS = N_("Turn to your neighbour")
ANSWERED_PART = N_("{done} of {joined} have answered this part")
ANSWERS_WAIT = N_(
    "The room's answers to this part appear once at least {minimum} people have answered "
    "it, so that nobody can be singled out ({people} so far)."
)
LEVELS = N_("Where the room stands on this part ({people} people)")
AGREED_HEAD = N_("Agreed or strongly agreed")
AGREED = N_("{percent}% agreed")
TOO_FEW = N_("too few answers")
REVERSE_KEYED = N_("reverse-keyed: agreeing here counts against this part")
CLOSING_PROFILES = N_("Patterns found in this room")
NO_PROFILES = N_("No single pattern stood out in this room.")
PROFILE_PEOPLE = N_("{name}: {people}")
CLOSING_QR = N_("Your own result and plan are on your phone.")
CLOSING_QR_HOW = N_(
    "Closed the tab? Scan this on the phone you answered with: it opens your own result "
    "again. Nobody else's phone can open it."
)
CLOSING_QR_ALT = N_(
    "QR code: opens this workshop's page, which takes a phone back to its own result"
)
OPENING_LABEL = N_("Opening slide")

# -- the remote -------------------------------------------------------------------------

SLIDES_HEAD = N_("Slides")
NEXT = N_("Next: {slide} ▶")
PREVIOUS = N_("◀ Back: {slide}")
AT_END = N_("This is the last slide")
NOW_SHOWING = N_("On the screen now: {slide}")
SLIDE_OPENING = N_("opening")
SLIDE_PART = N_("part {number}, {title}")
SLIDE_ANSWERS = N_("the room's answers to part {number}")
SLIDE_CLOSING = N_("closing (the room's results)")
NOTES_HEAD = N_("Speaker notes")
NOTES_OPENING = N_(
    "Introduce the parts and let the room join. Pressing Next shows part 1 and lets the "
    "phones answer it."
)
NOTES_ACTIONS = N_("Three things to try this week:")
NOTES_ANSWERED = N_("{done} of {joined} people have answered this part.")
NOTES_SHARES = N_("Agreed: {shares}")
NOTES_CLOSING = N_(
    "The room's radar and patterns are on the screen, with a code that reopens each "
    "person's own result on their phone. Close with one action each person will take."
)
SECOND_WINDOW = N_("Open the screen in a new window")
SECOND_WINDOW_HOW = N_(
    "Only a laptop? Open the screen in a new window, drag it to the projector and press F11 "
    "there; keep this page on your laptop's own display."
)
