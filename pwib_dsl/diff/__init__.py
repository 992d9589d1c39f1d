"""The semantic diff: what changed in meaning between two versions of blueprints.

Two sides — files, folders or git revisions (:mod:`pwib_dsl.diff.sources`) — are parsed and
compared on the surface AST (:mod:`pwib_dsl.diff.compare`); the result is a list of
:class:`~pwib_dsl.diff.model.Change` records that :mod:`pwib_dsl.diff.render` prints as text,
Markdown or JSON. Layout and comments never count: two files that format the same are equal.
"""

from __future__ import annotations

from pwib_dsl.diff.compare import Side, compare
from pwib_dsl.diff.model import Change, DiffResult, Ref
from pwib_dsl.diff.render import FORMATS, render

__all__ = ["Side", "compare", "Change", "DiffResult", "Ref", "FORMATS", "render", "diff_texts"]


def diff_texts(old: str, new: str, old_label: str = "old", new_label: str = "new") -> DiffResult:
    """Compare two file texts; raises ValueError when one does not parse (for tests and tools)."""
    from pwib_dsl.source import SourceFile
    from pwib_dsl.syntax.parser import parse

    sides = []
    for label, text in ((old_label, old), (new_label, new)):
        result = parse(SourceFile(label, text))
        if not result.ok or result.file is None:
            raise ValueError(f"{label} does not parse: {[d.message for d in result.diagnostics]}")
        sides.append(Side(label, ((label, result.file),)))
    return compare(*sides)
