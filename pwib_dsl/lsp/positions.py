"""Spans and offsets ↔ LSP positions and ranges, in the encoding negotiated with the client.

Every conversion goes through :meth:`pwib_dsl.source.SourceFile.to_lsp` /
:meth:`~pwib_dsl.source.SourceFile.from_lsp`, which count UTF-16 or UTF-8 code units; no
feature module does arithmetic on raw Python string indices. A span that was made in code
(``NO_SPAN``) or a diagnostic without a span maps to the start of the document.
"""

from __future__ import annotations

from lsprotocol import types as T

from pwib_dsl.source import SourceFile, Span


def position(source: SourceFile, offset: int, encoding: str) -> T.Position:
    line, character = source.to_lsp(offset, encoding)
    return T.Position(line=line, character=character)


def span_range(source: SourceFile, span: Span | None, encoding: str) -> T.Range:
    """The LSP range of a span (the start of the file for a missing span)."""
    if span is None or not span:
        start = T.Position(line=0, character=0)
        return T.Range(start=start, end=start)
    return offsets_range(source, span.start, span.end, encoding)


def offsets_range(source: SourceFile, start: int, end: int, encoding: str) -> T.Range:
    return T.Range(start=position(source, start, encoding), end=position(source, end, encoding))


def offset(source: SourceFile, pos: T.Position, encoding: str) -> int:
    """The code-point offset of an LSP position."""
    return source.from_lsp(pos.line, pos.character, encoding)


def contains(span: Span, at: int) -> bool:
    """True when the cursor offset ``at`` touches the span (its end included)."""
    return bool(span) and span.start <= at <= span.end
