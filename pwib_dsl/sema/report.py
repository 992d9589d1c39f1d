"""Collecting semantic diagnostics: severity from the rule registry, did-you-mean suggestions.

Every check reports through one :class:`Reporter`; the driver applies ``pwib.toml`` severities
and sorts afterwards, so checks never decide what is shown or in which order. The same reporter
records what each reference resolved to (:mod:`pwib_dsl.sema.resolution`).
"""

from __future__ import annotations

from typing import Iterable

from pwib_dsl.diagnostics.model import Diagnostic, Label, Suggestion
from pwib_dsl.sema.rules import RULES
from pwib_dsl.diagnostics.suggest import did_you_mean, phrase
from pwib_dsl.source import Span


class Reporter:
    """An append-only list of diagnostics with helpers for the common shapes."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        #: every name resolved, as (file, span written, qualifier length or 0, declaring file,
        #: span of the declared name, kind, qualified id) — read by sema.resolution.Resolution;
        #: plain tuples appended, because recording runs for every reference of every compile
        self.references: list[tuple] = []
        #: bare names several used modules declare (PB106): one tuple as above per candidate
        self.ambiguous: list[tuple] = []

    def add(
        self,
        code: str,
        message: str,
        file: str | None,
        span: Span,
        *,
        label: str = "",
        secondary: Iterable[Label] = (),
        notes: Iterable[str] = (),
        help: str | None = None,
        suggestions: Iterable[Suggestion] = (),
    ) -> Diagnostic:
        diag = Diagnostic(
            code,
            RULES[code].severity,
            message,
            Label(file, span, label) if file is not None else None,
            tuple(secondary),
            tuple(notes),
            help,
            tuple(suggestions),
        )
        self.diagnostics.append(diag)
        return diag

    def unknown(
        self,
        code: str,
        message: str,
        file: str,
        span: Span,
        wrong: str,
        candidates: Iterable[str],
        *,
        label: str = "",
        help: str | None = None,
        notes: Iterable[str] = (),
        secondary: Iterable[Label] = (),
    ) -> Diagnostic:
        """An unknown-name diagnostic with "did you mean" help and one edit per candidate."""
        close = did_you_mean(wrong, candidates)
        if close and help is None:
            help = f"did you mean {phrase(close)}?"
        suggestions = tuple(Suggestion(file, span, c, f"replace with `{c}`") for c in close)
        return self.add(
            code, message, file, span, label=label, help=help, notes=notes,
            suggestions=suggestions, secondary=secondary,
        )
