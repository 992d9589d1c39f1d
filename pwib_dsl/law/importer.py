"""Importing law files into a workspace's snapshot folder, with diagnostics instead of tracebacks.

Every file is read and checked before anything is written; one bad file means nothing is
written (PB020 for each problem), so the folder never holds half an import.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity
from pwib_dsl.source import NO_SPAN, SourceFile

CODE = "PB020"


@attrs.frozen
class ImportResult:
    written: tuple[Path, ...]
    snapshots: tuple  # the snapshots read, in input order
    diagnostics: tuple[Diagnostic, ...]


def read_file(path: Path, shown: str, partial: bool = False):
    """(snapshot, None) or (None, diagnostic) for one law file."""
    from pwib_dsl.law.readers import LawInputError, reader_for

    try:
        data = path.read_bytes()
    except IsADirectoryError:
        return None, _diag(shown, None, msg("PB020.folder-not-law", path=shown), 0, 0)
    except OSError as exc:
        return None, _diag(shown, None, msg("PB020.cannot-read", path=shown, reason=exc.strerror or exc), 0, 0)
    reader = reader_for(path, data)
    if reader is None:
        return None, _diag(
            shown, None, msg("PB020.unknown-format", path=shown), 0, 0,
            help="give a regelrecht law version (.yaml with bwb_id, valid_from and articles)",
        )
    try:
        snapshot = reader.read(path, data)
    except LawInputError as exc:
        text = data.decode("utf-8", errors="replace")
        return None, _diag(shown, text, msg("PB020.unreadable", path=shown, reason=exc.message), exc.line, exc.column, help=exc.help)
    if partial:
        snapshot = attrs.evolve(snapshot, partial=True)
    return snapshot, None


def import_files(paths: list[Path], shown: list[str], folder: Path, partial: bool = False) -> ImportResult:
    from pwib_dsl.law import store

    snapshots, diags = [], []
    seen: dict[tuple[str, str], str] = {}
    for path, name in zip(paths, shown):
        snap, diag = read_file(path, name, partial)
        if diag is not None:
            diags.append(diag)
            continue
        key = (snap.bwb, snap.valid_from)
        if key in seen:
            diags.append(_diag(name, None, msg("PB020.same-version", name=name, bwb=snap.bwb, valid_from=snap.valid_from, first=seen[key]), 0, 0, help="import each version once"))
            continue
        seen[key] = name
        snapshots.append(snap)
    if diags:
        return ImportResult((), tuple(snapshots), tuple(diags))
    try:
        written = store.write_all(folder, snapshots)
    except OSError as exc:
        return ImportResult((), tuple(snapshots), (_diag(str(folder), None, msg("PB020.cannot-write", reason=exc.strerror or exc), 0, 0),))
    return ImportResult(tuple(written), tuple(snapshots), ())


def _diag(shown: str, text: str | None, message: str, line: int, col: int, help: str | None = None) -> Diagnostic:
    span = NO_SPAN
    if text is not None and line > 0:
        src = SourceFile(shown, text)
        line = min(line, len(src.line_starts))
        col = max(1, min(col, len(src.line_text(line)) + 1))
        start = src.offset(line, col)
        span = src.span(start, min(start + 1, src.line_end(line)) if start < src.line_end(line) else start)
    return Diagnostic(CODE, Severity.ERROR, message, Label(shown, span, "cannot be read"), help=help)
