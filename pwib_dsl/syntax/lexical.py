"""Two lexical rules the grammar cannot state, applied by lexer callbacks.

1. **A keyword never takes the start of a longer word.** Lark matches a keyword terminal
   without looking at what follows, so in a state that expects ``art`` the word ``artikel``
   would lex as ``art`` + ``ikel``, and ``termijn`` as ``term`` + ``ijn``. A keyword followed
   directly by a letter, digit, ``_`` (or ``-`` and a letter) is read as the whole word, a
   name, so the error names the word the author wrote.
2. **A statement keyword at the start of a line is a keyword.** Newlines do not end
   statements, so where the line before stopped short (``legal wgs art``) the contextual lexer
   would read the next line's ``customer`` as the missing article number. A line starts a
   statement when its first word is a statement keyword, so that word is always read as the
   keyword and the short line is reported where it ends. (Formatted files never start a line
   with a name, so no valid formatted blueprint changes meaning.)

Both need the text being lexed, set for the duration of a parse (:data:`current`): by
:class:`~pwib_dsl.syntax.recovery.Recovery` (Lark's lexer state, whose line counter rule 1
moves past the longer word) or by the parser runtime (:mod:`pwib_dsl.syntax.runtime`, which
goes on lexing from the end of the token a callback returns). Outside a parse (e.g.
completion probing a prefix) the callbacks change nothing. Tokens come back of the class they
came in (Lark's, or :class:`pwib_dsl.syntax.tokens.Token`).
"""

from __future__ import annotations

import re
import threading

from pwib_dsl.syntax import forms, keywords


class _Current(threading.local):
    lexer_state = None  # the Lark LexerState of the parse in progress
    text = None  # or the text the runtime is parsing


current = _Current()


def _text() -> tuple[str | None, object]:
    """The text being lexed and Lark's line counter (None under the runtime)."""
    state = current.lexer_state
    if state is not None:
        return state.text.text, state.line_ctr
    return current.text, None


_NAME = re.compile(r"[^\W\d][\w-]*")
_starters: dict[str, str] = {}  # statement keyword text → its terminal


def callbacks() -> dict:
    """Lexer callbacks for the keyword terminals of the word table, names and article numbers."""
    out = {name: whole_word for name in keywords.terminals()}
    out["NAME"] = out["ARTNUM"] = line_start
    return out


def _load_starters() -> None:
    for word in keywords.WORDS:
        if forms.is_starter(word.terminal):
            _starters[word.text] = word.terminal


def whole_word(tok):
    """Rule 1: a keyword glued to more word characters becomes that whole word, a name."""
    text, counter = _text()
    if text is None:
        return tok
    end = tok.end_pos
    if end >= len(text):
        return tok
    nxt = text[end]
    if not (nxt.isalnum() or nxt == "_" or (nxt == "-" and text[end + 1 : end + 2].isalnum())):
        return tok
    word = _NAME.match(text, tok.start_pos)
    if word is None or word.end() <= end:
        return tok
    rest = word.end() - end
    if counter is not None:
        counter.feed(text[end : word.end()], test_newline=False)
    return type(tok)(
        "NAME", word.group(), tok.start_pos, tok.line, tok.column, tok.end_line, tok.end_column + rest, word.end()
    )


def line_start(tok):
    """Rule 2: a statement keyword first on its line is read as that keyword."""
    if not _starters:
        _load_starters()
    term = _starters.get(str(tok))
    if term is None:
        return tok
    text, _counter = _text()
    if text is None:
        return tok
    start = tok.start_pos - tok.column + 1
    if not text[start : tok.start_pos].strip():
        tok.type = term
    return tok
