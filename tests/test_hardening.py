"""What a fault and bad-input campaign broke, each case through the ``pwib`` process as users run it.

Security (nothing outside the workspace root is read; no non-web URL reaches an output),
internal errors that must be diagnostics (link loops, a deep ``pwib.toml``, unwritable build
output, unreadable folders), silent acceptance (lone CR line ends, empty and control-character
texts, ``fmt`` disagreeing with ``check``), the cost of rendering long lines, and ``fmt`` on
files it must not replace (read-only, hard links; owner and group kept). Tests that need the
permission bits to count run without root's power to bypass them (:mod:`unprivileged`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import unprivileged

PWIB = [sys.executable, "-m", "pwib_dsl"]
ROOT = Path(__file__).resolve().parent.parent

GOOD = 'blueprint reis "Reis" {\n  step start "Start" {\n    customer "Begint"\n    next klaar\n  }\n  end klaar "Klaar"\n}\n'
USES_SECRET = """\
use secret

blueprint reis "Reis" {
  actor c = secret.x
  step start "Start" {
    customer c "Begint"
    next klaar
  }
  end klaar "Klaar"
}
"""
SECRET = 'role x "GEHEIM-UIT-ANDERE-MAP" {\n  source "https://example.org/x"\n}\n'


def pwib(*args, cwd, runner=subprocess.run, timeout=120, stdin=None):
    # the package is found from any folder: a privilege-dropped child may not read the
    # interpreter's site folder set-up of the caller, so name it explicitly
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = runner([*PWIB, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout, env=env, input=stdin)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    return proc


def codes(proc) -> list[str]:
    return [line.split("[", 1)[1].split("]", 1)[0] for line in (proc.stdout + proc.stderr).splitlines() if "[PB" in line]


def tree(folder: Path, files: dict[str, str | bytes]) -> Path:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return folder


def contents(folder: Path) -> str:
    return "".join(p.read_text("utf-8", "replace") for p in sorted(folder.rglob("*")) if p.is_file())


# ---------------------------------------------------------------- security


@pytest.mark.parametrize("config", [False, True], ids=["no-pwib.toml", "pwib.toml"])
def test_a_symlinked_file_outside_the_root_is_never_read(tmp_path, config):
    tree(tmp_path, {"ws/main.blueprint": USES_SECRET, "outside/secret.blueprint": SECRET})
    if config:
        (tmp_path / "ws" / "pwib.toml").write_text("")
    (tmp_path / "ws" / "secret.blueprint").symlink_to("../outside/secret.blueprint")
    for target in ("ws/main.blueprint", "ws"):
        proc = pwib("build", target, "--out", "o", "--format", "short", cwd=tmp_path)
        assert proc.returncode == 1 and "PB103" in codes(proc), proc.stdout
        assert not (tmp_path / "o").exists()
        assert "GEHEIM" not in proc.stdout + proc.stderr
    walked = pwib("check", "--format", "short", "ws", cwd=tmp_path)
    assert "ws/secret.blueprint: error[PB103]" in walked.stdout


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "vbscript:msgbox", "../../etc/passwd", "file:///etc/passwd",
            "https://", "//example.org/x", "https://example.org/a b"]
)
def test_a_url_that_is_not_http_is_a_diagnostic_and_nothing_is_built(tmp_path, url):
    uses_system = GOOD.replace("    next klaar", "    system zaken\n    next klaar")
    text = f'system zaken "Zaaksysteem" {{\n  url "{url}"\n  source "{url}"\n}}\n\n' + uses_system
    tree(tmp_path, {"reis.blueprint": text})
    proc = pwib("build", "reis.blueprint", "--strict", "--out", "o", "--format", "short", cwd=tmp_path)
    assert proc.returncode == 1 and codes(proc).count("PB019") == 2, proc.stdout
    assert not (tmp_path / "o").exists()
    clean = text.replace(url, "https://example.org/zaken")
    tree(tmp_path, {"reis.blueprint": clean})
    proc = pwib("build", "reis.blueprint", "--strict", "--out", "o", "--format", "short", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert "https://example.org/zaken" in contents(tmp_path / "o")


# ---------------------------------------------------------------- internal errors become diagnostics


def test_a_symlink_loop_next_to_the_file_is_no_internal_error(tmp_path):
    tree(tmp_path, {"reis.blueprint": GOOD})
    (tmp_path / "l1.blueprint").symlink_to("l2.blueprint")
    (tmp_path / "l2.blueprint").symlink_to("l1.blueprint")
    for args in (["reis.blueprint"], ["."]):
        assert pwib("check", *args, cwd=tmp_path).returncode == 0
    (tmp_path / "pwib.toml").write_text("")
    for args in (["reis.blueprint"], ["."]):
        assert pwib("check", *args, cwd=tmp_path).returncode == 0
    assert pwib("fmt", "--check", ".", cwd=tmp_path).returncode == 0


def test_a_pwib_toml_nested_five_thousand_deep_is_pb110(tmp_path):
    tree(tmp_path, {"pwib.toml": "a = " + "[" * 5000 + "]" * 5000 + "\n", "reis.blueprint": GOOD})
    proc = pwib("check", "--format", "short", "reis.blueprint", cwd=tmp_path)
    assert (proc.returncode, codes(proc)) == (1, ["PB110"])
    assert "nests arrays or tables too deeply" in proc.stdout


def test_build_out_on_an_existing_file_or_under_proc_is_pb704(tmp_path):
    tree(tmp_path, {"reis.blueprint": GOOD, "bestand": "x"})
    for out in ("bestand", "bestand/sub", "/proc/pwib-out"):
        proc = pwib("build", "reis.blueprint", "--out", out, "--format", "short", cwd=tmp_path)
        assert (proc.returncode, codes(proc)) == (2, ["PB704"]), (out, proc.stdout, proc.stderr)
    assert (tmp_path / "bestand").read_text() == "x"


def test_build_out_on_a_read_only_folder_is_pb704(tmp_path):
    tree(tmp_path, {"reis.blueprint": GOOD})
    (tmp_path / "alleen-lezen").mkdir(mode=0o555)
    try:
        proc = pwib("build", "reis.blueprint", "--out", "alleen-lezen/site", "--format", "short", cwd=tmp_path,
                    runner=unprivileged.run)
    finally:
        (tmp_path / "alleen-lezen").chmod(0o755)
    assert (proc.returncode, codes(proc)) == (2, ["PB704"]), proc.stdout + proc.stderr
    assert "Permission denied" in proc.stdout


def test_unreadable_folders_are_reported_by_check_and_fmt(tmp_path):
    tree(tmp_path, {"dicht/reis.blueprint": GOOD, "boom/open.blueprint": GOOD, "boom/dicht/reis.blueprint": GOOD})
    (tmp_path / "dicht").chmod(0)
    (tmp_path / "boom" / "dicht").chmod(0)
    try:
        check = pwib("check", "--format", "short", "dicht", cwd=tmp_path, runner=unprivileged.run)
        fmt = pwib("fmt", "dicht", cwd=tmp_path, runner=unprivileged.run)
        sub = pwib("check", "--format", "short", "boom", cwd=tmp_path, runner=unprivileged.run)
    finally:
        (tmp_path / "dicht").chmod(0o755)
        (tmp_path / "boom" / "dicht").chmod(0o755)
    assert (check.returncode, codes(check)) == (2, ["PB010"]), check.stdout + check.stderr
    assert "cannot read folder `dicht`: Permission denied" in check.stdout
    assert (fmt.returncode, codes(fmt)) == (2, ["PB010"]), fmt.stdout + fmt.stderr
    # a tree is not reported clean with a part of it silently skipped
    assert (sub.returncode, codes(sub)) == (2, ["PB010"]), sub.stdout + sub.stderr
    assert "boom/dicht" in sub.stdout


# ---------------------------------------------------------------- silent acceptance


def test_lone_cr_ends_a_line_everywhere(tmp_path):
    text = GOOD.replace('    next klaar\n', '    # toelichting\n    next klaar\n').replace("\n", "\r")
    tree(tmp_path, {"reis.blueprint": text})
    proc = pwib("check", "--format", "short", "reis.blueprint", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, "")  # the comment no longer swallows `next klaar`
    build = pwib("build", "reis.blueprint", "--target", "json", "--out", "o", cwd=tmp_path)
    assert build.returncode == 0 and "1 blueprints" in build.stderr
    model = json.loads((tmp_path / "o" / "json" / "reis.json").read_text())
    assert "klaar" in json.dumps(model)
    # positions count a lone CR as a line end: the error on line 4 is reported there
    tree(tmp_path, {"kapot.blueprint": text.replace("next klaar", "nxt klaar")})
    proc = pwib("check", "--format", "short", "kapot.blueprint", cwd=tmp_path)
    assert proc.stdout.startswith("kapot.blueprint:5:5: error[PB005]"), proc.stdout
    # fmt writes LF line ends, keeps the comment, and the result is stable
    assert pwib("fmt", "reis.blueprint", cwd=tmp_path).returncode == 0
    formatted = (tmp_path / "reis.blueprint").read_bytes()
    assert b"\r" not in formatted and b"# toelichting\n    next klaar" in formatted
    assert pwib("fmt", "--check", "reis.blueprint", cwd=tmp_path).returncode == 0


def test_lone_cr_positions_agree_in_the_source_and_the_language_server():
    from pwib_dsl.source import SourceFile

    src = SourceFile("x", "a\rb\r\nc\nd")
    assert tuple(src.line_starts) == (0, 2, 5, 7)
    assert [src.line_text(i) for i in (1, 2, 3, 4)] == ["a", "b", "c", "d"]
    assert src.to_lsp(2) == (1, 0) and src.from_lsp(1, 1) == 3


@pytest.mark.parametrize(
    ("title", "code"),
    [('""', "PB017"), ('"   "', "PB017"), ('"\\u{0}"', "PB016"), ('"Start\x1b[31m"', "PB016"), ('"a\x07b"', "PB016"),
     ('"\\u{7f}"', "PB016"), ('"' + "x" * 201 + '"', "PB018")],
)
def test_titles_need_visible_text_without_control_characters(tmp_path, title, code):
    tree(tmp_path, {"reis.blueprint": GOOD.replace('"Start"', title)})
    proc = pwib("check", "--format", "short", "reis.blueprint", cwd=tmp_path)
    assert proc.returncode == 1 and code in codes(proc), proc.stdout
    assert pwib("build", "reis.blueprint", "--out", "o", cwd=tmp_path).returncode == 1
    assert not (tmp_path / "o").exists()


def test_lane_lines_need_visible_text_and_a_tab_is_fine(tmp_path):
    tree(tmp_path, {"reis.blueprint": GOOD.replace('"Begint"', '""')})
    proc = pwib("check", "--format", "short", "reis.blueprint", cwd=tmp_path)
    assert proc.returncode == 1 and codes(proc) == ["PB017"] and "a lane line has no visible text" in proc.stdout
    tree(tmp_path, {"reis.blueprint": GOOD.replace('"Begint"', '"Begint\tnu\\t"')})
    assert pwib("check", "reis.blueprint", cwd=tmp_path).returncode == 0


def test_fmt_and_check_agree_on_nul_and_invalid_utf8(tmp_path):
    nul = GOOD.replace("Begint", "Beg\x00int").encode("utf-8")
    latin = GOOD.replace("Begint", "Caf\udce9").encode("utf-8", "surrogateescape")
    for name, data, code in (("nul.blueprint", nul, "PB013"), ("oud.blueprint", latin, "PB012")):
        tree(tmp_path, {name: data})
        check = pwib("check", "--format", "short", name, cwd=tmp_path)
        assert (check.returncode, codes(check)) == (1, [code])
        for args in ([], ["--check"], ["--diff"]):
            fmt = pwib("fmt", *args, name, cwd=tmp_path)
            assert (fmt.returncode, codes(fmt)) == (1, [code]), (args, fmt.stderr)
        assert (tmp_path / name).read_bytes() == data
        piped = subprocess.run([*PWIB, "fmt", "-"], input=data, capture_output=True, cwd=tmp_path, timeout=60)
        assert piped.returncode == 1 and code.encode() in piped.stderr


# ---------------------------------------------------------------- slow paths


def test_human_rendering_measures_only_around_the_marks(monkeypatch):
    """51 diagnostics on one 9,000-character line of `}`: the excerpt of each is measured
    around its marks, so the work is bounded by what is printed, not by the line."""
    from pwib_dsl.diagnostics import cells
    from pwib_dsl.diagnostics.render import Sources, render
    from pwib_dsl.source import SourceFile
    from pwib_dsl.syntax.parser import parse

    src = SourceFile("breed.blueprint", "}" * 9_000 + "\n")
    diags = parse(src).diagnostics
    assert len(diags) == 51
    calls = []
    real = cells.cell
    monkeypatch.setattr(cells, "cell", lambda ch: calls.append(1) or real(ch))
    out = render(diags, "human", Sources({src.path: src}))
    assert max(len(row) for row in out.splitlines()) < 200
    assert len(calls) < 200_000  # measuring the whole line per excerpt row: 51 x 3 x 9,000 = 1.4 million


# ---------------------------------------------------------------- fmt and the files on disk

MESSY = GOOD.replace("  step", "    step")


def test_fmt_does_not_replace_a_read_only_file(tmp_path):
    path = tree(tmp_path, {"reis.blueprint": MESSY}) / "reis.blueprint"
    path.chmod(0o444)
    proc = pwib("fmt", "reis.blueprint", cwd=tmp_path)
    assert (proc.returncode, codes(proc)) == (2, ["PB705"]), proc.stderr
    assert "read-only (mode 0444)" in proc.stderr
    assert path.read_text() == MESSY and (path.stat().st_mode & 0o777) == 0o444
    assert pwib("fmt", "--check", "reis.blueprint", cwd=tmp_path).returncode == 1  # --check still reports


def test_fmt_does_not_break_a_hard_link(tmp_path):
    path = tree(tmp_path, {"reis.blueprint": MESSY}) / "reis.blueprint"
    os.link(path, tmp_path / "ander.blueprint")
    proc = pwib("fmt", "reis.blueprint", cwd=tmp_path)
    assert (proc.returncode, codes(proc)) == (2, ["PB705"]), proc.stderr
    assert "2 hard links" in proc.stderr
    assert path.read_text() == MESSY and (tmp_path / "ander.blueprint").read_text() == MESSY
    assert os.path.samefile(path, tmp_path / "ander.blueprint")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="only root can give a file to another user")
def test_fmt_by_root_keeps_the_owner_and_group(tmp_path):
    path = tree(tmp_path, {"reis.blueprint": MESSY}) / "reis.blueprint"
    os.chown(path, 12345, 23456)
    proc = pwib("fmt", "reis.blueprint", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    st = path.stat()
    assert path.read_text() != MESSY and (st.st_uid, st.st_gid) == (12345, 23456)


def test_an_unreadable_file_and_a_file_in_an_unreadable_folder_are_pb010(tmp_path):
    tree(tmp_path, {"geheim.blueprint": GOOD, "dicht/reis.blueprint": GOOD})
    (tmp_path / "geheim.blueprint").chmod(0)
    (tmp_path / "dicht").chmod(0)
    try:
        procs = [pwib(cmd, "--format", "short", name, cwd=tmp_path, runner=unprivileged.run) if cmd == "check"
                 else pwib(cmd, name, cwd=tmp_path, runner=unprivileged.run)
                 for cmd in ("check", "fmt") for name in ("geheim.blueprint", "dicht/reis.blueprint")]
    finally:
        (tmp_path / "geheim.blueprint").chmod(0o644)
        (tmp_path / "dicht").chmod(0o755)
    for proc in procs:
        assert (proc.returncode, codes(proc)) == (2, ["PB010"]), proc.stdout + proc.stderr
        assert "Permission denied" in proc.stdout + proc.stderr


def test_a_bad_url_in_a_context_module_reaches_no_output(tmp_path):
    """A module's own diagnostics are not shown when it is only used (context), so the model
    drops a non-web address too: it cannot reach the JSON, BPMN or HTML as a link."""
    tree(tmp_path, {
        "pwib.toml": "",
        "gedeeld.blueprint": 'module gedeeld "Gedeeld"\n\nsystem zaken "Zaaksysteem" {\n'
                             '  url "javascript:alert(1)"\n  source "javascript:alert(2)"\n}\n',
        "reis.blueprint": "use gedeeld\n\n" + GOOD.replace("    next klaar", "    system zaken\n    next klaar"),
    })
    proc = pwib("build", "reis.blueprint", "--out", "o", "--format", "short", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "javascript" not in contents(tmp_path / "o")
    proc = pwib("check", "--format", "short", ".", cwd=tmp_path)  # checked itself, it is reported
    assert codes(proc).count("PB019") == 2


def test_a_bad_url_of_an_organisation_in_a_context_module_reaches_no_output(tmp_path):
    """The same for an organisation's address, which the JSON and the site show."""
    tree(tmp_path, {
        "pwib.toml": "",
        "gedeeld.blueprint": 'module gedeeld "Gedeeld"\n\norganisation corporatie "Woningcorporatie" {\n'
                             '  url "javascript:alert(1)"\n}\n\nactor verhuurder "Verhuurder" of corporatie\n',
        "reis.blueprint": "use gedeeld\n\n" + GOOD.replace(
            "    next klaar", '    support verhuurder "Meldt de achterstand"\n    next klaar'),
    })
    proc = pwib("build", "reis.blueprint", "--out", "o", "--format", "short", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "javascript" not in contents(tmp_path / "o")
    proc = pwib("check", "--format", "short", ".", cwd=tmp_path)  # checked itself, it is reported
    assert "PB019" in codes(proc), proc.stdout
