"""The parser runtime reads every valid file exactly as Lark does, and leaves the others to Lark.

:mod:`pwib_dsl.syntax.runtime` runs the grammar's tables without Lark for files without syntax
errors. Here each text is read both ways — by the runtime, and by Lark with the same lowering
and callbacks (the recovery path every invalid file takes) — and the results must be the
same: the AST, every span in it (spans are left out of AST equality, so they are compared
one by one), the comments with their spans and the lowering's diagnostics. A text Lark reports
a syntax error in must make the runtime give up, and a text Lark reads without one must not.
The texts: every example, stdlib and test-case file, the benchmark generator's output, random
ASTs printed by the formatter's property strategies, and random token soup and mutations of
the corpus (mostly invalid).
"""

from __future__ import annotations

import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given

from pwib_dsl.source import SourceFile
from pwib_dsl.surface.lower import context
from pwib_dsl.syntax import parser as p
from pwib_dsl.syntax import recovery

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

CORPUS = sorted(
    {
        *ROOT.glob("examples/**/*.blueprint"),
        *ROOT.glob("stdlib/*.blueprint"),
        *ROOT.glob("tests/cases/**/*.blueprint"),
        *ROOT.glob("tests/data/**/*.blueprint"),
        *ROOT.glob("tests/fmt_cases/**/*.blueprint"),
    }
)


def by_runtime(text: str, path: str = "t.blueprint"):
    """``(value or None, comments, lowering diagnostics)`` as the runtime reads ``text``."""
    context.path, context.diagnostics = path, []
    p._comments.items = []
    value = p.parse_valid(text)
    return value, list(p._comments.items), list(context.diagnostics)


def by_lark(text: str, path: str = "t.blueprint"):
    """``(value or None, comments, lowering diagnostics, syntax diagnostics)`` as Lark reads it."""
    context.path, context.diagnostics = path, []
    p._comments.items = []
    value, syntax, _ = recovery.parse_with_recovery(p.parser(), SourceFile(path, text))
    return value, list(p._comments.items), list(context.diagnostics), list(syntax)


def spans(node, path="file"):
    """Every (place, span) in an AST, in order: what AST equality leaves out."""
    if isinstance(node, (tuple, list)):
        for i, item in enumerate(node):
            yield from spans(item, f"{path}[{i}]")
        return
    if not attrs.has(type(node)):
        return
    for field in attrs.fields(type(node)):
        value = getattr(node, field.name)
        if field.name == "span":
            yield path, value
        else:
            yield from spans(value, f"{path}.{field.name}")


def assert_same(text: str, path: str = "t.blueprint") -> bool:
    """The runtime and Lark agree on ``text``; returns whether it is valid."""
    fast, fast_comments, fast_diags = by_runtime(text, path)
    slow, slow_comments, slow_diags, syntax = by_lark(text, path)
    errors = [d for d in syntax if d.severity.value == "error"]
    if errors:
        assert fast is None, f"the runtime read a text with syntax errors: {errors[0].message}"
        return False
    assert fast is not None, "the runtime gave up on a text Lark reads without a syntax error"
    assert fast == slow
    assert list(spans(fast)) == list(spans(slow))
    assert sorted(fast_comments, key=lambda c: c.span.start) == sorted(slow_comments, key=lambda c: c.span.start)
    assert [c.span for c in sorted(fast_comments, key=lambda c: c.span.start)] == [
        c.span for c in sorted(slow_comments, key=lambda c: c.span.start)
    ]
    assert fast_diags == slow_diags
    return True


def test_the_corpus_is_there():
    assert len(CORPUS) > 50


@pytest.mark.parametrize("path", CORPUS, ids=lambda q: str(q.relative_to(ROOT)))
def test_corpus_files_read_alike(path):
    text = path.read_text(encoding="utf-8")
    valid = assert_same(text, path.name)
    if path.is_relative_to(ROOT / "examples") or path.is_relative_to(ROOT / "stdlib"):
        assert valid, "the shipped files are valid"


def test_the_comparison_sees_spans():
    """A span moved by one column fails the comparison though the ASTs are equal."""
    text = 'blueprint b "B" {\n  step s "S" {\n    next t\n  }\n}\n'
    a = by_runtime(text)[0]
    b = by_runtime(text.replace("  step", "   step").replace("\n  }", "\n   }"))[0]
    assert a == b and list(spans(a)) != list(spans(b))


def test_generated_benchmark_input_reads_alike():
    from blueprint_gen import generate

    text, _ = generate(3000)
    assert assert_same(text, "bench.blueprint")


def test_edge_texts_read_alike():
    cases = [
        "",
        "   \n\n",
        "# only a comment",
        "# a\n# b\n",
        '\ufeffmodule m "M"\n',
        'module m "M"\r\nuse rollen\r\n',
        'blueprint b "B" { step s "S" { next t } }',
        'blueprint b "B" {\n  step s "S" {\n    legal wgs art 4 lid 1 onderdeel a as-of 2026-01-01 "n"\n  }\n}\n',
        'blueprint b "B" {\n  step s "S" {\n    customer "a"\n  }\n}\n# trailing',
        'law wet "W" {\n  article 4a """\n    long\n    text\n    """ {\n    term 8 weeks max "n"\n  }\n}\n',
        # a keyword glued to more letters is a name (the lexical rules' callbacks)
        'blueprint b "B" {\n  step stepje "S" {\n    next nextje\n  }\n}\n',
        'blueprint b "B" {\n  step s "S" {\n    legal wgs art artikel\n  }\n}\n',
        # errors: the runtime gives up
        'blueprint b "B" {\n',
        'blueprint b "B" {\n  step s "S" { legal wgs art\n  customer "x" }\n}\n',
        "blueprint ~",
        'blueprint b "B" { step s "unterminated }',
        "}",
    ]
    valid = [assert_same(text) for text in cases]
    assert valid[:12] == [True] * 12 and not any(valid[12:])


from test_fmt_properties import SETTINGS, files  # noqa: E402
from test_fuzz_parser import mutated, token_soup  # noqa: E402

from pwib_dsl.fmt import print_file  # noqa: E402


@SETTINGS
@given(files)
def test_random_files_read_alike(file):
    assert assert_same(print_file(file))


@SETTINGS
@given(token_soup())
def test_token_soup_reads_alike(text):
    assert_same(text)


@SETTINGS
@given(mutated())
def test_mutated_corpus_reads_alike(text):
    assert_same(text)


def test_lark_is_not_imported_for_a_valid_file(tmp_path):
    """With the tables in the cache, parsing a valid file imports no part of Lark."""
    import os
    import subprocess
    import textwrap

    code = textwrap.dedent(
        """
        import sys
        from pwib_dsl.syntax.parser import parse_text
        r = parse_text('blueprint b "B" {\\n  step s "S" {\\n    next t\\n  }\\n}\\n', "b.blueprint")
        print(r.ok, sorted(m for m in sys.modules if m.split(".")[0] == "lark"))
        bad = parse_text('blueprint b "B" {\\n', "b.blueprint")
        print(bad.ok, "lark" in sys.modules)
        """
    )
    env = {**os.environ, "PWIB_CACHE_DIR": str(tmp_path)}
    for _ in range(2):  # the first run fills the cache
        proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:2] == ["True []", "False True"]
