"""Every diagnostic message has a stable key; the text is a table, so a translation is a table.

A message is written ``msg("KEY", field=value, ...)`` (:mod:`pwib_dsl.diagnostics.messages`)
and its English template lives in ``pwib_dsl/diagnostics/message_table.py``. Checked here, by
reading the source: every key used is in the table, every entry is used, each call gives
exactly the fields its template names, a key of a literal code starts with that code, and the
modules listed in :data:`MIGRATED` write no message text at a call site any more, and the
failing example of every explanation page gives only diagnostics with a key. Then a small
Dutch table changes the text of compiled diagnostics without a code edit.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import pwib_dsl
from pwib_dsl.diagnostics.message_table import MESSAGES
from pwib_dsl.diagnostics.messages import Message, msg, translate
from pwib_dsl.driver import compile_sources
from pwib_dsl.source import SourceFile

PKG = Path(pwib_dsl.__file__).resolve().parent
SOURCES = sorted(PKG.rglob("*.py"))

#: modules whose diagnostics all take their message from the table
MIGRATED = (
    "sema/analyze.py", "sema/blueprints.py", "sema/catalogue.py", "sema/citations.py", "sema/modules.py",
    "sema/scope.py", "sema/units.py", "sema/checks/dated.py", "sema/checks/flow.py", "sema/checks/journeys.py",
    "sema/checks/legal.py", "sema/checks/provenance.py", "sema/checks/systems.py",
    "syntax/errors.py", "syntax/recovery.py", "surface/lower.py", "limits.py", "driver.py",
    "workspace/reading.py", "fmt/__init__.py", "fmt/session.py", "diff/sources.py", "law/importer.py",
    "commands/build.py", "workspace/config.py", "theme.py",
    "variants/apply.py", "variants/base.py", "variants/resolve.py",
)
#: how each kind of call takes its message: function or method name → position of the message
CALLS = {"add": 1, "unknown": 1, "Diagnostic": 2, "_io": 1, "_error": 1, "_diag": 2, "bad": 0, "problem": 0}


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None
            yield name, node


def _uses() -> list[tuple[str, int, str, set[str], str | None]]:
    """Every ``msg(...)`` call: (module, line, key, fields given, code of the enclosing call)."""
    out = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        codes = {}
        for name, call in _calls(tree):
            if name in CALLS and call.args and isinstance(call.args[0], ast.Constant):
                i = CALLS[name]
                if len(call.args) > i:
                    codes[id(call.args[i])] = call.args[0].value
        for name, call in _calls(tree):
            if name == "msg" and call.args and isinstance(call.args[0], ast.Constant):
                fields = {k.arg for k in call.keywords}
                out.append((str(path.relative_to(PKG)), call.lineno, call.args[0].value, fields, codes.get(id(call))))
    return out


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_key_used_is_in_the_table_and_every_entry_is_used():
    uses = _uses()
    used = {key for _, _, key, _, _ in uses}
    assert sorted(used - set(MESSAGES)) == []
    assert sorted(set(MESSAGES) - used) == []


def test_each_call_gives_exactly_the_fields_of_its_template():
    wrong = [(m, line, key, sorted(fields), sorted(_fields(MESSAGES[key])))
             for m, line, key, fields, _ in _uses() if key in MESSAGES and fields != _fields(MESSAGES[key])]
    assert wrong == []


def test_a_key_starts_with_its_code():
    wrong = [(m, line, key, code) for m, line, key, _, code in _uses()
             if code is not None and code.startswith("PB") and not key.startswith(code + ".")]
    assert wrong == []


@pytest.mark.parametrize("module", MIGRATED)
def test_a_migrated_module_writes_no_message_text(module):
    """In these modules the message of every diagnostic is a ``msg`` (or a variable holding one)."""
    tree = ast.parse((PKG / module).read_text(encoding="utf-8"))
    literal = []
    for name, call in _calls(tree):
        i = CALLS.get(name)
        if i is not None and len(call.args) > i and isinstance(call.args[i], (ast.Constant, ast.JoinedStr, ast.BinOp)):
            literal.append(call.lineno)
    assert literal == []


def test_a_message_keeps_its_key_and_arguments():
    m = msg("PB503.no-path-reaches", node="s")
    assert m == Message("PB503.no-path-reaches", (("node", "s"),))
    assert m.text() == "no path from `s` reaches an `end`"
    with pytest.raises(KeyError):
        msg("PB999.nothing")


NL = {
    "PB503.no-end": "blauwdruk `{blueprint}` heeft geen `end`",
    "lookup.unknown": "onbekende naam `{name}`",
}


def test_a_translation_is_a_table():
    src = SourceFile("b.blueprint", 'blueprint b "B" {\n  implements regels.x\n  step s "S" {\n    customer "c"\n  }\n}\n')
    result = compile_sources([src])
    by_code = {d.code: d for d in result.diagnostics}
    english = by_code["PB503"]
    assert english.key == "PB503.no-end" and english.message == "blueprint `b` has no `end`"
    dutch = {d.code: d for d in translate(result.diagnostics, NL)}
    assert dutch["PB503"].message == "blauwdruk `b` heeft geen `end`"
    assert dutch["PB503"].primary == english.primary and dutch["PB503"].help == english.help
    # a key the table lacks keeps its English text
    untouched = [d for d in result.diagnostics if d.key not in NL]
    assert untouched and all(dutch[d.code].message == d.message for d in untouched if d.code in dutch)


#: codes whose messages are still written at the call site (none: add a code here only while
#: its messages are being moved into the table)
UNKEYED: frozenset[str] = frozenset()


def test_every_explained_diagnostic_has_a_key(tmp_path, monkeypatch):
    """The failing example of every explanation page: each diagnostic it gives has a key."""
    from pwib_dsl.diagnostics import codes
    from pwib_dsl.driver import compile_paths

    checked = 0
    unkeyed = {}
    for code in codes.codes():
        example = codes.page(code).example
        if example is None or example.command != "check":
            continue
        monkeypatch.chdir(example.materialize(tmp_path / code))
        result = compile_paths(list(example.args))
        for d in result.diagnostics:
            if d.key is None and d.code not in UNKEYED:
                unkeyed.setdefault(d.code, d.message)
        checked += 1
    assert unkeyed == {}, "give these messages a key in pwib_dsl/diagnostics/message_table.py"
    assert checked > 50
