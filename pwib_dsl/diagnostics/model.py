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
    """One problem found in the input."""

    code: str
    severity: Severity
    message: str
    primary: Label | None = None
    secondary: tuple[Label, ...] = ()
    notes: tuple[str, ...] = ()
    help: str | None = None
    suggestions: tuple[Suggestion, ...] = ()

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
