"""`syntax/` imports run one way: the grammar (tables) at the bottom, the parser at the top.

Every import counts, also those inside functions (a deferred import is still a dependency).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pwib_dsl

PKG = Path(pwib_dsl.__file__).resolve().parent
SYNTAX = PKG / "syntax"


def _imports(path: Path) -> set[str]:
    """The ``pwib_dsl.syntax`` modules ``path`` imports (module names without the package)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "pwib_dsl.syntax":
                out.update(alias.name for alias in node.names)
            elif node.module.startswith("pwib_dsl.syntax."):
                out.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("pwib_dsl.syntax."):
                    out.add(alias.name.split(".")[2])
    return out


def graph() -> dict[str, set[str]]:
    modules = {p.stem for p in SYNTAX.glob("*.py") if p.stem != "__init__"}
    return {m: _imports(SYNTAX / f"{m}.py") & modules - {m} for m in sorted(modules)}


def _cycle(g: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for dep in sorted(g[m]):
            if state.get(dep) == 1:
                return stack[stack.index(dep) :] + [dep]
            if dep not in state:
                found = visit(dep)
                if found:
                    return found
        stack.pop()
        state[m] = 2
        return None

    for m in g:
        if m not in state:
            found = visit(m)
            if found:
                return found
    return None


def test_syntax_has_no_import_cycle():
    cycle = _cycle(graph())
    assert cycle is None, " -> ".join(cycle)


def test_grammar_is_the_bottom_and_parser_the_top():
    g = graph()
    assert g["grammar"] <= {"export"}, "the table build imports nothing else of syntax/ but its exporter"
    assert g["export"] == set() and g["tokens"] == set()
    assert g["runtime"] <= {"export", "tokens"}, "the parser runtime stands on the tables' data alone"
    users = {m for m, deps in g.items() if "parser" in deps}
    assert users <= {"incremental"}, "below the parser, nothing in syntax/ imports it"
    assert "incremental" not in g["parser"]


def test_the_check_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
