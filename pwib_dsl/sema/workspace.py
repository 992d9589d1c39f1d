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
compiles exactly those two folders); when only files are given, the other files below their
folder are loaded as context, as with a ``pwib.toml`` — checking one tile of a master journey
still sees the other blueprints. A ``use NAME`` can always load ``<root>/NAME.blueprint``.
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
        if not p.exists():
            continue
        p = p.resolve()
        folders.append(p if p.is_dir() else p.parent)
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
        if candidate.is_file():
            return folder, candidate
        if (folder / ".git").exists() or folder.parent == folder:
            return start, None
        folder = folder.parent


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
        if part.startswith(".") or folder == skip or (folder / CONFIG_NAME).is_file():
            return True
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
            if entry.is_dir(follow_symlinks=False):
                sub = Path(entry.path)
                if (sub / CONFIG_NAME).is_file() or (skip is not None and sub.resolve() == skip):
                    continue
                subdirs.append(sub)
            elif entry.name.endswith(".blueprint") and entry.is_file():
                found.append(Path(entry.path))
        stack.extend(reversed(subdirs))
    return sorted(found)
