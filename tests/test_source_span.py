"""A :class:`~pwib_dsl.source.Span` is one packed integer that reads like the six-field record it was."""

from __future__ import annotations

import copy
import pickle
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pwib_dsl import limits
from pwib_dsl.source import NO_SPAN, SourceFile, Span, WideSpan

#: the compact form's widths (offsets, lengths and lines; columns), see ``Span``
OFF, COL = 24, 14


def test_fields_round_trip():
    s = Span(12, 3_000_000, 7, 1, 70_000, 9_999)
    assert (s.start, s.end, s.line, s.col, s.end_line, s.end_col) == (12, 3_000_000, 7, 1, 70_000, 9_999)
    biggest = 2**32 - 1
    t = Span(biggest, biggest, biggest, biggest, biggest, biggest)
    assert (t.start, t.end, t.line, t.col, t.end_line, t.end_col) == (biggest,) * 6


@pytest.mark.parametrize("bad", [(-1, 0, 1, 1, 1, 1), (0, 2**32, 1, 1, 1, 1), (0, 0, 1, 1, 1, -3)])
def test_out_of_range_is_refused_not_wrapped(bad):
    with pytest.raises(ValueError):
        Span(*bad)


def test_equality_hash_and_truth_are_by_all_six_numbers():
    a, b = Span(0, 4, 1, 1, 1, 5), Span(0, 4, 1, 1, 1, 5)
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != Span(0, 4, 1, 1, 2, 5)
    assert a and not NO_SPAN and not Span(3, 3, 0, 0, 0, 0)


def test_repr_and_format_read_as_the_record():
    s = Span(1, 2, 3, 4, 5, 6)
    assert repr(s) == "Span(start=1, end=2, line=3, col=4, end_line=5, end_col=6)"
    assert str(s) == f"{s}" == repr(s)


def test_pickle_and_copy_keep_the_span():
    s = Span(10, 20, 2, 3, 4, 5)
    for back in (pickle.loads(pickle.dumps(s, protocol=p)) for p in range(2, pickle.HIGHEST_PROTOCOL + 1)):
        assert type(back) is Span and back == s and repr(back) == repr(s)
    assert type(copy.copy(s)) is Span and copy.deepcopy(s) == s


def test_cover_and_source_spans():
    src = SourceFile("f", "ab\ncd\nef")
    a, b = src.span(1, 2), src.span(4, 8)
    assert (b.line, b.col, b.end_line, b.end_col) == (2, 2, 3, 3)
    c = a.cover(b)
    assert (c.start, c.end, c.line, c.col, c.end_line, c.end_col) == (1, 8, 1, 2, 3, 3)
    assert b.cover(a) == c


def test_a_span_is_small():
    """The reason for the packing: one object, no separate integers (the attrs record took ~200 bytes)."""
    assert sys.getsizeof(Span(100_000, 100_040, 3_000, 12, 3_000, 52)) <= 72


def _six(s: Span) -> tuple[int, ...]:
    return (s.start, s.end, s.line, s.col, s.end_line, s.end_col)


number = st.one_of(
    st.integers(0, 2**COL + 2), st.integers(2**OFF - 3, 2**OFF + 3), st.integers(0, 2**32 - 1)
)


@given(st.tuples(number, number, number, number, number, number))
def test_any_six_numbers_round_trip(six):
    s = Span(*six)
    assert _six(s) == s.fields() == six
    assert (type(s) is Span) == (int(s) < 2**126)
    assert pickle.loads(pickle.dumps(s)) == s and Span(*six) == s and hash(Span(*six)) == hash(s)


@given(st.integers(0, 2**OFF - 1), st.integers(0, 2**OFF - 1), st.integers(1, 2**OFF - 1), st.integers(1, 2**COL - 1))
def test_one_line_spans_round_trip(start, length, line, col):
    s = Span(start, start + length, line, col, line, col + length)
    assert s.fields() == (start, start + length, line, col, line, col + length)


@pytest.mark.parametrize("field", range(6))
def test_each_number_at_and_past_the_compact_widths(field):
    """A number at the compact form's limit and one past it (the wide form) both read back."""
    width = COL if field in (3, 5) else OFF
    for value in (2**width - 1, 2**width, 2**32 - 1):
        six = [5, 9, 1, 1, 1, 5]
        six[field] = value
        if field == 0:
            six[1] = value + 4 if value + 4 < 2**32 else value
        assert _six(Span(*six)) == tuple(six)


@pytest.mark.parametrize(
    "bad", [(0, 2**32, 1, 1, 1, 1), (0, 0, 2**32, 1, 1, 1), (0, 0, 1, 2**32, 1, 1), (0, 0, 1, 1, -1, 1), (2**40, 0, 1, 1, 1, 1)]
)
def test_past_32_bits_is_refused_in_every_field(bad):
    with pytest.raises(ValueError, match="span out of range"):
        Span(*bad)


def test_the_wide_form_reads_pickles_and_compares_like_the_compact_one():
    wide = Span(3, 2**OFF + 3, 1, 1, 1, 2**OFF + 3)
    assert type(wide) is WideSpan and isinstance(wide, Span)
    assert wide.fields() == _six(wide) == (3, 2**OFF + 3, 1, 1, 1, 2**OFF + 3)
    assert repr(wide).startswith("Span(start=3,") and bool(wide)
    back = pickle.loads(pickle.dumps(wide))
    assert type(back) is WideSpan and back == wide
    compact = Span(3, 7, 1, 1, 1, 5)
    assert type(compact) is Span and type(pickle.loads(pickle.dumps(compact))) is Span
    assert wide.cover(compact) == Span(3, 2**OFF + 3, 1, 1, 1, 2**OFF + 3)
    # no wide span equals a compact one as an integer (the wide form sets a bit above them all)
    assert int(wide) > int(Span(2**OFF - 1, 2**OFF - 1, 2**OFF - 1, 2**COL - 1, 2**OFF - 1, 2**COL - 1))


def test_ends_before_the_start_read_back_as_given():
    """Not made by the parser, but a span holds whatever six numbers it is given."""
    assert _six(Span(10, 4, 3, 7, 2, 1)) == (10, 4, 3, 7, 2, 1)


def test_spans_within_the_input_limits_are_compact():
    """A file within the limits has at most MAX_FILE_BYTES code points, lines and offsets, and
    columns up to MAX_LINE_CHARS + 1: each fits the compact widths. A one-line span then
    fits three 30-bit digits of a Python integer, any span five."""
    assert limits.MAX_FILE_BYTES + 1 < 2**OFF and limits.MAX_LINE_CHARS + 1 < 2**COL
    big, col = limits.MAX_FILE_BYTES, limits.MAX_LINE_CHARS + 1
    assert Span(big - 100, big, big, col - 100, big, col).bit_length() <= 90
    assert Span(0, big, 1, 1, big, col).bit_length() <= 150
    assert Span(big - 5, big - 5, big, col, big, 1).bit_length() <= 150


def test_every_span_of_a_parse_is_compact():
    from pathlib import Path

    import attrs

    from pwib_dsl.syntax.parser import parse

    root = Path(__file__).resolve().parent.parent
    spans = 0
    for path in sorted((root / "examples").rglob("*.blueprint"))[:6]:
        result = parse(SourceFile(str(path), path.read_text(encoding="utf-8")))
        todo = [result.file]
        while todo:
            v = todo.pop()
            if isinstance(v, tuple):
                todo.extend(v)
            elif attrs.has(type(v)):
                todo.extend(getattr(v, a.name) for a in attrs.fields(type(v)))
                if v.span:
                    spans += 1
                    one_line = v.span.line == v.span.end_line
                    assert v.span.bit_length() <= (90 if one_line else 150), (path, v)
    assert spans > 500


def test_line_starts_and_content_end():
    src = SourceFile("x", "a\r\nbc\n\nd  \n \t\n")
    assert list(src.line_starts) == [0, 3, 6, 7, 11, 14]
    assert src.line_col(12) == (5, 2) and src.offset(4, 2) == 8
    for text in ("", "   ", "x", "x \n", " " * 5000 + "y" + " \n" * 3000, "\u3000a\u3000"):
        assert SourceFile("x", text).content_end() == len(text.rstrip())
