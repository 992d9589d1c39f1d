"""How the process-wide parser is built: the settings the language relies on, strictly checked."""

from __future__ import annotations

import pytest
from lark import Lark
from lark import lexer as lark_lexer
from lark.exceptions import LexError

from pwib_dsl.syntax.parser import parser


def test_settings():
    p = parser()
    assert p.options.parser == "lalr" and p.options.lexer == "contextual"
    assert p.options.strict and p.options.maybe_placeholders
    assert p is parser(), "built once per process"


def test_strict_collision_checks_stay_on_for_grammars():
    """Lark's own grammar parser is built without the collision proof; ours and any other are not."""
    parser()
    assert lark_lexer.has_interegular is True
    colliding = 'start: A | B\nA: /a+/\nB: /a/\n'
    with pytest.raises(LexError, match="[Cc]ollision"):
        Lark(colliding, parser="lalr", lexer="basic", strict=True)
