"""Every file's parse is kept between processes (by its text, display path and the front
end's code), and the per-user cache stays bounded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from pwib_dsl import cache

BLUEPRINT = """\
blueprint {name} "B" {{
  step s "S" {{
    customer "Vraagt aan"
  }}
  end klaar "Klaar"
}}
"""

#: compiles the paths given as a command does; prints the codes and the files parsed
COMPILE = """
    import json, sys
    import pwib_dsl.syntax.parser as parser
    seen = []
    real = parser.parse
    parser.parse = lambda src: seen.append(src.path) or real(src)
    from pwib_dsl import api
    r = api.compile_workspace(sys.argv[1:])
    print(json.dumps([sorted(d.code for d in r.diagnostics), sorted(p for p in seen if not p.startswith("<"))]))
"""


def _compile(ws: Path, cache_dir: Path, *paths: str):
    env = {**os.environ, "PWIB_CACHE_DIR": str(cache_dir)}
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(COMPILE), *paths],
        cwd=ws, env=env, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "pwib.toml").write_text("", encoding="utf-8")
    for name in ("a", "b", "c"):
        (ws / f"{name}.blueprint").write_text(BLUEPRINT.format(name=name), encoding="utf-8")
    (ws / "kapot.blueprint").write_text("blueprint {\n", encoding="utf-8")
    return ws


def test_a_second_process_parses_nothing_and_reports_the_same(tmp_path):
    ws, store = _workspace(tmp_path), tmp_path / "cache"
    codes, parsed = _compile(ws, store, ".")
    assert parsed == ["a.blueprint", "b.blueprint", "c.blueprint", "kapot.blueprint"]
    assert codes, "the broken file's syntax errors"
    again, parsed = _compile(ws, store, ".")
    assert parsed == [] and again == codes, "syntax diagnostics come back with the AST"
    assert _compile(ws, "", ".") == [codes, parsed + ["a.blueprint", "b.blueprint", "c.blueprint", "kapot.blueprint"]]


def test_only_the_edited_file_is_parsed_again(tmp_path):
    ws, store = _workspace(tmp_path), tmp_path / "cache"
    _compile(ws, store, "a.blueprint")  # b, c and kapot are context: parsed too
    (ws / "b.blueprint").write_text(BLUEPRINT.format(name="b") + "// bewerkt\n", encoding="utf-8")
    _codes, parsed = _compile(ws, store, "a.blueprint")
    assert parsed == ["b.blueprint"]


def test_the_display_path_is_part_of_the_key(tmp_path):
    """Diagnostics carry the path: the same text under another path is parsed for itself."""
    ws, store = _workspace(tmp_path), tmp_path / "cache"
    codes, _ = _compile(ws, store, "kapot.blueprint")
    (ws / "sub").mkdir()
    (ws / "sub" / "kapot.blueprint").write_text("blueprint {\n", encoding="utf-8")
    (ws / "kapot.blueprint").unlink()
    _codes, parsed = _compile(ws, store, "sub/kapot.blueprint")
    assert parsed == ["sub/kapot.blueprint"]


def test_a_corrupt_or_unwritable_cache_is_ignored(tmp_path):
    ws, store = _workspace(tmp_path), tmp_path / "cache"
    codes, _ = _compile(ws, store, ".")
    for entry in (store / "parse").iterdir():
        entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])
    again, parsed = _compile(ws, store, ".")
    assert again == codes and len(parsed) == 4
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    assert _compile(ws, blocked, ".")[0] == codes


def _entries(folder: Path, ages_days_sizes) -> list[Path]:
    (folder / "parse").mkdir(parents=True)
    now = time.time()
    out = []
    for i, (age, size) in enumerate(ages_days_sizes):
        path = folder / "parse" / f"{i}.pickle"
        path.write_bytes(b"x" * size)
        os.utime(path, (now - age * 86400, now - age * 86400))
        out.append(path)
    return out


def test_prune_removes_entries_not_used_for_a_month_and_the_oldest_past_the_cap(tmp_path):
    old, recent, newest = _entries(tmp_path, [(40, 10), (2, 10), (0, 10)])
    assert cache.prune(tmp_path) == 1
    assert not old.exists() and recent.exists() and newest.exists()
    assert cache.prune(tmp_path, max_bytes=15) == 1  # least recently used first
    assert not recent.exists() and newest.exists()


def test_an_entry_read_is_marked_used(tmp_path, monkeypatch):
    monkeypatch.setenv("PWIB_CACHE_DIR", str(tmp_path))
    cache.store("parse", "k", {"v": 1})
    path = tmp_path / "parse" / "k.pickle"
    month_ago = time.time() - 29 * 86400
    os.utime(path, (month_ago, month_ago))
    assert cache.load("parse", "k") == {"v": 1}
    assert path.stat().st_mtime > time.time() - 60
    assert cache.prune(tmp_path, max_age_days=28) == 0


def test_pruning_runs_at_most_once_a_day(tmp_path, monkeypatch):
    monkeypatch.setenv("PWIB_CACHE_DIR", str(tmp_path))
    (old,) = _entries(tmp_path, [(40, 10)])
    cache.store("parse", "new", 1)  # the first write prunes
    assert not old.exists() and (tmp_path / "pruned").exists()
    (old,) = _entries(tmp_path / "again", [(40, 10)])
    os.replace(old, tmp_path / "parse" / "old.pickle")
    cache.store("parse", "newer", 2)  # pruned less than a day ago: left alone
    assert (tmp_path / "parse" / "old.pickle").exists()


def test_clear_empties_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PWIB_CACHE_DIR", str(tmp_path))
    cache.store("parse", "a", 1)
    cache.store("check", "b", 2)
    assert cache.clear() == 2
    assert cache.load("parse", "a") is None and cache.load("check", "b") is None


def test_the_cache_command_shows_and_clears_the_folder(tmp_path):
    ws, store = _workspace(tmp_path), tmp_path / "cache"
    _compile(ws, store, ".")
    env = {**os.environ, "PWIB_CACHE_DIR": str(store)}

    def pwib(*args, env=env):
        return subprocess.run([sys.executable, "-m", "pwib_dsl", "cache", *args], env=env,
                              capture_output=True, text=True, timeout=120)

    shown = pwib("path")
    assert shown.returncode == 0 and shown.stdout == f"{store}\n"
    assert any((store / "parse").iterdir())
    cleared = pwib("clear")
    assert cleared.returncode == 0 and cleared.stderr.startswith("removed ")
    assert not any(p.is_file() for kind in store.iterdir() if kind.is_dir() for p in kind.iterdir())
    off = pwib("path", env={**env, "PWIB_CACHE_DIR": ""})
    assert off.returncode == 2 and "off" in off.stderr
    assert pwib("bogus").returncode == 2
