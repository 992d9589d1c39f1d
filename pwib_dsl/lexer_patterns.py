"""The lexer's compiled regular expressions, kept between processes.

Lark's contextual lexer joins the terminals a parser state accepts into one regular expression
per distinct set of terminals, and compiles it the first time that state is reached. For this
grammar those are about seventy large alternations; compiling the ones a small file reaches
costs more than parsing the file. ``re`` keeps compiled patterns only for the process, so the
compiled form — the ``_sre`` program that :func:`re.compile` hands to :func:`_sre.compile` —
is kept in the per-user cache (:mod:`pwib_dsl.cache`) instead, one entry per parser, and later
processes make each pattern from its program, which takes microseconds. The parser runtime
(:mod:`pwib_dsl.syntax.runtime`) takes its per-state scanners from an entry of its own
(:func:`compiler`); Lark's lexers from theirs (:func:`install`).

The program format belongs to the interpreter, so the entry is keyed by the exact interpreter
version and ``_sre.MAGIC`` besides the tables it serves; when the interpreter's ``re``
internals are not the expected ones, or anything in making a pattern fails, the pattern is
compiled by :func:`re.compile` as before. Only the patterns change where they come from: the
lexer runs exactly as Lark built it.
"""

from __future__ import annotations

import re
import sys

from pwib_dsl import cache

try:  # CPython's regular-expression compiler, split in two steps
    import _sre
    from re import _compiler, _parser

    _USABLE = hasattr(_compiler, "_code") and hasattr(_parser, "parse") and hasattr(_sre, "MAGIC")
except ImportError:  # another interpreter: patterns are compiled as usual
    _USABLE = False


class PatternSource:
    """The part of the ``re`` module Lark's lexer uses (``compile``, ``match``, ``error``),
    making patterns from stored programs when it has them and recording the others."""

    error = re.error

    def __init__(self, stored: dict) -> None:
        self._stored = stored
        self._made: dict[tuple[str, int], re.Pattern] = {}
        #: programs of the patterns compiled here (to be stored), by (pattern, flags)
        self.programs: dict[tuple[str, int], tuple] = dict(stored)

    def compile(self, pattern, flags=0) -> re.Pattern:
        flags = int(flags)
        key = (pattern, flags)
        made = self._made.get(key)
        if made is not None:
            return made
        program = self._stored.get(key)
        made = None
        if program is not None:
            try:
                made = _sre.compile(pattern, *program)
            except Exception:  # noqa: BLE001 - a damaged entry: compile the pattern instead
                made = None
        if made is None:
            made, program = _compile(pattern, flags)
            if program is not None:
                self.programs[key] = program
        self._made[key] = made
        return made

    def match(self, pattern, string, flags=0):
        return self.compile(pattern, flags).match(string)


def _compile(pattern, flags: int) -> tuple[re.Pattern, tuple | None]:
    """The pattern and its program (None when it cannot be taken apart: not a str pattern,
    debug flags, or ``re`` internals that differ from CPython 3.11's)."""
    if not _USABLE or not isinstance(pattern, str) or flags & re.DEBUG:
        return re.compile(pattern, flags), None
    try:
        # what re._compiler.compile does, keeping the program it builds
        parsed = _parser.parse(pattern, flags)
        code = [int(op) for op in _compiler._code(parsed, flags)]
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        program = (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        return _sre.compile(pattern, *program), program
    except (re.error, AssertionError, RecursionError, OverflowError):
        return re.compile(pattern, flags), None  # re raises what it raises, as for Lark
    except Exception:  # noqa: BLE001 - internals that changed shape: the plain way
        return re.compile(pattern, flags), None


def _entry_name(tables_name: str) -> str:
    return cache.key("lexer-patterns", tables_name, sys.version, str(getattr(_sre, "MAGIC", "")))


def compiler(tables_name: str, patterns: list[tuple[str, int]]):
    """``compile(pattern, flags)`` for the parser runtime (:mod:`pwib_dsl.syntax.runtime`),
    making ``patterns`` from the entry for ``tables_name``.

    When the entry lacks any of them, all are compiled now and the entry is written, so the
    next process finds every one of them (whichever states its input reaches).
    """
    if not _USABLE or cache.directory() is None:
        return re.compile
    name = _entry_name(tables_name)
    stored = cache.load("patterns", name)
    if not isinstance(stored, dict):
        stored = {}
    source = PatternSource(stored)
    if any((p, int(f)) not in stored for p, f in patterns):
        for p, f in patterns:
            source.compile(p, f)
        if source.programs:
            cache.store("patterns", name, source.programs)
    return source.compile


def install(lark, tables_name: str) -> None:
    """Let ``lark``'s lexers take their patterns from the cache entry for ``tables_name``.

    Without an entry, every lexer's patterns are compiled now and the entry is written, so
    the next process finds all of them (whichever states its input reaches).
    """
    if not _USABLE or cache.directory() is None:
        return
    lexer = getattr(getattr(lark, "parser", None), "lexer", None)
    lexers = getattr(lexer, "lexers", None)
    if not isinstance(lexers, dict):
        return  # not the contextual lexer this module knows
    basic = {id(x): x for x in (*lexers.values(), getattr(lexer, "root_lexer", None)) if x is not None}
    if not all(hasattr(x, "re") and getattr(x, "_scanner", 0) is None for x in basic.values()):
        return
    name = _entry_name(tables_name)
    stored = cache.load("patterns", name)
    if not isinstance(stored, dict):
        stored = {}
    source = PatternSource(stored)
    for x in basic.values():
        x.re = source
    if not stored:
        for x in basic.values():
            x.scanner  # noqa: B018 - builds (compiles) the scanner now
        if source.programs:
            cache.store("patterns", name, source.programs)
