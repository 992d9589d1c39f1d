"""Comparing ordered lists of facts and of named things.

Facts (lane entries, layer entries, fields) are compared as AST values, so whitespace, comments
and the spelling of a string (escapes, ``\"\"\"``) never count as a change. Named things (phases,
steps, articles) are matched by name: what is left unmatched was added or removed, and what
is matched but out of order was reordered.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from typing import Callable, Hashable, Iterable, Sequence, TypeVar

T = TypeVar("T", bound=Hashable)


def compare_facts(old: Sequence[T], new: Sequence[T]) -> list[tuple[str, T | None, T | None]]:
    """Edits turning ``old`` into ``new``: ("added", None, x), ("removed", x, None),
    ("changed", a, b) for a fact replaced in place, or a single ("reordered", None, None)."""
    if list(old) == list(new):
        return []
    if Counter(old) == Counter(new):
        return [("reordered", None, None)]
    edits: list[tuple[str, T | None, T | None]] = []
    matcher = SequenceMatcher(a=list(old), b=list(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = list(old[i1:i2]), list(new[j1:j2])
        if tag == "replace":
            pairs = min(len(removed), len(added))
            edits.extend(("changed", a, b) for a, b in zip(removed[:pairs], added[:pairs]))
            removed, added = removed[pairs:], added[pairs:]
        edits.extend(("removed", a, None) for a in removed)
        edits.extend(("added", None, b) for b in added)
    return edits


def matched(old: Iterable, new: Iterable, name: Callable[[object], str]):
    """Named things matched by name: ``(name, old, new)`` for each (None where it is missing),
    in the new order with the removed ones after; and the old and new orders of names."""
    olds, news = by_name(old, name), by_name(new, name)
    pairs = [(key, olds.get(key), news.get(key)) for key in list(news) + [k for k in olds if k not in news]]
    return pairs, list(olds), list(news)


def by_name(items: Iterable[T], name: Callable[[T], str]) -> dict[str, T]:
    """Items keyed by name, in order; a repeated name gets `` (2)``, `` (3)``, ... appended."""
    out: dict[str, T] = {}
    for item in items:
        key = base = name(item)
        count = 1
        while key in out:
            count += 1
            key = f"{base} ({count})"
        out[key] = item
    return out


def out_of_order(old: Sequence[str], new: Sequence[str]) -> list[str]:
    """Names present in both lists whose relative order changed (the fewest that explain it)."""
    common = set(old) & set(new)
    a = [x for x in old if x in common]
    b = [x for x in new if x in common]
    if a == b:
        return []
    matcher = SequenceMatcher(a=a, b=b, autojunk=False)
    kept = set()
    for block in matcher.get_matching_blocks():
        kept.update(b[block.b : block.b + block.size])
    return [x for x in b if x not in kept]
