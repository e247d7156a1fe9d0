"""Every sentence the talk shows, on the projected slides and on the speaker's remote.

Kept in one place so that it can be translated as a whole (issue 14). Bank text (part
titles, summaries, discussion prompts, statements) comes from the bank, not from here.
"""

from __future__ import annotations

# -- the projected slides ---------------------------------------------------------------

OPENING_ASK = "Where does your networking fall short? Six parts, one at a time."
HOW_TO_JOIN = "Go to {address} and enter"
PART_OF = "Part {number} of {parts}"
ANSWERS_OF = "Part {number} of {parts}: how this room answered"
DISCUSS = "Turn to your neighbour"
ANSWERED_PART = "{done} of {joined} have answered this part"
ANSWERS_WAIT = (
    "The room's answers to this part appear once at least {minimum} people have answered "
    "it, so that nobody can be singled out ({people} so far)."
)
LEVELS = "Where the room stands on this part ({people} people)"
AGREED_HEAD = "Agreed or strongly agreed"
AGREED = "{percent}% agreed"
TOO_FEW = "too few answers"
REVERSE_KEYED = "reverse-keyed: agreeing here counts against this part"
CLOSING_PROFILES = "Patterns found in this room"
NO_PROFILES = "No single pattern stood out in this room."
PROFILE_PEOPLE = "{name}: {people}"
CLOSING_QR = "Your own result and plan are on your phone."
CLOSING_QR_HOW = (
    "Closed the tab? Scan this on the phone you answered with: it opens your own result "
    "again. Nobody else's phone can open it."
)
CLOSING_QR_ALT = "QR code: opens this workshop's page, which takes a phone back to its own result"

# -- the remote -------------------------------------------------------------------------

SLIDES_HEAD = "Slides"
NEXT = "Next: {slide} ▶"
PREVIOUS = "◀ Back: {slide}"
AT_END = "This is the last slide"
NOW_SHOWING = "On the screen now: {slide}"
SLIDE_OPENING = "opening"
SLIDE_PART = "part {number}, {title}"
SLIDE_ANSWERS = "the room's answers to part {number}"
SLIDE_CLOSING = "closing (the room's results)"
NOTES_HEAD = "Speaker notes"
NOTES_OPENING = (
    "Introduce the six parts and let the room join. Pressing Next shows part 1 and "
    "lets the phones answer it."
)
NOTES_ACTIONS = "Three things to try this week:"
NOTES_ANSWERED = "{done} of {joined} people have answered this part."
NOTES_SHARES = "Agreed: {shares}"
NOTES_CLOSING = (
    "The room's radar and patterns are on the screen, with a code that reopens each "
    "person's own result on their phone. Close with one action each person will take."
)
SECOND_WINDOW = "Open the screen in a new window"
SECOND_WINDOW_HOW = (
    "Only a laptop? Open the screen in a new window, drag it to the projector and press F11 "
    "there; keep this page on your laptop's own display."
)
