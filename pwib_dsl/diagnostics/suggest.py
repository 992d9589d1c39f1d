""""Did you mean …": the nearest candidates to a misspelt word, by edit distance.

Shared by every phase that can name what the author probably meant: the parser (a misspelt
keyword), name resolution (a misspelt step, actor, law, ...), ``pwib explain`` (a misspelt
code). The distance is optimal string alignment (Damerau–Levenshtein without repeated edits
of one substring: a swap of two neighbouring letters counts as one edit), compared without
regard to case, as Elm's ``Suggest`` does; the allowance grows with the length of the words.
"""

from __future__ import annotations

from typing import Iterable


def distance(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance between ``a`` and ``b``.

    With ``limit``, any distance above it is returned as ``limit + 1``, and the computation
    stops as soon as the result must exceed it: scanning a few thousand names stays cheap.
    """
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    if not a or not b:
        return max(len(a), len(b))
    before: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        ca = a[i - 1]
        cur = [i] + [0] * len(b)
        row_best = i
        for j in range(1, len(b) + 1):
            cb = b[j - 1]
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                v = min(v, before[j - 2] + 1)
            cur[j] = v
            row_best = min(row_best, v)
        if limit is not None and row_best > limit:
            return limit + 1
        before, prev = prev, cur
    return prev[-1] if limit is None else min(prev[-1], limit + 1)


def allowance(word: str, candidate: str) -> int:
    """How many edits still count as "close": about one per three letters, at least one.

    This is the rule CPython uses for its own NameError suggestions.
    """
    return max(1, (len(word) + len(candidate) + 3) // 6)


def did_you_mean(word: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` candidates close to ``word``, nearest first (ties in alphabetical order).

    A candidate is close when it equals ``word`` but for case, when it is within
    :func:`allowance` edits, or when ``word`` (four letters or more) is its beginning
    (``terugwerkende`` → ``terugwerkende-kracht``). ``word`` itself is never suggested.
    """
    low = word.lower()
    scored: list[tuple[int, str]] = []
    for cand in sorted(set(candidates)):
        if cand == word:
            continue
        cand_low = cand.lower()
        if cand_low == low:
            scored.append((0, cand))
            continue
        most = allowance(word, cand)
        d = distance(low, cand_low, most)
        if d <= most:
            scored.append((d, cand))
        elif len(word) >= 4 and cand_low.startswith(low):
            scored.append((most + 1, cand))
    scored.sort()
    return [cand for _, cand in scored[:limit]]


def phrase(words: Iterable[str], conjunction: str = "or") -> str:
    """```a```, ```a` or `b```, ```a`, `b` or `c``` — for messages and help lines."""
    quoted = [f"`{w}`" for w in words]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + f" {conjunction} " + quoted[-1]
