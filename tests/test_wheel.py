"""The built wheel works on its own: grammar, stdlib and explanation pages come from inside it.

The package sources are copied to a temporary folder (so building leaves no ``build/`` or
``*.egg-info`` in the checkout) and built into a wheel with ``pip wheel`` (without network or
build isolation when setuptools and wheel are installed; otherwise pip fetches them). The wheel is installed with ``--no-deps``
into a fresh virtual environment whose only other import path is a ``.pth`` line naming the
test environment's ``site-packages`` for the dependencies (lark, attrs, ...). Entries added by
a ``.pth`` line are not site folders, so the editable install of this checkout living there is
*not* activated: ``pwib_dsl`` can only come from the wheel. The installed ``pwib`` then checks
the examples, copied to a folder outside the checkout.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "setup.py", "README.md", "pwib_dsl", "grammar", "stdlib")


def _run(*cmd, cwd=None, env=None):
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif path.exists():
            shutil.copy2(path, src / name)
    dist = tmp / "dist"
    offline = importlib.util.find_spec("setuptools") and importlib.util.find_spec("wheel")
    if offline:  # the build backend is already here: no network needed
        _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", dist, src)
    else:  # pip fetches the build requirements of pyproject.toml into an isolated environment
        _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", dist, src)
    (wheel,) = dist.glob("pwib_dsl-*.whl")
    venv = tmp / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    site = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    )
    (site / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return {"wheel": wheel, "venv": venv, "python": python, "site": site, "env": env, "tmp": tmp}


def test_wheel_contains_grammar_stdlib_and_pages(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    assert "pwib_dsl/_grammar/blueprint.lark" in names
    stdlib = {n for n in names if n.startswith("pwib_dsl/_stdlib/") and n.endswith(".blueprint")}
    assert {f"pwib_dsl/_stdlib/{p.name}" for p in (ROOT / "stdlib").glob("*.blueprint")} == stdlib
    pages = {n for n in names if n.startswith("pwib_dsl/data/explain/")}
    assert {f"pwib_dsl/data/explain/{p.name}" for p in (ROOT / "pwib_dsl/data/explain").glob("PB*.md")} <= pages


def test_package_resources_come_from_the_installed_wheel(installed):
    code = (
        "import pwib_dsl, pwib_dsl.resources as r; "
        "print(pwib_dsl.__file__); print(r.grammar_file()); print(r.stdlib_dir()); print(r.data_dir())"
    )
    out = _run(installed["python"], "-c", code, cwd=installed["tmp"], env=installed["env"]).stdout.split("\n")
    package = Path(out[0]).parent
    assert package == installed["site"] / "pwib_dsl"
    assert Path(out[1]) == package / "_grammar" / "blueprint.lark"
    assert Path(out[2]) == package / "_stdlib"
    assert Path(out[3]) == package / "data"
    assert ROOT not in Path(out[0]).parents


def test_installed_pwib_checks_the_examples(installed):
    work = installed["tmp"] / "project"
    shutil.copytree(ROOT / "examples", work, ignore=shutil.ignore_patterns("*.md"))
    pwib = installed["venv"] / "bin" / "pwib"
    proc = subprocess.run([pwib, "check", "."], capture_output=True, text=True, cwd=work, env=installed["env"], timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary = proc.stderr.splitlines()[0]
    assert summary.endswith(" files") and "error" not in summary and "warning" not in summary, summary
    # the stdlib resolves from inside the wheel: a `use` of a stdlib module is not unknown
    assert "PB101" not in proc.stdout
    broken = work / "kapot.blueprint"
    broken.write_text('use wet\nblueprint k "K" {\n  stap s "S" {\n  }\n}\n', encoding="utf-8")
    proc = subprocess.run(
        [pwib, "check", "--format", "short", "kapot.blueprint"],
        capture_output=True, text=True, cwd=work, env=installed["env"], timeout=300,
    )
    assert proc.returncode == 1 and "error[PB005]: unknown field `stap` in a blueprint" in proc.stdout
    explained = subprocess.run(
        [pwib, "explain", "PB005"], capture_output=True, text=True, cwd=work, env=installed["env"], timeout=300
    )
    assert explained.returncode == 0 and explained.stdout.startswith("# PB005: unknown-keyword")
