"""Formatter cases in black's style: ``tests/fmt_cases/*.blueprint``.

Each case file holds an input, then a line ``# output``, then the expected text; a file
without that line must come out unchanged. For every case (black's ``assert_format`` order):

1. one pass of the printer gives the expected text;
2. the output parses to the same AST as the input and keeps the same comments in order;
3. one more pass over the output changes nothing (the single-pass printer, so a layout that
   flips between two forms cannot hide behind a second pass).

``pytest --update-goldens`` rewrites the expected part of each case from the current output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pwib_dsl.fmt import comment_texts, format_source, print_file
from pwib_dsl.source import SourceFile
from pwib_dsl.syntax.parser import parse

CASES = Path(__file__).parent / "fmt_cases"
MARKER = "# output\n"


def split_case(text: str) -> tuple[str, str]:
    """(input, expected) of a case file."""
    if text.startswith(MARKER):
        return "", text[len(MARKER) :]
    head, sep, tail = text.partition("\n" + MARKER)
    if not sep:
        return text, text
    return head + "\n", tail


def format_once(text: str, path: str = "<case>") -> str:
    """One pass of the printer (no second pass, no safety check)."""
    result = parse(SourceFile(path, text))
    assert result.ok, [d.message for d in result.diagnostics]
    return print_file(result.file, text)


def assert_equivalent(before: str, after: str) -> None:
    old = parse(SourceFile("<before>", before))
    new = parse(SourceFile("<after>", after))
    assert new.ok, [f"{d.code} {d.message} at {d.primary.span}" for d in new.diagnostics]
    assert new.file == old.file
    assert comment_texts(new.file) == comment_texts(old.file)


def assert_stable(out: str) -> None:
    assert format_once(out) == out


def assert_canonical_shape(out: str) -> None:
    """Properties every output has, whatever the input."""
    if not out:
        return
    assert out.endswith("\n") and not out.endswith("\n\n")
    assert "\r" not in out.replace('"\r', "")  # no CR outside string literals
    lines = out.split("\n")[:-1]
    assert lines[0] != ""
    for prev, line in zip(lines, lines[1:]):
        assert not (prev == "" and line == ""), "two blank lines in a row"
    for line in lines:
        assert line == line.rstrip() or '"""' in out, f"trailing whitespace: {line!r}"


CASE_FILES = sorted(CASES.glob("*.blueprint"))


def test_cases_exist():
    assert len(CASE_FILES) >= 10


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.stem)
def test_case(case: Path, update_goldens: bool):
    text = case.read_text(encoding="utf-8")
    source, expected = split_case(text)
    out = format_once(source, str(case))
    if update_goldens and out != expected:
        body = source if out == source else source + MARKER + out
        case.write_text(body, encoding="utf-8")
        expected = out
    assert out == expected
    assert_canonical_shape(out)
    if out != source:
        assert_equivalent(source, out)
    assert_stable(out)
    assert_stable(expected)


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.stem)
def test_case_through_format_source(case: Path):
    """The public entry point (with its safety check) agrees with the single pass."""
    source, expected = split_case(case.read_text(encoding="utf-8"))
    result = format_source(SourceFile(str(case), source))
    assert result.ok, result.diagnostics
    assert result.text == expected
    assert result.changed == (expected != source)
