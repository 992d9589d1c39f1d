"""The formatter: one canonical form for ``.blueprint`` files, with no options.

:func:`format_source` parses a file, prints it (:mod:`pwib_dsl.fmt.printer`) and, before
handing the text back, checks that the output means the same: it parses to an equal AST and
keeps the same comments in the same order. A file with syntax errors is refused (its
diagnostics are returned), and so is the output of a printer bug (``PB701``): the formatter
never writes a file it cannot prove equivalent.

The canonical form itself is described in ``docs/formatting.md``.
"""

from __future__ import annotations

import attrs

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity
from pwib_dsl.fmt.printer import comment_text, print_file
from pwib_dsl.source import SourceFile
from pwib_dsl.surface import nodes as n
from pwib_dsl.syntax.parser import parse

__all__ = ["Formatted", "format_source", "print_file", "same_meaning", "comment_texts"]

#: The printed text would not parse back to the same file (a formatter bug; nothing is written).
PB701 = "PB701"


@attrs.frozen
class Formatted:
    """The result of formatting one file: ``text`` is None when the file was refused."""

    source: SourceFile
    text: str | None
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def ok(self) -> bool:
        return self.text is not None

    @property
    def changed(self) -> bool:
        return self.text is not None and self.text != self.source.text


def comment_texts(file: n.File) -> tuple[str, ...]:
    """The comments of a file as the formatter prints them, in order."""
    return tuple(comment_text(c) for c in file.comments)


def same_meaning(a: n.File, b: n.File) -> bool:
    """Equal ASTs (spans ignored) and the same comments in the same order."""
    return a == b and comment_texts(a) == comment_texts(b)


def format_source(source: SourceFile, *, verify: bool = True) -> Formatted:
    """Format one file in a single pass (see the module docstring)."""
    result = parse(source)
    if not result.ok or result.file is None:
        return Formatted(source, None, result.diagnostics)
    out = print_file(result.file, source.text)
    if verify and out != source.text:
        again = parse(SourceFile(source.path, out))
        if not again.ok or again.file is None or not same_meaning(result.file, again.file):
            return Formatted(source, None, (_not_equivalent(source),))
    return Formatted(source, out)


def _not_equivalent(source: SourceFile) -> Diagnostic:
    span = source.span(0, 0)
    return Diagnostic(
        PB701,
        Severity.ERROR,
        msg("PB701.not-equivalent"),
        Label(source.path, span),
        notes=("this is a bug in the formatter: please report it with the file attached",),
        help="run `pwib check` on the file; if it is clean, the formatter is at fault",
    )
