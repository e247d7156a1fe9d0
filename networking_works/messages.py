"""Sentences the core hands to a person, kept translatable without knowing any language.

The core speaks English: ``str()`` of a ``Message`` (or of an ``Explained`` error) is the
English sentence, which the command line, the logs and the tests read. ``N_`` marks a
template for the message catalogues (the extractor looks for it), and the web layer
translates ``template`` and then fills in ``values`` (web/i18n.py, ``explain``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


def N_(template: str) -> str:  # noqa: N802 -- gettext's conventional name for a marker
    """Mark ``template`` for the catalogues; it is returned unchanged."""
    return template


@dataclass(frozen=True)
class Message:
    """A catalogue template and the values of its ``{placeholders}``."""

    template: str
    values: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template.format(**self.values)


class Explained(Exception):
    """An error whose text is a ``Message``: English in ``str()``, translatable above."""

    def __init__(self, template: str, **values: object) -> None:
        self.message = Message(template, values)
        super().__init__(str(self.message))
