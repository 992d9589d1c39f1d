"""Input is read in one package: the phases below it are handed what they need.

No module under ``syntax/``, ``surface/``, ``sema/`` or ``diagnostics/`` imports
``pwib_dsl.workspace`` (root finding, ``pwib.toml``, discovery, reading) or reads or lists
files itself (``open()``, ``Path.read_*``, ``os.scandir``/``os.walk``/``os.listdir``,
``glob``): ``sema`` is handed sources and a :class:`~pwib_dsl.sema.modules.Files`, the
renderer the sources it quotes, and package data (the grammar, the explanation pages) is read
through :mod:`pwib_dsl.resources`. Every import counts, also those inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import pwib_dsl

PKG = Path(pwib_dsl.__file__).resolve().parent
PHASES = ("syntax", "surface", "sema", "diagnostics")
#: calls that read or list files
READING = {"open", "read_text", "read_bytes", "scandir", "walk", "listdir", "glob", "rglob", "iterdir"}
#: the modules input moved out of, which must not come back
GONE = ("pwib_dsl.workspace", "pwib_dsl.loader", "pwib_dsl.config")


def _modules() -> list[Path]:
    return sorted(p for phase in PHASES for p in (PKG / phase).rglob("*.py"))


def _problems(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            if any(name == g or name.startswith(g + ".") for g in GONE):
                out.append(f"line {node.lineno}: imports {name}")
        if isinstance(node, ast.ImportFrom) and node.module == "pwib_dsl":
            out += [f"line {node.lineno}: imports pwib_dsl.{a.name}" for a in node.names
                    if a.name in ("workspace", "loader", "config")]
        if isinstance(node, ast.Call):
            f = node.func
            called = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None
            through_resources = isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) \
                and f.value.id == "resources"  # package data, not input
            if called in READING and not through_resources:
                out.append(f"line {node.lineno}: calls {called}()")
    return out


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PKG)))
def test_phases_neither_import_the_input_package_nor_read_files(path):
    assert _problems(path) == []


def test_the_check_finds_what_it_forbids(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from pwib_dsl.workspace.reading import read_source\nfrom pwib_dsl import config\n"
        "def f(p):\n    return open(p).read() + p.read_text()\n",
        encoding="utf-8",
    )
    assert sorted(_problems(bad)) == [
        "line 1: imports pwib_dsl.workspace.reading", "line 1: imports pwib_dsl.workspace.reading.read_source",
        "line 2: imports pwib_dsl.config", "line 2: imports pwib_dsl.config",
        "line 4: calls open()", "line 4: calls read_text()",
    ]
