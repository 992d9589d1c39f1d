"""The printer: a surface AST and its source text → the canonical text, every comment in place.

Comments are not AST nodes; :attr:`File.comments` holds them with their spans, and the printer
places each one by position while it walks the statements in source order:

* A comment on the same line after a statement stays after it on that line (a *trailing*
  comment): ``customer "Vult in" # waarom``. This also holds after a block's ``{`` and ``}``.
* Any other comment before a statement goes on its own line before that statement, at the
  statement's indentation (an *own-line* comment).
* A comment inside a statement (between its tokens, or in a block's header before ``{``) moves
  to its own line just before that statement: the statement prints on one line, and a comment
  cannot be followed by tokens on its line.
* Comments after the last statement of a block stay inside the block, before its ``}``;
  comments after the last statement of the file stay at the end of the file.

Blank lines: a run of blank lines in the source becomes one blank line, kept between statements
and comments wherever the author left one, but never right after ``{``, right before ``}``, or
at the start or end of the file. Everything is printed with two spaces per block level, single
spaces between tokens, no trailing whitespace and LF line endings. The output ends with exactly
one newline (an empty file stays empty).
"""

from __future__ import annotations

from pwib_dsl.fmt.render import BODY_OPTIONAL, BODY_REQUIRED, children, header_end, statement
from pwib_dsl.surface import nodes as n

INDENT = "  "
_BLOCKS = BODY_REQUIRED + BODY_OPTIONAL
_TRIVIA = frozenset(" \t\f\r\n\ufeff")


def comment_text(comment: n.Comment) -> str:
    """A comment as printed: its text without trailing whitespace (nor the CR of a CRLF line)."""
    return comment.text.rstrip()


def print_file(file: n.File, text: str = "") -> str:
    """The canonical text of ``file``; ``text`` is the source it was parsed from.

    The source text is only read between tokens (for blank lines and the position of ``{``);
    an AST built in code can be printed with ``text=""`` and no comments.
    """
    printer = _Printer(text, file.comments)
    top: list[n.Node] = ([file.module] if file.module is not None else []) + list(file.uses) + list(file.items)
    printer.block(top, 0, len(text) + 1, first=True)
    return "".join(line + "\n" for line in printer.lines)


class _Printer:
    """One pass over the statements; ``next`` is the first comment not yet printed."""

    def __init__(self, text: str, comments: tuple[n.Comment, ...]):
        self.text = text
        self.comments = comments
        self.next = 0
        self.lines: list[str] = []
        #: source offset where the last printed element ends (to find the author's blank lines)
        self.prev_end = 0

    # -- elements

    def _peek(self) -> n.Comment | None:
        return self.comments[self.next] if self.next < len(self.comments) else None

    def _emit(self, depth: int, line: str, start: int, end: int, allow_blank: bool) -> None:
        if allow_blank and self.lines and self.text.count("\n", self.prev_end, start) >= 2:
            self.lines.append("")
        self.lines.append(INDENT * depth + line)
        self.prev_end = end

    def _own_lines(self, depth: int, before: int, first: bool) -> bool:
        """Print every comment that starts before ``before`` on its own line."""
        while (c := self._peek()) is not None and c.span.start < before:
            self.next += 1
            self._emit(depth, comment_text(c), c.span.start, c.span.end, allow_blank=not first)
            first = False
        return first

    def _trailing(self, after: int, limit: int) -> None:
        """Append the next comment to the last line if it is on the source line ending at ``after``."""
        c = self._peek()
        if c is not None and after <= c.span.start < limit and "\n" not in self.text[after : c.span.start]:
            self.next += 1
            self.lines[-1] += " " + comment_text(c)
            self.prev_end = c.span.end

    # -- statements

    def block(self, items, depth: int, end: int, first: bool) -> None:
        """Print a block's statements; ``end`` is the offset of its ``}`` (or past the file's end)."""
        for index, item in enumerate(items):
            limit = items[index + 1].span.start if index + 1 < len(items) else end
            self.statement(item, depth, limit, first)
            first = False
        self._own_lines(depth, end, first)

    def statement(self, node: n.Node, depth: int, limit: int, first: bool) -> None:
        start = node.span.start
        first = self._own_lines(depth, start, first)
        is_block = isinstance(node, _BLOCKS)
        brace = None
        if is_block and (isinstance(node, BODY_REQUIRED) or node.has_body):
            brace = self._open_brace(node)
        inner_end = brace if brace is not None else node.span.end
        # Comments between the statement's own tokens: own lines just before it.
        while (c := self._peek()) is not None and c.span.start < inner_end:
            self.next += 1
            self._emit(depth, comment_text(c), start, start, allow_blank=not first)
            first = False
        line = statement(node)
        kids = children(node) if is_block else ()
        close = self._close(node, brace) if brace is not None else None
        end = close + 1 if close is not None else node.span.end
        body_comments = close is not None and (c := self._peek()) is not None and c.span.start < close
        if not kids and not body_comments:
            if isinstance(node, BODY_REQUIRED):
                line += " {}"
            self._emit(depth, line, start, end, allow_blank=not first)
            self._trailing(end, limit)
            return
        self._emit(depth, line + " {", start, start if brace is None else brace + 1, allow_blank=not first)
        if brace is not None:
            # A comment on the line of `{`, before the first statement, stays on that line.
            self._trailing(brace + 1, kids[0].span.start if kids else close)
        self.block(kids, depth + 1, close if close is not None else start, first=True)
        self._emit(depth, "}", end, end, allow_blank=False)
        self._trailing(end, limit)

    def _open_brace(self, node: n.Node) -> int | None:
        """Offset of the ``{`` after a block's header, skipping whitespace and comments."""
        return self._skip_to(header_end(node), "{")

    def _close(self, node: n.Node, brace: int) -> int | None:
        """Offset of a block's ``}``: the first token after its last statement.

        Found from the statements rather than from the node's own span, so the printer does not
        depend on how far the parser's span for a declaration with a body reaches.
        """
        kids = children(node)
        if not kids:
            return self._skip_to(brace + 1, "}")
        last = kids[-1]
        after = last.span.end
        if isinstance(last, _BLOCKS) and (isinstance(last, BODY_REQUIRED) or last.has_body):
            inner = self._open_brace(last)
            inner_close = self._close(last, inner) if inner is not None else None
            if inner_close is not None:
                after = inner_close + 1
        return self._skip_to(after, "}")

    def _skip_to(self, i: int, wanted: str) -> int | None:
        """Offset of ``wanted`` if only whitespace and comments come before it from ``i``."""
        text = self.text
        while i < len(text):
            ch = text[i]
            if ch == wanted:
                return i
            if ch == "#":
                j = text.find("\n", i)
                i = len(text) if j < 0 else j
            elif ch in _TRIVIA:
                i += 1
            else:
                return None
        return None
