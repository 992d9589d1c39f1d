"""The formatter on the real corpus: ``stdlib/*.blueprint`` and ``examples/**/*.blueprint``.

For every file as it is: one pass keeps its meaning (equal AST, same comments) and a second pass
changes nothing; the same file with CRLF line endings, a byte-order mark, or no final newline
formats to the same text. And the corpus is already formatted: ``pwib fmt --check stdlib
examples`` exits 0 (principle 2 of the language: every file in the repository is formatted).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pwib_dsl.cli import main
from pwib_dsl.source import SourceFile, decode
from test_fmt_cases import assert_canonical_shape, assert_equivalent, assert_stable, format_once

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "stdlib").glob("*.blueprint")) + sorted((ROOT / "examples").rglob("*.blueprint"))


def _id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_corpus_is_not_empty():
    assert len(CORPUS) >= 5, "expected the stdlib modules at least"


@pytest.mark.parametrize("path", CORPUS, ids=_id)
def test_corpus_file_formats_stably(path: Path):
    text = path.read_text(encoding="utf-8")
    out = format_once(text, str(path))
    assert_canonical_shape(out)
    assert_equivalent(text, out)
    assert_stable(out)


@pytest.mark.parametrize("path", CORPUS, ids=_id)
def test_line_endings_and_bom_do_not_matter(path: Path):
    text = path.read_text(encoding="utf-8")
    out = format_once(text)
    crlf = text.replace("\r\n", "\n").replace("\n", "\r\n")
    assert format_once(crlf) == out
    assert format_once(decode(b"\xef\xbb\xbf" + text.encode("utf-8"))) == out
    assert format_once(text.rstrip("\n")) == out


def test_stdlib_and_examples_are_formatted(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    status = main(["fmt", "--check", "stdlib", "examples"])
    captured = capsys.readouterr()
    assert status == 0, f"files not in canonical form (run `pwib fmt stdlib examples`):\n{captured.out}"
    assert "would reformat" not in captured.out


def test_crlf_source_comes_out_lf():
    text = 'blueprint b "B" {\r\n  step a "A" { # kop\r\n    evidence "e"\r\n  }\r\n}\r\n'
    out = format_once(text)
    assert out == 'blueprint b "B" {\n  step a "A" { # kop\n    evidence "e"\n  }\n}\n'


def test_crlf_inside_long_string_becomes_lf_when_the_value_stays():
    text = 'blueprint b "B" {\r\n  description """\r\n    regel een\r\n    regel twee\r\n  """\r\n}\r\n'
    out = format_once(text)
    assert "\r" not in out
    assert_equivalent(text, out)


def test_a_lone_cr_in_a_short_string_ends_the_line_as_editors_show_it():
    from pwib_dsl.fmt import format_source

    text = 'blueprint b "B" {\n  description "a\rb"\n}\n'
    refused = format_source(SourceFile("x", text))
    assert not refused.ok and "PB006" in [d.code for d in refused.diagnostics]  # unterminated string


def test_printer_does_not_depend_on_os_linesep(monkeypatch):
    monkeypatch.setattr(os, "linesep", "\r\n")
    assert format_once('use wet use rollen') == "use wet\nuse rollen\n"


def test_decoded_source_keeps_no_bom():
    assert not format_once(decode(b"\xef\xbb\xbfuse wet\n")).startswith("\ufeff")
    assert SourceFile("x", "use wet\n").text == format_once("use wet\n")
