"""Where the cursor is, syntactically: the enclosing blocks and the statement being written.

A light scanner over the text before the cursor (strings, comments, braces and words; no
parser) finds:

* whether the cursor is inside a string or a comment (nothing to complete there);
* the open blocks around it (``blueprint x {``, ``phase p {``, ``step s {``), with the keyword
  and name that opened each;
* the statement being written in the innermost block, as its words so far.

From these, :meth:`CursorContext.parse_prefixes` builds short texts that the grammar can
parse and that end exactly at the cursor — the enclosing blocks reduced to empty headers
plus the current statement — so completion asks Lark which tokens may follow without
re-parsing a long document. A longer fallback (the whole enclosing top-level declaration) is
used when the short form does not parse.
"""

from __future__ import annotations

import functools
import re

import attrs

_TOKEN = re.compile(
    r'(?P<long>"""(?:[^"\\]|\\.|"(?!""))*(?P<longend>""")?)'
    r'|(?P<str>"(?:[^"\\\n]|\\.)*(?P<strend>")?)'
    r"|(?P<comment>#[^\n]*)"
    r"|(?P<brace>[{}])"
    r"|(?P<arrow>->)"
    r"|(?P<word>[\w°][\w:.°-]*)"
    r"|(?P<eq>=)"
    r"|(?P<ws>\s+)"
    r"|(?P<other>.)",
    re.S,
)

LANES = ("evidence", "customer", "frontstage", "backstage", "support")
#: Blocks that may hold other blocks; they are replaced by an empty header when parsing.
CONTAINERS = ("blueprint", "phase", "law")
FLOW_NODES = ("step", "decision", "fork", "join", "end")
#: Keywords that never start a statement (they continue one).
_CONTINUING = frozenset(
    {"art", "lid", "onderdeel", "max", "of", "from", "to", "day", "days", "workday", "workdays", "week", "weeks",
     "month", "months", "year", "years", "after", "before", "in", "with", "because"}
)
#: Tokens after which the next word is a name (or label), never a new statement.
_BEFORE_NAME = frozenset(
    {"module", "use", "law", "article", "measure", "component", "facility", "role", "tile", "organisation",
     "system", "actor", "of", "blueprint", "phase", "step", "decision", "fork", "join", "end", "next", "branch", "journey", "implements",
     "parent", "status", "outcome", "legal", "changes", "communication", "art", "lid", "onderdeel",
     "=", "->", "wait", "from", "to", "suspended-by", "after", "before", "in", "with", "reroute", "swap",
     "change", "remove", "add", "replace",
     *LANES}
)


@attrs.frozen
class Frame:
    """An open block: the keyword that opened it, where that statement starts, its name."""

    keyword: str
    start: int
    name: str | None


@attrs.frozen
class CursorContext:
    text: str  # the document text with comments blanked out (same offsets)
    word_start: int  # start of the word being typed (the cursor when none)
    in_string: bool
    in_comment: bool
    frames: tuple[Frame, ...]
    #: the statement being written in the innermost block: its start and words so far
    stmt_start: int | None
    stmt_words: tuple[str, ...]
    #: at the top level, what came before the current statement: start, module, use or item
    top_before: str

    @property
    def stmt_keyword(self) -> str | None:
        return self.stmt_words[0] if self.stmt_words else None

    @property
    def last(self) -> str | None:
        return self.stmt_words[-1] if self.stmt_words else None

    @property
    def innermost(self) -> str | None:
        return self.frames[-1].keyword if self.frames else None

    def enclosing(self, keyword: str) -> Frame | None:
        for frame in reversed(self.frames):
            if frame.keyword == keyword:
                return frame
        return None

    def parse_prefixes(self) -> list[str]:
        """Texts ending at the cursor for Lark's interactive parser: short first, then full."""
        out = []
        body = self.text[: self.word_start]
        frames = self.frames
        k = next((i for i, f in enumerate(frames) if f.keyword not in CONTAINERS), None)
        if k is not None and all(f.keyword in CONTAINERS for f in frames[:k]):
            out.append(_headers(frames[:k]) + body[frames[k].start :])
        elif k is None:
            stmt = body[self.stmt_start :] if self.stmt_start is not None else ""
            head = _headers(frames) if frames else _TOP_PREFIX[self.top_before]
            out.append(head + stmt)
        if frames:
            out.append(_TOP_PREFIX["item"] + body[frames[0].start :])
        return list(dict.fromkeys(out))


_TOP_PREFIX = {"start": "", "module": "module _\n", "use": "use _\n", "item": 'role _ ""\n'}


def _headers(frames) -> str:
    return "".join(f'{f.keyword} _ "" {{\n' for f in frames)


def scan(text: str, cursor: int) -> CursorContext:
    """The syntactic context of ``cursor`` in ``text``."""
    start = cursor
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_-.:°"):
        start -= 1
    before = text[:start]
    blanked = list(text)
    frames: list[Frame] = []
    stmt_start: int | None = None
    words: list[str] = []
    top_state = "start"
    top_before = "start"
    in_string = in_comment = False
    for m in _TOKEN.finditer(before):
        kind = m.lastgroup
        if kind in ("longend", "strend"):
            kind = "long" if m.group("long") is not None else "str"
        if kind == "ws":
            continue
        if kind == "comment":
            for i in range(m.start(), m.end()):
                blanked[i] = " "
            if m.end() == len(before):
                in_comment = True
            continue
        if kind in ("long", "str"):
            closed = m.group("longend") if kind == "long" else m.group("strend")
            if not closed and m.end() == len(before) and (kind == "long" or "\n" not in m.group()):
                in_string = True
            words.append('""')
            continue
        value = m.group()
        if value == "{":
            frames.append(Frame(words[0] if words else "", stmt_start if stmt_start is not None else m.start(),
                                words[1] if len(words) > 1 else None))
            stmt_start, words = None, []
            continue
        if value == "}":
            if frames:
                frames.pop()
            stmt_start, words = None, []
            if not frames:
                top_state = "item"
            continue
        starts = (
            kind == "word"
            and _is_keyword(value)
            and value not in _CONTINUING
            and (not words or words[-1] not in _BEFORE_NAME)
        )
        if starts:
            if not frames:
                top_before = top_state
                top_state = value if value in ("module", "use") else "item"
            stmt_start, words = m.start(), [value]
        else:
            if stmt_start is None:
                stmt_start = m.start()
            words.append(value)
    if not frames and stmt_start is None:
        top_before = top_state
    return CursorContext(
        "".join(blanked), start, in_string, in_comment, tuple(frames), stmt_start, tuple(words), top_before
    )


def _is_keyword(word: str) -> bool:
    from pwib_dsl.syntax.parser import keywords

    return word in _keyword_set(keywords())


@functools.cache
def _keyword_set(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(words)
