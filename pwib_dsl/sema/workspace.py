"""The workspace on disk: where its root is and which files belong to it.

**Root.** Starting from the folder of the given paths (the folder itself, the folder of a
single file, or the deepest folder holding all of them), the nearest folder upwards that holds
a ``pwib.toml`` is the root. The search stops at the top of a version-control checkout (a
folder holding ``.git``) and at the filesystem root. Without a ``pwib.toml`` the starting
folder is the root.

**Files.** With a ``pwib.toml``, every ``.blueprint`` file below the root belongs to the
workspace, except in hidden folders (``.git``, ``.venv``, ...), in the build output folder
(``[build] out``) and in sub-folders that hold their own ``pwib.toml`` (a nested workspace).
Folders given on the command line expand by the same rules (a file named explicitly is always
compiled). Files outside the given paths are loaded for name resolution only: their
diagnostics are not reported and their blueprints are not built.

Without a ``pwib.toml``, folders given are the workspace (so ``pwib check stdlib examples``
compiles exactly those two folders), except their sub-folders that hold a ``pwib.toml`` of
their own: another workspace (a municipality's, inside the national examples) is never part of
the one around it. When only files are given, nothing below their folder is
walked: the context is what the files can reach — ``use NAME`` loads ``<root>/NAME.blueprint``
(dots are folders) on demand, and when a file names another blueprint in a bare ``journey``
line, the ``.blueprint`` files right in its folder (not below) are read to find it, so checking
a master journey still sees its tiles. The cost of checking one file therefore never depends
on unrelated files below its folder (a shared folder such as Downloads or /tmp).

**Never read.** Nothing outside the root is read through a path the workspace reaches: a
symbolic link (to a file or a folder) that leads outside the root is not followed — a
``use`` through it is PB103, a folder walk skips links to folders and refuses links to files
outside (PB103). Only a file named on the command line is read wherever it is.
"""

from __future__ import annotations

import os
from pathlib import Path

CONFIG_NAME = "pwib.toml"


def start_folder(paths) -> Path | None:
    """The deepest folder containing every existing given path."""
    folders = []
    for raw in paths:
        p = Path(raw)
        if not exists(p):
            continue
        p = p.resolve()
        folders.append(p if _is_dir(p) else p.parent)
    if not folders:
        return None
    return Path(os.path.commonpath([str(f) for f in folders]))


def find_root(paths) -> tuple[Path | None, Path | None]:
    """(root folder, its pwib.toml or None) for the given paths."""
    start = start_folder(paths)
    if start is None:
        return None, None
    folder = start
    while True:
        candidate = folder / CONFIG_NAME
        if is_file(candidate):
            return folder, candidate
        if exists(folder / ".git") or folder.parent == folder:
            return start, None
        folder = folder.parent


def is_file(path: Path) -> bool:
    """``path.is_file()``, False where the folder cannot be searched (permission denied)."""
    try:
        return path.is_file()
    except OSError:
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


def excluded(path: Path, root: Path, out: str | None = None) -> bool:
    """Whether a file below ``root`` is outside the configured workspace: in a hidden folder,
    in the build output folder, or in a nested workspace (a sub-folder with its own pwib.toml)."""
    try:
        rel = path.resolve().relative_to(root.resolve())
    except ValueError:
        return True
    skip = (root / out).resolve() if out else None
    folder = root.resolve()
    for part in rel.parts[:-1]:
        folder = folder / part
        if part.startswith(".") or folder == skip or is_file(folder / CONFIG_NAME):
            return True
    return False


def in_nested_workspace(path: Path, folders) -> bool:
    """Whether a file found below one of the given folders lies in a sub-folder of it that holds
    its own ``pwib.toml`` (the given folder itself does not count)."""
    real = path.resolve()
    for folder in folders:
        top = folder.resolve()
        try:
            rel = real.relative_to(top)
        except ValueError:
            continue
        current = top
        for part in rel.parts[:-1]:
            current = current / part
            if is_file(current / CONFIG_NAME):
                return True
        return False
    return False


def workspace_files(root: Path, out: str | None = None) -> list[Path]:
    """Every ``.blueprint`` file of a configured workspace, sorted, without following
    symbolic links to folders (so a link cannot pull files from outside the root)."""
    skip = (root / out).resolve() if out else None
    found: list[Path] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    sub = Path(entry.path)
                    if is_file(sub / CONFIG_NAME) or (skip is not None and sub.resolve() == skip):
                        continue
                    subdirs.append(sub)
                elif entry.name.endswith(".blueprint") and _file_inside(entry, root):
                    found.append(Path(entry.path))
            except (OSError, RuntimeError):  # a link loop, or an entry that vanished
                continue
        stack.extend(reversed(subdirs))
    return sorted(found)


def folder_files(folder: Path, root: Path) -> list[Path]:
    """The ``.blueprint`` files right in ``folder`` (not below), inside ``root``, sorted."""
    found = []
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return []
    for entry in entries:
        try:
            if not entry.name.startswith(".") and entry.name.endswith(".blueprint") and _file_inside(entry, root):
                found.append(Path(entry.path))
        except (OSError, RuntimeError):
            continue
    return found


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, all links followed, is ``root`` or below it (a loop is not)."""
    try:
        path.resolve(strict=True).relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):
        return False
    return True


def _file_inside(entry: os.DirEntry, root: Path) -> bool:
    """A regular file whose real path is inside the root (a link out of it never counts)."""
    if not entry.is_file():
        return False
    return not entry.is_symlink() or inside(Path(entry.path), root)
