"""Law text: normalising consolidated texts, numbering leden, and hashing.

Consolidations mark links as Markdown references (``[artikel 4][ref1]`` with a ``[ref1]: URL``
line below) and wrap lines at different widths from one version to the next; the normal form
drops the markup and collapses white space, so a hash changes only when the words do.
"""

from __future__ import annotations

import hashlib
import re

_REF_LINE = re.compile(r"^\s*\[ref\d+\]:\s*\S+\s*$", re.M)
_REF_LINK = re.compile(r"\[([^\]]*)\]\[ref\d+\]")
_SPACE = re.compile(r"\s+")
#: A lid starts a paragraph with its number: "2 Het college ..." (also "2a", and the "8*" that
#: consolidations use for a second lid of the same number).
_LID_START = re.compile(r"^(\d+[a-z]{0,2}\*?)\s+(?=\S)")


def normalise(text: str) -> str:
    """The text without link markup, with single spaces."""
    text = _REF_LINE.sub("", text)
    text = _REF_LINK.sub(r"\1", text)
    return _SPACE.sub(" ", text).strip()


def digest(text: str) -> str:
    """A short, stable hash of a normalised text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def split_leden(text: str) -> list[tuple[str, str]]:
    """(number, text) per lid of an article written as numbered paragraphs; [] when the text
    is not numbered (an article without leden). Numbers must count up from 1: a paragraph that
    merely starts with a figure ("1 januari ...") does not start a lid out of order."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    leden: list[tuple[str, list[str]]] = []
    for para in paragraphs:
        stripped = para.strip()
        m = _LID_START.match(stripped)
        if m and _next_lid(leden, m.group(1)):
            leden.append((m.group(1), [stripped[m.end():]]))
        elif leden:
            leden[-1][1].append(stripped)
        elif m is None:
            return []  # text before the first lid: not a numbered article
    if not leden or leden[0][0] != "1":
        return []
    return [(num, normalise("\n\n".join(parts))) for num, parts in leden]


def _next_lid(leden, number: str) -> bool:
    digits = int(re.match(r"\d+", number).group(0))
    if not leden:
        return digits == 1
    last = int(re.match(r"\d+", leden[-1][0]).group(0))
    return digits in (last, last + 1)
