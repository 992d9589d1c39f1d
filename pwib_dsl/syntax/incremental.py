"""Re-parsing an edited file by its edited block: what the language server does per keystroke.

An edit in an editor changes one place of a file. When the previous text parsed without any
diagnostic, the new parse differs from the old one only inside the innermost block the edit
falls in (a ``step``, ``decision``, ``phase`` or ``blueprint``, whose first and last
characters the edit left alone). That block alone is parsed again, by a parser that starts at
the block rules (the parser runtime, :mod:`pwib_dsl.syntax.runtime`, on those rules' own
tables), on the new text with everything before the block blanked to spaces (newlines
kept), so the tokens get their true offsets, lines and columns. The new block replaces the old
one; everything after it moves by the length of the edit (offsets and lines; columns stay,
because nothing else may follow the block on its last line).

Whenever that cannot give exactly the result of a full parse — the old text had diagnostics,
the block parses with an error or a diagnostic, the edit touches no block or a block's
edges, something follows the block on its last line — :func:`reparse` returns None and the
caller parses the whole file. ``tests/test_syntax_incremental.py`` compares it with a full
parse (spans included) for edits all over the examples.
"""

from __future__ import annotations

import functools
import gc

import attrs

from pwib_dsl.source import SPAN_TYPES, SourceFile, Span
from pwib_dsl.surface import nodes as n

#: The blocks that can be re-parsed on their own, innermost first, with their grammar rules.
_RULES = {n.Step: "step", n.Decision: "decision", n.Phase: "phase", n.Blueprint: "blueprint"}


class _Bail(Exception):
    """The edit cannot be applied exactly: parse the whole file."""


def _blank(text: str) -> str:
    """``text`` with every character but newlines replaced by a space (same offsets and lines)."""
    return "\n".join(" " * len(line) for line in text.split("\n"))


def changed_region(old: str, new: str) -> tuple[int, int, int]:
    """``(start, old_end, new_end)``: ``old[start:old_end]`` became ``new[start:new_end]``."""
    limit = min(len(old), len(new))
    start = 0
    # compare in chunks first: an edit is small and the texts are long
    step = 4096
    while start + step <= limit and old[start : start + step] == new[start : start + step]:
        start += step
    while start < limit and old[start] == new[start]:
        start += 1
    tail = 0
    room = limit - start
    while tail + step <= room and old[len(old) - tail - step : len(old) - tail] == new[len(new) - tail - step : len(new) - tail]:
        tail += step
    while tail < room and old[len(old) - tail - 1] == new[len(new) - tail - 1]:
        tail += 1
    return start, len(old) - tail, len(new) - tail


def _enclosing(file: n.File, start: int, end: int) -> list:
    """The chain of re-parsable blocks strictly around old ``[start, end)``, outermost first."""
    chain = []
    items = file.items
    while True:
        inner = None
        for item in items:
            sp = getattr(item, "span", None)
            if type(item) in _RULES and sp and sp.start < start and end < sp.end:
                inner = item
                break
        if inner is None:
            return chain
        chain.append(inner)
        items = getattr(inner, "items", None) or getattr(inner, "nodes", None) or ()


def reparse(old, source: SourceFile):
    """The parse of ``source`` from ``old`` (a clean ParseResult of the previous text), or None."""
    from pwib_dsl.syntax.parser import ParseResult

    if old.file is None or old.diagnostics or not old.source.text:
        return None
    old_text, text = old.source.text, source.text
    if old_text == text:
        return ParseResult(source, old.file, ())
    start, old_end, new_end = changed_region(old_text, text)
    from pwib_dsl.limits import check_text

    # a lone CR typed into the block, or an edit past the input limits: what ``parse`` does
    # about those (a line end; PB015) is the full parse's, so take that path
    if "\r" in text[start:new_end] or check_text(source) is not None:
        return None
    chain = _enclosing(old.file, start, old_end)
    if not chain:
        return None
    block = chain[-1]
    sp = block.span
    delta = new_end - old_end
    frag_end = sp.end + delta
    # nothing but blanks may follow the block on its last line (columns after it would move)
    rest_of_line = text[frag_end : text.find("\n", frag_end) if "\n" in text[frag_end:] else len(text)]
    if rest_of_line.strip():
        return None
    collecting = gc.isenabled()
    gc.disable()
    try:
        new_block, comments = _parse_block(_RULES[type(block)], text[: sp.start], text[sp.start : frag_end], source)
        if type(new_block) is not type(block):
            return None
        lines = text.count("\n", start, new_end) - old_text.count("\n", start, old_end)
        shift = _Shift(sp.start, sp.end, delta, lines, sp.end_line, new_block.span.end_col)
        file = shift.replace(old.file, chain, new_block)
        kept = [c for c in old.file.comments if c.span.end <= sp.start or c.span.start >= sp.end]
        moved = tuple(shift.value(c) for c in kept)
        file = attrs.evolve(file, comments=tuple(sorted(moved + tuple(comments), key=lambda c: c.span.start)))
    except _Bail:
        return None
    finally:
        if collecting:
            gc.enable()
    return ParseResult(source, file, ())


def _parse_block(rule: str, before: str, fragment: str, source: SourceFile):
    """The block ``fragment`` (which follows ``before`` in the file) parsed alone, and its comments."""
    from pwib_dsl.surface.lower import context
    from pwib_dsl.syntax.parser import _comments, parse_valid

    context.path = source.path
    context.diagnostics = []
    _comments.items = []
    try:
        # the parser runtime on the block rules' tables: a syntax error is a miss (None)
        node = parse_valid(_blank(before) + fragment, start=rule, starts=tuple(_RULES.values()))
    finally:
        found, context.diagnostics = context.diagnostics, []
        comments, _comments.items = list(_comments.items), []
    if node is None or found:
        raise _Bail
    return node, comments


class _Shift:
    """Moves spans after an edited block; rebuilds only the nodes on the way to it and after it."""

    def __init__(self, start: int, end: int, delta: int, lines: int, end_line: int, end_col: int) -> None:
        self.start, self.end, self.delta, self.lines = start, end, delta, lines
        self.end_line, self.end_col = end_line, end_col  # the old block's last line, its new end column

    def span(self, sp: Span) -> Span:
        if not sp or sp.end <= self.start:
            return sp
        d, dl = self.delta, self.lines
        if sp.start >= self.end:
            return Span(sp.start + d, sp.end + d, sp.line + dl, sp.col, sp.end_line + dl, sp.end_col)
        if sp.start <= self.start and sp.end >= self.end:  # around the block: its end moves
            if sp.end == self.end:  # ends with the block (its last item): where the block now ends
                return Span(sp.start, sp.end + d, sp.line, sp.col, sp.end_line + dl, self.end_col)
            if sp.end_line == self.end_line:
                raise _Bail
            return Span(sp.start, sp.end + d, sp.line, sp.col, sp.end_line + dl, sp.end_col)
        raise _Bail  # overlaps the block partly: not a tree of blocks

    def value(self, v):
        cls = type(v)
        if cls is tuple:
            out = tuple([self.value(x) for x in v])
            return v if all(a is b for a, b in zip(out, v)) else out
        if cls in SPAN_TYPES:
            return self.span(v)
        names = _field_names(cls)
        if names is None:
            return v
        sp = getattr(v, "span", None)
        if sp is not None and sp.__class__ in SPAN_TYPES and sp.line:
            if sp.end <= self.start:
                return v  # wholly before the edit: reused as it is
            if sp.start >= self.end:
                return self.after(v)
        values = [getattr(v, name) for name in names]
        moved = [self.value(x) for x in values]
        if all(a is b for a, b in zip(moved, values)):
            return v
        return _rebuilt(cls, names, moved)

    def after(self, v):
        """``v`` (wholly after the block) with every span in it moved."""
        cls = type(v)
        if cls is tuple:
            return tuple([self.after(x) for x in v])
        if cls in SPAN_TYPES:
            if not v.line:
                return v
            d, dl = self.delta, self.lines
            return Span(v.start + d, v.end + d, v.line + dl, v.col, v.end_line + dl, v.end_col)
        names = _field_names(cls)
        if names is None:
            return v
        return _rebuilt(cls, names, [self.after(getattr(v, name)) for name in names])

    def replace(self, file: n.File, chain: list, new_block):
        """``file`` with the last block of ``chain`` replaced and everything after it moved."""
        return self._replace(file, chain, 0, new_block)

    def _replace(self, node, chain: list, depth: int, new_block):
        target = chain[depth]
        names = _field_names(type(node))
        moved = []
        for name in names:
            value = getattr(node, name)
            if name in ("items", "nodes") and isinstance(value, tuple) and any(x is target for x in value):
                out = []
                for x in value:
                    if x is target:
                        out.append(new_block if depth == len(chain) - 1 else self._replace(x, chain, depth + 1, new_block))
                    else:
                        out.append(self.value(x))
                moved.append(tuple(out))
            elif name == "comments" and isinstance(node, n.File):
                moved.append(value)  # re-collected by the caller
            else:
                moved.append(self.value(value))
        return _rebuilt(type(node), names, moved)


@functools.cache
def _field_names(cls) -> tuple[str, ...] | None:
    """The fields of an attrs class (None for any other type: a value kept as it is)."""
    return tuple(a.name for a in attrs.fields(cls)) if attrs.has(cls) else None


def _rebuilt(cls, names, values):
    """A frozen node with these field values (no validation: the values come from nodes)."""
    obj = object.__new__(cls)
    for name, value in zip(names, values):
        object.__setattr__(obj, name, value)
    return obj
