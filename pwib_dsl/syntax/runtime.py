"""The parser runtime: the grammar's LALR(1) tables run without Lark, for files without errors.

Lark builds the tables (once, see :mod:`pwib_dsl.syntax.grammar`) and
:mod:`pwib_dsl.syntax.export` writes down what they say; this module runs them. It is what
every parse tries first, and it only knows how to succeed: at the first character no token
starts with, the first token the parser state does not accept or anything else it does not
handle, it raises :class:`Failed` and the caller parses the text again with Lark and error
recovery (:mod:`pwib_dsl.syntax.recovery`), which reports every error. So a valid file never
imports Lark, and an invalid one gets exactly the diagnostics it always got.

It does what Lark's LALR parser with the contextual lexer does, and nothing more:

* **Lexing.** In each parser state only the terminals that state accepts (and the ignored
  ones) are tried, as one alternation in Lark's order (priority, longest pattern, name), the
  first alternative that matches winning; a token of a terminal whose pattern also matches
  the text of a string terminal of that state's lexer (of the same priority) is retyped as
  that terminal, Lark's keyword check. Lines and columns are 1-based and counted as Lark counts them; tokens of ignored
  terminals are dropped, after the lexer callback of their terminal (comments) has seen them.
  A callback may return another token (a keyword read as a longer name): lexing goes on
  from that token's end.
* **Parsing.** Shift and reduce by the tables; a reduce gives the rule's method
  (transformer methods, called with the children as arguments, as ``v_args(inline=True)``)
  the children Lark would give it (:mod:`pwib_dsl.syntax.export` says which).

The loop keeps its state in local variables and looks up one action per token and step; the
scanners are compiled per distinct set of terminals, on first use, from the compiled
programs kept in the cache (:mod:`pwib_dsl.lexer_patterns`).
"""

from __future__ import annotations

import operator
import re

from pwib_dsl.syntax.tokens import Token


class Failed(Exception):
    """The runtime cannot parse this text (a syntax error, or a case it leaves to Lark)."""


class Unsupported(Exception):
    """The tables or the transformer use something the runtime does not implement."""


def _no_method(name):
    def missing(*children):
        raise Failed(f"no method for rule {name}")  # Lark would build a tree: leave it to Lark

    return missing


class Runtime:
    """The tables (exported data), a transformer and lexer callbacks, ready to parse."""

    def __init__(self, data: dict, transformer, lexer_callbacks: dict, compile_for=None) -> None:
        """``compile_for(patterns)`` gives the function that compiles the lexers' patterns
        (``(pattern, flags)`` pairs, see :func:`scanner_patterns`); ``re.compile`` by default."""
        from pwib_dsl.syntax import export

        if data.get("format") != export.FORMAT:
            raise Unsupported("exported tables of another format")
        self._starts = dict(data["starts"])
        self._states = list(data["states"])
        rows = [row for row in self._states if row]
        lowest = min(min(row.values()) for row in rows) if rows else 0
        highest = max(max(row.values()) for row in rows) if rows else 0
        if ~lowest >= len(data["rules"]) or highest >= len(self._states):
            raise Unsupported("actions out of range: damaged tables")

        # per-state scanner: a lexer's pattern is compiled the first time a state using it is reached
        self._lexers = data["lexers"]
        self._patterns = scanner_patterns(data, lexer_callbacks)
        self._compile = compile_for(self._patterns) if compile_for is not None else re.compile
        self._state_lexer = list(data["state_lexer"])
        self._matchers = [self._lazy(i) for i in range(len(self._state_lexer))]
        ignore = set()
        newline = set()
        for lexer in self._lexers:
            ignore.update(lexer["ignore"])
            newline.update(lexer["newline"])
        self._ignore = frozenset(ignore)
        self._newline = frozenset(newline)

        # Lark's keyword check, per lexer: a token of a terminal whose pattern also matches the
        # text of a string terminal this lexer has (of the same priority) is of that terminal;
        # then, only if the check left it alone, the user's callback for its terminal
        ignore_all = {name for lexer in self._lexers for name in lexer["ignore"]}
        by_lexer = []
        for lexer in self._lexers:
            checks = {}
            for name, strs in lexer["unless"].items():
                if name in ignore_all:
                    raise Unsupported(f"keyword check on ignored terminal {name}")
                checks[name] = re.compile(
                    "|".join(f"(?P<{s}>{regexp})" for s, regexp in strs), lexer["flags"]
                ).fullmatch
            by_lexer.append(checks)
        self._keyword_checks = [by_lexer[i] for i in self._state_lexer]
        self._checked = frozenset(name for checks in by_lexer for name in checks)
        self._callbacks = dict(lexer_callbacks)

        terminals = set(data["terminals"])
        if any(hasattr(transformer, name) for name in terminals):
            raise Unsupported("transformer methods for terminals")
        reducers = []
        for rule in data["rules"]:
            origin = rule["origin"]
            name = rule["callback"]
            inline = origin.startswith("_")
            fn = getattr(transformer, name, None)
            if inline:
                if fn is not None or rule["expand1"]:
                    raise Unsupported(f"inlined rule {origin} with a method or `?`")
                fn = None
            elif fn is None:
                fn = _no_method(name)
            plan = rule["plan"]
            size = rule["size"]
            if plan is None and inline:
                kind = _AS_LIST
            elif plan is None and rule["expand1"] and size == 1:
                kind = _FIRST
            elif plan is None and not rule["expand1"]:
                kind = _CALL
            elif not inline and not rule["expand1"] and not any(expand for _, expand, _ in plan):
                # only placeholders to add: pick the arguments out of the children and a None
                template = [j for i, _, nones in plan for j in ([-1] * nones + [i])] + [-1] * rule["trailing"]
                if len(template) >= 2:
                    kind, plan = _PICK, operator.itemgetter(*template)
                else:
                    kind = _SHAPED
            else:
                kind = _SHAPED
            reducers.append((size, origin, kind, fn, plan, rule["trailing"], rule["expand1"], inline))
        self._reducers = reducers

    def _lazy(self, state: int):
        def first_use(text, pos):
            index = self._state_lexer[state]
            try:
                compiled = self._compile(*self._patterns[index])
            except Exception as exc:  # noqa: BLE001 - a pattern this interpreter refuses: Lark's way
                raise Failed("lexer pattern does not compile") from exc
            for s, i in enumerate(self._state_lexer):  # every state sharing this lexer
                if i == index:
                    self._matchers[s] = compiled.match
            return compiled.match(text, pos)

        return first_use

    def parse(self, text: str, start: str = "start"):
        """The transformer's value for ``text`` read from rule ``start``; :class:`Failed` otherwise."""
        try:
            state, end_state = self._starts[start]
        except KeyError:
            raise Failed(f"no start rule {start}") from None
        states = self._states
        matchers = self._matchers
        reducers = self._reducers
        reduce = self._reduce
        ignore = self._ignore
        newline = self._newline
        callbacks = self._callbacks
        checked = self._checked
        keyword_checks = self._keyword_checks
        new = str.__new__
        state_stack = [state]
        value_stack = []
        push_state = state_stack.append
        push_value = value_stack.append
        pos = 0
        line = 1
        line_start = 0
        length = len(text)

        while pos < length:
            m = matchers[state](text, pos)
            if m is None:
                raise Failed("no token starts here")
            type_ = m.lastgroup
            end = m.end()
            start = m.start(type_)
            if start != pos:  # skipped whitespace before the token (a newline terminal)
                found = text.count("\n", pos, start)
                if found:
                    line += found
                    line_start = text.rindex("\n", pos, start) + 1
                pos = start
            if type_ in ignore:
                if type_ in callbacks:
                    value = text[pos:end]
                    t = new(Token, value)
                    t.type = type_
                    t.start_pos = pos
                    t.line = line
                    t.column = pos - line_start + 1
                    if type_ in newline and "\n" in value:
                        line += value.count("\n")
                        line_start = pos + value.rindex("\n") + 1
                    t.end_line = line
                    t.end_column = end - line_start + 1
                    t.end_pos = end
                    callbacks[type_](t)
                elif type_ in newline:
                    found = text.count("\n", pos, end)
                    if found:
                        line += found
                        line_start = text.rindex("\n", pos, end) + 1
                pos = end
                continue
            value = text[pos:end]
            token = new(Token, value)
            token.type = type_
            token.start_pos = pos
            token.line = line
            token.column = pos - line_start + 1
            if type_ in newline and "\n" in value:
                line += value.count("\n")
                line_start = pos + value.rindex("\n") + 1
            token.end_line = line
            token.end_column = end - line_start + 1
            token.end_pos = end
            if type_ in checked and type_ in keyword_checks[state] and (k := keyword_checks[state][type_](value)):
                token.type = type_ = k.lastgroup
            elif type_ in callbacks:
                token = callbacks[type_](token)
                type_ = token.type
                end = token.end_pos  # a callback may have taken more text (a longer word)
            pos = end

            action = states[state].get(type_)
            while action is not None and action < 0:  # reduce, until the token can be shifted
                # (what _reduce does, inline: this runs once or more for every token)
                size, origin, kind, fn, plan, trailing, expand1, inline = reducers[~action]
                if size:
                    children = value_stack[-size:]
                    del value_stack[-size:]
                    del state_stack[-size:]
                else:
                    children = []
                if kind is _CALL:
                    value = fn(*children)
                elif kind is _PICK:
                    children.append(None)
                    value = fn(*plan(children))
                elif kind is _FIRST:
                    value = children[0]
                elif kind is _AS_LIST:
                    value = children
                else:
                    children = _shaped(children, plan, trailing)
                    if expand1 and len(children) == 1:
                        value = children[0]
                    elif inline:
                        value = children
                    else:
                        value = fn(*children)
                state = states[state_stack[-1]][origin]
                push_state(state)
                push_value(value)
                action = states[state].get(type_)
            if action is None:
                raise Failed("unexpected token")
            state = action
            push_state(state)
            push_value(token)

        while True:  # the end of the input: reduce until the start rule is complete
            action = states[state].get("$END")
            if action is None or action >= 0:
                raise Failed("unexpected end of input")
            state = reduce(~action, state_stack, value_stack)
            if state == end_state:
                return value_stack[-1]

    def _reduce(self, rule: int, state_stack: list, value_stack: list) -> int:
        """Reduce by ``rule``: pop its children, push the method's value; the new state."""
        size, origin, kind, fn, plan, trailing, expand1, inline = self._reducers[rule]
        if size:
            children = value_stack[-size:]
            del value_stack[-size:]
            del state_stack[-size:]
        else:
            children = []
        if kind is _CALL:
            value = fn(*children)
        elif kind is _PICK:
            children.append(None)
            value = fn(*plan(children))
        elif kind is _FIRST:
            value = children[0]
        elif kind is _AS_LIST:
            value = children
        else:
            children = _shaped(children, plan, trailing)
            if expand1 and len(children) == 1:
                value = children[0]
            elif inline:
                value = children
            else:
                value = fn(*children)
        state = self._states[state_stack[-1]][origin]
        state_stack.append(state)
        value_stack.append(value)
        return state


def scanner_patterns(data: dict, lexer_callbacks: dict) -> list[tuple[str, int]]:
    """``(pattern, flags)`` of each lexer of the exported data: its terminals as one alternation
    of named groups, in order (the group that matched names the terminal), after the
    whitespace it may skip (:func:`pwib_dsl.syntax.export._skippable`) unless a callback
    wants to see that whitespace."""
    out = []
    for lexer in data["lexers"]:
        terminals = dict(lexer["terminals"])
        pattern = "|".join(f"(?P<{name}>{regexp})" for name, regexp in lexer["terminals"])
        skip = lexer.get("skip")
        if skip is not None and skip in terminals and skip not in lexer_callbacks:
            # not possessive: where no terminal follows the whitespace (the end of the text),
            # the match backs off to the whitespace terminal itself, as Lark reads it
            pattern = f"(?:{terminals[skip]})?(?:{pattern})"
        out.append((pattern, lexer["flags"]))
    return out


_CALL = "call"  # all children, as they are, to the method
_FIRST = "first"  # a `?rule` of one symbol: that child
_AS_LIST = "list"  # an inlined `_rule`: its children, for the rule that takes them in
_PICK = "pick"  # children in order with None placeholders between: picked by an itemgetter
_SHAPED = "shaped"  # children left out, inlined or filled in with None first


def _shaped(children: list, plan: tuple, trailing: int) -> list:
    """The children a rule's method gets: see :mod:`pwib_dsl.syntax.export`."""
    out = None
    for i, inline, nones in plan:
        if nones:
            if out is None:
                out = [None] * nones
            else:
                out.extend([None] * nones)
        if inline:
            if out:
                out.extend(children[i])
            else:  # the first child of a left-recursive list: take its list over
                out = children[i]
        elif out is None:
            out = [children[i]]
        else:
            out.append(children[i])
    if out is None:
        out = []
    if trailing:
        out.extend([None] * trailing)
    return out
