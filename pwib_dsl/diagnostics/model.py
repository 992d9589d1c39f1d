"""The diagnostic record shared by every phase.

A diagnostic is plain data: a code from the registry, a severity, a one-sentence message, a
primary labelled span and any secondary labelled spans (possibly in other files), notes, a
help line and machine-usable suggestions (text edits an editor can apply). Renderers
(human, short, JSON, LSP) live elsewhere and never change the record.
"""

from __future__ import annotations

import enum

import attrs

from pwib_dsl.source import Span


class Severity(enum.Enum):
    """How serious a diagnostic is. ``INFO`` is a note that never fails a run."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@attrs.frozen
class Label:
    """A span in a file with a short message pointing at it."""

    file: str
    span: Span
    message: str = ""


@attrs.frozen
class Suggestion:
    """A machine-applicable edit: replace ``span`` in ``file`` with ``replacement``."""

    file: str
    span: Span
    replacement: str
    message: str = ""


@attrs.frozen
class Diagnostic:
    """One problem found in the input.

    ``message`` may be given as a :class:`~pwib_dsl.diagnostics.messages.Message` (a stable
    key and its arguments): the text is then rendered from the message table, and ``key``
    and ``args`` keep what it was made of, so it can be rendered again from another table
    (:meth:`translated`).
    """

    code: str
    severity: Severity
    message: str
    primary: Label | None = None
    secondary: tuple[Label, ...] = ()
    notes: tuple[str, ...] = ()
    help: str | None = None
    suggestions: tuple[Suggestion, ...] = ()
    #: the message's key in the table (``PB106.ambiguous``) and its arguments, when it has one
    key: str | None = attrs.field(default=None, eq=False)
    args: tuple[tuple[str, str], ...] = attrs.field(default=(), eq=False)

    def __attrs_post_init__(self) -> None:
        message = self.message
        if not isinstance(message, str):  # a Message: text from the table
            object.__setattr__(self, "key", message.key)
            object.__setattr__(self, "args", message.args)
            object.__setattr__(self, "message", message.text())

    def translated(self, table) -> Diagnostic:
        """This diagnostic with its message rendered from another table (key → template);
        unchanged when it has no key or the table lacks it."""
        from pwib_dsl.diagnostics.messages import render

        if self.key is None or self.key not in table:
            return self
        return attrs.evolve(self, message=render(table[self.key], self.args), key=self.key, args=self.args)

    @property
    def file(self) -> str | None:
        return self.primary.file if self.primary else None

    def sort_key(self) -> tuple:
        """Order by file, position, then code: renderers print in this order."""
        if self.primary is None:
            return ("", 0, 0, self.code, self.message)
        s = self.primary.span
        return (self.primary.file, s.line, s.col, self.code, self.message)

    def with_severity(self, severity: Severity) -> Diagnostic:
        return attrs.evolve(self, severity=severity)
