"""The token the parser runtime (:mod:`pwib_dsl.syntax.runtime`) hands to the lowering.

A token is its text (a ``str``) with its terminal's name and its place in the file: the
same attributes, constructor and meaning as Lark's ``Token``, so the lowering and the lexer
callbacks (:mod:`pwib_dsl.syntax.lexical`) take either without knowing which parser read the
file. It exists so that a valid file is parsed without importing Lark at all.
"""

from __future__ import annotations

_new = str.__new__


class Token(str):
    """A token: text, terminal name (``type``), start and end (offset, 1-based line and column)."""

    __slots__ = ("type", "start_pos", "line", "column", "end_line", "end_column", "end_pos")

    def __new__(cls, type, value, start_pos=None, line=None, column=None, end_line=None, end_column=None, end_pos=None):
        self = _new(cls, value)
        self.type = type
        self.start_pos = start_pos
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column
        self.end_pos = end_pos
        return self

    @property
    def value(self) -> str:
        return str(self)

    def __reduce__(self):
        return (Token, (self.type, str(self), self.start_pos, self.line, self.column, self.end_line,
                        self.end_column, self.end_pos))

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {str(self)!r})"
