"""What a name under the cursor names, read from the compiler's record.

Every answer comes from a compile (:class:`~pwib_dsl.lsp.analysis.Analyzer`, which compiles
as ``pwib check`` does): what a reference resolved to is the compile's record
(:mod:`pwib_dsl.sema.resolution`), the references to a declaration are those the compile of
its workspace recorded, and the names a file can write are the compile's
:class:`~pwib_dsl.sema.names.Names`. The server has no lookup rules of its own: a name the
compiler could not resolve leads nowhere (an ambiguous bare name leads to each of the
declarations the compiler found for it). A file with syntax errors is compiled from the
parser's recovered tree.

A recorded :class:`~pwib_dsl.sema.resolution.Declaration` (file and span of the declared
name) is located in the store: the document of that file and the declaration at that span in
its :class:`~pwib_dsl.lsp.index.FileIndex` (the names the text declares and where).
"""

from __future__ import annotations

import logging

import attrs

from pwib_dsl.lsp.index import Decl, Ref
from pwib_dsl.lsp.positions import contains
from pwib_dsl.lsp.store import Doc, Store
from pwib_dsl.sema.resolution import Declaration
from pwib_dsl.source import Span

_FILE_START = Span(0, 0, 1, 1, 1, 1)
log = logging.getLogger("pwib.lsp")


@attrs.frozen
class Target:
    """A declaration in a document (``id``: its qualified id, when a compile said it)."""

    doc: Doc = attrs.field(eq=False)
    decl: Decl = attrs.field(eq=False)
    id: str | None = attrs.field(default=None, eq=False)
    key: tuple = attrs.field(init=False)

    @key.default
    def _key(self):
        return (self.doc.key, self.decl.kind, self.decl.span.start, self.decl.name)


@attrs.frozen
class Occurrence:
    """What is under the cursor: a declaration or a reference (exactly one is set)."""

    decl: Decl | None = None
    ref: Ref | None = None

    @property
    def span(self) -> Span:
        return self.decl.span if self.decl is not None else self.ref.name_span


class Resolver:
    def __init__(self, store: Store, analyzer=None) -> None:
        from pwib_dsl.lsp.analysis import Analyzer

        self.store = store
        self.analyzer = analyzer if analyzer is not None else Analyzer(store)

    # -- recorded declarations in the store

    def target(self, decl: Declaration, docs: dict | None = None) -> Target | None:
        """The document and declaration a recorded declaration is (``docs``: documents already
        found by file, for many declarations in a row)."""
        if docs is None:
            doc = self.store.doc_for_file(decl.file)
        elif decl.file in docs:
            doc = docs[decl.file]
        else:
            doc = docs[decl.file] = self.store.doc_for_file(decl.file)
        if doc is None or doc.index is None:
            return None
        if decl.kind == "module":
            return Target(doc, self.module_decl(doc, decl.id), decl.id)
        found = doc.index.by_span.get((decl.span.start, decl.span.end))
        if found is None or found.kind != decl.kind:
            found = _by_name(doc, decl)  # the text moved since that compile
        return Target(doc, found, decl.id) if found is not None else None

    def module_decl(self, doc: Doc, name: str | None = None) -> Decl:
        """The module's declaration, or the start of its file when it has no ``module`` line."""
        index = doc.index
        if index is not None and index.module is not None:
            return index.module
        return Decl("module", name if name is not None else self.module_name(doc), _FILE_START, _FILE_START, None)

    def module_name(self, doc: Doc) -> str:
        """The module name the compile gave the document."""
        for names in self.analyzer.names(doc):
            found = names.module(doc.source.path)
            if found is not None:
                return found
        return ""

    # -- lookups

    def lookup(self, doc: Doc, ref: Ref, compile: bool = True) -> list[Target]:
        """What ``ref`` (written in ``doc``) names by the compiler's record of ``doc``'s text
        (``compile``: compile the document when that record is missing or stale; without,
        an unrecorded text names nothing): the declaration it resolved to, or every
        declaration an ambiguous name may mean."""
        if compile:
            try:
                self.analyzer.recorded(doc)
            except Exception:  # noqa: BLE001 - a compiler bug must not take navigation down
                log.exception("compiling %s failed", doc.uri)
                return []
        if doc.recorded is None or doc.recorded[0] != doc.text:
            return []
        resolution = doc.recorded[1]
        key = (ref.span.start, ref.span.end)
        decl = resolution.in_file(doc.source.path).get(key)
        found = [decl] if decl is not None else list(resolution.candidates_in_file(doc.source.path).get(key, ()))
        out = [self.target(d) for d in found]
        return [t for t in out if t is not None]

    # -- the cursor

    def at(self, doc: Doc, offset: int) -> Occurrence | None:
        """The declaration or reference at a cursor offset (the innermost one)."""
        index = doc.index
        if index is None:
            return None
        best: Occurrence | None = None
        best_len = None
        for ref in index.uses + index.refs:
            if not contains(ref.span, offset):
                continue
            qspan = ref.qualifier_span()
            if ref.kind != "module" and qspan is not None and qspan.start <= offset <= qspan.end:
                ref = Ref("module", ref.parts[:-1], qspan)
            length = ref.span.end - ref.span.start
            if best_len is None or length < best_len:
                best, best_len = Occurrence(ref=ref), length
        if best is not None:
            return best
        for d in index.decls:
            if contains(d.span, offset):
                return Occurrence(decl=d)
        return None

    def targets_at(self, doc: Doc, offset: int) -> list[Target]:
        occ = self.at(doc, offset)
        if occ is None:
            return []
        if occ.decl is not None:
            if occ.decl.kind == "module":
                return [Target(doc, occ.decl, occ.decl.name)]
            return [Target(doc, occ.decl)]
        return self.lookup(doc, occ.ref)

    # -- references

    def references(
        self, target: Target, include_declaration: bool = True, within: Doc | None = None,
        asked: Doc | None = None,
    ) -> list[tuple[Doc, Span]]:
        """Every place naming ``target``: its declaration (optionally) and the references the
        compile of its workspace recorded (of a name local to a blueprint, or ``within`` one
        document: the references the compile of that document recorded). ``asked``: the
        document the question was asked in; when the target is in another document (a
        variant's base, in the base workspace, knows nothing of its variants) the references
        the compile of ``asked``'s workspace recorded are added."""
        decl = target.decl
        out: list[tuple[Doc, Span]] = []
        if include_declaration and decl.span and (within is None or within.key == target.doc.key):
            out.append((target.doc, decl.span))
        if within is None and decl.container is not None and decl.kind != "article":
            within = target.doc
        try:
            if within is not None:
                self.analyzer.recorded(within)
                records = [(within.recorded[1], within.source.path)]
            else:
                records = [(self.analyzer.workspace(target.doc).resolution, None)]
            if asked is not None and asked.key != target.doc.key and (within is None or within.key != asked.key):
                records.append((self.analyzer.workspace(asked).resolution, None))
        except Exception:  # noqa: BLE001 - as in lookup
            log.exception("compiling the workspace of %s failed", target.doc.uri)
            return out
        docs: dict[str, Doc | None] = {}

        def doc_of(file: str) -> Doc | None:
            if file not in docs:
                docs[file] = self.store.doc_for_file(file)
            return docs[file]

        for resolution, only in records:
            for ref in resolution.references:
                if ref.target.span.start != decl.span.start:
                    continue
                # the compile names the target's file as it reached it (a base workspace's
                # file by a path from the variant's root): the same file, however named
                found = doc_of(ref.target.file)
                if found is None or found.key != target.doc.key:
                    continue
                if only is not None and ref.file != only:
                    continue
                where = doc_of(ref.file)
                if where is not None:
                    out.append((where, ref.span))
        seen = set()
        unique = []
        for doc, s in out:
            k = (doc.key, s.start, s.end)
            if k not in seen:
                seen.add(k)
                unique.append((doc, s))
        return unique


def _by_name(doc: Doc, decl: Declaration) -> Decl | None:
    """The declaration of this kind and qualified id in the document's current text."""
    if decl.kind == "article":
        law, _, number = decl.id.rpartition(" art ")
        container, name = law.rpartition(".")[2], number
    elif "/" in decl.id:
        container, _, name = decl.id.partition("/")
    else:
        container, name = None, decl.id.rpartition(".")[2]
    for d in doc.index.decls:
        if d.kind == decl.kind and d.name == name and d.container == container:
            return d
    return None
