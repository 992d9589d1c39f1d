"""Text for XML: escaping, characters XML 1.0 cannot hold, and label size estimates.

Any DSL string reaches the output through :func:`esc_text` or :func:`esc_attr`. XML 1.0 cannot
hold most C0 control characters, lone surrogates, U+FFFE and U+FFFF, not even as character
references; they are replaced by U+FFFD (the replacement character), so the output is always
well-formed and the replacement is visible and deterministic. Tabs, newlines and carriage
returns are kept: in attributes as character references (a parser would otherwise normalise them
to spaces), ``\\r`` in text as ``&#13;`` (a parser would otherwise fold ``\\r\\n`` to ``\\n``).

Label sizes are estimated, not measured: bpmn-js draws labels in 12px Arial with about 14px per
line, and wraps them at the width of their bounds. The estimate is deliberately generous (7px per
character, 12px for wide East Asian characters and most emoji) so a label gets at least the room
it needs.
"""

from __future__ import annotations

import re
import unicodedata

_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

LINE_HEIGHT = 14
_CHAR_PX = 7
_WIDE_PX = 12


def clean(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold replaced by U+FFFD."""
    if _INVALID.search(text) is None:
        return text
    return _INVALID.sub("\ufffd", text)


def esc_text(text: str) -> str:
    """Element content: ``&``, ``<``, ``>`` escaped, ``\\r`` kept as a reference."""
    text = clean(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def esc_attr(text: str) -> str:
    """A double-quoted attribute value; whitespace controls kept as references."""
    text = clean(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    if "\n" in text or "\r" in text or "\t" in text:
        text = text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return text


#: Letters clearly wider than the average in bpmn-js's 12 px sans-serif: an estimate that
#: counts them as average wraps "Medewerking van" on one line where bpmn-js needs two.
_BROAD = frozenset("MWmw")
_BROAD_PX = 11
_CAPITAL_PX = 8


def _char_px(ch: str) -> int:
    if ch in _BROAD:
        return _BROAD_PX
    if "A" <= ch <= "Z":
        return _CAPITAL_PX
    if ch < "\u1100":
        return _CHAR_PX
    return _WIDE_PX if unicodedata.east_asian_width(ch) in ("W", "F") else _CHAR_PX


def text_px(text: str) -> int:
    """Estimated width of one line of text in pixels (never less than 7 px a character)."""
    return sum(_char_px(ch) for ch in text)


def wrap_count(text: str, width: int) -> int:
    """Estimated number of lines bpmn-js needs for ``text`` wrapped at ``width`` pixels."""
    width = max(width, 2 * _WIDE_PX)
    lines = 0
    space = _CHAR_PX
    for paragraph in text.split("\n"):
        used = 0
        line_count = 1
        for word in paragraph.split():
            w = text_px(word)
            if used and used + space + w <= width:
                used += space + w
                continue
            if used:
                line_count += 1
            # a word wider than the box is broken over several lines
            extra, used = divmod(w, width)
            line_count += extra if used else max(extra - 1, 0)
            used = used or width
        lines += line_count
    return max(lines, 1)
