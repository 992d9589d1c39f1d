"""Where a ``}`` is missing, judged by indentation, when the file ends with a block open.

Braces decide what a ``}`` closes; indentation only shows what the author meant. When one
``}`` is missing and only ``}`` lines follow it, each of them closes the block around the one
it was meant for and the parser first notices at the end of the file, far from the mistake.
Formatted files indent every ``}`` like the line that opened its block, so the first ``}`` that
is indented unlike the block it closes marks the spot: the block it closes is the one missing
its ``}``. This module finds that brace by scanning the text (strings and comments skipped);
it runs only in that one error case.
"""

from __future__ import annotations

import re

import attrs

from pwib_dsl.source import SourceFile, Span
from pwib_dsl.syntax import forms

_BRACES = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|"(?:[^"\\\r\n]|\\.)*"|#[^\r\n]*|[{}]', re.S)
_HEADER = re.compile(r"\s*([\w-]+)(?:\s+([^\s\"{]+))?")


@attrs.frozen
class Misindented:
    """A ``}`` that closes a block indented differently from itself."""

    closed: str  # ``step `a``` (the block the brace closes, which lacks its own ``}``)
    opened: Span  # the header of that block
    brace: Span
    meant: str | None  # the enclosing block indented like the brace, if any


def indent(source: SourceFile, line: int) -> int:
    """Column of the first non-blank character of a 1-based line."""
    text = source.line_text(line)
    return len(text) - len(text.lstrip()) + 1


def first_misindented_brace(source: SourceFile) -> Misindented | None:
    """The first ``}`` (first on its line) indented unlike the line that opened its block."""
    stack: list[int] = []
    for m in _BRACES.finditer(source.text):
        if m.group() == "{":
            stack.append(m.start())
        elif m.group() == "}" and stack:
            opened = stack.pop()
            line, col = source.line_col(m.start())
            if col != indent(source, line) or indent(source, source.line_col(opened)[0]) == col:
                continue
            meant = next((o for o in reversed(stack) if indent(source, source.line_col(o)[0]) == col), None)
            closed, header = block_header(source, opened)
            return Misindented(
                closed,
                header,
                source.span(m.start(), m.start() + 1),
                block_header(source, meant)[0] if meant is not None else None,
            )
    return None


def block_header(source: SourceFile, lbrace: int) -> tuple[str, Span]:
    """``("step `a`", span of its header)`` for the ``{`` at offset ``lbrace``, from its line."""
    line = source.line_col(lbrace)[0]
    m = _HEADER.match(source.text, source.line_starts[line - 1], lbrace)
    kind = forms.BLOCK_OPENERS.get(forms.terminal_of(m.group(1)) or "") if m else None
    if m and kind:
        name = f"{kind} `{m.group(2)}`" if m.group(2) else f"a {kind}"
        return name, source.span(m.start(1), lbrace + 1)
    return "the block", source.span(lbrace, lbrace + 1)
