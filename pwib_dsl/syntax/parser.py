"""The parser: text → surface AST + diagnostics.

Two parsers run the same tables (:mod:`pwib_dsl.syntax.grammar`, built once and kept between
processes) with the same lowering (:class:`~pwib_dsl.surface.lower.Lower`, called inline
on each reduce, so no parse tree is ever built) and the same lexer callbacks (the lexical
rules of :mod:`pwib_dsl.syntax.lexical`, and comments collected into the per-parse context):

* the parser runtime (:mod:`pwib_dsl.syntax.runtime`) reads every file first. It imports
  nothing of Lark and handles valid files only;
* at its first syntax error, Lark (imported then) parses the text again from the start with
  error recovery (:mod:`pwib_dsl.syntax.recovery`), which reports every error. So an invalid
  file gets the diagnostics Lark's parse gives it, whatever the runtime read before the error.
"""

from __future__ import annotations

import functools
import gc
import re
import threading
from typing import TYPE_CHECKING

import attrs

from pwib_dsl.diagnostics.model import Diagnostic
from pwib_dsl.source import SourceFile
from pwib_dsl.surface import nodes as n
from pwib_dsl.surface.lower import Lower, context, tok_span
from pwib_dsl.syntax import grammar
from pwib_dsl.syntax.result import ParseResult

if TYPE_CHECKING:
    from lark import Lark

    from pwib_dsl.syntax.runtime import Runtime

_comments = threading.local()


def _on_comment(tok) -> object:
    _comments.items.append(n.Comment(str(tok), span=tok_span(tok)))
    return tok


def lexer_callbacks() -> dict:
    """The lexer callbacks both parsers run: the lexical rules, and comments collected."""
    from pwib_dsl.syntax import lexical

    return {**lexical.callbacks(), "COMMENT": _on_comment}


class _LarkLower:
    """The lowering as Lark calls a transformer's methods: with the children as one list."""

    def __init__(self, lower: Lower) -> None:
        self._lower = lower

    def __getattr__(self, name: str):
        if name.startswith("__"):  # Lark probes for `__default__`: a rule without a method
            raise AttributeError(name)
        method = getattr(self._lower, name)

        def call(children):
            return method(*children)

        return call


def lark_transformer() -> _LarkLower:
    """The lowering, to hand to Lark as its transformer (``Lark(..., transformer=...)``)."""
    return _LarkLower(Lower())


@functools.cache
def parser() -> Lark:
    """The process-wide Lark parser: the grammar's tables with the lowering and lexer callbacks on."""
    return grammar.load(transformer=lark_transformer(), lexer_callbacks=lexer_callbacks())


@functools.cache
def runtime(start: tuple[str, ...] = ("start",)) -> Runtime | None:
    """The process-wide parser runtime on the tables for ``start``, or None when it cannot run them."""
    from pwib_dsl import lexer_patterns
    from pwib_dsl.syntax import runtime as rt

    for fresh in (False, True):  # an entry the runtime refuses is exported again
        data = grammar.runtime_tables(fresh=fresh, start=start)
        try:
            compile_for = functools.partial(lexer_patterns.compiler, grammar.runtime_patterns_name(start))
            return rt.Runtime(data, Lower(), lexer_callbacks(), compile_for)
        except Exception:  # noqa: BLE001 - a damaged entry, or tables the runtime does not run
            continue
    return None


def parse_valid(text: str, start: str = "start", starts: tuple[str, ...] = ("start",)):
    """What the runtime reads from ``text`` (the lowering's value), or None at a syntax error
    (or anything else the runtime leaves to Lark). The caller sets the per-parse context."""
    from pwib_dsl.syntax import lexical

    run = runtime(starts)
    if run is None:
        return None
    lexical.current.text = text
    try:
        return run.parse(text, start)
    except Exception:  # noqa: BLE001 - runtime.Failed, or anything else: Lark's parse decides
        return None
    finally:
        lexical.current.text = None


@functools.cache
def keywords() -> tuple[str, ...]:
    """Every keyword of the grammar (its KW_/LANE/TEXT_LAYER/UNIT terminals), sorted.

    What the grammar itself says; the word table (:mod:`pwib_dsl.syntax.keywords`) is
    checked against it.
    """
    from pwib_dsl.syntax.keywords import grammar_words

    return tuple(sorted({w for words in grammar_words().values() for w in words}))


def parse(source: SourceFile) -> ParseResult:
    """Parse a source file into a surface AST, reporting every syntax error found."""
    from pwib_dsl.limits import check_text
    from pwib_dsl.syntax import errors
    from pwib_dsl.syntax.errors import bounded

    over = check_text(source)
    if over is not None:  # fail fast: such a file would only cost seconds and memory
        return ParseResult(source, None, (over,))
    context.path = source.path
    context.diagnostics = []
    _comments.items = []
    read = _lone_cr_as_lf(source)
    # The parse allocates many small objects that all stay alive (the AST), so each collection
    # the allocations trigger would walk the growing tree again: parsing would grow faster
    # than the input. Nothing the parse builds needs the cycle collector; it is back on after.
    collecting = gc.isenabled()
    gc.disable()
    try:
        file = parse_valid(read.text)
        if file is not None:
            syntax_diags, partial = errors.declares_nothing(read, file), None
        else:  # a syntax error: Lark reads the file again, with recovery, from a clean slate
            from pwib_dsl.syntax.recovery import parse_with_recovery

            context.diagnostics = []
            _comments.items = []
            file, syntax_diags, partial = parse_with_recovery(parser(), read)
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
