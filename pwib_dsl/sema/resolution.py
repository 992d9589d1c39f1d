"""What every reference resolved to, as the compiler decided it.

While resolving, ``sema`` records each name it looked up successfully: the span it was
written at (file + span) and the declaration it names (file + span of the declared name, kind,
qualified id). The record travels in :class:`pwib_dsl.driver.CompileResult` (not in the
resolved model, whose JSON is the build output), and the language server's hover, go-to-
definition, references, rename and completion read it, so the editor shows the resolution
``pwib check`` made.

Qualified ids: a catalogue entry, system or actor is ``module.name``; a blueprint is its name
(blueprint names are workspace-wide); what is local to a blueprint (actor, system, flow node)
is ``blueprint/name``; an article is ``module.law art N``; a module is its name.
"""

from __future__ import annotations

import attrs

from pwib_dsl.source import Span


@attrs.frozen
class Declaration:
    """A declared name a reference resolved to."""

    file: str  # display path of the declaring file
    span: Span  # the declared name (a module without a ``module`` line: the start of its file)
    kind: str  # law, measure, component, facility, role, tile, system, actor, blueprint,
    #            step, decision, end, article, module
    id: str


@attrs.frozen
class Reference:
    """A name as written (``file`` + ``span``) and the declaration it resolved to."""

    file: str
    span: Span
    target: Declaration


@attrs.frozen
class Resolution:
    """Every resolved reference of a compile, sorted by file and position."""

    references: tuple[Reference, ...] = ()

    def in_file(self, file: str) -> dict[tuple[int, int], Declaration]:
        """The references written in one file, by (start, end) offset of the name written."""
        return {(r.span.start, r.span.end): r.target for r in self.references if r.file == file}


class Recorder:
    """Collects references during one analysis (see :meth:`pwib_dsl.sema.report.Reporter.resolved`)."""

    def __init__(self) -> None:
        self._refs: dict[tuple, Reference] = {}

    def add(self, file: str | None, span: Span, target: Declaration) -> None:
        if file is not None and span:
            self._refs.setdefault((file, span.start, span.end), Reference(file, span, target))

    def freeze(self) -> Resolution:
        return Resolution(tuple(self._refs[k] for k in sorted(self._refs)))


_FILE_START = Span(0, 0, 1, 1, 1, 1)


def qualifier(ref) -> Span:
    """The span of the module part of a qualified name (``gemma`` of ``gemma.zaak``)."""
    s, length = ref.span, len(".".join(ref.parts[:-1]))
    return Span(s.start, s.start + length, s.line, s.col, s.line, s.col + length)


def symbol(sym) -> Declaration:
    """The declaration of a top-level :class:`~pwib_dsl.sema.units.Symbol`."""
    return Declaration(sym.unit.path, sym.node.name.span, sym.kind, sym.id)


def module(unit) -> Declaration:
    """The declaration of a module: its ``module`` line, else the start of its file."""
    decl = unit.file.module
    return Declaration(unit.path, decl.name.span if decl is not None else _FILE_START, "module", unit.module)
