"""The standard-library files: listed, read and parsed once.

A standard-library file is parsed once per process (keyed by path, size and modification
time) and, between processes, kept in the per-user cache like every other file
(:mod:`pwib_dsl.workspace.parses`: by its text, its display name and the front end's code),
so an edited stdlib file or compiler is parsed again and an unchanged one is read back instead
of parsed. ``sema`` asks for them through the driver's source provider
(:class:`pwib_dsl.sema.modules.Files`).
"""

from __future__ import annotations

from pathlib import Path

from pwib_dsl.source import SourceFile

_stdlib_cache: dict[tuple, tuple] = {}


def files(folder: Path | None) -> dict[str, Path]:
    """Standard-library files by module name (a stdlib file is named after its module)."""
    if folder is None or not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.blueprint"))}


def parse_cached(path: Path, display: str):
    """(source, AST, diagnostics) of a standard-library file, parsed once per process."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    hit = _stdlib_cache.get(key)
    if hit is None:
        hit = _parse_stdlib(path, display)
        _stdlib_cache[key] = hit
    return hit


def _parse_stdlib(path: Path, display: str):
    """(source, AST, diagnostics) of a standard-library file, kept between processes."""
    from pwib_dsl.workspace import parses
    from pwib_dsl.workspace.reading import read_source

    src = read_source(path, display)
    if not isinstance(src, SourceFile):
        return (None, None, (src,))
    result = parses.parse(src)
    return (src, result.file, tuple(result.diagnostics))
