"""Parses kept between processes: a file's AST and syntax diagnostics, read back by its text.

One mechanism for every file a command compiles — workspace files, base workspaces, modules
loaded on demand and the standard library. An entry of the per-user cache
(:mod:`pwib_dsl.cache`, kind ``parse``) is named by a hash of

* the file's text (so any edit is a new entry),
* its display path (diagnostics and the AST's module name carry it), and
* :func:`front_end_digest`: the grammar, the source of the code that turns text into an
  AST and diagnostics (``syntax/``, ``surface/``, ``diagnostics/``, ``source.py``) and the
  installed Lark, so a changed front end never reads what an older one wrote.

It holds the AST (None when nothing could be recovered), the diagnostics and the partial tree
of a parse that gave up. A missing, stale or corrupt entry is a miss: the file is parsed and
the entry written. The commands compile with :class:`StoredParses`; the language server keeps
its own in-memory :class:`~pwib_dsl.driver.ParseCache` (it re-parses only the edited block,
which needs the previous parse of this process).
"""

from __future__ import annotations

import functools
import os

from pwib_dsl.diagnostics.model import Diagnostic
from pwib_dsl.source import SourceFile
from pwib_dsl.syntax.result import ParseResult

#: the cache's kind for parses
KIND = "parse"


def parse(src: SourceFile):
    """The parse of ``src``: read back from the cache, else parsed (by the front end's
    :func:`~pwib_dsl.syntax.parser.parse`, looked up when called) and kept."""
    name = _name(src)
    hit = _read(src, name)
    if hit is not None:
        return hit
    from pwib_dsl.syntax import parser

    result = parser.parse(src)
    _write(result, name)
    return result


def _name(src: SourceFile) -> str | None:
    """The entry's name, or None when the cache is off (then not even the front end's digest
    is worth making)."""
    from pwib_dsl import cache

    if cache.directory() is None:
        return None
    return cache.key(KIND, src.path, src.text, front_end_digest())


def _read(src: SourceFile, name: str | None):
    from pwib_dsl import cache

    if name is None:
        return None
    hit = cache.load(KIND, name)
    return ParseResult(src, hit[0], hit[1], hit[2]) if _valid(hit) else None


def _write(result, name: str | None) -> None:
    from pwib_dsl import cache

    if name is not None:
        cache.store(KIND, name, (result.file, tuple(result.diagnostics), result.partial))


def _valid(hit) -> bool:
    if not (isinstance(hit, tuple) and len(hit) == 3 and isinstance(hit[1], tuple)):
        return False
    from pwib_dsl.surface import nodes as n

    return isinstance(hit[0], (n.File, type(None))) and isinstance(hit[2], (n.File, type(None))) and all(
        isinstance(d, Diagnostic) for d in hit[1]
    )


class StoredParses:
    """The parse cache of a command (what :class:`~pwib_dsl.driver.ParseCache` is for the
    language server): each file parsed at most once per process, and read back from the
    per-user cache when an earlier process parsed the same text."""

    def __init__(self) -> None:
        self._done: dict[str, object] = {}

    def parse(self, src: SourceFile):
        last = self._done.get(src.path)
        if last is not None and last.source.text == src.text:
            return last
        result = parse(src)
        self._done[src.path] = result
        return result

    def forget(self, path: str) -> None:
        self._done.pop(path, None)

    def holds(self, src: SourceFile) -> bool:
        """Whether the parse of this very text is at hand without parsing: made in this
        process, or kept by an earlier one (then it is read now, once)."""
        last = self._done.get(src.path)
        if last is not None and last.source.text == src.text:
            return True
        hit = _read(src, _name(src))
        if hit is None:
            return False
        self._done[src.path] = hit
        return True

    def store(self, result) -> None:
        """Keep a parse made by a worker process (which kept it for later processes too)."""
        self._done[result.source.path] = result


@functools.cache
def front_end_digest() -> str:
    """A hash of the grammar and of the code that turns text into an AST and diagnostics."""
    from pwib_dsl import cache, resources

    # the grammar's text read as :func:`pwib_dsl.syntax.grammar.text` does, without loading Lark
    grammar = resources.read_text(resources.grammar_file())
    return cache.key(grammar, cache.code_digest("syntax", "surface", "diagnostics", "source.py"), _lark_stamp())


def _lark_stamp() -> str:
    """Where Lark is installed and its ``__init__``'s size and modification time (an upgrade
    rewrites it), found without importing it: its version costs more than a parse saves."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("lark")
        st = os.stat(spec.origin)
    except (ImportError, ValueError, AttributeError, TypeError, OSError):
        return "no lark"
    return f"{spec.origin}\0{st.st_size}\0{st.st_mtime_ns}"
