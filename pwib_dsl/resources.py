"""Where the grammar, the standard library and the package data live.

In a built wheel ``grammar/`` and ``stdlib/`` are installed inside the package as
``pwib_dsl/_grammar`` and ``pwib_dsl/_stdlib`` (see setup.py); in a checkout (or an editable
install) they are the top-level folders beside the package.
"""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _pick(installed: str, checkout: str) -> Path:
    inside = _PKG / installed
    return inside if inside.is_dir() else _PKG.parent / checkout


def grammar_file() -> Path:
    """The Lark grammar of the language."""
    return _pick("_grammar", "grammar") / "blueprint.lark"


def stdlib_dir() -> Path:
    """The folder of standard-library modules (``wet``, ``pwib``, ``gemma``, ...)."""
    return _pick("_stdlib", "stdlib")


def data_dir() -> Path:
    """Package data: explanation pages, JSON Schema, XSD, templates."""
    return _PKG / "data"


# Package data is read here, input files in :mod:`pwib_dsl.workspace`: the phases
# (``syntax``, ``sema``, ``diagnostics``) read neither themselves (tests/test_workspace_layers.py).


def read_text(path: Path) -> str:
    """A package data file's text (the grammar, an explanation page)."""
    return path.read_text(encoding="utf-8")


def names(folder: Path, pattern: str) -> list[Path]:
    """The package data files of a folder matching ``pattern``, sorted."""
    return sorted(folder.glob(pattern))
