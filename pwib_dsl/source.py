"""Source files and spans: reading bytes into text, offsets ↔ line/column ↔ LSP positions.

A :class:`Span` is a half-open range of *code-point* offsets into the decoded text, with
1-based line and column numbers (columns count code points). Spans never take part in AST
equality. Conversion to UTF-16 or UTF-8 columns (for the language server) lives here too,
so no other module does position arithmetic on raw Python indices.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property

import attrs


_BITS = 32
_MASK = (1 << _BITS) - 1


class Span(int):
    """A range in one source file: offsets are code points, lines and columns 1-based.

    ``Span(start, end, line, col, end_line, end_col)``, read back as those attributes. A parse
    makes a span for nearly every token, so a span is one integer holding the six numbers
    (32 bits each) rather than an object pointing at six integers: 64 bytes instead of about
    200. Two spans are equal when all six numbers are; a span is not meant for arithmetic.
    """

    __slots__ = ()

    def __new__(cls, start: int, end: int, line: int, col: int, end_line: int, end_col: int) -> Span:
        if (start | end | line | col | end_line | end_col) >> _BITS:  # negative, or past 2**32
            raise ValueError(f"span out of range: {(start, end, line, col, end_line, end_col)}")
        return int.__new__(cls, start | end << 32 | line << 64 | col << 96 | end_line << 128 | end_col << 160)

    @property
    def start(self) -> int:
        return self & _MASK

    @property
    def end(self) -> int:
        return self >> 32 & _MASK

    @property
    def line(self) -> int:
        return self >> 64 & _MASK

    @property
    def col(self) -> int:
        return self >> 96 & _MASK

    @property
    def end_line(self) -> int:
        return self >> 128 & _MASK

    @property
    def end_col(self) -> int:
        return self >> 160

    def cover(self, other: Span) -> Span:
        """The smallest span that covers both."""
        a = self if self.start <= other.start else other
        b = self if self.end >= other.end else other
        return Span(a.start, b.end, a.line, a.col, b.end_line, b.end_col)

    def __bool__(self) -> bool:
        return self.line > 0

    def __repr__(self) -> str:
        return (
            f"Span(start={self.start!r}, end={self.end!r}, line={self.line!r}, col={self.col!r}, "
            f"end_line={self.end_line!r}, end_col={self.end_col!r})"
        )

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return format(repr(self), spec)

    def __reduce__(self):
        return (_unpacked, (int(self),))


def _unpacked(packed: int) -> Span:
    """A span from its integer (how pickles store spans)."""
    return int.__new__(Span, packed)


#: The span of a node made in code rather than parsed (e.g. by property tests).
NO_SPAN = Span(0, 0, 0, 0, 0, 0)


_LONE_CR = re.compile(r"\r(?!\n)")


class DecodeError(ValueError):
    """Bytes that are not UTF-8; ``offset`` is the byte offset of the first bad byte."""

    def __init__(self, offset: int, reason: str):
        super().__init__(f"invalid UTF-8 at byte offset {offset}: {reason}")
        self.offset = offset
        self.reason = reason


def decode(data: bytes) -> str:
    """Decode UTF-8 (an optional BOM is dropped); raise :class:`DecodeError` with the offset."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(exc.start, exc.reason) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


@attrs.frozen
class SourceFile:
    """A decoded source file. ``path`` is the display path used in diagnostics."""

    path: str
    text: str

    @cached_property
    def line_starts(self) -> tuple[int, ...]:
        """Offsets where lines start. LF, CRLF and a lone CR each end a line (as in editors
        and the LSP specification; the lexer reads a lone CR as LF too)."""
        starts = [0]
        text = self.text
        i = text.find("\n")
        while i != -1:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        if "\r" in text:
            lone = [m.end() for m in _LONE_CR.finditer(text)]
            if lone:
                starts = sorted(starts + lone)
        return tuple(starts)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        idx = bisect.bisect_right(self.line_starts, offset) - 1
        return idx + 1, offset - self.line_starts[idx] + 1

    def offset(self, line: int, col: int) -> int:
        """Code-point offset of a 1-based (line, column); clamped to the text."""
        if line < 1:
            return 0
        if line > len(self.line_starts):
            return len(self.text)
        start = self.line_starts[line - 1]
        return min(start + max(col - 1, 0), self.line_end(line))

    def line_end(self, line: int) -> int:
        """Offset of the end of a 1-based line, before its newline (and a CR before that)."""
        if line >= len(self.line_starts):
            end = len(self.text)
        else:
            end = self.line_starts[line] - 1
        start = self.line_starts[line - 1]
        if end >= start and end < len(self.text) and self.text[end] == "\r":
            return end  # a lone CR ends this line
        if end > start and self.text[end - 1] == "\r":
            end -= 1
        return end

    def line_text(self, line: int) -> str:
        """The text of a 1-based line without its line ending."""
        if not 1 <= line <= len(self.line_starts):
            return ""
        return self.text[self.line_starts[line - 1] : self.line_end(line)]

    def span(self, start: int, end: int) -> Span:
        """A span from two code-point offsets."""
        line, col = self.line_col(start)
        end_line, end_col = self.line_col(end)
        return Span(start, end, line, col, end_line, end_col)

    # -- language-server positions (0-based line, column in the negotiated encoding) --

    def to_lsp(self, offset: int, encoding: str = "utf-16") -> tuple[int, int]:
        """0-based (line, character) of an offset, counting in ``encoding`` units."""
        line, col = self.line_col(offset)
        prefix = self.text[self.line_starts[line - 1] : self.line_starts[line - 1] + col - 1]
        return line - 1, units(prefix, encoding)

    def from_lsp(self, line: int, character: int, encoding: str = "utf-16") -> int:
        """Code-point offset of a 0-based LSP position in ``encoding`` units."""
        if line >= len(self.line_starts):
            return len(self.text)
        text = self.line_text(line + 1)
        count = 0
        for i, ch in enumerate(text):
            if count >= character:
                return self.line_starts[line] + i
            count += units(ch, encoding)
        return self.line_starts[line] + len(text)


def units(text: str, encoding: str) -> int:
    """Length of ``text`` in code units of ``encoding`` (utf-8, utf-16 or utf-32)."""
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)
