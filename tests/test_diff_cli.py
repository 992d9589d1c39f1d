"""``pwib diff OLD NEW`` end to end: files, folders (workspaces), formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pwib_dsl.cli import main

BP = 'blueprint {name} "{title}" {{\n  step a "A" {{\n    legal wgs art {art}\n  }}\n}}\n'
CATALOGUE = 'module cat "Catalogus"\nrole klant "Klant"\n'


@pytest.fixture()
def workspaces(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    old, new = tmp_path / "old", tmp_path / "new"
    (old / "sub").mkdir(parents=True)
    (new / "sub").mkdir(parents=True)
    (old / "a.blueprint").write_text(BP.format(name="een", title="Een", art="4"), encoding="utf-8")
    (old / "sub" / "b.blueprint").write_text(BP.format(name="twee", title="Twee", art="4"), encoding="utf-8")
    (old / "cat.blueprint").write_text(CATALOGUE, encoding="utf-8")
    # new: `een` moved to another file, `twee` changed its legal basis, the catalogue is unchanged
    (new / "sub" / "moved.blueprint").write_text(BP.format(name="een", title="Een", art="4"), encoding="utf-8")
    (new / "sub" / "b.blueprint").write_text(BP.format(name="twee", title="Twee", art="4a"), encoding="utf-8")
    (new / "cat.blueprint").write_text("# herschikt\n" + CATALOGUE.replace("\n", "\n\n"), encoding="utf-8")
    return tmp_path


def test_folders_match_blueprints_across_files(workspaces: Path, capsys):
    assert main(["diff", "old", "new"]) == 1
    out = capsys.readouterr().out
    assert out == (
        "4 changes from old to new\n"
        "\n"
        "Legal basis\n"
        "  blueprint `twee` › step `a`: legal basis changed: Wgs art. 4 → Wgs art. 4a\n"
        "\n"
        "Blueprint `een`\n"
        "  moved from file `a.blueprint` to file `sub/moved.blueprint`\n"
        "\n"
        "Files\n"
        "  file `sub/moved.blueprint`: added\n"
        "  file `a.blueprint`: removed\n"
    )


def test_same_folder_is_equal(workspaces: Path, capsys):
    assert main(["diff", "old", "old"]) == 0
    assert capsys.readouterr().out == "No semantic changes between old and old.\n"


def test_two_files(workspaces: Path, capsys):
    assert main(["diff", "old/sub/b.blueprint", "new/sub/b.blueprint", "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [c["section"] for c in doc["changes"]] == ["legal"]
    assert doc["old"] == "old/sub/b.blueprint"


def test_markdown_through_the_cli(workspaces: Path, capsys):
    assert main(["diff", "old", "new", "--format", "markdown"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("### Semantic changes: `old` → `new`\n")
    assert "#### Blueprint `een`\n\n- moved from file `a.blueprint` to file `sub/moved.blueprint`\n" in out


def test_syntax_error_is_exit_2_with_diagnostics(workspaces: Path, capsys):
    (workspaces / "new" / "broken.blueprint").write_text('blueprint x "X" {\n  step\n', encoding="utf-8")
    assert main(["diff", "old", "new"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "broken.blueprint:" in captured.err and "error[PB" in captured.err


def test_missing_path_and_usage(workspaces: Path, capsys):
    assert main(["diff", "old", "nope"]) == 2
    assert "PB010" in capsys.readouterr().err
    assert main(["diff", "old"]) == 2
    assert "give two paths" in capsys.readouterr().err


def test_unknown_format_is_a_usage_error(workspaces: Path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["diff", "old", "new", "--format", "html"])
    assert exc.value.code == 2


def test_output_is_byte_identical_across_hash_seeds(workspaces: Path):
    outputs = set()
    for seed in ("0", "1", "12345"):
        proc = subprocess.run(
            [sys.executable, "-m", "pwib_dsl", "diff", "old", "new", "--format", "json"],
            capture_output=True, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}, cwd=workspaces,
        )
        assert proc.returncode == 1, proc.stderr
        outputs.add(proc.stdout)
    assert len(outputs) == 1
