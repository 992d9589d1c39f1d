"""The compile pipeline in one call: paths → sources → surface ASTs → resolved workspace.

Commands (check, build, the language server) call :func:`compile_paths` or
:func:`compile_sources`; each phase adds diagnostics and the run reports them all.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from pwib_dsl.diagnostics.model import Diagnostic
from pwib_dsl.loader import discover, read_source
from pwib_dsl.sema.model import Workspace
from pwib_dsl.source import SourceFile
from pwib_dsl.surface import nodes as n
from pwib_dsl.syntax.parser import parse


@attrs.frozen
class CompileResult:
    sources: dict[str, SourceFile]
    files: dict[str, n.File]
    workspace: Workspace | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def has_errors(self) -> bool:
        return any(d.severity.value == "error" for d in self.diagnostics)


def compile_paths(paths, *, resolve: bool = True) -> CompileResult:
    """Discover, read and compile every ``.blueprint`` under ``paths`` together."""
    files, diags = discover(paths)
    sources = []
    for path in files:
        src = read_source(path)
        if isinstance(src, Diagnostic):
            diags.append(src)
        else:
            sources.append(src)
    result = compile_sources(sources, resolve=resolve)
    return attrs.evolve(result, diagnostics=tuple(diags) + result.diagnostics)


def compile_sources(sources, *, resolve: bool = True) -> CompileResult:
    """Parse (and, with ``resolve``, resolve and check) already-read sources."""
    diags: list[Diagnostic] = []
    parsed: dict[str, n.File] = {}
    for src in sources:
        result = parse(src)
        diags.extend(result.diagnostics)
        if result.file is not None:
            parsed[src.path] = result.file
    workspace = None
    return CompileResult({s.path: s for s in sources}, parsed, workspace, tuple(diags))
