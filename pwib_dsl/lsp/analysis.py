"""The editor's view of the workspace as a source provider, and compiling a document with it.

A document is compiled by :func:`pwib_dsl.driver.compile_paths` — the very function
``pwib check FILE`` runs — with :class:`EditorSources`: the texts come from the
:class:`~pwib_dsl.lsp.store.Store` (unsaved editor contents laid over the disk), and roots,
configurations and workspace listings are remembered between keystrokes. Parses are kept in
the store's :class:`~pwib_dsl.driver.ParseCache`, so an edit re-parses only the edited
document. ``tests/test_lsp_diagnostics.py`` compares the result with ``compile_paths`` on disk.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from pwib_dsl.diagnostics.model import Diagnostic
from pwib_dsl.driver import CompileResult, DiskSources, compile_paths, compile_sources
from pwib_dsl.lsp.store import Doc, Store
from pwib_dsl.sema.names import Names
from pwib_dsl.source import SourceFile

#: Seconds a workspace file listing is reused before the folder is walked again.
LISTING_TTL = 5.0


class EditorSources(DiskSources):
    """The disk, with every document of the store (open editors first) laid over it.

    Paths are shown absolute, the way the store keys its documents.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._roots: dict[Path, tuple[Path | None, Path | None]] = {}
        self._configs: dict[Path, tuple[int | None, tuple]] = {}
        self._listings: dict[tuple, tuple[float, list[Path]]] = {}

    def forget(self) -> None:
        """Files were created, deleted or renamed: look at the disk again."""
        self._roots.clear()
        self._configs.clear()
        self._listings.clear()

    def find_root(self, paths) -> tuple[Path | None, Path | None]:
        found = {self._root(Path(p)) for p in paths}
        return found.pop() if len(found) == 1 else super().find_root(paths)

    def _root(self, path: Path) -> tuple[Path | None, Path | None]:
        folder = path.parent
        if folder not in self._roots:
            self._roots[folder] = super().find_root([path]) if path.exists() else (folder, None)
        return self._roots[folder]

    def config(self, toml: Path):
        try:
            mtime = toml.stat().st_mtime_ns
        except OSError:
            mtime = None
        hit = self._configs.get(toml)
        if hit is None or hit[0] != mtime:
            hit = (mtime, super().config(toml))
            self._configs[toml] = hit
        config, diags, src = hit[1]
        return config, list(diags), src

    def discover(self, paths) -> tuple[list[Path], list[Diagnostic]]:
        return [Path(p) for p in paths], []  # the document itself, saved or not

    def files(self, root: Path, out: str | None) -> list[Path]:
        return self._listed(("files", root, out), lambda: super(EditorSources, self).files(root, out))

    def folder_files(self, folder: Path, root: Path) -> list[Path]:
        return self._listed(("folder", folder, root), lambda: super(EditorSources, self).folder_files(folder, root))

    def _listed(self, key: tuple, walk) -> list[Path]:
        hit = self._listings.get(key)
        now = time.monotonic()
        if hit is None or now - hit[0] > LISTING_TTL:
            hit = (now, walk())
            self._listings[key] = hit
        return hit[1]

    def display(self, path: Path) -> str:
        return str(path)

    def read(self, path: Path) -> SourceFile | Diagnostic:
        doc = self.store.by_path(path)
        return doc.source if doc is not None else super().read(path)

    def overlay(self, src: SourceFile) -> SourceFile:
        """An open editor's text wins over the file on disk, so a module's unsaved edits are
        seen by the files that use it."""
        if src.path.startswith("<"):
            return src
        doc = self.store.docs.get(os.path.abspath(src.path))
        return doc.source if doc is not None and (doc.is_open or doc.text == src.text) else src


class Analyzer:
    """Compiles documents as ``pwib check`` does, from the editor's texts.

    Kept per document: the record of its last compile (``Doc.recorded``), the names of it
    and of its last compile in which the document took part (``Doc.names``,
    ``Doc.good_names``: while a text cannot be recovered, completion offers the names of the
    last one that could). Kept per workspace root: the last compile of all its files
    together, which records every reference of the workspace (find references, rename).
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.sources = EditorSources(store)
        self._workspaces: dict[tuple, tuple[tuple, CompileResult]] = {}

    def forget(self) -> None:
        self.sources.forget()
        self._workspaces.clear()

    def shown(self, doc: Doc) -> str:
        """The document's file as a compile names it."""
        if doc.origin == "stdlib" and doc.path is not None:
            return f"<stdlib>/{doc.path.name}"
        return doc.source.path

    def compile(self, doc: Doc) -> CompileResult:
        """The compile of one document with the rest of its workspace as context; what its
        references resolved to is kept on the document (``Doc.recorded``)."""
        text = doc.text
        if doc.path is None:
            result = compile_sources([doc.source], stdlib=self.store.stdlib, provider=self.sources,
                                     cache=self.store.cache)
        else:
            result = compile_paths([doc.path], stdlib=self.store.stdlib, provider=self.sources,
                                   cache=self.store.cache)
        doc.recorded = (text, result.resolution)
        doc.names = (text, result.names)
        if result.names.unit(doc.source.path) is not None:
            doc.good_names = result.names
        return result

    def names(self, doc: Doc) -> list[Names]:
        """The names the document's text can write, by its compile (compiled if needed),
        then by its last compile it took part in."""
        if doc.names is None or doc.names[0] != doc.text:
            self.compile(doc)
        out = [doc.names[1]]
        if doc.good_names is not None and doc.good_names is not out[0]:
            out.append(doc.good_names)
        return out

    def workspace(self, doc: Doc, fresh: bool = True) -> CompileResult:
        """The compile of every file of the document's workspace together (``fresh``: of
        their current texts; else the last one, when there is one)."""
        if doc.path is None or doc.origin == "stdlib":
            self.recorded(doc)  # no workspace: the document's own compile
            return CompileResult({}, {}, None, (), resolution=doc.recorded[1], names=doc.names[1])
        root = self.sources.find_root([doc.path])
        docs = [d for d in self.store.workspace_docs() if d.path is not None
                and self.sources.find_root([d.path]) == root]
        if all(d.key != doc.key for d in docs):
            docs.append(doc)
        key = tuple((d.key, d.text) for d in docs)
        hit = self._workspaces.get(root)
        if hit is None or (fresh and hit[0] != key):
            result = compile_paths([d.path for d in docs], stdlib=self.store.stdlib, provider=self.sources,
                                   cache=self.store.cache)
            hit = (key, result)
            self._workspaces[root] = hit
        return hit[1]

    def recorded(self, doc: Doc) -> dict:
        """What the references of the document's current text resolve to (compiled if needed)."""
        if doc.recorded is None or doc.recorded[0] != doc.text:
            self.compile(doc)
        return doc.recorded[1].in_file(doc.source.path)

    def diagnostics(self, doc: Doc) -> tuple[Diagnostic, ...]:
        """Every diagnostic ``pwib check`` reports for this document, sorted."""
        return self.compile(doc).diagnostics
