"""Widget keys, named once: pages set them, tests and the load generator find widgets by them.

A key is part of the widget's id in Streamlit's protocol (``…-<key>``), so a client can
find a button without reading its label, which changes with the language and the step.
"""

from __future__ import annotations

START = "start"
DEFINITION_BACK = "definition_back"
DEFINITION_NEXT = "definition_next"
DEFINITION_SKIP = "definition_skip"
QUESTIONS_BACK = "questions_back"
QUESTIONS_NEXT = "questions_next"  # "Next", or "See my results" on the last part
SHARE = "share_result"
SHARE_AGAIN = "share_result_again"  # new links, revoking the old ones
SHARE_LIFETIME = "share_lifetime"
RETAKE = "retake"
# A result's downloads: never keyed by its token (a key shows in the page's CSS classes).
DOWNLOAD_PNG = "download_png"
DOWNLOAD_PDF = "download_pdf"
DOWNLOAD_JSON = "download_json"
COUNT_IN_NORMS = "count_in_norms"  # on the last part: add my scores to the anonymous norms
KEEP_JOURNAL = "keep_journal"
SHARE_BEFORE = "share_before"  # show the before/after radar in the shared result and handout
JOURNAL_RETAKE = "journal_retake"
JOURNAL_REMINDER_WEEKS = "journal_reminder_weeks"
JOURNAL_REMINDER = "journal_reminder"
JOURNAL_EXPORT = "journal_export"
JOURNAL_REMOVE_WHICH = "journal_remove_which"
JOURNAL_REMOVE = "journal_remove"
JOURNAL_DELETE_SURE = "journal_delete_sure"
JOURNAL_DELETE = "journal_delete"
JOURNAL_IMPORT_FILE = "journal_import_file"
JOURNAL_IMPORT = "journal_import"
ROOM_PAST = "room_past_rooms"  # show or hide the room against past rooms on the screen
ROOM_REVEAL = "room_reveal"
ROOM_NEXT_SLIDE = "room_next_slide"  # the talk's slides, speaker-paced rooms only
ROOM_PREVIOUS_SLIDE = "room_previous_slide"
ROOM_NOTES = "room_notes"  # the speaker notes of the slide on the screen
ROOM_OPEN_PART = "room_open_part"
ROOM_ACCEPTING = "room_accepting"
ROOM_JOINING = "room_joining"  # lock or unlock joining
ROOM_BANNER = "room_banner"  # show or hide the join banner on the screen
ROOM_SPOTLIGHT = "room_spotlight"
ROOM_REMOVE_WHO = "room_remove_who"
ROOM_REMOVE = "room_remove"
ROOM_BULK_GROUP = "room_bulk_group"
ROOM_BULK_MINUTES = "room_bulk_minutes"
ROOM_BULK_SURE = "room_bulk_sure"
ROOM_BULK_REMOVE = "room_bulk_remove"
ROOM_PRACTICE_FILL = "room_practice_fill"
ROOM_DELETE_SURE = "room_delete_sure"
ROOM_DELETE = "room_delete"
CREATE_PRACTICE = "create_practice"
BANK_TEXT = "bank_text"  # the bank editor's YAML text
BANK_UPLOAD = "bank_upload"
BANK_DEFAULT = "bank_default"  # start from the default bank
BANK_PREVIEW_PART = "bank_preview_part"
BANK_SAVE = "bank_save"
BANK_EXPORT = "bank_export"
BANK_KEEP = "bank_keep"
SCREEN_ROOM = "screen_room"  # the projector's live area
SCREEN_RADAR = "screen_radar"
SCREEN_PAST = "screen_past_rooms"
SCREEN_SIDE = "screen_side"  # the level spread or the spotlight beside the radar
LANGUAGE = "language"  # the language switch
STATEMENT_PREFIX = "q_"


def statement(statement_id: str) -> str:
    """The key of one statement's answer pills."""
    return f"{STATEMENT_PREFIX}{statement_id}"
