"""The grammar's tables as plain data, for the parser runtime (:mod:`pwib_dsl.syntax.runtime`).

Run once per grammar, Lark version and set of start rules, at table-build time (when the
per-user cache has no entry, see :mod:`pwib_dsl.syntax.grammar`): it reads what a built Lark
parser decided — the LALR actions, the rules with the shape Lark gives their children
before a transformer method sees them, and for every parser state the terminals its
contextual lexer tries, in Lark's order — and writes it down as dicts, lists, tuples,
strings and ints, so that loading it imports nothing of Lark.

What the rule shapes mean (Lark's parse-tree-builder semantics, applied by the runtime):

* a terminal whose token Lark filters out (anonymous punctuation, ``_NAME`` terminals) is
  left out of the children unless the rule keeps all tokens (``!rule``);
* a child that is a ``_rule`` is replaced by its own children (inlined);
* an optional part ``[x]`` that did not occur is a ``None`` in its place
  (``maybe_placeholders``);
* a ``?rule`` with one child is that child;
* the method called is the rule's alias (``-> name``), else the template it was made from,
  else the rule's name.
"""

from __future__ import annotations

#: Bumped when the layout of the exported data changes.
FORMAT = 2


def _shape(rule, maybe_placeholders: bool) -> tuple:
    """``(plan, trailing)``: which children a rule's method gets, or ``(None, 0)`` for all of them.

    ``plan`` lists ``(index, inline, nones_before)`` for each child kept; ``trailing`` is the
    number of ``None`` placeholders after the last one.
    """
    expansion = rule.expansion
    absent = rule.options.empty_indices if maybe_placeholders else None
    if absent:
        # one flag per slot of the written rule: True where an optional part was left out;
        # the False flags are the symbols of this expansion, in order
        runs, count = [], 0
        for flag in absent:
            if flag:
                count += 1
            else:
                runs.append(count)
                count = 0
        runs.append(count)
    else:
        runs = [0] * (len(expansion) + 1)
    plan = []
    pending = 0
    for i, sym in enumerate(expansion):
        pending += runs[i]
        dropped = sym.is_term and sym.filter_out and not rule.options.keep_all_tokens
        if not dropped:
            plan.append((i, not sym.is_term and sym.name.startswith("_"), pending))
            pending = 0
    pending += runs[len(expansion)]
    if not absent and len(plan) == len(expansion) and not any(inline for _, inline, _ in plan):
        return None, 0
    return tuple(plan), pending


def _skippable(terminals: tuple, candidates: frozenset, flags: int) -> str | None:
    """An ignored terminal (whitespace) the runtime may skip within the next match, or None.

    Lark tries a lexer's terminals in order at each position; where the ignored terminal
    matches, it wins exactly when no terminal before it in that order can match there. That
    holds when the ignored terminal is one character class (``[ \\t\\n]+``) and no terminal
    before it can start with one of its characters: then the runtime matches
    ``(?:WS)?(?:terminals...)`` and saves one match per run of whitespace. Any doubt (a
    pattern this reading does not follow) leaves the terminal unskipped.
    """
    for k, (name, regexp) in enumerate(terminals):
        if name not in candidates:
            continue
        chars = _class_chars(regexp, flags)
        if chars and not any(_may_start(other, flags, ch) for _, other in terminals[:k] for ch in chars):
            return name
    return None


def _op(op) -> str:
    return getattr(op, "name", str(op))


def _parsed(regexp: str, flags: int):
    from re import _parser  # the stdlib's own reading of a pattern (CPython 3.11)

    return list(_parser.parse(regexp, flags))


def _class_chars(regexp: str, flags: int) -> frozenset | None:
    """The characters of a pattern that is one class of literal characters, repeated or not."""
    import re

    if flags & re.IGNORECASE:
        return None
    try:
        items = _parsed(regexp, flags)
    except Exception:  # noqa: BLE001 - a pattern this reading does not follow
        return None
    if len(items) == 1 and _op(items[0][0]) in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _high, sub = items[0][1]
        if low < 1:
            return None
        items = list(sub)
    if len(items) != 1 or _op(items[0][0]) != "IN":
        return None
    chars = set()
    for op, av in items[0][1]:
        if _op(op) == "LITERAL":
            chars.add(chr(av))
        elif _op(op) == "RANGE" and av[1] - av[0] < 256:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    return frozenset(chars)


_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
}


def _may_start(regexp: str, flags: int, ch: str) -> bool:
    """Whether a match of ``regexp`` may begin with ``ch`` (True when in doubt)."""
    import re

    if flags & (re.IGNORECASE | re.ASCII | re.LOCALE):
        return True
    try:
        items = _parsed(regexp, flags)
    except Exception:  # noqa: BLE001
        return True
    return _starts(items, ch)[0]


def _starts(items, ch: str) -> tuple[bool, bool]:
    """``(may begin with ch, may match the empty string)`` for a parsed sequence."""
    for op, av in items:
        may, empty = _item(_op(op), av, ch)
        if may:
            return True, False
        if not empty:
            return False, False
    return False, True


def _item(op: str, av, ch: str) -> tuple[bool, bool]:
    import re

    if op == "LITERAL":
        return ord(ch) == av, False
    if op == "NOT_LITERAL":
        return ord(ch) != av, False
    if op == "IN":
        return _in_class(av, ch), False
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _high, sub = av
        may, empty = _starts(sub, ch)
        return may, low == 0 or empty
    if op == "SUBPATTERN":
        _group, add, _remove, sub = av
        if add & (re.IGNORECASE | re.ASCII | re.LOCALE):
            return True, False
        return _starts(sub, ch)
    if op == "ATOMIC_GROUP":
        return _starts(av, ch)
    if op == "BRANCH":
        found = [_starts(alt, ch) for alt in av[1]]
        return any(m for m, _ in found), any(e for _, e in found)
    if op == "AT":  # an anchor matches no character
        return False, True
    return True, False  # anything else: assume it may


def _in_class(items, ch: str) -> bool:
    import re

    negate = False
    hit = False
    for op, av in items:
        name = _op(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            hit = hit or ord(ch) == av
        elif name == "RANGE":
            hit = hit or av[0] <= ord(ch) <= av[1]
        elif name == "CATEGORY" and _op(av) in _CATEGORIES:
            hit = hit or re.match(_CATEGORIES[_op(av)], ch) is not None
        else:
            return True
    return hit != negate


def export(lark) -> dict:
    """The runtime's data for a built (not loaded) Lark LALR parser with the contextual lexer."""
    frontend = lark.parser
    table = frontend.parser.parser.parse_table
    contextual = frontend.lexer
    rules = list(lark.rules)
    index = {id(rule): i for i, rule in enumerate(rules)}
    by_value = {rule: i for i, rule in enumerate(rules)}

    def rule_index(rule) -> int:
        found = index.get(id(rule))
        return by_value[rule] if found is None else found

    numbers = sorted(table.states)
    if numbers != list(range(len(numbers))):
        raise ValueError("parser states are not numbered 0..n-1")
    states = []
    for number in numbers:
        row = {}
        for symbol, (action, arg) in table.states[number].items():
            # a shift (or a goto, for a rule's name) is the state it leads to; a reduce is the
            # rule's index, complemented so that it is negative
            row[str(symbol)] = arg if action.name == "Shift" else ~rule_index(arg)
        states.append(row)

    lexers: list[dict] = []
    lexer_of: dict[int, int] = {}
    state_lexer = []
    for number in numbers:
        basic = contextual.lexers[number]
        if id(basic) not in lexer_of:
            scanner = basic.scanner  # built now: the order and the keyword checks Lark uses
            unless = {}
            for name, callback in basic.callback.items():
                inner = getattr(callback, "scanner", None)
                if inner is None:
                    raise ValueError(f"unexpected lexer callback for {name}")
                unless[str(name)] = tuple((str(t.name), str(t.pattern.to_regexp())) for t in inner.terminals)
            lexer_of[id(basic)] = len(lexers)
            terminals = tuple((str(t.name), str(t.pattern.to_regexp())) for t in scanner.terminals)
            ignore = frozenset(map(str, basic.ignore_types))
            newline = frozenset(map(str, basic.newline_types))
            lexers.append(
                {
                    "terminals": terminals,
                    "flags": int(basic.g_regex_flags),
                    "unless": unless,
                    "newline": tuple(sorted(newline)),
                    "ignore": tuple(sorted(ignore)),
                    "skip": _skippable(terminals, ignore & newline, int(basic.g_regex_flags)),
                }
            )
        state_lexer.append(lexer_of[id(basic)])

    maybe = bool(lark.options.maybe_placeholders)
    out_rules = []
    for rule in rules:
        plan, trailing = _shape(rule, maybe)
        out_rules.append(
            {
                "origin": str(rule.origin.name),
                "size": len(rule.expansion),
                "callback": str(rule.alias or rule.options.template_source or rule.origin.name),
                "expand1": bool(rule.options.expand1 and not rule.alias),
                "plan": plan,
                "trailing": trailing,
            }
        )
    out = {
        "format": FORMAT,
        "starts": {str(name): (table.start_states[name], table.end_states[name]) for name in table.start_states},
        "states": states,
        "rules": out_rules,
        "lexers": lexers,
        "state_lexer": state_lexer,
        "terminals": tuple(str(t.name) for t in lark.terminals),
    }
    return _plain(out)


def _plain(value):
    """``value`` with every string a plain ``str`` (Lark's names are often its ``Token``s),
    checked to hold nothing but builtins, so loading it never imports Lark."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    raise TypeError(f"not plain data: {type(value).__name__}")
