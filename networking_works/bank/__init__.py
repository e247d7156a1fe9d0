"""Question banks: YAML files that become small frozen dataclasses.

A bank is validated in full before it is used. Every problem found is
collected, so a speaker fixing their file sees all of them at once, each
naming the file, the line and the field. ``model`` says what a bank is,
``reader`` validates one, ``load`` reads it from a file or text.
"""

from networking_works.bank.load import decode_bank, load_bank, parse_bank
from networking_works.bank.model import (
    MAX_DEFINITION,
    MAX_DISCUSSION,
    MAX_PART_TITLE,
    MAX_PARTS,
    MAX_STATEMENTS,
    MAX_TEXT,
    MIN_ACTIONS,
    MIN_PARTS,
    MIN_STATEMENTS,
    OVERALL,
    Bank,
    BankError,
    Condition,
    Part,
    Problem,
    Profile,
    Scale,
    Statement,
)

__all__ = [
    "MAX_DEFINITION",
    "MAX_DISCUSSION",
    "MAX_PART_TITLE",
    "MAX_PARTS",
    "MAX_STATEMENTS",
    "MAX_TEXT",
    "MIN_ACTIONS",
    "MIN_PARTS",
    "MIN_STATEMENTS",
    "OVERALL",
    "Bank",
    "BankError",
    "Condition",
    "Part",
    "Problem",
    "Profile",
    "Scale",
    "Statement",
    "decode_bank",
    "load_bank",
    "parse_bank",
]
