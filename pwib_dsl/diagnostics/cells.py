"""Source text as terminal cells: what each character looks like and how wide it is.

Excerpts must keep carets under the characters they point at, whatever the line holds: a tab
is shown as four spaces, an East Asian wide character takes two columns, a combining mark
none, and a control character (including escape sequences a hostile file could use to
rewrite the terminal) or a bidirectional override is shown as a visible stand-in rather than
sent raw. Long lines are cut to a window around the labels.
"""

from __future__ import annotations

import unicodedata

TAB_WIDTH = 4
#: The widest excerpt line, in cells, before it is cut around the labels.
MAX_WIDTH = 100

# Bidirectional controls can make source text display in another order than it parses.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def cell(ch: str) -> tuple[str, int]:
    """How one character is shown, and its width in terminal columns."""
    if ch == "\t":
        return " " * TAB_WIDTH, TAB_WIDTH
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code), 1  # ␀ ␁ … the Control Pictures block
    if code == 0x7F:
        return "\u2421", 1  # ␡
    if 0x80 <= code < 0xA0 or ch in _BIDI or ch == "\ufeff":
        return "\ufffd", 1
    if unicodedata.combining(ch):
        return ch, 0
    category = unicodedata.category(ch)
    if category in ("Cf", "Cs", "Co", "Cn"):
        return "\ufffd", 1
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return ch, 2
    return ch, 1


def sanitize(text: str) -> str:
    """``text`` safe to print on a terminal: control and bidi characters made visible."""
    if text.isprintable() and not any(ch in _BIDI for ch in text):
        return text
    return "".join(ch if ch == "\n" else cell(ch)[0] for ch in text)


def width(text: str) -> int:
    """Display width of ``text`` in terminal columns."""
    return sum(cell(ch)[1] for ch in text)


#: Characters kept on each side of the marks when a long line is cut before it is measured,
#: so an excerpt costs the same on a line of a megabyte as on a line of a hundred characters.
CLIP = 4 * MAX_WIDTH


class Line:
    """One source line as cells, with column ↔ display-offset arithmetic.

    A long line is measured only around the marks (:meth:`around`): ``text`` is then the
    part kept, ``base`` the number of characters cut before it and ``length`` the length of
    the whole line. Columns are always those of the whole line.
    """

    def __init__(self, text: str, base: int = 0, length: int | None = None):
        self.text = text
        self.base = base
        self.length = base + len(text) if length is None else length
        shown = [cell(ch) for ch in text]
        self.glyphs = [g for g, _ in shown]
        self.offsets = [0]
        for _, w in shown:
            self.offsets.append(self.offsets[-1] + w)

    @classmethod
    def around(cls, text: str, first_col: int, last_col: int) -> Line:
        """The line, cut to :data:`CLIP` characters on each side of columns ``first_col`` to
        ``last_col`` when it is longer than that."""
        if len(text) <= 2 * CLIP:
            return cls(text)
        start = max(0, min(first_col - 1, len(text)) - CLIP)
        stop = min(len(text), max(first_col, min(last_col, first_col + CLIP)) - 1 + CLIP)
        return cls(text[start:stop], start, len(text))

    @property
    def width(self) -> int:
        return self.offsets[-1]

    def at(self, col: int) -> int:
        """Display offset of the 1-based column ``col`` (past the end: one cell after)."""
        index = col - 1 - self.base
        if index <= len(self.text):
            return self.offsets[max(index, 0)]
        return self.offsets[-1] + (index - len(self.text))

    def window(self, first_col: int) -> tuple[int, int]:
        """The column range (1-based, end-exclusive) to show so that the marks fit.

        The whole line when it is short enough; otherwise a window of about
        :data:`MAX_WIDTH` cells starting a little before ``first_col`` (marks of a longer
        label are cut at its edge).
        """
        if self.base == 0 and self.length == len(self.text) and self.width <= MAX_WIDTH:
            return 1, len(self.text) + 1
        start = max(self.base + 1, min(first_col, self.base + len(self.text) + 1) - 20)
        end = start
        budget = MAX_WIDTH
        while end <= self.base + len(self.text) and budget > 0:
            budget -= self.offsets[end - self.base] - self.offsets[end - 1 - self.base]
            end += 1
        return start, end

    def render(self, start: int, end: int) -> str:
        """Columns ``start`` to ``end`` (1-based, end-exclusive) as display text."""
        return "".join(self.glyphs[max(start - 1 - self.base, 0) : max(end - 1 - self.base, 0)])
