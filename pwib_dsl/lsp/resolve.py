"""Name lookup across the workspace for navigation, hover, completion and rename.

What a reference names is what the compiler recorded when it resolved it
(:mod:`pwib_dsl.sema.resolution`): the document is compiled as ``pwib check`` compiles it
(:class:`~pwib_dsl.lsp.analysis.Analyzer`) and the record read. The rules below answer what
the record cannot: names the compiler could not resolve (a file with errors, a name being
typed), references in files not compiled, and the names a file could write (completion).

Those rules are the language's (see :mod:`pwib_dsl.sema.scope`): a bare name is the file's own
declaration, else the one declaration of that kind in the modules the file uses; ``q.name``
looks in module ``q``. Lookups here are lenient where the compiler reports an error — an
ambiguous bare name yields every candidate, and ``q.name`` finds module ``q`` even without its
``use`` line — because an editor should still navigate code that does not compile yet.

Modules are workspace files (named by their ``module`` line, else by their path below the
workspace root, folders joined by dots) and the standard library; a workspace module hides a
standard-library module of the same name, as in the compiler.
"""

from __future__ import annotations

import logging
from pathlib import Path

import attrs

from pwib_dsl.lsp.index import FLOW_KINDS, REF_KINDS, Decl, FileIndex, Ref
from pwib_dsl.lsp.positions import contains
from pwib_dsl.lsp.store import Doc, Store
from pwib_dsl.source import Span

_FILE_START = Span(0, 0, 1, 1, 1, 1)
log = logging.getLogger("pwib.lsp")


@attrs.frozen
class Target:
    """A declaration in a document."""

    doc: Doc = attrs.field(eq=False)
    decl: Decl = attrs.field(eq=False)
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

    # -- modules

    def module_name(self, doc: Doc) -> str:
        index = doc.index
        if index is not None and index.module is not None:
            return index.module.name
        if doc.path is None:
            return ""
        if doc.origin == "stdlib":
            return doc.path.stem
        root = self.analyzer.sources.find_root([doc.path])[0]  # the compile's root, remembered
        rel = doc.path.relative_to(root) if root is not None and doc.path.is_relative_to(root) else Path(doc.path.name)
        return rel.with_suffix("").as_posix().replace("/", ".")

    def modules(self) -> dict[str, Doc]:
        """Module name → document; workspace modules first, then the standard library."""
        out: dict[str, Doc] = {}
        for doc in self.store.workspace_docs():
            out.setdefault(self.module_name(doc), doc)
        for doc in self.store.stdlib_docs():
            out.setdefault(self.module_name(doc), doc)
        out.pop("", None)
        return out

    def module_doc(self, name: str) -> Doc | None:
        return self.modules().get(name)

    def imports(self, doc: Doc) -> dict[str, Doc]:
        """The modules a document uses, by the name written in its ``use`` line."""
        index = doc.index
        if index is None:
            return {}
        mods = self.modules()
        return {".".join(u.parts): mods[".".join(u.parts)] for u in index.uses if ".".join(u.parts) in mods}

    def module_decl(self, doc: Doc) -> Decl:
        """The module's declaration, or the start of its file when it has no ``module`` line."""
        index = doc.index
        if index is not None and index.module is not None:
            return index.module
        return Decl("module", self.module_name(doc), _FILE_START, _FILE_START, None)

    # -- lookups

    def recorded(self, doc: Doc, ref: Ref, compile: bool = False) -> Target | None:
        """What the compiler resolved ``ref`` to, when its record of ``doc``'s text has it
        (``compile``: compile the document when its record is missing or stale)."""
        if compile:
            try:
                record = self.analyzer.recorded(doc)
            except Exception:  # noqa: BLE001 - a compiler bug must not take navigation down
                log.exception("compiling %s failed", doc.uri)
                return None
        elif doc.recorded is not None and doc.recorded[0] == doc.text:
            record = doc.recorded[1].in_file(doc.source.path)
        else:
            return None
        decl = record.get((ref.span.start, ref.span.end))
        if decl is None:
            return None
        target = self.store.doc_for_file(decl.file)
        if target is None or target.index is None:
            return None
        if decl.kind == "module":
            return Target(target, self.module_decl(target))
        found = target.index.by_span.get((decl.span.start, decl.span.end))
        return Target(target, found) if found is not None else None

    def lookup(self, doc: Doc, ref: Ref, compile: bool = False) -> list[Target]:
        """Every declaration ``ref`` (written in ``doc``) may name: the one the compiler
        resolved it to, else the candidates by the lenient rules."""
        index = doc.index
        if index is None:
            return []
        found = self.recorded(doc, ref, compile)
        if found is not None:
            return [found]
        kind = ref.kind
        if kind == "module":
            target = self.module_doc(".".join(ref.parts))
            return [Target(target, self.module_decl(target))] if target is not None else []
        if kind == "node":
            d = index.local_decl(ref.container or "", FLOW_KINDS, ref.name)
            return [Target(doc, d)] if d is not None else []
        if kind in ("system", "actor", "party") and ref.container is not None and len(ref.parts) == 1:
            d = index.local_decl(ref.container, ("actor",) if kind == "party" else (kind,), ref.name)
            if d is not None:
                return [Target(doc, d)]
        if kind == "blueprint":
            return self._blueprints(doc, ref)
        if kind == "article":
            out = []
            for law in self.named(doc, ref.law or (), ("law",)):
                law_index = law.doc.index
                art = law_index.local_decl(law.decl.name, ("article",), ref.name) if law_index else None
                if art is not None:
                    out.append(Target(law.doc, art))
            return out
        return self.named(doc, ref.parts, REF_KINDS[kind])

    def named(self, doc: Doc, parts: tuple[str, ...], kinds: tuple[str, ...]) -> list[Target]:
        """Top-level declarations of these kinds named ``parts`` from ``doc``."""
        index = doc.index
        if index is None or not parts:
            return []
        name = parts[-1]
        if len(parts) > 1:
            target = self._qualifier(doc, ".".join(parts[:-1]))
            t_index = target.index if target is not None else None
            d = t_index.top.get(name) if t_index is not None else None
            return [Target(target, d)] if d is not None and d.kind in kinds else []
        own = index.top.get(name)
        if own is not None and own.kind in kinds:
            return [Target(doc, own)]
        out: list[Target] = []
        seen = set()
        for other in self.imports(doc).values():
            o_index = other.index
            d = o_index.top.get(name) if o_index is not None else None
            if d is not None and d.kind in kinds:
                t = Target(other, d)
                if t.key not in seen:
                    seen.add(t.key)
                    out.append(t)
        return out

    def _qualifier(self, doc: Doc, q: str) -> Doc | None:
        if q == self.module_name(doc):
            return doc
        return self.imports(doc).get(q) or self.module_doc(q)

    def _blueprints(self, doc: Doc, ref: Ref) -> list[Target]:
        if len(ref.parts) > 1:
            target = self._qualifier(doc, ".".join(ref.parts[:-1]))
            d = target.index.blueprints.get(ref.name) if target is not None and target.index else None
            return [Target(target, d)] if d is not None else []
        own = doc.index.blueprints.get(ref.name) if doc.index else None
        if own is not None:
            return [Target(doc, own)]
        for other in self.store.workspace_docs():
            d = other.index.blueprints.get(ref.name) if other.index is not None else None
            if d is not None:
                return [Target(other, d)]
        return []

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
            return [Target(doc, occ.decl)]
        return self.lookup(doc, occ.ref, compile=True)

    # -- references

    def references(self, target: Target, include_declaration: bool = True) -> list[tuple[Doc, Span]]:
        """Every place naming ``target``: its declaration (optionally) and the references to it."""
        decl = target.decl
        out: list[tuple[Doc, Span]] = []
        if include_declaration and decl.span:
            out.append((target.doc, decl.span))
        local = decl.container is not None and decl.kind != "article"
        docs = [target.doc] if local else self._search_docs(target.doc)
        for doc in docs:
            index = doc.index
            if index is None:
                continue
            for ref in index.uses + index.refs:
                for candidate in self._candidates(ref, decl):
                    if any(t.key == target.key for t in self.lookup(doc, candidate)):
                        out.append((doc, candidate.name_span))
        seen = set()
        unique = []
        for doc, span in out:
            k = (doc.key, span.start, span.end)
            if k not in seen:
                seen.add(k)
                unique.append((doc, span))
        return unique

    def _search_docs(self, doc: Doc) -> list[Doc]:
        docs = {d.key: d for d in self.store.all_docs()}
        docs.setdefault(doc.key, doc)
        return [docs[k] for k in sorted(docs)]

    @staticmethod
    def _candidates(ref: Ref, decl: Decl) -> list[Ref]:
        """The parts of ``ref`` that could name ``decl`` (a qualifier may name a module)."""
        if decl.kind == "module":
            if ref.kind == "module":
                return [ref] if ".".join(ref.parts) == decl.name else []
            q = ref.qualifier
            if q == decl.name:
                return [Ref("module", ref.parts[:-1], ref.qualifier_span())]
            return []
        if ref.name != decl.name or decl.kind not in REF_KINDS.get(ref.kind, ()):
            return []
        return [ref]

    # -- what a file can write

    def visible(self, doc: Doc, kinds: tuple[str, ...]) -> list[tuple[str, Target, str | None]]:
        """Names of these kinds: (text to write, target, module to add a ``use`` for or None)."""
        index = doc.index
        out: list[tuple[str, Target, str | None]] = []
        if index is not None:
            for d in index.top.values():
                if d.kind in kinds:
                    out.append((d.name, Target(doc, d), None))
        imports = self.imports(doc)
        counts: dict[str, int] = {}
        for other in imports.values():
            for d in _tops(other.index, kinds):
                counts[d.name] = counts.get(d.name, 0) + 1
        own = set(index.top) if index is not None else set()
        for q, other in imports.items():
            for d in _tops(other.index, kinds):
                t = Target(other, d)
                if counts[d.name] == 1 and d.name not in own:
                    out.append((d.name, t, None))
                out.append((f"{q}.{d.name}", t, None))
        mine = self.module_name(doc)
        for q, other in sorted(self.modules().items()):
            if q in imports or q == mine or other is doc:
                continue
            for d in _tops(other.index, kinds):
                out.append((f"{q}.{d.name}", Target(other, d), q))
        return out


def _tops(index: FileIndex | None, kinds: tuple[str, ...]):
    if index is None:
        return ()
    return [d for d in index.top.values() if d.kind in kinds]
