"""``pwib fmt`` end to end: rewriting, --check, --diff, stdin, --textconv, folders, exit codes."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from checkers import require_tool
from pwib_dsl.cli import main

MESSY = 'blueprint b "B" {   step a "A" { evidence "e"   # bewijs\n\n\n customer "c" }}'
CANONICAL = 'blueprint b "B" {\n  step a "A" {\n    evidence "e" # bewijs\n\n    customer "c"\n  }\n}\n'
BROKEN = 'blueprint b "B" {\n  step a "A" {\n    evidence\n'


def run(*argv: str) -> int:
    return main(["fmt", *argv])


@pytest.fixture()
def tree(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub" / "deep").mkdir(parents=True)
    (tmp_path / "messy.blueprint").write_text(MESSY, encoding="utf-8")
    (tmp_path / "sub" / "deep" / "also.blueprint").write_text(MESSY, encoding="utf-8")
    (tmp_path / "sub" / "ok.blueprint").write_text(CANONICAL, encoding="utf-8")
    (tmp_path / "sub" / "notes.txt").write_text(MESSY, encoding="utf-8")
    return tmp_path


def test_rewrites_files_and_folders_recursively(tree: Path, capsys):
    ok_mtime = (tree / "sub" / "ok.blueprint").stat().st_mtime_ns
    assert run("messy.blueprint", "sub") == 0
    assert (tree / "messy.blueprint").read_text(encoding="utf-8") == CANONICAL
    assert (tree / "sub" / "deep" / "also.blueprint").read_text(encoding="utf-8") == CANONICAL
    assert (tree / "sub" / "notes.txt").read_text(encoding="utf-8") == MESSY
    # An already formatted file is not rewritten at all.
    assert (tree / "sub" / "ok.blueprint").stat().st_mtime_ns == ok_mtime
    assert "2 files reformatted, 1 file already formatted" in capsys.readouterr().err
    assert run(".") == 0


def test_check_lists_files_and_changes_nothing(tree: Path, capsys):
    assert run("--check", ".") == 1
    out = capsys.readouterr().out.splitlines()
    assert out == ["would reformat messy.blueprint", f"would reformat {os.path.join('sub', 'deep', 'also.blueprint')}"]
    assert (tree / "messy.blueprint").read_text(encoding="utf-8") == MESSY
    assert run("--check", "sub/ok.blueprint") == 0


def test_diff_prints_a_patch_that_applies(tree: Path, capsys):
    assert run("--diff", "messy.blueprint") == 1
    patch = capsys.readouterr().out
    assert patch.startswith("--- messy.blueprint (original)\n+++ messy.blueprint (formatted)\n")
    assert "\\ No newline at end of file" in patch
    assert (tree / "messy.blueprint").read_text(encoding="utf-8") == MESSY
    require_tool("patch", shutil.which("patch") is not None, "apt-get install patch")
    proc = subprocess.run(["patch", "-s", "messy.blueprint"], input=patch, text=True, capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert (tree / "messy.blueprint").read_text(encoding="utf-8") == CANONICAL


def test_syntax_error_refused_file_untouched(tree: Path, capsys):
    (tree / "broken.blueprint").write_text(BROKEN, encoding="utf-8")
    assert run("broken.blueprint", "messy.blueprint") == 1
    err = capsys.readouterr().err
    assert "broken.blueprint:" in err and "error[PB" in err
    assert "left as it is" in err
    assert (tree / "broken.blueprint").read_text(encoding="utf-8") == BROKEN
    # The other file is still formatted.
    assert (tree / "messy.blueprint").read_text(encoding="utf-8") == CANONICAL


def test_missing_path_is_an_io_error(tree: Path, capsys):
    assert run("nope.blueprint") == 2
    assert "PB010" in capsys.readouterr().err


def test_empty_folder_is_nothing_to_do(tree: Path, capsys):
    (tree / "empty").mkdir()
    assert run("empty") == 0
    assert "warning[PB011]" in capsys.readouterr().err


def test_dash_reads_stdin_writes_stdout(monkeypatch, capsysbinary):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(MESSY.encode("utf-8"))))
    assert run("-") == 0
    assert capsysbinary.readouterr().out == CANONICAL.encode("utf-8")


def test_dash_with_errors_writes_nothing(monkeypatch, capsysbinary):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BROKEN.encode("utf-8"))))
    assert run("-") == 1
    captured = capsysbinary.readouterr()
    assert captured.out == b""
    assert b"<stdin>:" in captured.err


@pytest.mark.parametrize(("flag", "expected"), [("--check", "would reformat <stdin>\n"), ("--diff", "+++ <stdin> (formatted)")])
def test_dash_check_and_diff(monkeypatch, capsys, flag, expected):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(MESSY.encode("utf-8"))))
    assert run(flag, "-") == 1
    assert expected in capsys.readouterr().out


def test_dash_cannot_mix_with_paths(capsys):
    assert run("-", "x.blueprint") == 2


def test_textconv_formats_and_never_fails(tree: Path, capsysbinary):
    (tree / "broken.blueprint").write_text(BROKEN, encoding="utf-8")
    (tree / "latin1.blueprint").write_bytes(b'use w\xe9t\n')
    assert run("--textconv", "messy.blueprint") == 0
    assert capsysbinary.readouterr().out == CANONICAL.encode("utf-8")
    assert run("--textconv", "broken.blueprint") == 0
    assert capsysbinary.readouterr().out == BROKEN.encode("utf-8")
    assert run("--textconv", "latin1.blueprint") == 0
    assert capsysbinary.readouterr().out == b"use w\xe9t\n"
    assert (tree / "messy.blueprint").read_text(encoding="utf-8") == MESSY


def test_bom_and_crlf_count_as_changes(tree: Path, capsys):
    (tree / "bom.blueprint").write_bytes(b"\xef\xbb\xbf" + CANONICAL.encode("utf-8"))
    (tree / "crlf.blueprint").write_bytes(CANONICAL.replace("\n", "\r\n").encode("utf-8"))
    assert run("--check", "bom.blueprint", "crlf.blueprint") == 1
    assert run("bom.blueprint", "crlf.blueprint") == 0
    assert (tree / "bom.blueprint").read_bytes() == CANONICAL.encode("utf-8")
    assert (tree / "crlf.blueprint").read_bytes() == CANONICAL.encode("utf-8")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_rewrite_keeps_permissions(tree: Path):
    path = tree / "messy.blueprint"
    os.chmod(path, 0o640)
    assert run("messy.blueprint") == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_console_script_end_to_end(tree: Path):
    """The installed entry point, as pre-commit and editors run it."""
    proc = subprocess.run(
        [sys.executable, "-m", "pwib_dsl", "fmt", "--check", "messy.blueprint"], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert proc.stdout == "would reformat messy.blueprint\n"
    proc = subprocess.run([sys.executable, "-m", "pwib_dsl", "fmt", "-"], input=MESSY, capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout == CANONICAL
