""""Did you mean": the edit distance and which candidates count as close."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pwib_dsl.diagnostics.suggest import allowance, did_you_mean, distance, phrase


def test_distance():
    assert distance("legel", "legal") == 1
    assert distance("stpe", "step") == 1  # a swap of neighbours is one edit
    assert distance("", "abc") == 3 and distance("abc", "") == 3
    assert distance("kitten", "sitting") == 3
    assert distance("kitten", "sitting", limit=1) == 2  # cut off: anything above the limit


@given(st.text(max_size=12), st.text(max_size=12))
def test_distance_is_symmetric_and_bounded(a, b):
    d = distance(a, b)
    assert d == distance(b, a)
    assert abs(len(a) - len(b)) <= d <= max(len(a), len(b))
    assert (d == 0) == (a == b)
    assert distance(a, b, limit=2) == min(d, 3)


def test_did_you_mean_ranks_and_limits():
    words = ["legal", "policy", "pain", "note", "next", "journey", "kpi"]
    assert did_you_mean("legel", words) == ["legal"]
    assert did_you_mean("nxt", words) == ["next"]
    assert did_you_mean("stap", ["steps", "stop", "step", "stem-cell"]) == ["step", "stop", "steps"]
    assert did_you_mean("xyz", words) == []
    assert did_you_mean("LEGAL", words) == ["legal"]  # case alone is the nearest miss
    assert did_you_mean("legal", words) == []  # the word itself is not a suggestion
    assert len(did_you_mean("a", [chr(c) for c in range(98, 120)], limit=3)) == 3


def test_prefix_of_a_long_name_counts():
    assert did_you_mean("terugwerkende", ["terugwerkende-kracht", "termijn"]) == ["terugwerkende-kracht"]
    assert did_you_mean("ter", ["terugwerkende-kracht"]) == []  # too short to mean anything


def test_allowance_grows_with_length():
    assert allowance("a", "b") == 1
    assert allowance("schuldhulpverlening", "schuldhulpverlenign") == 6


def test_phrase():
    assert phrase([]) == ""
    assert phrase(["a"]) == "`a`"
    assert phrase(["a", "b", "c"]) == "`a`, `b` or `c`"
    assert phrase(["a", "b"], "and") == "`a` and `b`"
