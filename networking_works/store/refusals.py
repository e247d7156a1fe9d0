"""Why a write to an assessment changed nothing: told to the person, never a traceback."""

from __future__ import annotations

from networking_works.messages import N_, Explained


class SaveRefused(Explained):
    """A save that changed nothing; the message says why, for the person."""


class AssessmentGone(SaveRefused):
    """The token is unknown, expired or deleted (or its workshop ended): nothing was saved."""

    def __init__(self) -> None:
        super().__init__(
            N_(
                "These answers are no longer stored: the link expired, was deleted, "
                "or its workshop has ended. Nothing was saved."
            )
        )


class StaleAssessment(SaveRefused):
    """Another tab saved since this one read the assessment: nothing was saved."""

    def __init__(self) -> None:
        super().__init__(
            N_(
                "These answers changed in another tab or window. This page now shows the "
                "newest version; nothing you saved before was lost."
            )
        )
