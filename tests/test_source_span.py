"""A :class:`~pwib_dsl.source.Span` is one packed integer that reads like the six-field record it was."""

from __future__ import annotations

import copy
import pickle
import sys

import pytest

from pwib_dsl.source import NO_SPAN, SourceFile, Span


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
