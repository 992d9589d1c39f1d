"""Property tests of the semantic diff over random ASTs (strategies from test_fmt_properties).

* A file compared with any re-layout of itself (comments added, indentation ruined, lines
  joined) has no changes.
* Two random files differ exactly when their ASTs differ, in both directions, and every
  rendering works; the JSON is the same on every run.
* Whatever was added going one way was removed going the other way (blueprints, phases,
  steps, entries, files).
* Fact lists: applying the edits of :func:`compare_facts` to the old list gives the new one.
"""

from __future__ import annotations

import json
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from pwib_dsl.diff import Side, compare, render
from pwib_dsl.diff.lists import compare_facts
from pwib_dsl.fmt import print_file
from test_fmt_properties import SETTINGS, files, parse_ok, scrambled


def _side(label: str, file) -> Side:
    return Side(label, (("x.blueprint", file),))


@SETTINGS
@given(st.data())
def test_relayout_is_no_change(data):
    canonical = print_file(data.draw(files))
    messy = data.draw(scrambled(canonical))
    result = compare(_side("a", parse_ok(canonical)), _side("b", parse_ok(messy)))
    assert result.equal, render(result, "text")


@SETTINGS
@given(files, files)
def test_random_pairs(a, b):
    a, b = parse_ok(print_file(a)), parse_ok(print_file(b))
    forward = compare(_side("a", a), _side("b", b))
    backward = compare(_side("b", b), _side("a", a))
    assert forward.equal == backward.equal == (a == b)
    for fmt in ("text", "markdown", "json"):
        assert render(forward, fmt).endswith("\n")
    assert render(forward, "json") == render(compare(_side("a", a), _side("b", b)), "json")
    json.loads(render(forward, "json"))

    def things(result, action):
        # Named things only: how two fact lists pair up into "changed" depends on the direction.
        return Counter((c.section, c.owner, c.path) for c in result.changes if c.action == action and not c.aspect)

    assert things(forward, "added") == things(backward, "removed")
    assert things(forward, "removed") == things(backward, "added")


@SETTINGS
@given(st.lists(st.sampled_from("abcde"), max_size=8), st.lists(st.sampled_from("abcde"), max_size=8))
def test_fact_edits_turn_old_into_new(old, new):
    edits = compare_facts(old, new)
    if old == new:
        assert edits == []
        return
    if Counter(old) == Counter(new):
        assert edits == [("reordered", None, None)]
        return
    result = Counter(old)
    for action, a, b in edits:
        assert action in ("added", "removed", "changed")
        if a is not None:
            result[a] -= 1
        if b is not None:
            result[b] += 1
    assert +result == Counter(new) and all(v >= 0 for v in result.values())
