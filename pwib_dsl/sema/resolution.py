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


class Resolution:
    """Every resolved reference of a compile.

    Kept as the plain tuples the analysis recorded (:data:`Reporter.references
    <pwib_dsl.sema.report.Reporter>`: file, span, length of the qualifier when the module part
    of a qualified name is meant — else 0 —, target file, target span, kind, id) and turned
    into :class:`Reference` objects only when read: the language server compiles after every
    edit but reads the record only when asked to navigate.
    """

    def __init__(self, raw=(), ambiguous=()) -> None:
        self._raw = tuple(raw)
        self._ambiguous = tuple(ambiguous)
        self._references: tuple[Reference, ...] | None = None
        self._files: dict[str, dict] = {}

    def _read(self, file: str | None = None, raw=None):
        seen = set()
        for rfile, span, qlen, tfile, tspan, kind, qid in self._raw if raw is None else raw:
            if rfile is None or not span or (file is not None and rfile != file):
                continue
            if qlen:
                span = Span(span.start, span.start + qlen, span.line, span.col, span.line, span.col + qlen)
            key = (rfile, span.start, span.end)
            if key not in seen:  # a name looked up twice is recorded once
                seen.add(key)
                yield Reference(rfile, span, Declaration(tfile, tspan, kind, qid))

    @property
    def references(self) -> tuple[Reference, ...]:
        """Every reference, sorted by file and position."""
        if self._references is None:
            self._references = tuple(sorted(self._read(), key=lambda r: (r.file, r.span.start, r.span.end)))
        return self._references

    def in_file(self, file: str) -> dict[tuple[int, int], Declaration]:
        """The references written in one file, by (start, end) offset of the name written."""
        found = self._files.get(file)
        if found is None:
            found = {(r.span.start, r.span.end): r.target for r in self._read(file)}
            self._files[file] = found
        return found

    def candidates_in_file(self, file: str) -> dict[tuple[int, int], tuple[Declaration, ...]]:
        """The names written in one file that did not resolve because several used modules
        declare them (PB106), with every declaration each may mean."""
        out: dict[tuple[int, int], tuple[Declaration, ...]] = {}
        for raw in self._ambiguous:
            if raw[0] == file and raw[1]:
                (ref,) = self._read(file, (raw,))
                key = (ref.span.start, ref.span.end)
                out[key] = out.get(key, ()) + (ref.target,)
        return out

    def to(self, file: str, span: Span) -> list[Reference]:
        """Every reference to the declaration whose name is at ``span`` of ``file``."""
        return [r for r in self.references if r.target.file == file and r.target.span.start == span.start]


_FILE_START = Span(0, 0, 1, 1, 1, 1)


def module(unit) -> tuple:
    """The declaration of a module as recorded (file, span, kind, id): its ``module`` line,
    else the start of its file."""
    decl = unit.file.module
    return unit.path, decl.name.span if decl is not None else _FILE_START, "module", unit.module
