"""The result cache of ``pwib check``: the diagnostics of an unchanged check, read back.

As Black, ruff and mypy do, ``pwib check`` keeps what a check found in the per-user cache
(:mod:`pwib_dsl.cache`, kind ``check``) and, when nothing the check read has changed, prints
that instead of compiling again — without loading the parser, the AST or the analysis.

An entry is named by a hash of the working folder and the paths as given (the display paths in
diagnostics depend on both), the environment and import path of the interpreter (which
installed code runs), and of :func:`fingerprint`: the path, size and modification time of
every file of the package (so any edit to the compiler, its data or a shipped standard library
is a new entry) and the interpreter's version (:func:`pwib_dsl.cache.key`). It holds

* the **facts** the compile learnt from the filesystem (:mod:`pwib_dsl.workspace.observe`):
  every file it read by the hash of its bytes (the files given, the rest of the workspace,
  ``pwib.toml`` files, base workspaces, modules loaded on demand, the standard library, law
  snapshots), every folder it listed, every path it looked at (links included), and the
  size and modification time of the third-party modules it imported (Lark, attrs, …);
* the **report** (:class:`Report`): the diagnostics as data, the texts of the files they
  quote, and the number of files checked.

A hit needs every fact to hold again. The report is then rendered by the same code as a fresh
one, so the output is the same bytes in every ``--format``, with or without colour, and the
exit status is the same with or without ``--strict``: those options only decide how the
diagnostics are shown and counted, so they are not part of the key. A file a diagnostic
quotes without being part of the compile (one that is not UTF-8) is read when rendering, as
without the cache. The check reads no environment variable; ``PWIB_CACHE_DIR=`` (empty) turns
this cache off with the rest.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import attrs

from pwib_dsl import cache
from pwib_dsl.source import SourceFile

#: the cache's kind for check results
KIND = "check"

#: bumped when the layout of an entry changes
FORMAT = 1

_PACKAGE = Path(__file__).resolve().parent


@attrs.frozen
class Report:
    """What ``pwib check`` prints, as data: rendered by :func:`pwib_dsl.commands.check.report`."""

    diagnostics: tuple
    #: the texts the diagnostics quote, by display path (those the compile had read)
    sources: dict[str, SourceFile]
    #: how many files were checked (for the summary line)
    checked: int

    @classmethod
    def of(cls, result) -> Report:
        """The report of a :class:`~pwib_dsl.driver.CompileResult`."""
        known = {**result.aux_sources, **result.sources}
        quoted = {}
        for d in result.diagnostics:
            labels = ([d.primary] if d.primary else []) + list(d.secondary)
            for file in [lb.file for lb in labels] + [s.file for s in d.suggestions]:
                if file in known:
                    quoted[file] = known[file]
        return cls(tuple(result.diagnostics), quoted, len(result.sources))


def fingerprint() -> str:
    """A hash of the path, size and modification time of every file of the package."""
    rows = []
    stack = [str(_PACKAGE)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                for entry in it:
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name != "__pycache__":
                            stack.append(entry.path)
                        continue
                    st = entry.stat()
                    rows.append(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}")
        except OSError:
            rows.append(f"{folder}\0unreadable")
    rows.sort()
    return cache.key("package", "\n".join(rows))


class Check:
    """The cache entry of one ``pwib check`` of ``paths`` in the working folder."""

    def __init__(self, paths) -> None:
        self.folder = cache.directory()
        self.name = None
        if self.folder is not None:
            try:
                cwd = os.getcwd()
            except OSError:  # the working folder was removed: display paths cannot be trusted
                self.folder = None
                return
            # the interpreter's environment and import path say which installed code runs
            where = "\0".join([sys.prefix, *sys.path])
            self.name = cache.key(KIND, str(FORMAT), cwd, "\0".join(map(str, paths)), where, fingerprint())

    def hit(self) -> Report | None:
        """The stored report, when every fact it was made from still holds."""
        if self.name is None:
            return None
        entry = cache.load(KIND, self.name)
        if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], tuple)):
            return None
        facts, stored = entry
        if not (isinstance(stored, tuple) and len(stored) == 3):
            return None
        from pwib_dsl.diagnostics.model import Diagnostic
        from pwib_dsl.workspace.observe import still_holds

        diagnostics, texts, checked = stored
        if not (
            isinstance(diagnostics, tuple)
            and all(isinstance(d, Diagnostic) for d in diagnostics)
            and isinstance(texts, tuple)
            and all(isinstance(t, tuple) and len(t) == 2 and all(isinstance(x, str) for x in t) for t in texts)
            and isinstance(checked, int)
        ):
            return None
        try:
            if not still_holds(facts):
                return None
        except Exception:  # noqa: BLE001 - a damaged entry asks questions no one can answer: a miss
            return None
        return Report(diagnostics, {path: SourceFile(path, text) for path, text in texts}, checked)

    def recording(self):
        """A context in which the compile's filesystem facts are noted (nothing when off)."""
        if self.name is None:
            import contextlib

            return contextlib.nullcontext()
        from pwib_dsl.workspace.observe import recording

        return recording(skip=(self.folder, _PACKAGE))

    def keep(self, recorded, report: Report) -> None:
        """Store ``report`` with the facts ``recorded`` (when the run can be reused)."""
        if self.name is None or recorded is None or not recorded.reusable:
            return
        from pwib_dsl.workspace.observe import third_party_modules

        facts = tuple(recorded.facts.items()) + third_party_modules(_PACKAGE)
        texts = tuple((path, src.text) for path, src in report.sources.items())
        cache.store(KIND, self.name, (facts, (report.diagnostics, texts, report.checked)))
