"""Sentences of the walk-through that both front ends show (the Streamlit pages and the
audience pages): catalogue messages, translated where they are shown."""

from __future__ import annotations

from collections.abc import Callable

from networking_works.bank import Bank
from networking_works.messages import N_

COUNT_LABEL = N_("Count my scores, anonymously, in the averages")
COUNT_HELP = N_(
    "Adds your part scores and the month, never your answers or anything that points "
    "to you, to the figures that tell people how they compare. Once added they cannot be "
    "told apart from anyone else's, so untick this now if you would rather not."
)

Plural = Callable[[str, str, int], str]  # ngettext of the language shown


def definition(bank: Bank, ngettext: Plural) -> str:
    """The bank's definition and how many parts it has; a bank written before it had a
    definition names its parts instead."""
    count = len(bank.parts)
    if not bank.definition:
        return ngettext(
            "This assessment looks at networking in {count} part: {parts}.",
            "This assessment looks at networking in {count} parts: {parts}.",
            count,
        ).format(count=count, parts=", ".join(p.title for p in bank.parts))
    has = ngettext("That sentence has {count} part.", "That sentence has {count} parts.", count)
    return f"{bank.definition} {has.format(count=count)}"
