"""Finding and reading input: paths → ``.blueprint`` files → decoded :class:`SourceFile`.

Every failure becomes a diagnostic with a code, never an exception:

* PB010 — a path that does not exist, a folder where a file was expected, something that is
  not a regular file (a FIFO or device would block or never end), or an OS error while
  reading (permission denied, ...);
* PB011 — a folder with no ``.blueprint`` file in it;
* PB012 — bytes that are not UTF-8 (the byte offset and line of the first bad byte);
* PB013 — a NUL byte: the file is binary, not a blueprint.

A UTF-8 byte order mark is dropped, so columns count from the first real character; CRLF
line ends are kept in the text and handled by :class:`SourceFile`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity
from pwib_dsl.source import NO_SPAN, DecodeError, SourceFile, Span, decode

EXTENSION = ".blueprint"

#: Codes that mean "the input could not be read" rather than "the input is wrong".
IO_CODES = frozenset({"PB010", "PB011"})


def display_path(path: Path) -> str:
    """The path as shown in diagnostics: relative to the working folder when below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def discover(paths) -> tuple[list[Path], list[Diagnostic]]:
    """Expand files and folders (recursively, sorted) into ``.blueprint`` files.

    A file given by name is read whatever its extension; in a folder only ``*.blueprint``
    regular files count. The same file reached twice is read once.
    """
    found: list[Path] = []
    diags: list[Diagnostic] = []
    for raw in paths:
        path = Path(raw)
        shown = str(raw)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            diags.append(_io("PB010", msg("PB010.no-such-path", path=shown), shown, help="check the path"))
            continue
        except OSError as exc:
            diags.append(_io("PB010", msg("PB010.cannot-read", path=shown, reason=exc.strerror or exc), shown))
            continue
        if stat.S_ISDIR(mode):
            files, walk_diags = walk(path, shown)
            diags.extend(walk_diags)
            if not files and not walk_diags:
                diags.append(
                    _io(
                        "PB011",
                        msg("PB011.no-files", extension=EXTENSION, path=shown),
                        shown,
                        help=f"blueprints are files ending in `{EXTENSION}`",
                    )
                )
            found.extend(files)
        elif stat.S_ISREG(mode):
            found.append(path)
        else:
            diags.append(_io("PB010", msg("PB010.not-regular-file", path=shown), shown))
    seen = set()
    unique = []
    for p in found:
        try:
            key = p.resolve()
        except (OSError, RuntimeError):  # a link loop (RuntimeError before Python 3.13)
            key = p.absolute()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique, diags


def walk(folder: Path, shown: str) -> tuple[list[Path], list[Diagnostic]]:
    """Every ``*.blueprint`` regular file below ``folder``, sorted, and PB010 for each
    sub-folder that cannot be read (so a tree is never checked with a part silently missing).

    Symbolic links to folders are not followed (a link cannot pull in another tree, and a
    link loop cannot make the walk endless); a link to a file counts when it leads to a
    regular file. A link that loops or dangles is not a file and is skipped. Hidden
    sub-folders (``.git``, ``.pwib`` with the base snapshots of variants) are not entered,
    as a workspace's own file list leaves them out.
    """
    found: list[Path] = []
    diags: list[Diagnostic] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            where = shown if current == folder else display_path(current)
            diags.append(_io("PB010", msg("PB010.cannot-read-folder", path=where, reason=exc.strerror or exc), where,
                             help="make the folder readable, or leave it out of the paths given"))
            continue
        subdirs = []
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith("."):
                        subdirs.append(Path(entry.path))
                elif entry.name.endswith(EXTENSION) and entry.is_file():
                    found.append(Path(entry.path))
            except OSError:  # a link loop, or an entry that vanished: not a file
                continue
        stack.extend(reversed(subdirs))
    return sorted(found), diags


def read_source(path: Path, display: str | None = None) -> SourceFile | Diagnostic:
    """Read and decode one file, or explain why it cannot be read."""
    shown = display or display_path(path)
    data = read_bytes(path, shown)
    if isinstance(data, Diagnostic):
        return data
    return source_from_bytes(data, shown)


def read_bytes(path: Path, shown: str) -> bytes | Diagnostic:
    """The bytes of one regular file of at most :data:`~pwib_dsl.limits.MAX_FILE_BYTES`
    (the size is checked before reading), or the diagnostic saying why not."""
    from pwib_dsl.limits import too_large

    try:
        st = path.stat()
        mode = st.st_mode
        if stat.S_ISDIR(mode):
            return _io("PB010", msg("PB010.folder-not-file", path=shown), shown)
        if not stat.S_ISREG(mode):
            return _io("PB010", msg("PB010.not-regular-file", path=shown), shown)
        big = too_large(st.st_size, shown)
        if big is not None:
            return big
        data = path.read_bytes()
        big = too_large(len(data), shown)  # it grew after the stat
        if big is not None:
            return big
        return data
    except FileNotFoundError:
        return _io("PB010", msg("PB010.no-such-file", path=shown), shown)
    except IsADirectoryError:
        return _io("PB010", msg("PB010.folder-not-file", path=shown), shown)
    except OSError as exc:
        return _io("PB010", msg("PB010.cannot-read", path=shown, reason=exc.strerror or exc), shown)


def source_from_bytes(data: bytes, shown: str) -> SourceFile | Diagnostic:
    """Decode bytes read from ``shown`` (UTF-8, optional BOM); PB012/PB013 when impossible."""
    try:
        text = decode(data)
    except DecodeError as exc:
        span = _position(data, exc.offset)
        return Diagnostic(
            "PB012",
            Severity.ERROR,
            msg("PB012.not-utf8", path=shown, reason=exc.reason, offset=exc.offset),
            Label(shown, span, "this byte is not UTF-8"),
            help="save the file as UTF-8 (most editors have it under “Save with encoding”)",
        )
    nul = text.find("\x00")
    if nul != -1:
        bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        offset = bom + len(text[:nul].encode("utf-8"))
        return Diagnostic(
            "PB013",
            Severity.ERROR,
            msg("PB013.nul-byte", path=shown, offset=offset),
            Label(shown, SourceFile(shown, text).span(nul, nul + 1), "NUL byte"),
            help="a blueprint is a text file; remove the NUL bytes or check that this is the right file",
        )
    return SourceFile(shown, text)


def lenient_source(path: Path, shown: str) -> SourceFile | None:
    """The text of a file for showing an excerpt, bad bytes replaced (None if unreadable)."""
    try:
        data = path.read_bytes() if path.is_file() else None
    except OSError:
        return None
    if data is None:
        return None
    text = data.decode("utf-8", errors="replace")
    return SourceFile(shown, text[1:] if text.startswith("\ufeff") else text)


def _position(data: bytes, offset: int) -> Span:
    """Line and column of a byte offset, counting the valid text before it."""
    prefix = data[:offset].decode("utf-8", errors="replace")
    if prefix.startswith("\ufeff"):
        prefix = prefix[1:]
    src = SourceFile("", prefix + " ")
    return src.span(len(prefix), len(prefix) + 1)


def _io(code: str, message: str, file: str, help: str | None = None) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, Label(file, NO_SPAN), help=help)


def quoted(path: str) -> SourceFile | None:
    """The text of a file a diagnostic quotes (``path`` as shown), for its excerpt; bad
    bytes are shown replaced, since an excerpt of a file that is not UTF-8 still helps."""
    return lenient_source(Path(path), path)
