"""Dutch hyphenation for the site's text: soft hyphens where a long word may break.

Browsers on most systems carry no Dutch hyphenation dictionary, so ``hyphens: auto`` does
nothing and a long compound ("schuldhulpverlening") in a narrow column either overflows or,
with ``overflow-wrap``, breaks at an arbitrary letter without a hyphen. Instead every word of
at least :data:`MIN_WORD` letters gets U+00AD SOFT HYPHEN at the break points of the OpenTaal
patterns that ship with Pyphen: the browser breaks there only when it must, and then shows
a hyphen. Soft hyphens are invisible otherwise, and the site's filters ignore them.

Chunks that look like a URL, an e-mail address, a path or a dotted name are left alone, so a
copied address stays exact. The result is a pure function of the text (deterministic bytes).
"""

from __future__ import annotations

import functools
import re

import pyphen

SOFT_HYPHEN = "\u00ad"

#: Shorter words always fit a column; hyphenating them only adds bytes.
MIN_WORD = 10

_WORD = re.compile(r"[^\W\d_]{%d,}" % MIN_WORD)
_CHUNK = re.compile(r"\S+")
_ADDRESS = re.compile(r"://|^www\.|[/@\\]|\.\w")


@functools.lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    # Three letters at least on either side of a break: "Be-" alone on a line reads badly.
    return pyphen.Pyphen(lang="nl_NL", left=3, right=3)


@functools.lru_cache(maxsize=16384)
def _word(word: str) -> str:
    return _dictionary().inserted(word, hyphen=SOFT_HYPHEN)


def _chunk(match: re.Match) -> str:
    chunk = match.group()
    if _ADDRESS.search(chunk) or SOFT_HYPHEN in chunk:
        return chunk
    return _WORD.sub(lambda m: _word(m.group()), chunk)


@functools.lru_cache(maxsize=65536)  # lane texts, actor and system names recur on many pages
def hyphenate(text: str) -> str:
    """``text`` with soft hyphens in its long words (URLs, paths and addresses untouched)."""
    if len(text) < MIN_WORD:
        return text
    return _CHUNK.sub(_chunk, text)
