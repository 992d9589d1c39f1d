"""What a parse gives: the AST and the diagnostics of one file.

Its own module, importing nothing of the parser, so that a parse read back from the per-user
cache (:mod:`pwib_dsl.workspace.parses`) is the same type as a fresh one without loading the
parser, the lowering or Lark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from pwib_dsl.diagnostics.model import Diagnostic
from pwib_dsl.source import SourceFile

if TYPE_CHECKING:
    from pwib_dsl.surface import nodes as n


@attrs.frozen
class ParseResult:
    """A parsed file: the AST (None when nothing could be recovered) and the diagnostics."""

    source: SourceFile
    file: n.File | None
    diagnostics: tuple[Diagnostic, ...]
    #: when the parse gave up (too many errors): the tree read until then, for an editor's
    #: outline only — never checked, since what it lacks would read as missing
    partial: n.File | None = None

    @property
    def ok(self) -> bool:
        return self.file is not None and not any(d.severity.value == "error" for d in self.diagnostics)
