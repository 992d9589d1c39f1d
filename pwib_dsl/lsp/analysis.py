"""The diagnostics of one document: what ``pwib check FILE`` reports, computed from memory.

This follows :func:`pwib_dsl.driver.compile_paths` for a single requested file — the same
workspace root and ``pwib.toml``, the same context files, the same semantic analysis and
severity configuration — but takes every text from the :class:`~pwib_dsl.lsp.store.Store`
(unsaved editor contents included) and reuses the parse of every document whose text did not
change, so an edit re-parses only the edited document. ``tests/test_lsp_diagnostics.py``
compares the result with ``compile_paths`` on the same files.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from pwib_dsl import config as cfg
from pwib_dsl.diagnostics.model import Diagnostic
from pwib_dsl.lsp.store import Doc, Store
from pwib_dsl.source import SourceFile

#: Seconds a workspace file listing is reused before the folder is walked again.
LISTING_TTL = 5.0


class Analyzer:
    """Compiles documents for their diagnostics, caching roots, configurations and listings."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._roots: dict[Path, tuple[Path | None, Path | None]] = {}
        self._configs: dict[Path, tuple[int | None, cfg.Config, list[Diagnostic]]] = {}
        self._listings: dict[tuple, tuple[float, list[Path]]] = {}

    def forget(self) -> None:
        """Files were created, deleted or renamed: look at the disk again."""
        self._roots.clear()
        self._configs.clear()
        self._listings.clear()

    # -- the workspace of a document

    def root(self, path: Path) -> tuple[Path | None, Path | None]:
        folder = path.parent
        if folder not in self._roots:
            from pwib_dsl.sema.workspace import find_root

            self._roots[folder] = find_root([path]) if path.exists() else (folder, None)
        return self._roots[folder]

    def config(self, toml: Path) -> tuple[cfg.Config, list[Diagnostic]]:
        try:
            mtime = toml.stat().st_mtime_ns
        except OSError:
            mtime = None
        hit = self._configs.get(toml)
        if hit is None or hit[0] != mtime:
            config, diags, _src = cfg.load(toml, str(toml))
            hit = (mtime, config, diags)
            self._configs[toml] = hit
        return hit[1], list(hit[2])

    def context_files(self, root: Path, out: str | None) -> list[Path]:
        key = (root, out)
        hit = self._listings.get(key)
        now = time.monotonic()
        if hit is None or now - hit[0] > LISTING_TTL:
            from pwib_dsl.sema.workspace import workspace_files

            hit = (now, workspace_files(root, out))
            self._listings[key] = hit
        return hit[1]

    # -- compiling

    def diagnostics(self, doc: Doc) -> tuple[Diagnostic, ...]:
        """Every diagnostic ``pwib check`` reports for this document, sorted."""
        from pwib_dsl.sema.analyze import Input, analyze
        from pwib_dsl.sema.modules import relpath
        from pwib_dsl.sema.rules import after_syntax_errors

        diags: list[Diagnostic] = []
        root = toml = None
        config = cfg.DEFAULT
        if doc.path is not None:
            root, toml = self.root(doc.path)
        if toml is not None:
            config, config_diags = self.config(toml)
            diags.extend(config_diags)
        parsed = doc.parsed
        diags.extend(parsed.diagnostics)
        rel = relpath(doc.path, root) if doc.path is not None else doc.source.path
        inputs = [Input(doc.source, parsed.file, rel, doc.path, True)]
        if toml is not None and root is not None:
            me = os.path.normcase(str(doc.path.resolve()))
            for path in self.context_files(root, config.out):
                if os.path.normcase(str(path.resolve())) == me:
                    continue
                other = self.store.by_path(path)
                if other is None:
                    continue
                inputs.append(Input(other.source, other.parsed.file, relpath(path, root), path, False))
        # analyze() returns (workspace, diagnostics, ...); only the diagnostics are needed here
        result = analyze(inputs, self._parse, root=root, stdlib=self.store.stdlib, lang=config.lang)
        diags.extend(config.apply(after_syntax_errors(result[1], parsed.diagnostics)))
        return tuple(sorted(set(diags), key=lambda d: (d.sort_key(), repr(d))))

    def _parse(self, src: SourceFile):
        """Parse for the analysis (modules loaded on demand), reusing the store's parses.

        An open editor's text wins over the file on disk, so a module's unsaved edits are
        seen by the files that use it.
        """
        doc = None
        if not src.path.startswith("<"):
            doc = self.store.docs.get(os.path.abspath(src.path))
        if doc is not None and (doc.is_open or doc.text == src.text):
            result = doc.parsed
        else:
            from pwib_dsl.syntax.parser import parse

            result = parse(src)
        return result.file, result.diagnostics
