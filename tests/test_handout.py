"""``pwib handout``: a blueprint printed to an A3 landscape PDF by headless Chromium."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from checkers import CHROMIUM, require_tool

ROOT = Path(__file__).resolve().parent.parent
BP = 'blueprint {id} "{title}" {{\n  step s "Stap" {{\n    customer "Vraagt aan"\n  }}\n  end klaar "Klaar"\n}}\n'


def pwib(*args, cwd):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "pwib_dsl", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=180)


@pytest.fixture
def workspace(tmp_path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "aanvraag.blueprint").write_text(BP.format(id="aanvraag", title="Aanvraag"), encoding="utf-8")
    (ws / "bezwaar.blueprint").write_text(BP.format(id="bezwaar", title="Bezwaar"), encoding="utf-8")
    return ws


@pytest.mark.browser
def test_handout_is_an_a3_landscape_pdf(workspace, tmp_path):
    require_tool("chromium", os.access(CHROMIUM, os.X_OK), "apt-get install chromium")
    proc = pwib("handout", str(workspace), "--blueprint", "aanvraag", "--out", str(tmp_path / "h.pdf"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == f"pwib handout: aanvraag → {tmp_path / 'h.pdf'} (A3 landscape)"
    pdf = (tmp_path / "h.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf))
    # A3 landscape: 420 × 297 mm = 1190.55 × 841.89 pt
    assert boxes and all(abs(float(w) - 1190.6) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes), boxes
    assert b"Aanvraag" in pdf or b"/Title" in pdf


def test_handout_names_the_blueprint_it_needs(workspace, tmp_path):
    proc = pwib("handout", str(workspace), cwd=tmp_path)
    assert proc.returncode == 2 and "choose a blueprint with --blueprint: aanvraag, bezwaar" in proc.stderr
    proc = pwib("handout", str(workspace), "-b", "aanvrag", cwd=tmp_path)
    assert proc.returncode == 2 and "no blueprint `aanvrag`; did you mean `aanvraag`?" in proc.stderr
    proc = pwib("handout", str(workspace), "-b", "aanvraag", "--chromium", "no-such-browser-here", cwd=tmp_path)
    assert proc.returncode == 2 and "Chromium not found as `no-such-browser-here`" in proc.stderr
    (workspace / "kapot.blueprint").write_text('blueprint k "K" {\n  stap s "S"\n}\n', encoding="utf-8")
    proc = pwib("handout", str(workspace), "-b", "aanvraag", cwd=tmp_path)
    assert proc.returncode == 1 and "PB005" in proc.stderr + proc.stdout and "nothing printed" in proc.stderr
    assert not list(tmp_path.glob("*.pdf"))
