"""Reading the LALR parser's stacks when a syntax error happens.

The parser lowers inline (no parse tree), so its value stack holds the tokens and the AST
nodes of everything not yet reduced: the headers of the blocks still open (``step``, its
name, its title, ``{``) and the statement being written. From that stack this module finds
the open blocks (for "missing `}` to close step `x` opened at 12:5"), the statement in
progress (for its usage line), and which terminals the parser can accept next — exactly,
by feeding each candidate to a throw-away copy of the parser state, as Lark's
``InteractiveParser.accepts()`` does, but without lexing and without leaving diagnostics
behind from the reductions that trial runs.
"""

from __future__ import annotations

import contextlib
from typing import Iterator

import attrs
from lark import Token, Tree
from lark.exceptions import UnexpectedToken
from lark.parsers.lalr_parser_state import ParserState

from pwib_dsl.surface.lower import context
from pwib_dsl.syntax.forms import BLOCK_OPENERS, is_starter


@attrs.frozen
class Block:
    """A ``{ ... }`` block still open on the parser stack."""

    kind: str  # "step", "law", ... (see forms.KIND_PHRASE)
    keyword: Token  # the token that starts the declaration
    name: str | None  # its name (or article number) when already read
    lbrace: Token
    index: int  # position of the ``{`` on the value stack

    def describe(self) -> str:
        """``step `gesprek``` or ``a step`` when the name is unknown."""
        return f"{self.kind} `{self.name}`" if self.name else f"a {self.kind}"


def open_blocks(values: list) -> list[Block]:
    """The blocks whose ``{`` was read and whose ``}`` was not, outermost first.

    A ``}`` that was read but not yet reduced (the parser waits for the next token) sits on
    the stack as a token and closes the innermost block.
    """
    blocks: list[Block] = []
    for i, value in enumerate(values):
        if not isinstance(value, Token):
            continue
        if value.type == "RBRACE":
            if blocks:
                blocks.pop()
        elif value.type == "LBRACE":
            for j in range(i - 1, -1, -1):
                opener = values[j]
                if isinstance(opener, Token) and opener.type in BLOCK_OPENERS:
                    after = values[j + 1] if j + 1 < i else None
                    name = str(after) if isinstance(after, Token) and after.type in ("NAME", "ARTNUM") else None
                    blocks.append(Block(BLOCK_OPENERS[opener.type], opener, name, value, i))
                    break
    return blocks


def statement_start(values: list) -> int | None:
    """Stack index of the keyword that starts the statement in progress, if any.

    Completed statements are reduced to AST nodes, so the statement in progress is the run of
    values above the innermost ``{``; its start is the lowest keyword in that run.
    """
    found = None
    for i in range(len(values) - 1, -1, -1):
        value = values[i]
        if isinstance(value, Token):
            if value.type == "LBRACE":
                break
            if is_starter(value.type):
                found = i
        elif found is not None:
            # an AST node below a keyword is a finished statement: the keyword starts ours
            break
    return found


def last_token(values: list) -> Token | None:
    """The most recent token on the stack (for "after `art`")."""
    if values and isinstance(values[-1], Token):
        return values[-1]
    return None


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Undo the diagnostics that lowering adds while a trial copy of the parser reduces."""
    saved = len(context.diagnostics)
    try:
        yield
    finally:
        del context.diagnostics[saved:]


#: How many stack entries a trial copy of the parser state keeps.
WINDOW = 256


def fork(state: ParserState) -> ParserState:
    """A copy of the parser state whose stacks can be changed without touching the original.

    AST nodes and tokens are shared (nodes are frozen). The lists Lark builds for repeated
    items (``step_item*``) are ``Tree`` values that later reductions extend *in place*, so
    those are copied: a trial must never add items to the real parse.

    Only the top :data:`WINDOW` entries are copied: one token can only complete what is above
    the innermost open ``{``, so a trial never reaches deeper, and deep nesting stays cheap.
    A trial that would is treated as failing (see :func:`feed_all`).
    """
    top = state.value_stack[-WINDOW:]
    values = [Tree(v.data, list(v.children)) if type(v) is Tree else v for v in top]
    return ParserState(state.parse_conf, state.lexer, state.state_stack[-len(values) - 1 :], values)


def feed_all(state: ParserState, tokens) -> bool:
    """Feed ``tokens`` to ``state`` (changed in place); False if one was not accepted."""
    try:
        for tok in tokens:
            state.feed_token(tok, tok.type == "$END")
    except (UnexpectedToken, IndexError):  # IndexError: a trial fork ran out of its window
        return False
    return True


def can_accept(state: ParserState, tokens) -> bool:
    """Whether ``tokens`` could be fed one after the other from ``state`` (which is unchanged)."""
    with quiet():
        return feed_all(fork(state), tokens)


def accepts(state: ParserState) -> frozenset[str]:
    """The terminals the parser can accept next, exactly (a reduction may still fail)."""
    out = set()
    table = state.parse_conf.states[state.position]
    with quiet():
        for name in table:
            if not name.isupper():
                continue
            if name == "$END":
                probe = Token("$END", "")
            else:
                probe = Token(name, "")
            if feed_all(fork(state), [probe]):
                out.add(name)
    return frozenset(out)


def pop(state: ParserState, count: int = 1) -> None:
    """Drop the top ``count`` entries of both stacks."""
    if count > 0:
        del state.state_stack[-count:]
        del state.value_stack[-count:]


def at_block_level(state: ParserState) -> bool:
    """Whether a statement may start here: the state can close its block or end the file."""
    table = state.parse_conf.states[state.position]
    for name in ("RBRACE", "$END"):
        if name in table and can_accept(state, [Token(name, "")]):
            return True
    return False


def pop_to_block_level(state: ParserState) -> list:
    """Drop the statement in progress; returns the values dropped (bottom first)."""
    dropped: list = []
    while len(state.state_stack) > 1 and not at_block_level(state):
        dropped.insert(0, state.value_stack[-1])
        pop(state)
    return dropped
