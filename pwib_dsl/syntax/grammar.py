"""The grammar, compiled: Lark's LALR tables for ``grammar/blueprint.lark``, built once.

Building the tables (reading the grammar, the LALR construction and the strict proof that no
two terminals collide) costs more than everything else a small ``pwib check`` does, and its
result depends only on the grammar text and the Lark version. So the tables are built once and
kept in the per-user cache (:mod:`pwib_dsl.cache`), keyed by a hash of those two; every later
process loads them (``Lark.load``), which skips the build and the collision proof. The strict
build runs when there is no usable entry (first run, a new grammar, a new Lark) and in the
tests (``tests/test_parser_build.py`` also proves loaded tables equal freshly built ones).

The same build also gives the tables as plain data for the parser runtime
(:mod:`pwib_dsl.syntax.export`, :mod:`pwib_dsl.syntax.runtime`), kept as a cache entry of its
own: :func:`runtime_tables` loads it without importing Lark (Lark's version is read from its
``__init__.py`` for the key), so a process that parses only valid files never imports Lark.
Lark is imported here only to build tables and to load them into a Lark parser (:func:`load`,
used for error recovery and interactive parsing).

This module is the bottom of :mod:`pwib_dsl.syntax`: it imports nothing of the package but
the resource lookup, the cache and the compiled lexer patterns
(:mod:`pwib_dsl.lexer_patterns`). :mod:`pwib_dsl.syntax.parser` puts the lowering
transformer and the lexer callbacks on the tables and parses.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from pwib_dsl import cache, resources

if TYPE_CHECKING:
    from lark import Lark

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
    from lark import Lark

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
    saved = _saved_form(_built(start))
    cache.store("parser", name, saved)
    return saved


@functools.cache
def _built(start: tuple[str, ...]) -> Lark:
    """The strict build, once per process: both cache entries of a miss come from it."""
    return build(start)


def _lark_stamp() -> str:
    """What names the installed Lark: its ``__init__.py`` (which states its version), found
    without importing Lark; Lark's version itself when it is not installed as plain files."""
    import importlib.machinery
    from pathlib import Path

    spec = importlib.machinery.PathFinder.find_spec("lark")
    origin = getattr(spec, "origin", None)
    if origin:
        try:
            return resources.read_text(Path(origin))
        except (OSError, UnicodeDecodeError):
            pass
    import lark

    return lark.__version__


def _runtime_name(start: tuple[str, ...]) -> str:
    from pwib_dsl.syntax import export

    return cache.key(
        "runtime-tables", text(), _lark_stamp(), repr(sorted(OPTIONS.items())), repr(start),
        str(export.FORMAT), cache.code_digest("syntax/export.py"),
    )


def runtime_tables(fresh: bool = False, start: tuple[str, ...] = ("start",)) -> dict:
    """The tables as the runtime's plain data (:mod:`pwib_dsl.syntax.export`): from the cache
    without importing Lark, else exported from a strict build now (and kept)."""
    return _runtime_tables(bool(fresh), tuple(start))


@functools.cache
def _runtime_tables(fresh: bool, start: tuple[str, ...]) -> dict:
    from pwib_dsl.syntax import export

    name = _runtime_name(start)
    if not fresh:
        hit = cache.load("runtime", name)
        if _runtime_shaped(hit):
            return hit
    data = export.export(_built(start))
    cache.store("runtime", name, data)
    if cache.directory() is not None:  # the build is done: keep Lark's form too, for a file with an error
        tables(start=start)
    return data


def _runtime_shaped(data) -> bool:
    """Whether a cache entry has the runtime data's shape (anything else is rebuilt)."""
    from pwib_dsl.syntax import export

    try:
        return (
            isinstance(data, dict)
            and data.get("format") == export.FORMAT
            and isinstance(data["states"], list)
            and isinstance(data["rules"], list)
            and isinstance(data["lexers"], list)
            and isinstance(data["starts"], dict)
            and len(data["state_lexer"]) == len(data["states"])
            and 0 <= min(data["state_lexer"], default=0)
            and max(data["state_lexer"], default=0) < len(data["lexers"])
        )
    except (KeyError, TypeError, AttributeError):  # rows that are not dicts fail in the runtime
        return False


def runtime_patterns_name(start: tuple[str, ...] = ("start",)) -> str:
    """The name the runtime's compiled lexer patterns are kept under (:mod:`pwib_dsl.lexer_patterns`)."""
    return _runtime_name(tuple(start))


def load(start: tuple[str, ...] = ("start",), **options) -> Lark:
    """A parser on the tables, with ``options`` (a transformer, lexer callbacks) added, its
    lexer's patterns made from their compiled form when the cache has it
    (:mod:`pwib_dsl.lexer_patterns`)."""
    from pwib_dsl import lexer_patterns as patterns

    from lark import Lark

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
