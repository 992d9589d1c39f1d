"""The grammar, compiled: Lark's LALR tables for ``grammar/blueprint.lark``, built once.

Building the tables (reading the grammar, the LALR construction and the strict proof that no
two terminals collide) costs more than everything else a small ``pwib check`` does, and its
result depends only on the grammar text and the Lark version. So the tables are built once and
kept in the per-user cache (:mod:`pwib_dsl.cache`), keyed by a hash of those two; every later
process loads them (``Lark.load``), which skips the build and the collision proof. The strict
build runs when there is no usable entry (first run, a new grammar, a new Lark) and in the
tests (``tests/test_parser_build.py`` also proves loaded tables equal freshly built ones).

This module is the bottom of :mod:`pwib_dsl.syntax`: it imports nothing of the package but
the resource lookup, the cache and the compiled lexer patterns
(:mod:`pwib_dsl.lexer_patterns`). :mod:`pwib_dsl.syntax.parser` puts the lowering
transformer and the lexer callbacks on the tables and parses.
"""

from __future__ import annotations

import functools

from lark import Lark

from pwib_dsl import cache, resources

#: The settings the language relies on (see docs/architecture.md): LALR with the contextual
#: lexer, strict (terminal collisions and shift/reduce conflicts are errors), optional slots
#: kept as None so every rule has a fixed arity.
OPTIONS = dict(parser="lalr", lexer="contextual", strict=True, maybe_placeholders=True)


@functools.cache
def text() -> str:
    """The grammar's text."""
    return resources.read_text(resources.grammar_file())


def _cache_name(start: tuple[str, ...]) -> str:
    import lark

    return cache.key("parser-tables", text(), lark.__version__, repr(sorted(OPTIONS.items())), repr(start))


def _lark_meta_parser() -> None:
    """Build Lark's own grammar-file parser once, without the terminal-collision proof.

    Lark reads our grammar text with a parser for its own (fixed) grammar language, built on
    first use. With interegular installed, which ``strict=True`` needs for *our* terminals,
    Lark also proves its own terminals collision-free every time it is built: 0.28 s, for a
    result that never changes. The switch is Lark's module flag, turned off only around that
    build; our grammar is still checked strictly after it.
    """
    try:
        from lark import lexer as lark_lexer
        from lark.load_grammar import _get_parser
    except ImportError:  # another Lark layout: keep its default behaviour
        return
    if getattr(_get_parser, "cache", None) is not None or not hasattr(lark_lexer, "has_interegular"):
        return
    saved = lark_lexer.has_interegular
    lark_lexer.has_interegular = False
    try:
        _get_parser()
    finally:
        lark_lexer.has_interegular = saved


def build(start: tuple[str, ...] = ("start",)) -> Lark:
    """The tables built from the grammar text, with the strict checks (no cache involved).

    ``start`` names the rules a parse may begin with: the whole file (``start``), or, for
    re-parsing one block of an edited file, the block rules (its own tables, so the file's
    automaton is exactly the one-start one).
    """
    _lark_meta_parser()
    return Lark(text(), start=list(start), **OPTIONS)


def _saved_form(lark: Lark) -> dict:
    """``Lark.save``'s dict, plus the terminals (read without loading a second parser)."""
    import io
    import pickle

    buf = io.BytesIO()
    lark.save(buf)
    saved = pickle.loads(buf.getvalue())
    saved["terminals"] = tuple(lark.terminals)
    return saved


def tables(fresh: bool = False, start: tuple[str, ...] = ("start",)) -> dict:
    """The saved form of the tables (``Lark.save``'s dict): from the cache, else built now.

    ``fresh`` skips the cache and replaces its entry (used when an entry would not load).
    Once per process for each ``(fresh, start)``, however the arguments are spelt.
    """
    return _tables(bool(fresh), tuple(start))


@functools.cache
def _tables(fresh: bool, start: tuple[str, ...]) -> dict:
    name = _cache_name(start)
    if not fresh:
        hit = cache.load("parser", name)
        if (
            isinstance(hit, dict)
            and isinstance(hit.get("data"), dict)
            and isinstance(hit.get("memo"), dict)
            and isinstance(hit.get("terminals"), tuple)
        ):
            return hit
    saved = _saved_form(build(start))
    cache.store("parser", name, saved)
    return saved


def load(start: tuple[str, ...] = ("start",), **options) -> Lark:
    """A parser on the tables, with ``options`` (a transformer, lexer callbacks) added, its
    lexer's patterns made from their compiled form when the cache has it
    (:mod:`pwib_dsl.lexer_patterns`)."""
    from pwib_dsl import lexer_patterns as patterns

    saved = tables(start=start)
    try:
        lark = Lark._load_from_dict(saved["data"], saved["memo"], **options)
    except Exception:  # noqa: BLE001 - a damaged cache entry: build the tables again
        saved = tables(fresh=True, start=start)
        lark = Lark._load_from_dict(saved["data"], saved["memo"], **options)
    patterns.install(lark, _cache_name(tuple(start)))
    return lark


def terminals() -> tuple:
    """The grammar's terminals (Lark ``TerminalDef`` objects), in Lark's order."""
    return tables()["terminals"]
