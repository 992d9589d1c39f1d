"""Loading the two sides of a diff: a file, a folder, or a git revision or the working tree.

Git is used through its command line in a subprocess (``git rev-parse``, ``git ls-tree``,
``git cat-file --batch``, ``git ls-files``), from the repository that holds the current folder.
Paths in a git side are relative to the repository root; in a folder side, to that folder.
Every failure (no such path, not a repository, an unknown revision, a file that does not parse)
becomes a diagnostic, never an exception.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import attrs

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity
from pwib_dsl.diff.compare import Side
from pwib_dsl.workspace.reading import EXTENSION, display_path, read_source
from pwib_dsl.source import NO_SPAN, DecodeError, SourceFile, decode
from pwib_dsl.syntax.parser import parse

#: A git command failed (not a repository, unknown revision, git missing).
PB703 = "PB703"
WORKING_TREE = "working tree"


@attrs.frozen
class Loaded:
    """A side, or the diagnostics that kept it from loading (``side`` is None then)."""

    side: Side | None
    diagnostics: tuple[Diagnostic, ...] = ()


def _error(code: str, message: str, file: str | None = None, help: str | None = None) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, Label(file, NO_SPAN) if file else None, help=help)


def _side(label: str, sources: list[tuple[str, SourceFile]], workspace: bool, diags: list) -> Loaded:
    """Parse every source; any error makes the side unusable (a diff of half a file would mislead)."""
    files = []
    for rel, source in sources:
        result = parse(source)
        if not result.ok or result.file is None:
            diags.extend(result.diagnostics)
            continue
        files.append((rel, result.file))
    if any(d.severity is Severity.ERROR for d in diags):
        return Loaded(None, tuple(diags))
    return Loaded(Side(label, tuple(sorted(files, key=lambda f: f[0])), workspace), tuple(diags))


# ---------------------------------------------------------------- files and folders


def load_path(raw: str) -> Loaded:
    """A ``.blueprint`` file, or every ``.blueprint`` file under a folder."""
    path = Path(raw)
    if path.is_dir():
        found = sorted(p for p in path.rglob(f"*{EXTENSION}") if p.is_file())
        pairs = [(p.relative_to(path).as_posix(), p) for p in found]
        workspace = True
    elif path.exists():
        pairs = [(path.name, path)]
        workspace = False
    else:
        return Loaded(None, (_error("PB010", msg("PB010.no-such-path", path=raw), raw),))
    sources, diags = [], []
    for rel, p in pairs:
        _collect(rel, read_source(p, display_path(p)), sources, diags)
    return _side(raw, sources, workspace, diags)


# ---------------------------------------------------------------- git


class _GitFailed(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic


def _git(args: list[str], cwd: str, stdin: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise _GitFailed(_error(PB703, msg("PB703.git-not-installed"))) from None
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        message = detail[-1] if detail else f"exit status {proc.returncode}"
        raise _GitFailed(_error(PB703, msg("PB703.git-failed", command=args[0], message=message)))
    return proc.stdout


def _commit(rev: str, top: str) -> str:
    if not rev or rev.startswith("-"):
        raise _GitFailed(_error(PB703, msg("PB703.not-revision", rev=rev)))
    try:
        return _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top).decode().strip()
    except _GitFailed:
        raise _GitFailed(
            _error(PB703, msg("PB703.unknown-revision", rev=rev), help="name a commit, branch or tag, e.g. HEAD~1 or main")
        ) from None


def _tree_files(commit: str, top: str, specs: list[str]) -> list[tuple[str, str]]:
    """(path, blob id) of every regular ``.blueprint`` file in a commit under the pathspecs."""
    out = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", *specs], top)
    files = []
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, blob = meta.split(b" ")
        path = name.decode("utf-8", "surrogateescape")
        if kind == b"blob" and mode in (b"100644", b"100755") and path.endswith(EXTENSION):
            files.append((path, blob.decode()))
    return files


def _read_blobs(ids: list[str], top: str) -> list[bytes]:
    """The contents of many blobs through one ``git cat-file --batch``."""
    if not ids:
        return []
    out = _git(["cat-file", "--batch"], top, stdin="".join(i + "\n" for i in ids).encode())
    blobs, pos = [], 0
    for _ in ids:
        end = out.index(b"\n", pos)
        header = out[pos:end].split(b" ")
        size = int(header[2])
        blobs.append(out[end + 1 : end + 1 + size])
        pos = end + 1 + size + 1
    return blobs


def _decoded(display: str, data: bytes) -> SourceFile | Diagnostic:
    try:
        return SourceFile(display, decode(data))
    except DecodeError as exc:
        return _error("PB012", msg("PB012.not-utf8", path=display, reason=exc.reason, offset=exc.offset), display)


def _at_revision(rev: str, top: str, specs: list[str]) -> Loaded:
    commit = _commit(rev, top)
    files = _tree_files(commit, top, specs)
    sources, diags = [], []
    for (path, _blob), data in zip(files, _read_blobs([b for _, b in files], top)):
        _collect(path, _decoded(f"{rev}:{path}", data), sources, diags)
    return _side(rev, sources, True, diags)


def _collect(rel: str, src: SourceFile | Diagnostic, sources: list, diags: list) -> None:
    if isinstance(src, Diagnostic):
        diags.append(src)
    else:
        sources.append((rel, src))


def _working_tree(top: str, specs: list[str]) -> Loaded:
    out = _git(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *specs], top)
    names = sorted({p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p})
    sources, diags = [], []
    for rel in names:
        full = Path(top, rel)
        if not rel.endswith(EXTENSION) or not full.is_file():
            continue  # deleted in the working tree, or not a blueprint
        _collect(rel, read_source(full, display_path(full)), sources, diags)
    return _side(WORKING_TREE, sources, True, diags)


def load_git(spec: str, paths: list[str], cwd: str | None = None) -> tuple[Loaded, Loaded]:
    """``REV`` (against the working tree) or ``REV..REV2``, limited to ``paths``."""
    cwd = cwd or os.getcwd()
    try:
        top = _git(["rev-parse", "--show-toplevel"], cwd).decode().strip()
        specs = []
        for p in paths:
            rel = os.path.relpath(os.path.abspath(os.path.join(cwd, p)), top)
            if rel.startswith(".."):
                raise _GitFailed(_error(PB703, msg("PB703.outside-repository", path=p, top=top)))
            specs.append(Path(rel).as_posix())
        if ".." in spec:
            old_rev, new_rev = spec.split("..", 1)
            return _at_revision(old_rev or "HEAD", top, specs), _at_revision(new_rev or "HEAD", top, specs)
        return _at_revision(spec, top, specs), _working_tree(top, specs)
    except _GitFailed as failed:
        return Loaded(None, (failed.diagnostic,)), Loaded(None)
