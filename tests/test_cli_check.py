"""``pwib check``: formats, exit statuses, the summary line, and staying light.

Runs the real command in a subprocess (``python -m pwib_dsl check ...``), as a user would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

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
BROKEN = CLEAN.replace("customer", "custmer").replace('step start "Start"', "step start")


def pwib(*args, cwd=None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "pwib_dsl", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


@pytest.fixture
def ws(tmp_path):
    (tmp_path / "goed.blueprint").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "fout.blueprint").write_text(BROKEN.replace("reis", "reis2"), encoding="utf-8")
    return tmp_path


def test_clean_file(ws):
    proc = pwib("check", "goed.blueprint", cwd=ws)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr == "no problems in 1 file\n"


def test_errors_in_a_folder_human(ws):
    proc = pwib("check", ".", cwd=ws)
    assert proc.returncode == 1
    assert "error[PB001]: expected the title of step `start` (a string in quotes), found `{`" in proc.stdout
    assert " --> sub/fout.blueprint:2:14\n" in proc.stdout
    assert "error[PB005]: unknown field `custmer` in a step; did you mean `customer`?" in proc.stdout
    assert proc.stderr.splitlines()[0] == "2 errors in 2 files"
    assert "pwib explain PB001" in proc.stderr
    assert "\x1b[" not in proc.stdout  # not a terminal: no colour


def test_short_format(ws):
    proc = pwib("check", "--format", "short", ".", cwd=ws)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "sub/fout.blueprint:2:14: error[PB001]: expected the title of step `start` (a string in quotes), found `{`",
        "sub/fout.blueprint:3:5: error[PB005]: unknown field `custmer` in a step; did you mean `customer`?",
    ]
    assert proc.stderr == ""


def test_json_format(ws):
    proc = pwib("check", "--format", "json", "sub", cwd=ws)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert [(d["code"], d["file"], d["span"]["line"], d["span"]["col"]) for d in data] == [
        ("PB001", "sub/fout.blueprint", 2, 14),
        ("PB005", "sub/fout.blueprint", 3, 5),
    ]
    assert data[1]["suggestions"][0]["replacement"] == "customer"


def test_strict_turns_warnings_into_failure(ws):
    (ws / "leeg.blueprint").write_text("# nog te schrijven\n", encoding="utf-8")
    proc = pwib("check", "goed.blueprint", "leeg.blueprint", cwd=ws)
    assert proc.returncode == 0 and "warning[PB014]" in proc.stdout
    assert proc.stderr.splitlines()[0] == "1 warning in 2 files"
    assert pwib("check", "--strict", "goed.blueprint", "leeg.blueprint", cwd=ws).returncode == 1


def test_usage_and_io_errors_exit_2(ws):
    missing = pwib("check", "goed.blueprint", "ontbreekt.blueprint", cwd=ws)
    assert missing.returncode == 2
    assert "error[PB010]: no such file or folder: `ontbreekt.blueprint`" in missing.stdout
    assert missing.stderr.splitlines()[0] == "1 error in 1 file"
    only_missing = pwib("check", "ontbreekt.blueprint", cwd=ws)
    assert only_missing.returncode == 2
    assert only_missing.stderr.splitlines()[0] == "1 error; no file was checked"
    assert pwib("check", cwd=ws).returncode == 2  # no path at all
    assert pwib("check", "--format", "xml", ".", cwd=ws).returncode == 2


def test_colour_when_forced(ws):
    proc = pwib("check", "--color", "always", "sub", cwd=ws)
    assert "\x1b[1;31merror[PB001]" in proc.stdout


#: Every module of the package `check` has no use for: the backends, the other commands, the
#: formatter, semantic diff, the language server, the editor assets, the law snapshots and the
#: site's preview and theme.
NOT_FOR_CHECK = (
    "pwib_dsl.backends",
    "pwib_dsl.commands.build",
    "pwib_dsl.commands.diff",
    "pwib_dsl.commands.explain",
    "pwib_dsl.commands.fmt",
    "pwib_dsl.commands.handout",
    "pwib_dsl.commands.impact",
    "pwib_dsl.commands.law",
    "pwib_dsl.commands.lsp",
    "pwib_dsl.commands.merge_driver",
    "pwib_dsl.commands.schema",
    "pwib_dsl.commands.serve",
    "pwib_dsl.commands.variant",
    "pwib_dsl.diff",
    "pwib_dsl.editor_assets",
    "pwib_dsl.fmt",
    "pwib_dsl.highlight",
    "pwib_dsl.law",
    "pwib_dsl.lsp",
    "pwib_dsl.preview",
    "pwib_dsl.theme",
    "pwib_dsl.variants",
)


def test_check_is_light(ws):
    """`check` imports no backend, no other command's modules, Jinja2, lxml, pygls, Pygments,
    PyYAML, law reader or package-metadata reader, and (once the cache holds the tables) no
    Lark for a valid file."""
    code = textwrap.dedent(
        f"""
        import sys
        from pwib_dsl import cli
        status = cli.main(["check", "goed.blueprint"])
        heavy = sorted(
            m for m in sys.modules
            if m.split(".")[0] in {{"jinja2", "lxml", "pygls", "lsprotocol", "pygments", "cattrs", "subprocess", "yaml",
                                   "lark", "interegular", "jsonschema"}}  # Lark: only for a file with a syntax error
            or m == "importlib.metadata"  # 25 ms: reading a package's version (attrs' lazy __version__)
            or any(m == p or m.startswith(p + ".") for p in {NOT_FOR_CHECK!r})
        )
        print(status, heavy)
        """
    )
    for _ in range(2):  # the first run may have to fill the cache; the warm one counts
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ws, timeout=120)
        assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "0 []"


#: What a check answered from the result cache has no use for: on top of :data:`NOT_FOR_CHECK`,
#: the whole compiler (parser, AST, analysis, driver, configuration) and what only they or
#: other output formats need.
NOT_FOR_A_CACHED_CHECK = NOT_FOR_CHECK + (
    "lark",
    "interegular",
    "pwib_dsl.api",
    "pwib_dsl.driver",
    "pwib_dsl.syntax",
    "pwib_dsl.surface",
    "pwib_dsl.sema",
    "pwib_dsl.workspace.config",
    "pwib_dsl.workspace.parses",
    "pwib_dsl.workspace.roots",
    "pwib_dsl.workspace.stdlib",
    "pwib_dsl.lexer_patterns",
    "pygls",
    "lsprotocol",
    "cattrs",
    "jsonschema",
    "jinja2",
    "lxml",
    "pygments",
    "yaml",
    "importlib.metadata",
    "tomllib",
    "json",  # only the JSON format needs it
    "logging",
    "shutil",
    "subprocess",
    "fractions",
    "decimal",
)


def test_a_cached_check_loads_no_compiler(ws, tmp_path_factory):
    """Nothing changed since the last check of the same paths: the diagnostics come from the
    result cache, and neither the parser, the AST nor the analysis is imported."""
    (ws / "pwib.toml").write_text("", encoding="utf-8")
    code = textwrap.dedent(
        f"""
        import sys
        from pwib_dsl import cli
        status = cli.main(["check", "--format", sys.argv[1], "."])
        heavy = sorted(
            m for m in sys.modules
            if any(m == p or m.startswith(p + ".") for p in {NOT_FOR_A_CACHED_CHECK!r})
        )
        print(status, heavy, file=sys.stderr)
        """
    )
    env = {**os.environ, "PWIB_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))}
    for fmt, first in (("human", True), ("human", False), ("short", False)):
        proc = subprocess.run(
            [sys.executable, "-c", code, fmt], capture_output=True, text=True, cwd=ws, timeout=120, env=env
        )
        last = proc.stderr.strip().splitlines()[-1]
        assert last.startswith("1 "), proc.stderr
        if not first:
            assert last == "1 []", last
