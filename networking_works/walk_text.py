"""Sentences of the walk-through that both front ends show (the Streamlit pages and the
audience pages): catalogue messages, translated where they are shown."""

from __future__ import annotations

from networking_works.messages import N_

INTRODUCTION = N_(
    "Networking, in the sense used here, means deliberately building relationships "
    "that last for years, where each side gives something and both end up better off "
    "than they would be alone. That sentence has six parts."
)
COUNT_LABEL = N_("Count my scores, anonymously, in the averages")
COUNT_HELP = N_(
    "Adds your six part scores and the month, never your answers or anything that points "
    "to you, to the figures that tell people how they compare. Once added they cannot be "
    "told apart from anyone else's, so untick this now if you would rather not."
)
