"""The documented input limits, and the checks that enforce them before any real work is done.

A real blueprint is a few thousand lines at most (the largest standard-library file is 24 KB,
its longest line under 500 characters, its blocks nested four deep, its longest title under
100 characters). The limits sit far above that, so no real file meets them, and low enough
that a file meeting them fails in milliseconds with PB015 instead of costing seconds of CPU
and hundreds of megabytes in the parser, or producing pages a browser cannot draw:

* :data:`MAX_FILE_BYTES` — the size of one file, checked before it is read;
* :data:`MAX_LINE_CHARS` — the length of one line, in characters;
* :data:`MAX_DEPTH` — how deep ``{`` blocks nest (strings and comments do not count);
* :data:`MAX_TITLE_CHARS` and :data:`MAX_TEXT_CHARS` — the length of a title, and of any
  other one-line text (lane lines, layers, notes); reported by lowering as PB017.

``docs/language.md`` (section "Limits") states them for authors.
"""

from __future__ import annotations

import re

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity
from pwib_dsl.source import SourceFile

MAX_FILE_BYTES = 1024 * 1024
MAX_LINE_CHARS = 10_000
MAX_DEPTH = 64
MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 2_000

_LINE_END = re.compile(r"\r\n|\r|\n")
#: Strings and comments are skipped: a brace inside them opens nothing.
_BRACES = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|\Z)|"(?:[^"\\\r\n]|\\.)*"?|#[^\r\n]*|[{}]', re.S)


def too_large(size: int, shown: str) -> Diagnostic | None:
    """PB015 for a file of ``size`` bytes above :data:`MAX_FILE_BYTES`."""
    if size <= MAX_FILE_BYTES:
        return None
    return Diagnostic(
        "PB015",
        Severity.ERROR,
        msg("PB015.file-too-large", path=shown, size=format(size, ","), limit=format(MAX_FILE_BYTES, ",")),
        Label(shown, SourceFile(shown, "").span(0, 0)),
        help="split it into modules (`use`), or check that this is the right file",
    )


def check_text(source: SourceFile) -> Diagnostic | None:
    """PB015 for the first line over :data:`MAX_LINE_CHARS` or block over :data:`MAX_DEPTH`."""
    text = source.text
    if len(text) > MAX_LINE_CHARS:  # shorter texts cannot hold a long line
        start = 0
        for m in _LINE_END.finditer(text):
            if m.start() - start > MAX_LINE_CHARS:
                return _long_line(source, start)
            start = m.end()
        if len(text) - start > MAX_LINE_CHARS:
            return _long_line(source, start)
    if text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    for m in _BRACES.finditer(text):
        token = m.group()
        if token == "{":
            depth += 1
            if depth > MAX_DEPTH:
                return Diagnostic(
                    "PB015",
                    Severity.ERROR,
                    msg("PB015.too-deep", limit=MAX_DEPTH),
                    Label(source.path, source.span(m.start(), m.end()), f"block number {depth} inside the others"),
                    help="a blueprint nests a few blocks deep (blueprint, phase, step); check for missing `}`",
                )
        elif token == "}":
            depth = max(0, depth - 1)
    return None


def _long_line(source: SourceFile, start: int) -> Diagnostic:
    line = source.line_col(start)[0]
    return Diagnostic(
        "PB015",
        Severity.ERROR,
        msg("PB015.line-too-long", line=line, limit=format(MAX_LINE_CHARS, ",")),
        Label(source.path, source.span(start + MAX_LINE_CHARS, start + MAX_LINE_CHARS + 1), "the limit is here"),
        help="one fact per line: break the line up (a long description can be a \"\"\"...\"\"\" string)",
    )
