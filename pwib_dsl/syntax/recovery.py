"""Error recovery: parse a whole file, reporting every syntax error instead of the first.

It reads the files the parser runtime (:mod:`pwib_dsl.syntax.runtime`) gave up on, from the
start: the parse is Lark's own LALR loop (tokens from the contextual lexer fed to Lark's
interactive parser state), on the same tables. When a token does not fit, :class:`Recovery`
reports it (messages in :mod:`pwib_dsl.syntax.errors`) and repairs the parser state, then the
loop goes on. The repairs, tried in order:

1. a statement of an outer block while a block is open (``step`` inside a step, indented
   like the step) closes the open blocks: "missing `}` to close step `a` opened at 3:5";
2. a misspelt keyword with one close match (``legel``, or Dutch ``stap``) is read as that
   keyword, so the rest of the statement and its block are still checked;
3. a missing title or name right before ``{`` or a string is filled in, and a missing ``{``
   before an indented body is inserted, so the block is still read;
4. otherwise the statement in progress is dropped and tokens are skipped up to the next line
   or statement keyword; a ``{`` skipped on the way is skipped with its whole block.

Every loop step consumes input or changes state, work stops after
:data:`~pwib_dsl.syntax.errors.MAX_ERRORS` errors, and nothing recurses: nesting depth only
lives in the parser's own (list) stacks and in a counter while skipping.
"""

from __future__ import annotations

import functools
import re

from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedToken

from pwib_dsl.diagnostics.model import Diagnostic
from pwib_dsl.diagnostics.suggest import did_you_mean
from pwib_dsl.source import SourceFile
from pwib_dsl.syntax import errors, forms, indentation, lexical
from pwib_dsl.syntax.stack import (
    Block,
    accepts,
    at_block_level,
    can_accept,
    feed_all,
    fork,
    open_blocks,
    pop_to_block_level,
    quiet,
    statement_start,
)

_STRINGS = ("STRING", "LONG_STRING")
#: The most blocks one repair closes at once ("missing `}`" for each).
MAX_CLOSED = 8
_WORD = re.compile(r"[^\W\d][\w-]*")
#: characters a token can start with; any other character is reported (PB007)
_TOKEN_START = frozenset('"{}=.-+#')


def parse_with_recovery(lark: Lark, source: SourceFile):
    """Parse ``source``; returns ``(file or None, syntax diagnostics, partial tree or None)``.

    The partial tree is what was read before recovery gave up (too many errors), its open
    blocks closed: an editor still shows the outline of the file from it. It is never
    checked, since what it lacks would read as missing.
    """
    recovery = Recovery(lark, source)
    file = recovery.run()
    diags = recovery.diagnostics
    if file is not None and not diags:
        diags.extend(errors.declares_nothing(source, file))
    return file, diags, recovery.partial


@functools.cache
def _patterns() -> dict[str, tuple[bool, re.Pattern]]:
    from pwib_dsl.syntax import grammar

    return {
        t.name: (t.pattern.type == "str", re.compile(t.pattern.to_regexp()))
        for t in grammar.terminals()
    }


def retype(tok: Token, state) -> Token:
    """``tok`` as the terminal the state expects, when its text reads as one.

    The contextual lexer types a token by the state it was read in; after a repair changed the
    state (or a skip), the same text may be another terminal here (``4`` as INT, not ARTNUM).
    """
    table = state.parse_conf.states[state.position]
    if tok.type in table or tok.type == "$END":
        return tok
    text = str(tok)
    fallback = None
    for name in sorted(table):
        pattern = _patterns().get(name)
        if pattern is None or not pattern[1].fullmatch(text):
            continue
        if pattern[0]:
            return Token.new_borrow_pos(name, text, tok)
        fallback = fallback or name
    return Token.new_borrow_pos(fallback, text, tok) if fallback else tok


def _name_after(values: list, start: int | None) -> str | None:
    """The name right after the keyword that starts the statement (``step NAME``)."""
    if start is None or start + 1 >= len(values):
        return None
    value = values[start + 1]
    return str(value) if isinstance(value, Token) and value.type in ("NAME", "ARTNUM") else None


def _end_line(value) -> int:
    if isinstance(value, Token):
        return value.end_line
    span = getattr(value, "span", None)
    return span.end_line if span else 0


def _end_pos(value) -> int:
    if isinstance(value, Token):
        return value.end_pos
    span = getattr(value, "span", None)
    return span.end if span else 0


class Recovery:
    """One parse of one file, with recovery (see the module docstring)."""

    def __init__(self, lark: Lark, source: SourceFile):
        interactive = lark.parse_interactive(source.text)
        self.state = interactive.parser_state
        self.lexer_state = interactive.lexer_thread.state
        self.lexer = interactive.lexer_thread.lexer
        self.source = source
        self.text = source.text
        self.diagnostics: list[Diagnostic] = []
        self.pending: list[Token] = []  # tokens to feed before lexing on
        self.stopped = False
        self.partial = None  # the tree read before stopping (see parse_with_recovery)
        self.cut = False  # an unterminated """ swallowed the rest of the file
        self._last_failure: tuple | None = None
        self._guessed: list[Token] = []  # keywords read in place of a misspelt word
        self._steps = 0

    # -- the loop

    def run(self):
        lexical.current.lexer_state = self.lexer_state
        try:
            return self._run()
        finally:
            lexical.current.lexer_state = None

    def _run(self):
        state = self.state
        while not self.stopped:
            try:
                while self.pending:
                    state.feed_token(retype(self.pending.pop(0), state))
                for tok in self.lexer.lex(self.lexer_state, state):
                    state.feed_token(tok)
                return self._finish()
            except UnexpectedCharacters:
                self._characters()
            except UnexpectedToken as exc:
                self._token(exc.token)
        self.partial = self._partial()
        return None

    def _partial(self):
        """After the error budget is spent: close the open blocks quietly and finish."""
        state = self.state
        at = self._eof().start_pos
        try:
            with quiet():
                pop_to_block_level(state)
                for _ in open_blocks(state.value_stack):
                    if not feed_all(state, [self._synthetic("RBRACE", "}", at)]):
                        pop_to_block_level(state)
                        if not feed_all(state, [self._synthetic("RBRACE", "}", at)]):
                            return None
                return state.feed_token(self._eof(), True)
        except UnexpectedToken:
            return None

    def _report(self, diag: Diagnostic) -> None:
        self.diagnostics.append(diag)

    def _full(self, tok: Token) -> bool:
        """Stop (and say so) once the error budget is spent."""
        self._steps += 1
        # repairs that report nothing still count, so no input can keep recovery busy forever
        if len(self.diagnostics) < errors.MAX_ERRORS and self._steps < 20 * errors.MAX_ERRORS:
            return False
        self._report(errors.too_many(self.source, tok))
        self.stopped = True
        return True

    # -- positions

    def _indent(self, line: int) -> int:
        return indentation.indent(self.source, line)

    def _first_on_line(self, tok: Token) -> bool:
        return tok.column == self._indent(tok.line)

    def _eof(self) -> Token:
        end = self.source.content_end()
        line, col = self.source.line_col(end)
        return Token("$END", "", end, line, col, line, col, end)

    def _synthetic(self, type_: str, value: str, at: int) -> Token:
        line, col = self.source.line_col(at)
        return Token(type_, value, at, line, col, line, col, at)

    # -- a token that does not fit

    def _token(self, tok: Token) -> None:
        if self._full(tok):
            return
        state = self.state
        key = (tok.start_pos, tok.type, len(state.state_stack))
        if key == self._last_failure:  # no progress since the last try: give the token up
            self._skip(tok)
            return
        self._last_failure = key
        blocks = open_blocks(state.value_stack)
        kind = blocks[-1].kind if blocks else "file"
        if at_block_level(state):
            self._statement_start(tok, blocks, kind, reported=False)
            return
        values = state.value_stack
        expected = accepts(state)
        start = statement_start(values)
        keyword = values[start] if start is not None else None
        prev = values[-1] if values else None
        if prev is not None and self._insert(tok, expected, keyword, kind, prev):
            return
        at_line_end = prev is not None and tok.line > _end_line(prev)
        name = _name_after(values, start)
        candidates = () if at_line_end else self._word_candidates(tok, expected)
        # after a guessed keyword (`legel` read as `legal`) the statement may just not be one:
        # the guess was already reported, so the rest of the statement is dropped quietly
        if not any(keyword is guess for guess in self._guessed):
            self._report(
                errors.incomplete(self.source, tok, expected, keyword, kind, prev, at_line_end, name, candidates)
            )
        else:
            candidates = ()
        if len(candidates) == 1:  # `deadline 4 weken`: read on as if `weeks` were written
            fixed = retype(Token.new_borrow_pos(tok.type, candidates[0], tok), state)
            if can_accept(state, [fixed]):
                self.pending.insert(0, fixed)
                return
        pop_to_block_level(state)
        self._statement_start(tok, open_blocks(state.value_stack), kind, reported=True)

    def _statement_start(self, tok: Token, blocks: list[Block], kind: str, reported: bool) -> None:
        """``tok`` where a statement of a ``kind`` block may start, but it cannot start here."""
        state = self.state
        if tok.type == "RBRACE":
            if blocks:
                self.pending.insert(0, tok)
            elif not reported:
                self._report(errors.unmatched_rbrace(self.source, tok))
            return
        again = retype(tok, state)
        if can_accept(state, [again]):
            self.pending.insert(0, again)
            return
        word = str(tok)
        term = forms.terminal_of(word)
        if term and forms.is_starter(term) and tok.type not in _STRINGS:
            kw = Token.new_borrow_pos(term, word, tok)
            if can_accept(state, [kw]):
                self.pending.insert(0, kw)
                return
            closing = self._closing(kw, blocks)
            if closing:
                self._close(kw, blocks, closing)
                self.pending.insert(0, kw)
                return
            if not reported:
                self._report(errors.misplaced(self.source, tok, kind))
            self._skip(tok)
            return
        if tok.type not in _STRINGS and _WORD.fullmatch(word):
            candidates, dutch = self._keyword_candidates(word, kind)
            if not reported:
                self._report(errors.unknown_word(self.source, tok, kind, candidates, dutch))
            if len(candidates) == 1:  # read on as if the keyword were written
                kw = Token.new_borrow_pos(forms.terminal_of(candidates[0]), candidates[0], tok)
                if can_accept(state, [kw]):
                    self._guessed.append(kw)
                    self.pending.insert(0, kw)
                    return
            self._skip(tok)
            return
        if not reported:
            self._report(errors.not_a_statement(self.source, tok, kind))
        self._skip(tok)

    def _word_candidates(self, tok: Token, expected) -> tuple[str, ...]:
        """Keywords (and units) the statement could go on with that ``tok`` resembles."""
        word = str(tok)
        if tok.type in _STRINGS or not _WORD.fullmatch(word):
            return ()
        valid = [w for t in sorted(expected) for w in forms.words_of(t)]
        dutch = [w for w in forms.DUTCH.get(word.lower(), ()) if w in valid]
        return tuple(dutch[:1]) if dutch else tuple(did_you_mean(word, valid))

    def _keyword_candidates(self, word: str, kind: str) -> tuple[list[str], bool]:
        here = accepts(self.state)
        valid = [w for w in forms.fields(kind) if forms.terminal_of(w) in here]
        dutch = [w for w in forms.DUTCH.get(word.lower(), ()) if w in valid]
        if dutch:
            return dutch[:1], True
        return did_you_mean(word, valid), False

    # -- repairs

    def _closing(self, kw: Token, blocks: list[Block]) -> int | None:
        """Repair 1: how many open blocks to close so that ``kw`` fits (None: not plausible)."""
        if not blocks or not self._first_on_line(kw):
            return None
        trial = fork(self.state)
        with quiet():
            for k in range(1, min(len(blocks), MAX_CLOSED) + 1):
                pop_to_block_level(trial)
                if not feed_all(trial, [self._synthetic("RBRACE", "}", kw.start_pos)]):
                    return None
                if feed_all(fork(trial), [kw]):
                    # the keyword must not be indented deeper than the outermost block it closes
                    return k if kw.column <= self._indent(blocks[-k].keyword.line) else None
        return None

    def _close(self, kw: Token, blocks: list[Block], count: int) -> None:
        for block in reversed(blocks[-count:]):
            line = self.source.line_text(block.keyword.line)
            indent = line[: len(line) - len(line.lstrip())]
            self._report(errors.unclosed_before(self.source, block, kw, indent))
            pop_to_block_level(self.state)
            feed_all(self.state, [self._synthetic("RBRACE", "}", kw.start_pos)])

    def _insert(self, tok: Token, expected, keyword, kind: str, prev) -> bool:
        """Repair 3: fill in one missing title, name or ``{`` so the block is still read."""
        same_line = tok.line == _end_line(prev)
        at = _end_pos(prev)
        candidate = None
        if same_line and tok.type == "LBRACE" and "STRING" in expected:
            candidate = self._synthetic("STRING", '""', at)
        elif same_line and tok.type in _STRINGS and "NAME" in expected:
            line, col = self.source.line_col(tok.start_pos)
            candidate = self._synthetic("NAME", f"_missing_{line}_{col}", at)
        elif not same_line and expected == {"LBRACE"} and keyword is not None:
            opens = forms.BLOCK_OPENERS.get(keyword.type)
            word = str(tok)
            if (
                opens
                and word in forms.fields(opens)
                and self._first_on_line(tok)
                and tok.column > self._indent(keyword.line)
            ):
                candidate = self._synthetic("LBRACE", "{", at)
                tok = Token.new_borrow_pos(forms.terminal_of(word), word, tok)
        if candidate is None:
            return False
        trial = fork(self.state)
        with quiet():
            if not (feed_all(trial, [candidate]) and feed_all(trial, [retype(tok, trial)])):
                return False
        at_line_end = not same_line
        name = _name_after(self.state.value_stack, statement_start(self.state.value_stack))
        self._report(errors.incomplete(self.source, tok, expected, keyword, kind, prev, at_line_end, name))
        feed_all(self.state, [candidate])
        self.pending.insert(0, tok)
        return True

    def _skip(self, tok: Token) -> None:
        """Repair 4: skip to the next line or statement keyword (whole blocks at a time)."""
        depth = 1 if tok.type == "LBRACE" else 0
        line = tok.end_line
        while True:
            nxt = self._lex_quietly()
            if nxt is None:
                return
            if nxt.type == "LBRACE":
                depth += 1
                line = nxt.end_line
                continue
            if nxt.type == "RBRACE":
                if depth:
                    depth -= 1
                    line = nxt.end_line
                    continue
                self.pending.insert(0, nxt)
                return
            if depth:
                continue
            word = str(nxt)
            term = forms.terminal_of(word) if nxt.type not in _STRINGS else None
            if term and forms.is_starter(term):
                kw = Token.new_borrow_pos(term, word, nxt)
                if can_accept(self.state, [kw]):
                    self.pending.insert(0, kw)
                    return
            if nxt.line > line and self._first_on_line(nxt):
                self.pending.insert(0, nxt)
                return
            line = nxt.end_line

    def _lex_quietly(self) -> Token | None:
        """The next token in the current parser state; bad characters are passed over."""
        lexer_state = self.lexer_state
        while True:
            try:
                return self.lexer.lexers[self.state.position].next_token(lexer_state, self.state)
            except EOFError:
                return None
            except UnexpectedCharacters:
                try:
                    return self.lexer.root_lexer.next_token(lexer_state, self.state)
                except EOFError:
                    return None
                except UnexpectedCharacters:
                    pos = lexer_state.line_ctr.char_pos
                    end = self._line_end(pos) if self.text.startswith('"', pos) else pos + 1
                    lexer_state.line_ctr.feed(self.text[pos:end])

    # -- characters no token starts with

    def _line_end(self, pos: int) -> int:
        end = self.text.find("\n", pos)
        end = len(self.text) if end == -1 else end
        if end > pos and self.text[end - 1] == "\r":
            end -= 1
        return max(end, pos + 1) if pos < len(self.text) else pos

    def _advance(self, end: int) -> None:
        counter = self.lexer_state.line_ctr
        counter.feed(self.text[counter.char_pos : end])

    def _characters(self) -> None:
        text = self.text
        pos = self.lexer_state.line_ctr.char_pos
        if self._full(self._synthetic("$END", "", pos)):
            return
        self._last_failure = None
        ch = text[pos]
        line_end = self._line_end(pos)
        if text.startswith('"""', pos):
            self._report(errors.unterminated_string(self.source, pos, len(text), long=True))
            self.cut = True
            self._advance(len(text))
            return
        if ch == '"':
            end = line_end
            rest = text[pos:line_end].rstrip()
            if rest.endswith("{") and len(rest) > 2 and rest[-2].isspace():
                # `step a "Title {`: the title most likely ends before the block opens
                end = pos + len(rest[:-1].rstrip())
            self._report(errors.unterminated_string(self.source, pos, end, long=False))
            self._string(text[pos:end] + '"', pos, end)
            return
        if ch in errors.CURLY_QUOTES or ch == "'":
            close = next((i for i in range(pos + 1, line_end) if text[i] in errors.CURLY_QUOTES + "'\""), None)
            if close is not None:
                self._report(errors.curly_quotes(self.source, pos, close + 1))
                inner = text[pos + 1 : close].replace("\\", "\\\\").replace('"', '\\"')
                self._string(f'"{inner}"', pos, close + 1)
                return
        end = pos + 1
        while end < line_end and not (text[end].isspace() or text[end].isalnum() or text[end] in _TOKEN_START or text[end] == "_"):
            end += 1
        self._report(errors.bad_characters(self.source, pos, end))
        self._advance(end)

    def _string(self, value: str, start: int, end: int) -> None:
        """Read ``text[start:end]`` as a string token with the given (repaired) text."""
        line, col = self.source.line_col(start)
        end_line, end_col = self.source.line_col(end)
        self._advance(end)
        self.pending.insert(0, Token("STRING", value, start, line, col, end_line, end_col, end))

    # -- the end of the file

    def _finish(self):
        for _ in range(3):
            try:
                return self.state.feed_token(self._eof(), True)
            except UnexpectedToken:
                if self.stopped or not self._close_all():
                    return None
        return None

    def _close_all(self) -> bool:
        """At the end of the file: report the statement and blocks left open, then close them."""
        state = self.state
        eof = self._eof()
        if not at_block_level(state):
            if not self.cut and not self._full(eof):
                values = state.value_stack
                start = statement_start(values)
                keyword = values[start] if start is not None else None
                blocks = open_blocks(values)
                kind = blocks[-1].kind if blocks else "file"
                name = _name_after(values, start)
                self._report(
                    errors.incomplete(self.source, eof, accepts(state), keyword, kind, values[-1], True, name)
                )
            pop_to_block_level(state)
        blocks = open_blocks(state.value_stack)
        if blocks and not self.cut and not self.stopped:
            self._report_unclosed(blocks, eof)
        for _ in blocks:
            # fed straight to the parser: a fork per block would make deep nesting quadratic
            if not feed_all(state, [self._synthetic("RBRACE", "}", eof.start_pos)]):
                pop_to_block_level(state)
                if not feed_all(state, [self._synthetic("RBRACE", "}", eof.start_pos)]):
                    return False
        return True

    def _report_unclosed(self, blocks: list[Block], eof: Token) -> None:
        if len(blocks) == 1:
            guess = indentation.first_misindented_brace(self.source)
            if guess is not None:
                self._report(errors.unclosed_by_indentation(self.source, guess, blocks[0]))
                return
        for block in reversed(blocks):
            if self._full(eof):
                return
            self._report(errors.unclosed_at_end(self.source, block, eof.start_pos))
