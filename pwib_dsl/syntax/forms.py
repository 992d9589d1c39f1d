"""The forms of the language as words, for messages: usage lines, block fields, names for tokens.

The words themselves (keywords, usage lines, block kinds, Dutch spellings) are the table in
:mod:`pwib_dsl.syntax.keywords`; this module reads it the way syntax errors need it.
Syntax errors quote these views instead of dumping token names: the usage line of the
construct being written (``legal LAW art N [lid N] [onderdeel X] ["note"]``), the blocks a
keyword belongs in, the fields a block takes, and plain-word descriptions of terminals ("a
name", "a string"). ``tests/test_syntax_forms.py`` checks the tables against the grammar so
they cannot drift from it, and ``docs/language.md`` shows the same usage lines.
"""

from __future__ import annotations

from pwib_dsl.syntax import keywords
from pwib_dsl.syntax.keywords import FORMS, Form

__all__ = ["FORMS", "Form"]

# ---------------------------------------------------------------- blocks

#: Block kinds and how a message names them ("unknown field `x` in a step").
KIND_PHRASE = keywords.BLOCKS

#: The keyword terminal that opens each kind of ``{ ... }`` block.
BLOCK_OPENERS = keywords.block_openers()

#: Declarations whose header is ``KEYWORD NAME "Title"`` (the title is required).
TITLED = keywords.TITLED

#: Keywords that only occur inside a statement, never at its start.
INNER_KEYWORDS = frozenset(w.terminal for w in keywords.WORDS if w.inner and w.terminal.startswith("KW_"))

LANES = keywords.of_kind("lane")
TEXT_LAYERS = keywords.of_kind("layer")
UNITS = keywords.of_kind("unit")


# ---------------------------------------------------------------- usage lines


def usage(keyword: str, kind: str | None = None) -> str | None:
    """The usage line of ``keyword`` as written in a block of ``kind`` (any block if None)."""
    fallback = None
    for form in FORMS:
        if form.keyword == keyword:
            if kind is None or kind in form.kinds:
                return form.usage
            fallback = fallback or form.usage
    return fallback


def fields(kind: str) -> tuple[str, ...]:
    """The keywords that start a statement in a block of ``kind``, in table order."""
    out: list[str] = []
    for form in FORMS:
        if kind in form.kinds and form.keyword not in out:
            out.append(form.keyword)
    return tuple(out)


def homes(keyword: str) -> tuple[str, ...]:
    """The block kinds where ``keyword`` starts a statement."""
    out: list[str] = []
    for form in FORMS:
        if form.keyword == keyword:
            out.extend(k for k in form.kinds if k not in out)
    return tuple(out)


def fields_phrase(kind: str) -> str:
    """``a step takes: lanes (evidence, ...), legal, ...`` — the help line for a block."""
    words = list(fields(kind))
    parts: list[str] = []
    if all(lane in words for lane in LANES):
        parts.append("a lane (" + ", ".join(LANES) + ")")
        words = [w for w in words if w not in LANES]
    if all(layer in words for layer in TEXT_LAYERS):
        layer_at = words.index(TEXT_LAYERS[0])
        words = [w for w in words if w not in TEXT_LAYERS]
        words.insert(layer_at, "a text layer (" + ", ".join(TEXT_LAYERS) + ")")
    parts.extend(w if w.startswith("a ") else f"`{w}`" for w in words)
    return ", ".join(parts)


# ---------------------------------------------------------------- Dutch spellings

#: Dutch words authors may type for an English keyword; the first fitting keyword is offered.
DUTCH: dict[str, tuple[str, ...]] = keywords.dutch()


# ---------------------------------------------------------------- terminals as words

_TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": "a string",
    "LONG_STRING": "a string",
    "INT": "a number",
    "SIGNED_INT": "a whole number",
    "ARTNUM": "an article number",
    "BWB_ID": "a BWB identifier (BWBR0000000)",
    "CVDR_ID": "a CVDR identifier (CVDR000000)",
    "DATE": "a date (YYYY-MM-DD)",
    "UNIT": "a unit (days, workdays, weeks, months or years)",
    "LANE": "a lane (" + ", ".join(LANES) + ")",
    "TEXT_LAYER": "a text layer (" + ", ".join(TEXT_LAYERS) + ")",
    "LBRACE": "`{`",
    "RBRACE": "`}`",
    "EQUALS": "`=`",
    "DOT": "`.`",
    "ARROW": "`->`",
    "$END": "the end of the file",
}


def terminal_words(name: str) -> str:
    """``KW_STEP`` → ```step```, ``NAME`` → ``a name``: a terminal in plain words."""
    if name in _TERMINAL_WORDS:
        return _TERMINAL_WORDS[name]
    word = keyword_of(name)
    return f"`{word}`" if word else name.lower()


def terminal_of(word: str) -> str | None:
    """The terminal a keyword lexes as (``legal`` → ``KW_LEGAL``, ``customer`` → ``LANE``)."""
    w = keywords.word(word)
    return w.terminal if w is not None else None


def keyword_of(terminal: str) -> str | None:
    """The text of a ``KW_*`` terminal (``KW_PERSONAL_DATA`` → ``personal-data``)."""
    if not terminal.startswith("KW_"):
        return None
    words = keywords.of_terminal(terminal)
    return words[0] if words else None


def words_of(terminal: str) -> tuple[str, ...]:
    """Every keyword text a terminal stands for (``LANE`` → the five lanes)."""
    return keywords.of_terminal(terminal)


def is_starter(terminal: str) -> bool:
    """Whether a terminal can begin a statement (a keyword, a lane or a text layer)."""
    return (terminal.startswith("KW_") and terminal not in INNER_KEYWORDS) or terminal in ("LANE", "TEXT_LAYER")
