"""Syntax errors → diagnostics. (Minimal first version: stops at the first error.)"""

from __future__ import annotations

from lark import Lark
from lark.exceptions import UnexpectedInput

from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity
from pwib_dsl.source import SourceFile


def parse_with_recovery(lark: Lark, source: SourceFile):
    try:
        return lark.parse(source.text), []
    except UnexpectedInput as e:
        off = source.offset(e.line, e.column) if e.line > 0 else len(source.text)
        span = source.span(off, min(off + 1, len(source.text)))
        return None, [Diagnostic("PB001", Severity.ERROR, "syntax error", Label(source.path, span))]
