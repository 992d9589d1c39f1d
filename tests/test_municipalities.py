"""``pwib build ROOT`` with municipalities below it: their sites, the matrix and the CSV."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

from pwib_dsl.municipalities import discover

NATIONAL = """\
use rollen

blueprint melding "Melding" {
  actor inwoner = rollen.inwoner
  step melden "Melden" {
    customer inwoner "Meldt zich"
  }
  step bellen "Terugbellen" {
    customer inwoner "Wordt gebeld"
    policy "Binnen twee dagen"
  }
  step afspraak "Afspraak maken" {
    customer inwoner "Maakt een afspraak"
    next klaar
  }
  end klaar "Klaar"
}
"""

# a municipality's variant of it: one step changed, one added, one taken out
VARIANT = """\
use melding

variant melding "Melding in Stad" of melding.melding {
  owner "Gemeente Stad"
  change step bellen {
    replace policy "Binnen twee dagen" with policy "Binnen een dag"
  }
  add step welkom "Welkom" after bellen {
    customer inwoner "Krijgt een welkomstbericht"
  }
  remove step afspraak because "Stad maakt de afspraak aan de telefoon"
}
"""


def _tree(tmp: Path) -> Path:
    root = tmp / "landelijk"
    (root / "gemeenten" / "stad").mkdir(parents=True)
    (root / "pwib.toml").write_text("", encoding="utf-8")
    (root / "melding.blueprint").write_text(NATIONAL, encoding="utf-8")
    stad = root / "gemeenten" / "stad"
    (stad / "pwib.toml").write_text('[base]\npath = "../.."\n\n[theme]\nname = "Gemeente Stad"\n', encoding="utf-8")
    (stad / "stad.blueprint").write_text(VARIANT, encoding="utf-8")
    # a nested workspace that is no municipality of this root, and one with another base
    (root / "los").mkdir()
    (root / "los" / "pwib.toml").write_text("", encoding="utf-8")
    (root / "los" / "los.blueprint").write_text('blueprint los "Los" {\n  end e "E"\n}\n', encoding="utf-8")
    (root / "ander").mkdir()
    (root / "ander" / "pwib.toml").write_text('[base]\npath = "../los"\n', encoding="utf-8")
    return root


def _build(root: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pwib_dsl", "build", str(root), "--out", str(out), "--format", "short", *extra],
        capture_output=True, text=True,
    )


def test_discover_finds_the_workspaces_whose_base_is_the_root(tmp_path):
    root = _tree(tmp_path)
    assert [(f.name, f.folder.name) for f in discover(root)] == [("stad", "stad")]
    # a pwib.toml that is not TOML is no municipality here (compiling that folder reports it)
    (root / "kapot").mkdir()
    (root / "kapot" / "pwib.toml").write_text("[base\n", encoding="utf-8")
    assert [f.name for f in discover(root)] == ["stad"]


def test_build_writes_every_municipality_and_the_matrix(tmp_path):
    root = _tree(tmp_path)
    out = tmp_path / "out"
    proc = _build(root, out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (out / "blueprints" / "melding.html").is_file()
    page = (out / "gemeenten" / "stad" / "blueprints" / "melding.html").read_text(encoding="utf-8")
    assert "Gemeente Stad" in page and 'href="../../../blueprints/melding.html"' in page
    assert (out / "gemeenten" / "stad" / "json" / "melding.json").is_file()
    assert not (out / "gemeenten" / "los").exists() and not (out / "json" / "los.json").exists()
    rows = list(csv.reader(io.StringIO((out / "gemeenten" / "deviations.csv").read_text(encoding="utf-8"), newline="")))
    assert [(r[2], r[6]) for r in rows[1:]] == [
        ("melden", "unchanged"), ("bellen", "changed"), ("welkom", "added"), ("afspraak", "removed"),
        ("klaar", "unchanged"),
    ]
    assert "gemeenten/index.html" in (out / "index.html").read_text(encoding="utf-8")
    assert "pwib build: 1 blueprints and 1 municipalities (1 blueprints)" in proc.stderr


def test_output_is_the_same_for_any_number_of_processes(tmp_path):
    root = _tree(tmp_path)
    one, two = tmp_path / "one", tmp_path / "two"
    assert _build(root, one, "-j", "1").returncode == 0
    assert _build(root, two, "-j", "2").returncode == 0
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)


def test_an_error_in_a_municipality_writes_nothing(tmp_path):
    root = _tree(tmp_path)
    (root / "gemeenten" / "stad" / "stad.blueprint").write_text(VARIANT.replace("step bellen {", "step nergens {"),
                                                                 encoding="utf-8")
    out = tmp_path / "out"
    proc = _build(root, out)
    assert proc.returncode == 1
    assert "gemeenten/stad/stad.blueprint" in proc.stdout and "PB805" in proc.stdout
    assert not out.exists()


def test_building_a_sub_folder_builds_no_municipalities(tmp_path):
    root = _tree(tmp_path)
    (root / "deel").mkdir()
    (root / "deel" / "melding.blueprint").write_text(NATIONAL, encoding="utf-8")
    (root / "melding.blueprint").unlink()
    out = tmp_path / "out"
    proc = _build(root / "deel", out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not (out / "gemeenten").exists()
