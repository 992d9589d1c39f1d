"""Git integration against real temporary repositories: textconv, merge driver, ``diff --git``.

Each test builds a repository in a temporary folder and runs ``git`` with its own identity
(``-c user.name=… -c user.email=…``) and no global or system configuration, so the user's
settings cannot change the outcome. Drivers are configured exactly as docs/review.md says,
with ``python -m pwib_dsl`` standing in for the ``pwib`` script.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pwib_dsl.cli import main

if shutil.which("git") is None:  # pragma: no cover - git is part of the test environment
    if os.environ.get("CI"):
        raise RuntimeError("git is required for the git integration tests")
    pytest.skip("git is not installed", allow_module_level=True)

PWIB = f"{shlex.quote(sys.executable)} -m pwib_dsl"
ISOLATED = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
}

BASE = 'blueprint b "B" {\n  step a "A" {\n    evidence "e"\n    customer "c"\n    legal wgs art 4\n  }\n}\n'
REFORMATTED = 'blueprint b "B" {\n    step a "A" { evidence "e"\n        customer "c"   legal wgs art 4 }\n}\n'


class Repo:
    def __init__(self, path: Path):
        self.path = path
        path.mkdir(parents=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, check: bool = True, config: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        cmd = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
        for key, value in (config or {}).items():
            cmd += ["-c", f"{key}={value}"]
        env = {**os.environ, **ISOLATED}
        proc = subprocess.run([*cmd, *args], cwd=self.path, capture_output=True, text=True, env=env)
        if check and proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
        return proc

    def write(self, name: str, text: str) -> None:
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)


@pytest.fixture()
def repo(tmp_path: Path) -> Repo:
    r = Repo(tmp_path / "repo")
    r.write(".gitattributes", "*.blueprint diff=blueprint merge=blueprint\n")
    r.write("b.blueprint", BASE)
    r.commit("base")
    return r


# The configuration of docs/review.md, word for word but for the command.
TEXTCONV = {
    "diff.blueprint.textconv": f"{PWIB} fmt --textconv",
    "diff.blueprint.xfuncname": (
        r"^[ \t]*((blueprint|phase|step|decision|end|law|article|measure|component|facility|role|tile|system)[ \t].*)$"
    ),
}
MERGE = {
    "merge.blueprint.name": "blueprint merge that formats the three versions first",
    "merge.blueprint.driver": f"{PWIB} merge-driver --marker-size %L %O %A %B %P",
}


def test_config_matches_the_documentation():
    doc = (Path(__file__).resolve().parent.parent / "docs" / "review.md").read_text(encoding="utf-8")
    for key, value in {**TEXTCONV, **MERGE}.items():
        line = f'git config {key} "{value.replace(PWIB, "pwib")}"'
        assert line in doc, line


# ---------------------------------------------------------------- textconv


def test_textconv_hides_a_reformat_only_commit(repo: Repo):
    repo.write("b.blueprint", REFORMATTED)
    repo.commit("reformat")
    assert repo.git("diff", "HEAD~1", "HEAD").stdout != ""  # the raw diff shows the noise...
    assert repo.git("diff", "HEAD~1", "HEAD", config=TEXTCONV).stdout == ""  # ...textconv does not
    assert repo.git("log", "-p", "-1", "--format=", config=TEXTCONV).stdout == ""
    # Patches stay exact: --no-textconv shows the real bytes.
    assert repo.git("diff", "--no-textconv", "HEAD~1", "HEAD", config=TEXTCONV).stdout != ""


def test_textconv_shows_real_changes_in_canonical_form(repo: Repo):
    repo.write("b.blueprint", REFORMATTED.replace('"c"', '"c2"'))
    out = repo.git("diff", config=TEXTCONV).stdout
    changed = [line for line in out.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ['-    customer "c"', '+    customer "c2"']


def test_hunk_headers_name_the_enclosing_block(repo: Repo):
    lanes = "".join(f'    support "regel {i}"\n' for i in range(8))
    long = f'blueprint b "B" {{\n  step lang "Lang" {{\n{lanes}  }}\n}}\n'
    repo.write("b.blueprint", long)
    repo.commit("long")
    repo.write("b.blueprint", long.replace("regel 6", "regel zes").replace("\n    ", "\n\t"))
    out = repo.git("diff", config=TEXTCONV).stdout
    assert '@@ step lang "Lang" {' in out, out


def test_textconv_survives_a_broken_file(repo: Repo):
    repo.write("b.blueprint", BASE + "step {\n")
    out = repo.git("diff", config=TEXTCONV).stdout
    assert "+step {" in out


# ---------------------------------------------------------------- merge driver


def _branches(repo: Repo, ours: str, theirs: str) -> None:
    repo.git("checkout", "-q", "-b", "theirs")
    repo.write("b.blueprint", theirs)
    repo.commit("theirs")
    repo.git("checkout", "-q", "main")
    repo.write("b.blueprint", ours)
    repo.commit("ours")


def test_merge_driver_merges_layout_against_content(repo: Repo):
    _branches(repo, ours=REFORMATTED, theirs=BASE.replace('"c"', '"c2"'))
    # Without the driver the re-indent and the edit collide...
    plain = repo.git("merge", "--no-edit", "theirs", check=False)
    assert plain.returncode != 0 and "CONFLICT" in plain.stdout
    repo.git("merge", "--abort")
    # ...with it, the merge is clean and the result is in canonical form.
    merged = repo.git("merge", "--no-edit", "theirs", config=MERGE, check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert (repo.path / "b.blueprint").read_text(encoding="utf-8") == BASE.replace('"c"', '"c2"')
    assert repo.git("status", "--porcelain").stdout == ""


def test_merge_driver_reports_a_real_conflict(repo: Repo):
    _branches(repo, ours=BASE.replace('"c"', '"ours"'), theirs=BASE.replace('"c"', '"theirs"'))
    merged = repo.git("merge", "--no-edit", "theirs", config=MERGE, check=False)
    assert merged.returncode != 0
    text = (repo.path / "b.blueprint").read_text(encoding="utf-8")
    assert "<<<<<<< b.blueprint (ours)" in text and ">>>>>>> b.blueprint (theirs)" in text
    assert 'customer "ours"' in text and 'customer "theirs"' in text
    assert sorted(p.name for p in repo.path.iterdir()) == [".git", ".gitattributes", "b.blueprint"]


def test_merge_driver_reports_a_merge_that_no_longer_checks_clean(repo: Repo):
    """Each side adds a step `c` at a different place: git merges the lines cleanly, but the
    result declares `c` twice. That is a conflict, not a clean merge."""
    clean = 'blueprint b "B" {\n  step a "A" {\n    customer "a"\n    next z\n  }\n  end z "Z"\n}\n'
    repo.write("b.blueprint", clean)
    repo.commit("clean base")
    ours = clean.replace('  end z "Z"', '  step c "Ons" {\n    customer "ons"\n    next z\n  }\n\n  end z "Z"')
    theirs = clean.replace('  step a "A"', '  step c "Hun" {\n    customer "hun"\n    next z\n  }\n\n  step a "A"')
    _branches(repo, ours=ours, theirs=theirs)
    plain = repo.git("merge", "--no-edit", "theirs", check=False)
    assert plain.returncode == 0  # git alone sees no conflict
    repo.git("reset", "-q", "--hard", "HEAD~1")
    merged = repo.git("merge", "--no-edit", "theirs", config=MERGE, check=False)
    assert merged.returncode != 0, merged.stdout + merged.stderr
    assert "PB105" in merged.stderr and "neither side had" in merged.stderr
    assert "b.blueprint" in repo.git("diff", "--name-only", "--diff-filter=U").stdout


# ---------------------------------------------------------------- pwib diff --git


def test_diff_git_against_working_tree(repo: Repo, monkeypatch, capsys):
    monkeypatch.chdir(repo.path)
    repo.write("b.blueprint", REFORMATTED)
    assert main(["diff", "--git", "HEAD"]) == 0  # layout only
    assert capsys.readouterr().out == "No semantic changes between HEAD and working tree.\n"
    repo.write("b.blueprint", BASE.replace("legal wgs art 4", "legal wgs art 4a"))
    repo.write("new/c.blueprint", 'role r "Rol"\n')  # untracked files count: they are on disk
    assert main(["diff", "--git", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("3 changes from HEAD to working tree\n")
    assert "blueprint `b` › step `a`: legal basis changed: Wgs art. 4 → Wgs art. 4a" in out
    assert "role `r`: added" in out and "file `new/c.blueprint`: added" in out


def test_diff_git_between_revisions_and_paths(repo: Repo, monkeypatch, capsys):
    repo.write("sub/x.blueprint", 'role r "Rol"\n')
    repo.commit("add x")
    repo.write("b.blueprint", BASE.replace('"A"', '"Aanmelden"'))
    repo.write("sub/x.blueprint", 'role r "Rol met titel"\n')
    repo.commit("retitle")
    (repo.path / "sub").joinpath("x.blueprint").unlink()
    monkeypatch.chdir(repo.path / "sub")
    assert main(["diff", "--git", "HEAD~2..HEAD"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "3 changes from HEAD~2 to HEAD"
    assert 'step `a`: retitled: "A" → "Aanmelden"' in out
    assert 'role `r`: added: "Rol met titel"' in out and "file `sub/x.blueprint`: added" in out
    # A path limits the comparison (relative to the current folder, like git).
    assert main(["diff", "--git", "HEAD~1..HEAD", "."]) == 1
    out = capsys.readouterr().out
    assert 'role `r`: retitled: "Rol" → "Rol met titel"' in out and "step `a`" not in out
    # The file was deleted in the working tree: compared with HEAD it is removed.
    assert main(["diff", "--git", "HEAD", "--format", "json", "."]) == 1
    assert '"action": "removed"' in capsys.readouterr().out


def test_diff_git_errors(repo: Repo, tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(repo.path)
    assert main(["diff", "--git", "no-such-rev"]) == 2
    assert "error[PB703]: unknown revision `no-such-rev`" in capsys.readouterr().err
    repo.write("b.blueprint", "blueprint {\n")
    assert main(["diff", "--git", "HEAD"]) == 2
    assert "b.blueprint:1:" in capsys.readouterr().err
    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.chdir(outside)
    assert main(["diff", "--git", "HEAD"]) == 2
    assert "PB703" in capsys.readouterr().err
