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
FORMAT = 1


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
            lexers.append(
                {
                    "terminals": tuple((str(t.name), str(t.pattern.to_regexp())) for t in scanner.terminals),
                    "flags": int(basic.g_regex_flags),
                    "unless": unless,
                    "newline": tuple(sorted(map(str, basic.newline_types))),
                    "ignore": tuple(sorted(map(str, basic.ignore_types))),
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
