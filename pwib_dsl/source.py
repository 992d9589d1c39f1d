"""Source files and spans: reading bytes into text, offsets ↔ line/column ↔ LSP positions.

A :class:`Span` is a half-open range of *code-point* offsets into the decoded text, with
1-based line and column numbers (columns count code points). Spans never take part in AST
equality. Conversion to UTF-16 or UTF-8 columns (for the language server) lives here too,
so no other module does position arithmetic on raw Python indices.
"""

from __future__ import annotations

import bisect
import re
from array import array
from functools import cached_property

import attrs


_BITS = 32
_MASK = (1 << _BITS) - 1

# The compact form's field widths. A file within the input limits (``pwib_dsl.limits``: at
# most MAX_FILE_BYTES bytes, so as many code points and lines, and lines at most
# MAX_LINE_CHARS long) always fits them; ``tests/test_source_span.py`` holds the limits to that.
_OFF = 24  # offsets, lengths and line numbers: up to 16,777,215
_COL = 14  # columns: up to 16,383
_OFF_MASK = (1 << _OFF) - 1
_COL_MASK = (1 << _COL) - 1
_LINE_AT = _OFF
_COL_AT = _LINE_AT + _OFF
_END_AT = _COL_AT + _COL
_TAIL_AT = _END_AT + _OFF
_LINES_AT = _TAIL_AT + 1 + _COL
#: set in every wide span, above any compact one: the two forms never compare equal
_WIDE = 1 << 6 * _BITS


class Span(int):
    """A range in one source file: offsets are code points, lines and columns 1-based.

    ``Span(start, end, line, col, end_line, end_col)``, read back as those attributes. A parse
    makes a span for nearly every token, so a span is one integer holding the six numbers
    rather than an object pointing at six integers. Two spans are equal when all six numbers
    are; a span is not meant for arithmetic.

    A Python integer takes 4 bytes per 30 bits, so the numbers are packed as narrow as they
    allow: ``start``, ``line``, ``col`` and ``end``, and above them, only when the span does
    not end on its first line at ``col + end - start``, the end column and the number of
    lines it spans. A one-line span fits in 86 bits (56 bytes in all), any other in
    125 (64 bytes). Numbers too wide for that (only past the input limits) make a
    :class:`WideSpan`, 32 bits for each number (72 bytes); past 32 bits, or below zero, a
    span cannot be made.
    """

    __slots__ = ()

    def __new__(cls, start: int, end: int, line: int, col: int, end_line: int, end_col: int) -> Span:
        lines = end_line - line
        # a negative number fails these tests too
        if (start | end | line | lines) >> _OFF or (col | end_col) >> _COL or end < start:
            if (start | end | line | col | end_line | end_col) >> _BITS:  # negative, or past 2**32
                raise ValueError(f"span out of range: {(start, end, line, col, end_line, end_col)}")
            packed = start | end << 32 | line << 64 | col << 96 | end_line << 128 | end_col << 160
            return int.__new__(WideSpan, packed | _WIDE)
        packed = start | line << _LINE_AT | col << _COL_AT | end << _END_AT
        if lines or end_col != col + end - start:
            packed |= (lines << (_COL + 1) | end_col << 1 | 1) << _TAIL_AT
        return int.__new__(Span, packed)

    @property
    def start(self) -> int:
        return self & _OFF_MASK

    @property
    def end(self) -> int:
        return self >> _END_AT & _OFF_MASK

    @property
    def line(self) -> int:
        return self >> _LINE_AT & _OFF_MASK

    @property
    def col(self) -> int:
        return self >> _COL_AT & _COL_MASK

    @property
    def end_line(self) -> int:
        return (self >> _LINE_AT & _OFF_MASK) + (self >> _LINES_AT)

    @property
    def end_col(self) -> int:
        if self >> _TAIL_AT:
            return self >> (_TAIL_AT + 1) & _COL_MASK
        return (self >> _COL_AT & _COL_MASK) + (self >> _END_AT & _OFF_MASK) - (self & _OFF_MASK)

    def fields(self) -> tuple[int, int, int, int, int, int]:
        """``(start, end, line, col, end_line, end_col)``, read in one go."""
        start = self & _OFF_MASK
        line = self >> _LINE_AT & _OFF_MASK
        col = self >> _COL_AT & _COL_MASK
        end = self >> _END_AT & _OFF_MASK
        tail = self >> _TAIL_AT
        if tail:
            return start, end, line, col, line + (tail >> (_COL + 1)), tail >> 1 & _COL_MASK
        return start, end, line, col, line, col + end - start

    def cover(self, other: Span) -> Span:
        """The smallest span that covers both."""
        a = self.fields()
        b = other.fields()
        first = a if a[0] <= b[0] else b
        last = a if a[1] >= b[1] else b
        return Span(first[0], last[1], first[2], first[3], last[4], last[5])

    def __bool__(self) -> bool:
        return self.line > 0

    def __repr__(self) -> str:
        start, end, line, col, end_line, end_col = self.fields()
        return (
            f"Span(start={start!r}, end={end!r}, line={line!r}, col={col!r}, "
            f"end_line={end_line!r}, end_col={end_col!r})"
        )

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return format(repr(self), spec)

    def __reduce__(self):
        return (_unpacked, (int(self),))


class WideSpan(Span):
    """A span with a number too wide for :class:`Span`'s compact form (a file past the input
    limits): 32 bits for each. Made by ``Span(...)``, never by name; reads the same."""

    __slots__ = ()

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
        return self >> 160 & _MASK

    def fields(self) -> tuple[int, int, int, int, int, int]:
        return (
            self & _MASK, self >> 32 & _MASK, self >> 64 & _MASK,
            self >> 96 & _MASK, self >> 128 & _MASK, self >> 160 & _MASK,
        )


def _unpacked(packed: int) -> Span:
    """A span from its integer (how pickles store spans)."""
    return int.__new__(WideSpan if packed & _WIDE else Span, packed)


#: Both span classes, for ``type(x) in SPAN_TYPES`` (``isinstance(x, Span)`` holds for both).
SPAN_TYPES = (Span, WideSpan)


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
    def line_starts(self) -> array[int]:
        """Offsets where lines start, ascending. LF, CRLF and a lone CR each end a line (as in
        editors and the LSP specification; the lexer reads a lone CR as LF too).

        An array of machine integers: 8 bytes a line, where a tuple of ints takes 40.
        """
        starts = array("q", (0,))
        add = starts.append
        text = self.text
        i = text.find("\n")
        while i != -1:
            add(i + 1)
            i = text.find("\n", i + 1)
        if "\r" in text:
            lone = [m.end() for m in _LONE_CR.finditer(text)]
            if lone:
                starts = array("q", sorted(starts.tolist() + lone))
        return starts

    def content_end(self) -> int:
        """``len(text.rstrip())``, without copying the text (a parse asks at the end, when the
        whole tree is in memory)."""
        text = self.text
        size = 256
        while True:
            tail = text[-size:]
            kept = tail.rstrip()
            if kept or size >= len(text):
                return len(text) - len(tail) + len(kept)
            size *= 4

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
