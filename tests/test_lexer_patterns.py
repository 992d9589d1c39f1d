"""The lexer's compiled patterns are kept between processes (:mod:`pwib_dsl.lexer_patterns`).

What a later process makes from a stored program must be the very pattern ``re.compile``
makes (CPython compares compiled patterns by their program), the parse of every example and
stdlib file must come out the same with and without the entry, and a damaged entry is
ignored without a word.
"""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
import textwrap

import pytest

from pwib_dsl import lexer_patterns as patterns

#: Parses every example and stdlib file; prints one line per file: name, repr of AST and diagnostics.
DUMP = """
    from pwib_dsl import resources
    from pwib_dsl.syntax.parser import parse_text
    root = resources.stdlib_dir().parent
    files = sorted(resources.stdlib_dir().glob("*.blueprint")) + sorted((root / "examples").rglob("*.blueprint"))
    for path in files:
        r = parse_text(path.read_text(encoding="utf-8"), path.name)
        print(path.name, repr(r.file), repr(r.diagnostics), [(c.span.start, c.span.end) for c in r.file.comments])
    print(parse_text('blueprint b "B" {\\n  step ? {\\n}\\n', "bad.blueprint").diagnostics)
"""


def _run(cache_dir, code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PWIB_CACHE_DIR": str(cache_dir)}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True, timeout=300
    )


def _entries(cache_dir):
    return sorted((cache_dir / "patterns").glob("*.pickle"))


def test_programs_make_the_patterns_re_compile_makes(tmp_path):
    assert _run(tmp_path, "from pwib_dsl.syntax.parser import parser; parser()").returncode == 0
    (entry,) = _entries(tmp_path)
    stored = pickle.loads(entry.read_bytes())
    assert len(stored) > 20, "every lexer's patterns, written when the parser is first built"
    source = patterns.PatternSource(stored)
    for (pattern, flags), _program in stored.items():
        made = source.compile(pattern, flags)
        assert made == re.compile(pattern, flags), pattern[:80]  # equal programs, flags and text
        assert made.groupindex == re.compile(pattern, flags).groupindex


def test_parses_are_the_same_from_the_entry_and_without_cache(tmp_path):
    uncached = _run("", DUMP)
    assert uncached.returncode == 0, uncached.stderr
    first = _run(tmp_path, DUMP)  # writes the entry
    assert _entries(tmp_path)
    second = _run(tmp_path, DUMP)  # reads it
    assert first.stdout == uncached.stdout
    assert second.stdout == uncached.stdout and second.stderr == ""


def test_a_second_process_compiles_no_pattern(tmp_path):
    probe = """
        from pwib_dsl import lexer_patterns as patterns
        calls = []
        real = patterns._compile
        patterns._compile = lambda p, f: calls.append(p) or real(p, f)
        from pwib_dsl.syntax.parser import parse_text
        r = parse_text(open("examples/participatiewet/giftenvrijlating.blueprint", encoding="utf-8").read())
        print(r.ok, len(calls))
    """
    cwd = os.getcwd()
    os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    try:
        assert _run(tmp_path, probe).stdout.split()[0] == "True"
        again = _run(tmp_path, probe)
    finally:
        os.chdir(cwd)
    assert again.stdout.split() == ["True", "0"], again.stderr


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a pickle",
        pickle.dumps(["a list"]),
        pickle.dumps({("(?P<A>a)", 32): ("not", "a", "program")}),
        "truncate",
    ],
)
def test_a_damaged_entry_is_ignored(tmp_path, damage):
    expected = _run("", DUMP).stdout
    assert _run(tmp_path, DUMP).returncode == 0
    entries = _entries(tmp_path)
    assert len(entries) == 2, "the parser runtime's entry (valid files) and Lark's (the invalid one)"
    for entry in entries:
        if damage == "truncate":
            entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
        else:
            entry.write_bytes(damage)
    again = _run(tmp_path, DUMP)
    assert again.returncode == 0 and again.stderr == ""
    assert again.stdout == expected


def test_no_cache_means_plain_re(monkeypatch):
    from pwib_dsl.syntax import grammar

    monkeypatch.setenv("PWIB_CACHE_DIR", "")
    lexer = grammar.load().parser.lexer
    assert all(x.re is re for x in lexer.lexers.values()) and lexer.root_lexer.re is re
