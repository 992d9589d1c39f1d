"""The word table (``pwib_dsl.syntax.keywords``): it agrees with the grammar, and it is enough.

"Enough" is shown on a copy of the package: a keyword added to the grammar and the table (with
its surface node and its lowering, which give it a shape) reaches the editor assets,
completion, the formatter and the syntax errors with no other file touched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import attrs
import pytest

from pwib_dsl.surface import nodes as n
from pwib_dsl.syntax import keywords
from pwib_dsl.syntax.parser import keywords as grammar_keywords

ROOT = Path(__file__).resolve().parent.parent


def test_the_table_and_the_grammar_agree():
    assert keywords.drift() == []
    assert {w.text for w in keywords.WORDS} == set(grammar_keywords())


def test_each_word_is_written_once():
    texts = [w.text for w in keywords.WORDS]
    assert len(texts) == len(set(texts))


def test_the_nodes_named_are_surface_nodes():
    for w in keywords.WORDS:
        for name in w.nodes:
            cls = getattr(n, name, None)
            assert isinstance(cls, type) and issubclass(cls, n.Node), (w.text, name)


def test_every_statement_node_has_a_keyword():
    """Each node the formatter prints as a statement is made by a word of the table."""
    leaves = {"Node", "Ident", "QName", "Str", "Comment", "File"}
    # parts of a statement, written inside it after its keyword: a citation's target, a
    # branch's `max N`, where an added node goes (`after X`), the line a change addresses
    parts = {"LegalTarget", "Bound", "Placement", "Selector"}
    statements = {
        name
        for name, cls in vars(n).items()
        if isinstance(cls, type) and issubclass(cls, n.Node) and attrs.has(cls) and not name.startswith("_")
    } - leaves - parts
    assert statements - set(keywords.node_words()) == set()


def test_kinds_are_the_highlighting_classes():
    classes = keywords.highlight_classes()
    assert tuple(classes) == keywords.KINDS
    assert classes["lane"] == ("backstage", "customer", "evidence", "frontstage", "support")
    assert keywords.of_kind("lane") == ("evidence", "customer", "frontstage", "backstage", "support")


def test_block_openers_name_known_blocks():
    assert set(keywords.block_openers().values()) <= set(keywords.BLOCKS)
    assert keywords.TITLED <= set(keywords.BLOCKS)


def test_dutch_spellings_are_not_keywords():
    for alias, english in keywords.dutch().items():
        assert keywords.word(alias) is None, alias
        assert all(keywords.word(e) is not None for e in english)


def test_the_word_table_loads_without_lark():
    code = "import sys, pwib_dsl.syntax.keywords, pwib_dsl.highlight; print('lark' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------- a new keyword, in a copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: the anchor {old!r} moved"
    path.write_text(text.replace(old, new), encoding="utf-8")


#: The whole change a contributor makes for `goal "text"` in a step: the grammar, the word
#: table, the surface node and its lowering. Nothing else.
_NEW_KEYWORD = {
    "grammar/blueprint.lark": [
        ("          | journey\n", "          | journey\n          | goal_field\n"),
        ("journey: KW_JOURNEY qname\n", 'journey: KW_JOURNEY qname\ngoal_field: KW_GOAL string\n'),
        ('KW_JOURNEY.2: "journey"\n', 'KW_JOURNEY.2: "journey"\nKW_GOAL.2: "goal"\n'),
    ],
    "pwib_dsl/syntax/keywords.py": [
        ('    _kw("journey", "flow", "Journey", name_next=True),\n',
         '    _kw("journey", "flow", "Journey", name_next=True),\n'
         '    _kw("goal", "field", "GoalField", dutch=("doel",)),\n'),
        ('    Form("journey", _FLOW, "journey BLUEPRINT"),\n',
         '    Form("journey", _FLOW, "journey BLUEPRINT"),\n    Form("goal", _FLOW, \'goal "text"\'),\n'),
    ],
    "pwib_dsl/surface/nodes.py": [
        ("@attrs.frozen(weakref_slot=False)\nclass Journey(Node):",
         "@attrs.frozen(weakref_slot=False)\nclass GoalField(Node):\n    text: Str\n    span: Span = _span()\n\n\n"
         "@attrs.frozen(weakref_slot=False)\nclass Journey(Node):"),
    ],
    "pwib_dsl/surface/lower.py": [
        ("    def outcome(self, kw, kind):\n",
         "    def goal_field(self, kw, text):\n        return n.GoalField(text, span=span_of(kw, text))\n\n"
         "    def outcome(self, kw, kind):\n"),
    ],
}

_PROBE = textwrap.dedent(
    '''
    import json, sys
    from pathlib import Path

    from pwib_dsl import api, editor_assets, highlight
    from pwib_dsl.lsp.completion import accepted_terminals, terminal_words
    from pwib_dsl.lsp.cursor import scan

    root = Path(sys.argv[1])
    import pwib_dsl

    out = {"package": pwib_dsl.__file__}
    assert editor_assets.main(["--root", str(root)]) == 0
    out["textmate"] = (root / editor_assets.TM_PATH).read_text(encoding="utf-8")
    out["vim"] = (root / editor_assets.VIM_PATH).read_text(encoding="utf-8")
    out["pygments"] = [cls for cls, words in highlight.KEYWORD_CLASSES.items() if "goal" in words]
    out["pygments_tokens"] = [str(t) for t, v in highlight.BlueprintLexer().get_tokens('goal "x"') if v == "goal"]

    text = 'blueprint b "B" {\\n  step s "S" {\\n    go'
    accepted = accepted_terminals(scan(text, len(text)))
    out["completion"] = sorted(w for t in accepted for w in terminal_words().get(t, ()))

    source = 'blueprint b "B" {\\n  step s "S" {\\n    goal    "Snel geholpen"\\n  }\\n}\\n'
    formatted = api.format_text(source)
    out["formatted"] = formatted.text
    out["format_errors"] = [d.message for d in formatted.diagnostics]

    wrong = 'blueprint b "B" {\\n  step s "S" {\\n    doel "Snel geholpen"\\n  }\\n}\\n'
    out["dutch"] = [(d.message, d.help) for d in api.format_text(wrong).diagnostics]
    print(json.dumps(out))
    '''
)


@pytest.fixture(scope="module")
def new_keyword(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("checkout")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("pwib_dsl", "grammar", "stdlib"):
        shutil.copytree(ROOT / folder, root / folder, ignore=ignore)
    (root / "editors").mkdir()
    for rel, edits in _NEW_KEYWORD.items():
        for old, new in edits:
            _edit(root / rel, old, new)
    env = {**os.environ, "PYTHONPATH": str(root), "PWIB_CACHE_DIR": str(root / ".cache")}
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, str(root)], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.splitlines()[-1])
    assert Path(out["package"]).is_relative_to(root), "the probe must run the copy"
    return out


def test_a_new_keyword_reaches_the_editor_assets(new_keyword):
    tm = json.loads(new_keyword["textmate"])
    field = next(
        p["match"] for p in tm["repository"]["keywords"]["patterns"] if p["name"] == "keyword.other.field.pwib-blueprint"
    )
    assert "goal" in field
    assert any(line.startswith("syn keyword pwibField") and " goal" in line for line in new_keyword["vim"].splitlines())
    assert new_keyword["pygments"] == ["field"]
    assert new_keyword["pygments_tokens"] == ["Token.Keyword"]


def test_a_new_keyword_is_offered_by_completion(new_keyword):
    assert "goal" in new_keyword["completion"]
    assert "journey" in new_keyword["completion"]


def test_a_new_keyword_is_formatted(new_keyword):
    assert new_keyword["format_errors"] == []
    assert new_keyword["formatted"] == 'blueprint b "B" {\n  step s "S" {\n    goal "Snel geholpen"\n  }\n}\n'


def test_a_new_keyword_is_offered_for_its_dutch_spelling(new_keyword):
    assert any("`goal`" in (help or "") + message for message, help in new_keyword["dutch"]), new_keyword["dutch"]
