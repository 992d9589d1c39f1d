"""The standard-library files: listed, read and parsed once.

A standard-library file is parsed once per process (keyed by path, size and modification
time) and, between processes, kept in the per-user cache (:mod:`pwib_dsl.cache`) by a hash of
its bytes, its display name and the front end's code, so an edited stdlib file or compiler is
parsed again and an unchanged one is read back instead of parsed. ``sema`` asks for them
through the driver's source provider (:class:`pwib_dsl.sema.modules.Files`).
"""

from __future__ import annotations

import functools
from pathlib import Path

from pwib_dsl.source import SourceFile
from pwib_dsl.surface import nodes as n

_stdlib_cache: dict[tuple, tuple] = {}


def files(folder: Path | None) -> dict[str, Path]:
    """Standard-library files by module name (a stdlib file is named after its module)."""
    if folder is None or not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.blueprint"))}


def parse_cached(path: Path, display: str, parse):
    """(source, AST, diagnostics) of a standard-library file, parsed once per process."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    hit = _stdlib_cache.get(key)
    if hit is None:
        hit = _parse_stdlib(path, display, parse)
        _stdlib_cache[key] = hit
    return hit


def _parse_stdlib(path: Path, display: str, parse):
    """(source, AST, diagnostics) of a standard-library file, kept between processes
    (``parse`` is the front end's :func:`~pwib_dsl.syntax.parser.parse` for every caller)."""
    from pwib_dsl import cache
    from pwib_dsl.workspace.reading import read_source, source_from_bytes

    try:
        data = path.read_bytes()
    except OSError:
        return (None, None, (read_source(path, display),))
    name = cache.key("stdlib", display, data, _front_end_digest())
    hit = cache.load("stdlib", name)
    if (
        isinstance(hit, tuple)
        and len(hit) == 3
        and isinstance(hit[0], SourceFile)
        and isinstance(hit[1], (n.File, type(None)))
        and isinstance(hit[2], tuple)
    ):
        return hit
    src = source_from_bytes(data, display)
    if not isinstance(src, SourceFile):
        return (None, None, (src,))
    file, diags = parse(src)
    hit = (src, file, tuple(diags))
    cache.store("stdlib", name, hit)
    return hit


@functools.cache
def _front_end_digest() -> str:
    """A hash of the grammar and of the code that turns text into an AST and diagnostics."""
    from pwib_dsl import cache
    from pwib_dsl.syntax import grammar

    return cache.key(grammar.text(), cache.code_digest("syntax", "surface", "diagnostics", "source.py"))
