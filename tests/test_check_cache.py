"""The result cache of ``pwib check``: the same bytes and exit status as a fresh check, and a
fresh check again whenever anything the check read has changed.

Every comparison runs the real command twice in subprocesses: once with the cache off
(``PWIB_CACHE_DIR=``), once with a cache folder of the test's own, and the cached run is
asked for twice (the first fills the entry, the second reads it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pwib_dsl import check_cache

ROOT = Path(__file__).resolve().parent.parent

CLEAN = textwrap.dedent(
    """\
    blueprint reis "Reis" {
      step start "Start" {
        customer "Begint"
      }
      end klaar "Klaar"
    }
    """
)
#: a warning (PB112: the module is never referenced)
UNUSED_USE = "use rollen\n\n" + CLEAN.replace("reis", "reis3")
BROKEN = CLEAN.replace("customer", "custmer").replace('step start "Start"', "step start").replace("reis", "reis2")

#: reports whether the parser, the AST and the analysis were loaded, after the check
PROBE = """
import sys
from pwib_dsl import cli
status = cli.main(sys.argv[1:])
loaded = [m for m in ("pwib_dsl.driver", "pwib_dsl.surface.nodes", "pwib_dsl.sema.analyze", "lark") if m in sys.modules]
sys.stderr.write("LOADED " + " ".join(loaded) + "\\n")
raise SystemExit(status)
"""


def run(args, cwd, cache):
    """(exit status, stdout, stderr, whether the compile ran) of one ``pwib check``."""
    env = {**os.environ, "PWIB_CACHE_DIR": str(cache)}
    env.pop("NO_COLOR", None)
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "check", *args], capture_output=True, cwd=cwd, env=env, timeout=120
    )
    err, _, loaded = proc.stderr.rpartition(b"LOADED ")
    assert b"Traceback" not in err, err.decode()
    return proc.returncode, proc.stdout, err, b"pwib_dsl.driver" in loaded


def same_as_fresh(args, cwd, cache, *, expect_hit=None):
    """Check that a cached run prints what a run without cache prints; the fresh result."""
    fresh = run(args, cwd, "")
    assert fresh[3], "a run without cache compiles"
    cached = run(args, cwd, cache)
    assert cached[:3] == fresh[:3], (args, cached, fresh)
    if expect_hit is not None:
        assert cached[3] is not expect_hit, "hit" if expect_hit else "miss expected"
    return fresh


@pytest.fixture
def ws(tmp_path):
    root = tmp_path / "ws"
    (root / "sub").mkdir(parents=True)
    (root / "pwib.toml").write_text("# workspace\n", encoding="utf-8")
    (root / "goed.blueprint").write_text(CLEAN, encoding="utf-8")
    (root / "waarschuwing.blueprint").write_text(UNUSED_USE, encoding="utf-8")
    (root / "sub" / "fout.blueprint").write_text(BROKEN, encoding="utf-8")
    (root / "latin1.blueprint").write_bytes(b'blueprint caf\xe9 "Caf\xe9" {\n  end e "E"\n}\n')
    return root


@pytest.mark.parametrize(
    "options",
    [
        ("--format", "human", "--color", "never"),
        ("--format", "human", "--color", "always", "--strict"),
        ("--format", "short"),
        ("--format", "short", "--strict"),
        ("--format", "json"),
        ("--format", "json", "--color", "always"),
    ],
)
def test_a_hit_prints_the_same_bytes_and_status(ws, tmp_path, options):
    cache = tmp_path / "cache"
    fresh = run([*options, "."], ws, "")
    assert fresh[0] == 1 and b"PB112" in fresh[1] and b"PB012" in fresh[1]
    first = run([*options, "."], ws, cache)
    second = run([*options, "."], ws, cache)
    assert first[3] and not second[3], "the second run reads the result back without compiling"
    assert first[:3] == second[:3] == fresh[:3]


def test_the_options_are_not_part_of_the_key(ws, tmp_path):
    """--format, --color and --strict only decide how the stored diagnostics are shown."""
    cache = tmp_path / "cache"
    run(["--format", "json", "goed.blueprint", "waarschuwing.blueprint"], ws, cache)
    strict = run(["--strict", "goed.blueprint", "waarschuwing.blueprint"], ws, cache)
    assert not strict[3]
    assert strict[:3] == run(["--strict", "goed.blueprint", "waarschuwing.blueprint"], ws, "")[:3]
    assert strict[0] == 1  # the warning fails a strict check
    assert run(["goed.blueprint", "waarschuwing.blueprint"], ws, cache)[0] == 0


def test_every_change_to_an_input_is_seen(ws, tmp_path):
    cache = tmp_path / "cache"
    one = ["goed.blueprint"]  # the rest of the workspace is context
    same_as_fresh(["."], ws, cache)
    same_as_fresh(one, ws, cache)
    same_as_fresh(["."], ws, cache, expect_hit=True)
    same_as_fresh(one, ws, cache, expect_hit=True)

    # the checked file
    (ws / "sub" / "fout.blueprint").write_text(CLEAN.replace("reis", "reis2"), encoding="utf-8")
    same_as_fresh(["."], ws, cache, expect_hit=False)
    # a context file: checking another file sees its module
    (ws / "goed.blueprint").write_text("use sub.extra\n\n" + CLEAN, encoding="utf-8")
    assert b"PB101" in same_as_fresh(one, ws, cache, expect_hit=False)[1]
    (ws / "sub" / "extra.blueprint").write_text(CLEAN.replace("reis", "extra"), encoding="utf-8")
    assert b"PB112" in same_as_fresh(one, ws, cache, expect_hit=False)[1]
    (ws / "sub" / "extra.blueprint").write_text("module andere\n\n" + CLEAN.replace("reis", "extra"), encoding="utf-8")
    same_as_fresh(one, ws, cache, expect_hit=False)
    (ws / "sub" / "extra.blueprint").unlink()
    (ws / "goed.blueprint").write_text(CLEAN, encoding="utf-8")
    # pwib.toml
    (ws / "pwib.toml").write_text("[bogus]\nx = 1\n", encoding="utf-8")
    assert b"PB110" in same_as_fresh(one, ws, cache, expect_hit=False)[1]
    (ws / "pwib.toml").write_text("# workspace\n", encoding="utf-8")
    # a new file, in a new folder
    (ws / "nieuw").mkdir()
    (ws / "nieuw" / "fout.blueprint").write_text(BROKEN.replace("reis2", "reis4"), encoding="utf-8")
    assert b"nieuw/fout.blueprint" in same_as_fresh(["."], ws, cache, expect_hit=False)[1]
    # a file removed
    (ws / "nieuw" / "fout.blueprint").unlink()
    assert b"nieuw/fout.blueprint" not in same_as_fresh(["."], ws, cache, expect_hit=False)[1]
    # a file replaced by a link to a file outside the workspace (same text)
    outside = ws.parent / "buiten.blueprint"
    shutil.copy(ws / "goed.blueprint", outside)
    (ws / "goed.blueprint").unlink()
    (ws / "goed.blueprint").symlink_to(outside)
    assert b"PB103" in same_as_fresh(["."], ws, cache, expect_hit=False)[1]
    # a nested workspace appears: its files leave this one
    (ws / "sub" / "pwib.toml").write_text("", encoding="utf-8")
    assert b"sub/fout.blueprint" not in same_as_fresh(["."], ws, cache, expect_hit=False)[1]
    # and nothing changed: read back
    same_as_fresh(["."], ws, cache, expect_hit=True)


def test_a_module_loaded_on_demand_is_an_input(tmp_path):
    """Without pwib.toml, ``use helper`` loads ``helper.blueprint`` only when it is there."""
    cache = tmp_path / "cache"
    ws = tmp_path / "losse"
    ws.mkdir()
    (ws / "main.blueprint").write_text("use helper\n\n" + CLEAN, encoding="utf-8")
    assert b"PB101" in same_as_fresh(["main.blueprint"], ws, cache)[1]
    (ws / "helper.blueprint").write_text(CLEAN.replace("reis", "hulp"), encoding="utf-8")
    assert b"PB101" not in same_as_fresh(["main.blueprint"], ws, cache, expect_hit=False)[1]
    (ws / "helper.blueprint").write_text(BROKEN, encoding="utf-8")
    same_as_fresh(["main.blueprint"], ws, cache, expect_hit=False)
    same_as_fresh(["main.blueprint"], ws, cache, expect_hit=True)


def test_a_base_workspace_is_an_input(tmp_path):
    cache = tmp_path / "cache"
    examples = tmp_path / "examples"
    shutil.copytree(ROOT / "examples", examples)
    municipality = examples / "gemeenten" / "grootstad"
    fresh = same_as_fresh(["."], municipality, cache)
    assert b"PB801" not in fresh[1]
    base_file = examples / "schulden" / "intake.blueprint"
    base_file.write_text(base_file.read_text(encoding="utf-8") + "\nblueprint {\n", encoding="utf-8")
    assert b"PB801" in same_as_fresh(["."], municipality, cache, expect_hit=False)[1]


def test_the_working_folder_is_part_of_the_key(ws, tmp_path):
    """Diagnostics show paths relative to the working folder."""
    cache = tmp_path / "cache"
    same_as_fresh(["sub"], ws, cache)
    same_as_fresh(["ws/sub"], ws.parent, cache, expect_hit=False)
    same_as_fresh(["sub"], ws, cache, expect_hit=True)


def test_a_damaged_entry_or_cache_folder_is_ignored(ws, tmp_path):
    cache = tmp_path / "cache"
    same_as_fresh(["."], ws, cache)
    for entry in (cache / "check").iterdir():
        entry.write_bytes(b"\x80\x05garbage")
    same_as_fresh(["."], ws, cache, expect_hit=False)
    for entry in (cache / "check").iterdir():
        entry.write_bytes(entry.read_bytes()[:100])  # truncated
    same_as_fresh(["."], ws, cache, expect_hit=False)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    same_as_fresh(["."], ws, not_a_folder, expect_hit=False)
    same_as_fresh(["."], ws, not_a_folder, expect_hit=False)


def test_an_edit_to_the_compiler_is_a_new_entry(tmp_path, monkeypatch):
    package = tmp_path / "pwib_dsl"
    (package / "sema").mkdir(parents=True)
    (package / "sema" / "checks.py").write_text("A = 1\n", encoding="utf-8")
    (package / "__pycache__").mkdir()
    monkeypatch.setattr(check_cache, "_PACKAGE", package)
    before = check_cache.fingerprint()
    (package / "__pycache__" / "x.pyc").write_bytes(b"compiled")  # byte-code is no source
    assert check_cache.fingerprint() == before
    (package / "sema" / "checks.py").write_text("A = 2\n", encoding="utf-8")
    assert check_cache.fingerprint() != before


def test_recording_sees_what_pathlib_and_os_ask(tmp_path):
    from pwib_dsl.workspace.observe import recording, still_holds

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "f.txt").write_text("een", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "d")
    with recording() as rec:
        assert (tmp_path / "d" / "f.txt").read_text(encoding="utf-8") == "een"
        assert sorted(p.name for p in (tmp_path / "d").glob("*.txt")) == ["f.txt"]
        assert (tmp_path / "link").resolve() == (tmp_path / "d").resolve()
        assert not (tmp_path / "nope").exists()
    facts = tuple(rec.facts.items())
    assert rec.reusable and still_holds(facts)
    for change in (
        lambda: (tmp_path / "d" / "f.txt").write_text("twee", encoding="utf-8"),
        lambda: (tmp_path / "d" / "g.txt").write_text("", encoding="utf-8"),
        lambda: (tmp_path / "nope").mkdir(),
        lambda: ((tmp_path / "link").unlink(), (tmp_path / "link").symlink_to(tmp_path)),
    ):
        change()
        assert not still_holds(facts)
        with recording() as rec:
            (tmp_path / "d" / "f.txt").read_text(encoding="utf-8")
            sorted((tmp_path / "d").glob("*.txt"))
            (tmp_path / "link").resolve()
            (tmp_path / "nope").exists()
        facts = tuple(rec.facts.items())
        assert still_holds(facts)
    with recording() as rec:
        (tmp_path / "out.txt").write_text("", encoding="utf-8")
    assert not rec.reusable, "a compile that writes is not kept"
