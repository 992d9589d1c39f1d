"""Property tests: no input crashes the parser or the checker, and every diagnostic is sound.

Inputs are arbitrary text, text built from the language's own tokens, and random mutations of
the corpus (stdlib, examples, test data). For each, parsing and checking must return
diagnostics (never raise), every diagnostic must have a documented code and a span inside the
text, and rendering them must work. The default runs are small; the ``slow`` ones go further.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pwib_dsl.diagnostics import codes
from pwib_dsl.diagnostics.render import Sources, render
from pwib_dsl.driver import compile_sources
from pwib_dsl.source import SourceFile
from pwib_dsl.syntax import forms
from pwib_dsl.syntax.errors import MAX_ERRORS
from pwib_dsl.syntax.parser import parse

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted(
    [*ROOT.glob("stdlib/*.blueprint"), *ROOT.glob("examples/**/*.blueprint"), ROOT / "tests/data/syntax/all_constructs.blueprint"]
)
TEXTS = [p.read_text(encoding="utf-8") for p in CORPUS]

PIECES = [
    *sorted({f.keyword for f in forms.FORMS}), *forms.UNITS, "art", "lid", "onderdeel", "max", "as-of",
    "{", "}", "{\n", "}\n", "\n", " ", "  ", "\t", '"', '"""', '"tekst"', "->", "=", ".", "#", "# c\n",
    "a", "naam", "4", "4a", "-2", "2026-01-01", "BWBR0031331", "\\", "\\u{20AC}", "\r\n", "\ufeff",
    "é", "漢", "\u202e", "\x00", ";", ":", "“",
]

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_sound(text: str) -> None:
    src = SourceFile("fuzz.blueprint", text)
    result = parse(src)
    assert len(result.diagnostics) <= MAX_ERRORS + 1
    known = set(codes.codes())
    for d in result.diagnostics:
        assert d.code in known, d
        for label in (d.primary, *d.secondary):
            s = label.span
            assert 0 <= s.start <= s.end <= len(text), (d, s)
            assert (s.line, s.col) == src.line_col(s.start)
        assert "KW_" not in d.message and "$END" not in d.message
    render(result.diagnostics, "human", Sources({src.path: src}))
    render(result.diagnostics, "json")


def assert_checks(text: str) -> None:
    src = SourceFile("fuzz.blueprint", text)
    result = compile_sources([src])
    render(result.diagnostics, "human", Sources({src.path: src}))


@st.composite
def token_soup(draw):
    return "".join(draw(st.lists(st.sampled_from(PIECES), max_size=60)))


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "swap-lines"]))
        if kind == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 40)) :]
        elif kind == "insert":
            text = text[:pos] + draw(st.sampled_from(PIECES)) + text[pos:]
        elif kind == "duplicate":
            other = draw(st.integers(0, len(text)))
            text = text[:pos] + text[other : other + draw(st.integers(1, 80))] + text[pos:]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


@FAST
@given(st.text(max_size=300))
def test_arbitrary_text(text):
    assert_sound(text)


@FAST
@given(token_soup())
def test_token_soup(text):
    assert_sound(text)


@FAST
@given(mutated())
def test_mutated_corpus_parses(text):
    assert_sound(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_corpus_checks(text):
    assert_checks(text)


@pytest.mark.slow
@SLOW
@given(st.one_of(st.text(max_size=2000), token_soup(), mutated()))
def test_many_more(text):
    assert_sound(text)
    assert_checks(text)
