"""How the parser is built: the settings the language relies on, strictly checked, built once.

The tables are built with the strict checks when the per-user cache has no entry for this
grammar and Lark version, and loaded from the cache otherwise (:mod:`pwib_dsl.syntax.grammar`).
These tests prove the loaded tables are the grammar's (the same LALR automaton as a fresh
strict build, up to the numbering of states) and that a damaged cache never gets in the way.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from lark import Lark
from lark import lexer as lark_lexer
from lark.exceptions import LexError

from pwib_dsl import cache, resources
from pwib_dsl.syntax import export, grammar
from pwib_dsl.syntax.parser import parse_text, parser


def test_settings():
    p = parser()
    assert p.options.parser == "lalr" and p.options.lexer == "contextual"
    assert p.options.strict and p.options.maybe_placeholders
    assert p is parser(), "built once per process"


def test_strict_collision_checks_stay_on_for_grammars():
    """Lark's own grammar parser is built without the collision proof; ours and any other are not."""
    grammar.build()
    assert lark_lexer.has_interegular is True
    colliding = 'start: A | B\nA: /a+/\nB: /a/\n'
    with pytest.raises(LexError, match="[Cc]ollision"):
        Lark(colliding, parser="lalr", lexer="basic", strict=True)


def test_the_grammar_builds_strictly():
    """The strict build (collisions and conflicts are errors) succeeds on the grammar as shipped."""
    built = grammar.build()
    assert built.options.strict


def automaton(saved: dict) -> tuple:
    """The LALR automaton of saved tables with states renumbered in breadth-first order.

    Lark numbers states by iterating sets, so two builds of one grammar (in processes with
    different hash seeds) can number them differently; this form is the same exactly when the
    automata are.
    """
    table = saved["data"]["parser"]["parser"]
    memo = saved["memo"]

    def rule(ref):
        r = memo[ref["@"]]
        return (r["origin"]["name"], tuple(s["name"] for s in r["expansion"]), r["order"])

    names = table["tokens"]
    order: dict[int, int] = {}
    queue = [table["start_states"][k] for k in sorted(table["start_states"])]
    for s in queue:
        order.setdefault(s, len(order))
    out = []
    i = 0
    while i < len(queue):
        state = queue[i]
        i += 1
        row = []
        for tok, (action, arg) in sorted(table["states"][state].items(), key=lambda kv: names[kv[0]]):
            if action == 0:  # shift
                if arg not in order:
                    order[arg] = len(order)
                    queue.append(arg)
                row.append((names[tok], "shift", order[arg]))
            else:
                row.append((names[tok], "reduce", rule(arg)))
        out.append(tuple(row))
    ends = tuple(sorted((k, order[v]) for k, v in table["end_states"].items()))
    return tuple(out), ends


def test_cached_tables_are_the_grammars(tmp_path):
    """Tables written by another process (another hash seed) equal a fresh strict build here."""
    env = {**os.environ, "PWIB_CACHE_DIR": str(tmp_path), "PYTHONHASHSEED": "7"}
    code = "from pwib_dsl.syntax import grammar; grammar.runtime_tables(); grammar.tables()"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)
    entries = list((tmp_path / "parser").glob("*.pickle"))
    assert len(entries) == 1
    import pickle

    built = grammar.build()
    stored = pickle.loads(entries[0].read_bytes())
    fresh = grammar._saved_form(built)
    assert automaton(stored) == automaton(fresh)
    assert stored["memo"] == fresh["memo"], "the same rules and terminals"
    assert [t.name for t in stored["terminals"]] == [t.name for t in fresh["terminals"]]

    (runtime_entry,) = (tmp_path / "runtime").glob("*.pickle")
    stored_data = pickle.loads(runtime_entry.read_bytes())
    fresh_data = export.export(built)
    assert runtime_automaton(stored_data) == runtime_automaton(fresh_data)
    assert stored_data["terminals"] == fresh_data["terminals"]
    # and the exported automaton is Lark's own: the same states, shifts and reduces
    assert _runtime_projected(runtime_automaton(fresh_data)) == _lark_projected(automaton(fresh))


def _lark_projected(form: tuple) -> tuple:
    return tuple(
        tuple((sym, kind, to if kind == "shift" else (to[0], len(to[1]))) for sym, kind, to in row)
        for row in form[0]
    )


def _runtime_projected(form: tuple) -> tuple:
    def what(action):
        kind, to = action
        return to if kind == "shift" else (dict(to)["origin"], dict(to)["size"])

    return tuple(tuple((sym, action[0], what(action)) for sym, action in row) for row, _lexer in form[0])


def runtime_automaton(data: dict) -> tuple:
    """The runtime's exported data with states renumbered in breadth-first order (see
    :func:`automaton`): per state its actions (a reduce by its rule's whole description) and
    the terminals its lexer tries, in order."""
    rules = data["rules"]
    order: dict[int, int] = {}
    queue = [data["starts"][k][0] for k in sorted(data["starts"])]
    for s in queue:
        order.setdefault(s, len(order))
    out = []
    i = 0
    while i < len(queue):
        state = queue[i]
        i += 1
        row = []
        for sym, action in sorted(data["states"][state].items()):
            if action >= 0:
                if action not in order:
                    order[action] = len(order)
                    queue.append(action)
                row.append((sym, ("shift", order[action])))
            else:
                row.append((sym, ("reduce", tuple(sorted(rules[~action].items())))))
        lexer = data["lexers"][data["state_lexer"][state]]
        out.append((tuple(row), tuple(sorted(lexer.items()))))
    ends = tuple(sorted((k, order[v[1]]) for k, v in data["starts"].items()))
    return tuple(out), ends


def test_automaton_tells_tables_apart():
    other = Lark('start: "a" "b" | "a" "c"', parser="lalr")
    import io
    import pickle

    buf = io.BytesIO()
    other.save(buf)
    assert automaton(pickle.loads(buf.getvalue())) != automaton(grammar.tables())


def _run(cache_dir, code: str, **extra) -> subprocess.CompletedProcess:
    env = {**os.environ, "PWIB_CACHE_DIR": str(cache_dir), **extra}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True, timeout=120)


PARSE_ONE = """
    from pwib_dsl.syntax.parser import parse_text
    r = parse_text('blueprint b "B" {\\n}\\n', "b.blueprint")
    print(r.ok, len(r.diagnostics))
"""

#: A file with a syntax error: parsed by Lark, from Lark's form of the tables.
PARSE_BAD = """
    from pwib_dsl.syntax.parser import parse_text
    r = parse_text('blueprint b "B" {\\n', "b.blueprint")
    print(r.ok, [d.code for d in r.diagnostics])
"""


def test_second_process_loads_instead_of_building(tmp_path):
    first = _run(tmp_path, PARSE_ONE)
    assert first.returncode == 0 and first.stdout.strip() == "True 0", first.stderr
    probe = """
        from pwib_dsl.syntax import grammar
        calls = []
        real = grammar.build
        grammar.build = lambda: calls.append(1) or real()
        from pwib_dsl.syntax.parser import parse_text
        print(parse_text('blueprint b "B" {\\n}\\n').ok, len(calls))
    """
    second = _run(tmp_path, probe)
    assert second.returncode == 0 and second.stdout.strip() == "True 0", second.stderr


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01.", None])
@pytest.mark.parametrize(
    "kind, code, output",
    [("parser", PARSE_BAD, "False ['PB002']"), ("runtime", PARSE_ONE, "True 0")],
    ids=["lark-tables", "runtime-tables"],
)
def test_a_damaged_entry_is_rebuilt_silently(tmp_path, damage, kind, code, output):
    """Lark's tables (read for a file with an error) and the runtime's (for a valid file)."""
    assert _run(tmp_path, PARSE_ONE).returncode == 0
    (entry,) = (tmp_path / kind).glob("*.pickle")
    if damage is None:  # truncated mid-way
        entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    else:
        entry.write_bytes(damage)
    again = _run(tmp_path, code)
    assert again.returncode == 0 and again.stdout.strip() == output and again.stderr == ""
    import pickle

    assert isinstance(pickle.loads(entry.read_bytes()), dict), "the entry was replaced"


def test_an_entry_that_does_not_load_into_lark_is_rebuilt(tmp_path):
    assert _run(tmp_path, PARSE_ONE).returncode == 0
    (entry,) = (tmp_path / "parser").glob("*.pickle")
    import pickle

    saved = pickle.loads(entry.read_bytes())
    saved["data"]["parser"] = {"__type__": "Nonsense"}
    entry.write_bytes(pickle.dumps(saved))
    again = _run(tmp_path, PARSE_BAD)
    assert again.returncode == 0 and again.stdout.strip() == "False ['PB002']" and again.stderr == ""


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.update(format=-1),
        lambda d: d.update(states=d["states"][:3]),
        lambda d: d["rules"].clear(),
        lambda d: d["lexers"][0].update(terminals=(("A", "("),)),
        lambda d: d["states"][d["starts"]["start"][0]].clear(),
    ],
    ids=["format", "states-cut", "no-rules", "bad-pattern", "no-actions"],
)
def test_a_runtime_entry_with_wrong_data_is_no_error(tmp_path, damage):
    """A runtime entry that unpickles but is wrong: rebuilt, or the parse goes by Lark; never an error."""
    assert _run(tmp_path, PARSE_ONE).returncode == 0
    (entry,) = (tmp_path / "runtime").glob("*.pickle")
    import pickle

    data = pickle.loads(entry.read_bytes())
    damage(data)
    entry.write_bytes(pickle.dumps(data))
    again = _run(tmp_path, PARSE_ONE)
    assert again.returncode == 0 and again.stdout.strip() == "True 0" and again.stderr == ""
    bad = _run(tmp_path, PARSE_BAD)
    assert bad.returncode == 0 and bad.stdout.strip() == "False ['PB002']" and bad.stderr == ""


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root can write anywhere")
def test_an_unwritable_cache_is_no_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        proc = _run(locked / "cache", PARSE_ONE)
    finally:
        locked.chmod(0o700)
    assert proc.returncode == 0 and proc.stdout.strip() == "True 0" and proc.stderr == ""


def test_a_cache_path_that_is_a_file_is_no_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = _run(blocker, PARSE_ONE)
    assert proc.returncode == 0 and proc.stdout.strip() == "True 0" and proc.stderr == ""


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("PWIB_CACHE_DIR", "")
    assert cache.directory() is None
    assert cache.load("parser", "x") is None
    cache.store("parser", "x", {"a": 1})  # nothing to write to, no error


def test_entries_are_private_and_keyed_by_content(tmp_path, monkeypatch):
    monkeypatch.setenv("PWIB_CACHE_DIR", str(tmp_path / "c"))
    cache.store("k", "n", {"a": 1})
    assert cache.load("k", "n") == {"a": 1}
    assert (tmp_path / "c").stat().st_mode & 0o077 == 0
    assert cache.key("a", "b") != cache.key("ab")
    assert cache.key("x") == cache.key("x")
    assert cache.key(resources.grammar_file().read_text(encoding="utf-8")) != cache.key("start: x")


def test_parses_agree_with_a_fresh_build(tmp_path):
    """Every example and stdlib file parses to the same AST with cached and fresh tables."""
    from pwib_dsl.syntax.parser import lark_transformer, lexer_callbacks

    fresh = Lark(grammar.text(), **grammar.OPTIONS, transformer=lark_transformer(), lexer_callbacks=lexer_callbacks())
    from pwib_dsl.syntax import recovery
    from pwib_dsl.source import SourceFile

    root = resources.stdlib_dir().parent
    files = sorted(resources.stdlib_dir().glob("*.blueprint")) + sorted((root / "examples").rglob("*.blueprint"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        cached = parse_text(text, path.name)
        src = SourceFile(path.name, text)
        from pwib_dsl.surface.lower import context

        context.path, context.diagnostics = path.name, []
        from pwib_dsl.syntax.parser import _comments

        _comments.items = []
        built, _, _ = recovery.parse_with_recovery(fresh, src)
        assert cached.file is not None and built is not None
        assert attrs_equal(cached.file, built), path


def attrs_equal(a, b) -> bool:
    import attrs

    return attrs.evolve(a, comments=()) == attrs.evolve(b, comments=())
