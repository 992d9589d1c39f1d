"""Finding and reading input: paths → ``.blueprint`` files → decoded :class:`SourceFile`.

Every failure (missing file, a directory where a file was expected, invalid UTF-8, NUL
bytes, ...) becomes a diagnostic with a code, never an exception.
"""

from __future__ import annotations

import os
from pathlib import Path

from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity
from pwib_dsl.source import NO_SPAN, DecodeError, SourceFile, decode

EXTENSION = ".blueprint"


def display_path(path: Path) -> str:
    """The path as shown in diagnostics: relative to the working folder when below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def discover(paths) -> tuple[list[Path], list[Diagnostic]]:
    """Expand files and folders (recursively, sorted) into ``.blueprint`` files."""
    found: list[Path] = []
    diags: list[Diagnostic] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob(f"*{EXTENSION}") if p.is_file())
            if not files:
                diags.append(_io("PB011", f"no {EXTENSION} files in folder `{raw}`", str(raw)))
            found.extend(files)
        elif path.exists():
            found.append(path)
        else:
            diags.append(_io("PB010", f"no such file or folder: `{raw}`", str(raw)))
    seen = set()
    unique = []
    for p in found:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique, diags


def read_source(path: Path, display: str | None = None) -> SourceFile | Diagnostic:
    """Read and decode one file, or explain why it cannot be read."""
    shown = display or display_path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        return _io("PB010", f"`{shown}` is a folder, not a file", shown)
    except OSError as exc:
        return _io("PB010", f"cannot read `{shown}`: {exc.strerror or exc}", shown)
    try:
        text = decode(data)
    except DecodeError as exc:
        return _io(
            "PB012",
            f"`{shown}` is not valid UTF-8: {exc.reason} at byte offset {exc.offset}",
            shown,
            help="save the file as UTF-8",
        )
    return SourceFile(shown, text)


def _io(code: str, message: str, file: str, help: str | None = None) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, Label(file, NO_SPAN), help=help)
