"""Document formatting with the project formatter (:func:`pwib_dsl.api.format_text`).

The edit replaces only the lines between the first and the last line that change, so the
editor keeps its cursor, folds and undo history for the rest of the file. A document with
syntax errors is left as it is (the formatter refuses it; its diagnostics are already shown).
"""

from __future__ import annotations

from lsprotocol import types as T

from pwib_dsl.lsp.positions import offsets_range
from pwib_dsl.lsp.store import Doc


def format_document(doc: Doc, encoding: str) -> list[T.TextEdit] | None:
    """The edits that format the document; ``[]`` when already formatted, None when refused."""
    from pwib_dsl.api import format_text

    result = format_text(doc.text, doc.source.path)
    if result.text is None:
        return None
    return minimal_edits(doc, result.text, encoding)


def minimal_edits(doc: Doc, new: str, encoding: str) -> list[T.TextEdit]:
    old = doc.text
    if new == old:
        return []
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    head = 0
    while head < min(len(old_lines), len(new_lines)) and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(old_lines), len(new_lines)) - head
        and old_lines[len(old_lines) - 1 - tail] == new_lines[len(new_lines) - 1 - tail]
    ):
        tail += 1
    start = sum(len(line) for line in old_lines[:head])
    end = len(old) - sum(len(line) for line in old_lines[len(old_lines) - tail :])
    replacement = "".join(new_lines[head : len(new_lines) - tail])
    return [T.TextEdit(range=offsets_range(doc.source, start, end, encoding), new_text=replacement)]
