"""Reading, reporting and writing for ``pwib fmt`` (the printing itself is :mod:`pwib_dsl.fmt.printer`).

Files are compared and written as bytes: the canonical form is UTF-8 without a byte-order mark,
with LF line endings, so a file that differs only in those is "changed". Diagnostics go to
standard error, so standard output carries only formatted text, diffs and file lists.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import attrs

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity
from pwib_dsl.source import NO_SPAN, DecodeError, SourceFile, decode

EXIT_OK, EXIT_CHANGED, EXIT_IO = 0, 1, 2
#: The formatted text could not be written (permissions, disk full); the file is unchanged.
PB702 = "PB702"


def print_diagnostics(diags, stream=None) -> None:
    """Diagnostics one per line, ``file:line:col: severity[code]: message`` as ``pwib check`` prints them."""
    stream = stream or sys.stderr
    for d in sorted(diags, key=Diagnostic.sort_key):
        if d.primary is None:
            loc = "pwib"
        elif d.primary.span.line == 0:  # about a whole file
            loc = d.primary.file
        else:
            loc = f"{d.primary.file}:{d.primary.span.line}:{d.primary.span.col}"
        print(f"{loc}: {d.severity.value}[{d.code}]: {d.message}", file=stream)
        if d.help:
            print(f"  help: {d.help}", file=stream)


def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff in the form ``patch`` reads, including its "No newline" marker."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"{path} (original)", f"{path} (formatted)"
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def load(path: Path, shown: str) -> tuple[bytes, SourceFile] | Diagnostic:
    """The bytes of a file and its decoded source, or the loader's diagnostic (the same
    reading and the same codes as ``pwib check``: PB010, PB012, PB013, PB015)."""
    from pwib_dsl.workspace.reading import read_bytes, source_from_bytes

    data = read_bytes(path, shown)
    if isinstance(data, Diagnostic):
        return data
    source = source_from_bytes(data, shown)
    if isinstance(source, Diagnostic):
        return source
    return data, source


@attrs.define
class Session:
    """One ``pwib fmt`` run: its mode and its tallies."""

    check: bool = False
    diff: bool = False
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    status: int = EXIT_OK

    @property
    def writes(self) -> bool:
        return not (self.check or self.diff)

    def _fail(self, code: int) -> None:
        self.status = max(self.status, code)

    # -- modes

    def files(self, paths: list[str]) -> int:
        from pwib_dsl.workspace.reading import discover, display_path

        found, diags = discover(paths)
        for d in diags:
            if d.code == "PB011":  # an empty folder is nothing to do, not an error
                print_diagnostics([d.with_severity(Severity.WARNING)])
            else:
                print_diagnostics([d])
                self._fail(EXIT_IO)
        for path in found:
            self.one(path, display_path(path))
        self.summary()
        return self.status

    def one(self, path: Path, shown: str) -> None:
        from pwib_dsl.atomic import why_not_replace, write_atomic
        from pwib_dsl.api import format_text
        from pwib_dsl.workspace.reading import IO_CODES

        loaded = load(path, shown)
        if isinstance(loaded, Diagnostic):
            print_diagnostics([loaded])
            if loaded.code in IO_CODES:
                self._fail(EXIT_IO)
            else:  # the file was read but its content is wrong: as `pwib check` says, exit 1
                self.failed += 1
                self._fail(EXIT_CHANGED)
            return
        data, source = loaded
        result = format_text(source.text, source.path)
        if not result.ok:
            print_diagnostics(result.diagnostics)
            print(f"pwib fmt: {shown} not formatted because of the errors above; it was left as it is", file=sys.stderr)
            self.failed += 1
            self._fail(EXIT_CHANGED)
            return
        out = result.text.encode("utf-8")
        if out == data:
            self.unchanged += 1
            return
        self.changed += 1
        if self.diff:
            sys.stdout.write(unified_diff(data.decode("utf-8", "replace"), result.text, shown))
        if self.check:
            print(f"would reformat {shown}")
        if not self.writes:
            self._fail(EXIT_CHANGED)
            return
        refused = why_not_replace(path)
        if refused is not None:
            print_diagnostics([_refused(shown, refused)])
            self.changed -= 1
            self.failed += 1
            self._fail(EXIT_IO)
            return
        try:
            write_atomic(path, out)
        except OSError as exc:
            print_diagnostics([_write_failed(shown, exc)])
            self.changed -= 1
            self.failed += 1
            self._fail(EXIT_IO)

    def stdin(self) -> int:
        from pwib_dsl.api import format_text
        from pwib_dsl.limits import too_large
        from pwib_dsl.workspace.reading import source_from_bytes

        data = sys.stdin.buffer.read()
        source = too_large(len(data), "<stdin>") or source_from_bytes(data, "<stdin>")
        if isinstance(source, Diagnostic):  # the same codes and exit status as for a file
            print_diagnostics([source])
            return EXIT_CHANGED
        result = format_text(source.text, source.path)
        if not result.ok:
            print_diagnostics(result.diagnostics)
            return EXIT_CHANGED
        out = result.text.encode("utf-8")
        if self.writes:
            sys.stdout.buffer.write(out)
            sys.stdout.flush()
            return EXIT_OK
        if out == data:
            return EXIT_OK
        if self.diff:
            sys.stdout.write(unified_diff(data.decode("utf-8", "replace"), result.text, "<stdin>"))
        if self.check:
            print("would reformat <stdin>")
        return EXIT_CHANGED

    def textconv(self, paths: list[str]) -> int:
        """Formatted text on stdout; the file as it is when it cannot be formatted. Always exit 0."""
        from pwib_dsl.api import format_text

        for raw in paths:
            path = Path(raw)
            try:
                data = path.read_bytes()
            except OSError as exc:
                print(f"pwib fmt: cannot read `{raw}`: {exc.strerror or exc}", file=sys.stderr)
                return EXIT_IO
            try:
                result = format_text(decode(data), raw)
            except DecodeError:
                result = None
            sys.stdout.buffer.write(result.text.encode("utf-8") if result is not None and result.ok else data)
        sys.stdout.flush()
        return EXIT_OK

    def summary(self) -> None:
        done = "would be reformatted" if not self.writes else "reformatted"
        parts = []
        if self.changed:
            parts.append(f"{_files(self.changed)} {done}")
        if self.unchanged:
            parts.append(f"{_files(self.unchanged)} already formatted")
        if self.failed:
            parts.append(f"{_files(self.failed)} with errors")
        if parts:
            print(f"pwib fmt: {', '.join(parts)}", file=sys.stderr)


def _write_failed(shown: str, exc: OSError) -> Diagnostic:
    return Diagnostic(
        PB702, Severity.ERROR, msg("PB702.cannot-write", path=shown, reason=exc.strerror or exc),
        Label(shown, NO_SPAN), help="check the permissions of the file and its folder, and the free space",
    )


def _refused(shown: str, reason: str) -> Diagnostic:
    return Diagnostic(
        "PB705", Severity.ERROR, msg("PB705.not-rewritten", path=shown, reason=reason),
        Label(shown, NO_SPAN),
        help="`pwib fmt --diff` shows the change; make the file writable, or give it one name"
        " (copy it), to let `pwib fmt` rewrite it",
    )


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"
