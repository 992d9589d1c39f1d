"""The parser: text → surface AST + diagnostics.

The tables come from :mod:`pwib_dsl.syntax.grammar` (built once, kept between processes); this
module puts the lowering transformer on them inline, so parsing yields AST nodes directly and
never a parse tree, and collects comments by a lexer callback into the per-parse context.
"""

from __future__ import annotations

import functools
import gc
import re
import threading

import attrs
from lark import Lark, Token

from pwib_dsl.diagnostics.model import Diagnostic
from pwib_dsl.source import SourceFile
from pwib_dsl.surface import nodes as n
from pwib_dsl.surface.lower import Lower, context, tok_span
from pwib_dsl.syntax import grammar

_comments = threading.local()


def _on_comment(tok: Token) -> Token:
    _comments.items.append(n.Comment(str(tok), span=tok_span(tok)))
    return tok


@functools.cache
def parser() -> Lark:
    """The process-wide parser: the grammar's tables with the lowering and lexer callbacks on."""
    from pwib_dsl.syntax import lexical

    return grammar.load(
        transformer=Lower(),
        lexer_callbacks={**lexical.callbacks(), "COMMENT": _on_comment},
    )


@functools.cache
def keywords() -> tuple[str, ...]:
    """Every keyword of the grammar (its KW_/LANE/TEXT_LAYER/UNIT terminals), sorted.

    What the grammar itself says; the word table (:mod:`pwib_dsl.syntax.keywords`) is
    checked against it.
    """
    from pwib_dsl.syntax.keywords import grammar_words

    return tuple(sorted({w for words in grammar_words().values() for w in words}))


@attrs.frozen
class ParseResult:
    """A parsed file: the AST (None when nothing could be recovered) and the diagnostics."""

    source: SourceFile
    file: n.File | None
    diagnostics: tuple[Diagnostic, ...]
    #: when the parse gave up (too many errors): the tree read until then, for an editor's
    #: outline only — never checked, since what it lacks would read as missing
    partial: n.File | None = None

    @property
    def ok(self) -> bool:
        return self.file is not None and not any(d.severity.value == "error" for d in self.diagnostics)


def parse(source: SourceFile) -> ParseResult:
    """Parse a source file into a surface AST, reporting every syntax error found."""
    from pwib_dsl.limits import check_text
    from pwib_dsl.syntax.errors import bounded
    from pwib_dsl.syntax.recovery import parse_with_recovery

    over = check_text(source)
    if over is not None:  # fail fast: such a file would only cost seconds and memory
        return ParseResult(source, None, (over,))
    context.path = source.path
    context.diagnostics = []
    _comments.items = []
    # The parse allocates many small objects that all stay alive (the AST), so each collection
    # the allocations trigger would walk the growing tree again: parsing would grow faster
    # than the input. Nothing the parse builds needs the cycle collector; it is back on after.
    collecting = gc.isenabled()
    gc.disable()
    try:
        file, syntax_diags, partial = parse_with_recovery(parser(), _lone_cr_as_lf(source))
        diags = list(syntax_diags) + context.diagnostics
        if file is not None:
            file = attrs.evolve(file, comments=tuple(sorted(_comments.items, key=lambda c: c.span.start)))
    finally:
        context.diagnostics = []
        _comments.items = []
        if collecting:
            gc.enable()
    diags = bounded(source, sorted(set(diags), key=Diagnostic.sort_key))
    return ParseResult(source, file, tuple(diags), partial)


def _lone_cr_as_lf(source: SourceFile) -> SourceFile:
    """The text the lexer reads: a lone CR ends a line, as in editors and :class:`SourceFile`.

    Replacing it by LF keeps every offset, so spans still point into the original text.
    """
    if "\r" not in source.text:
        return source
    return SourceFile(source.path, _LONE_CR.sub("\n", source.text))


_LONE_CR = re.compile(r"\r(?!\n)")


def parse_text(text: str, path: str = "<input>") -> ParseResult:
    return parse(SourceFile(path, text))
