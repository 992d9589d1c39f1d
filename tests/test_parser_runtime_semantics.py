"""The parser runtime gives a transformer what Lark gives it, for the grammar features it handles.

The blueprint grammar uses few of Lark's tree-shaping features, so a small grammar here uses
all of them: anonymous tokens Lark filters out, ``_rules`` inlined into their parent,
``?rules`` expanding to their one child, ``[x]`` placeholders, aliases (``-> name``),
``!rules`` keeping every token, a keyword that the name pattern also matches (Lark retypes
it), ignored terminals with and without a lexer callback, and lines counted over newlines.
Each text is parsed by Lark with a recording transformer and by the runtime on the exported
tables; the recorded calls (with every token's type, text and position) must be the same, and
where Lark finds an error the runtime must give up.
"""

from __future__ import annotations

import pytest
from lark import Lark
from lark.exceptions import LarkError

from pwib_dsl.syntax import export
from pwib_dsl.syntax.parser import _LarkLower
from pwib_dsl.syntax.runtime import Failed, Runtime

GRAMMAR = r"""
start: item*
?item: pair | call | bang | named | _wrapped | opt
pair: NAME "=" value
?value: NAME | NUMBER | list
list: "[" [value ("," value)*] "]"
call: NAME "(" [args] ")"
args: value ("," value)*
!bang: "!" NAME
named: "let" NAME -> let_stmt
     | "const" NAME -> const_stmt
_wrapped: "<" NAME NAME ">"
opt: "opt" [NAME] [NUMBER] ";"
NAME: /[a-z_]+/
NUMBER: /\d+/
COMMENT: /#[^\n]*/
WS: /[ \t\r\n]+/
%ignore WS
%ignore COMMENT
"""

OPTIONS = dict(parser="lalr", lexer="contextual", maybe_placeholders=True)


def _shown(value):
    if isinstance(value, str):  # a token: everything about it
        return ("token", value.type, str(value), value.start_pos, value.line, value.column,
                value.end_line, value.end_column, value.end_pos)
    return value


class Record:
    """Every rule's method: the rule's name and its children as shown."""

    def __getattr__(self, name: str):
        if name.startswith("_") or name.isupper():
            raise AttributeError(name)
        return lambda *children: (name, tuple(_shown(c) for c in children))


@pytest.fixture(scope="module")
def parsers():
    comments_lark: list = []
    comments_runtime: list = []
    lark = Lark(
        GRAMMAR, **OPTIONS, transformer=_LarkLower(Record()),
        lexer_callbacks={"COMMENT": lambda t: comments_lark.append(_shown(t)) or t},
    )
    data = export.export(Lark(GRAMMAR, **OPTIONS))
    runtime = Runtime(data, Record(), {"COMMENT": lambda t: comments_runtime.append(_shown(t)) or t})
    return lark, runtime, comments_lark, comments_runtime


def test_the_grammar_uses_what_it_means_to(parsers):
    data = export.export(Lark(GRAMMAR, **OPTIONS))
    assert any(lexer["unless"] for lexer in data["lexers"]), "a keyword the name pattern matches"
    shapes = {r["origin"]: r for r in data["rules"]}
    assert shapes["item"]["expand1"] and shapes["opt"]["plan"] is not None
    assert {r["callback"] for r in data["rules"]} >= {"let_stmt", "const_stmt"}


TEXTS = [
    "",
    "a = b",
    "a = 12\nb = [1, x, [2]]\n",
    "f()  g(1)\n  h(a, [b], 3)",
    "! x\n!y",
    "let a const b",
    "< a b >  <c d>",
    "opt ; opt a ; opt 4 ; opt a 4 ;",
    "# a comment\na = b # another\n\n\n  # last",
    "lets = let\nletx()",  # names that begin with the keyword, and the keyword as a value
    "a = [\n  1,\n  2\n]\n",
    # errors
    "a =",
    "a = = b",
    "f(",
    "let",
    "a = $",
    "opt a a ;",
]


@pytest.mark.parametrize("text", TEXTS)
def test_runtime_calls_the_methods_lark_calls(parsers, text):
    lark, runtime, comments_lark, comments_runtime = parsers
    comments_lark.clear()
    comments_runtime.clear()
    try:
        expected = lark.parse(text)
    except LarkError:
        with pytest.raises(Failed):
            runtime.parse(text)
        return
    assert runtime.parse(text) == expected
    assert comments_runtime == comments_lark


def test_an_unknown_start_rule_is_a_failure(parsers):
    with pytest.raises(Failed):
        parsers[1].parse("a = b", start="nope")
