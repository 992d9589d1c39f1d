"""The usage table of :mod:`pwib_dsl.syntax.forms` agrees with the grammar and the lowering.

Syntax errors quote these tables, so a grammar change that adds, moves or drops a statement
must change them too; these tests say where.
"""

from __future__ import annotations

import pytest

from pwib_dsl.surface import nodes as n
from pwib_dsl.surface.lower import ALLOWED_FIELDS
from pwib_dsl.syntax.keywords import node_word
from pwib_dsl.syntax import forms
from pwib_dsl.syntax.parser import keywords, parse_text, parser
from pwib_dsl.syntax.stack import accepts

#: text that leaves the parser at the start of a statement inside each kind of block
PROBES = {
    "file": "",
    "law": 'law x "X" {',
    "extend": "extend x {",
    "article": 'law x "X" { article 1 "A" {',
    "measure": 'measure x "X" {',
    "component": 'component x "X" {',
    "facility": 'facility x "X" {',
    "role": 'role x "X" {',
    "tile": 'tile x "X" {',
    "organisation": 'organisation x "X" {',
    "system": 'system x "X" {',
    "blueprint": 'blueprint b "B" {',
    "phase": 'blueprint b "B" { phase p "P" {',
    "term-span": 'blueprint b "B" { term t 8 weeks from a to b {',
    "step": 'blueprint b "B" { step s "S" {',
    "decision": 'blueprint b "B" { decision s "S" {',
    "end": 'blueprint b "B" { end s "S" {',
    "fork": 'blueprint b "B" { fork s "S" {',
    "join": 'blueprint b "B" { join s "S" {',
    "variant": 'variant v "V" of m.b {',
    "change": 'variant v "V" of m.b { change step s {',
}


def starters(prefix: str) -> set[str]:
    """Keywords the parser accepts at the start of a statement after ``prefix``."""
    interactive = parser().parse_interactive(prefix)
    interactive.exhaust_lexer()
    out = set()
    for term in accepts(interactive.parser_state):
        # an inner keyword may start a statement in one block (`lid` in an article)
        if forms.is_starter(term) or term in forms.INNER_KEYWORDS:
            out.update(forms.words_of(term))
    return out


def test_probes_cover_every_kind():
    assert set(PROBES) == set(forms.KIND_PHRASE)


@pytest.mark.parametrize("kind", sorted(PROBES))
def test_fields_are_accepted_by_the_parser(kind):
    assert set(forms.fields(kind)) <= starters(PROBES[kind])


@pytest.mark.parametrize("kind", sorted(PROBES))
def test_every_starter_the_parser_accepts_has_a_form(kind):
    # the parser may take more than the table (one shared catalogue body; `when` in a step)
    # but every statement it accepts must have a usage line somewhere
    missing = {w for w in starters(PROBES[kind]) if forms.usage(w) is None}
    assert not missing


def test_catalogue_fields_agree_with_the_lowering():
    kinds = {n.Law: "law", n.Article: "article", n.Measure: "measure", n.Component: "component",
             n.Facility: "facility", n.SystemDecl: "system", n.Role: "role", n.Tile: "tile"}
    for cls, kind in kinds.items():
        allowed = {node_word(f) for f in ALLOWED_FIELDS[cls]}
        if "verified" in allowed:
            allowed.add("unverified")
        assert set(forms.fields(kind)) == allowed, kind


def test_every_keyword_is_in_a_table():
    known = set(forms.LANES) | set(forms.TEXT_LAYERS) | set(forms.UNITS)
    known |= {f.keyword for f in forms.FORMS} | {forms.keyword_of(t) for t in forms.INNER_KEYWORDS}
    assert set(keywords()) <= known


@pytest.mark.parametrize("form", forms.FORMS, ids=lambda f: f"{f.kinds[0]}:{f.keyword}")
def test_usage_line_starts_with_its_keyword(form):
    assert form.usage.split()[0] == form.keyword
    for kind in form.kinds:
        assert kind in forms.KIND_PHRASE


def test_dutch_words_map_to_keywords():
    words = {f.keyword for f in forms.FORMS} | set(forms.UNITS) | {"art"}
    for dutch, english in forms.DUTCH.items():
        assert set(english) <= words, dutch
        assert forms.terminal_of(dutch) is None, f"`{dutch}` is itself a keyword"


def test_terminal_words_never_show_token_names():
    for term in parser().terminals:
        words = forms.terminal_words(term.name)
        assert "KW_" not in words and not words.isupper(), term.name


def test_all_constructs_parse_clean(repo_root):
    text = (repo_root / "tests/data/syntax/all_constructs.blueprint").read_text(encoding="utf-8")
    result = parse_text(text)
    assert result.ok and not result.diagnostics


def test_the_reference_shows_every_usage_line(repo_root):
    text = (repo_root / "docs/language.md").read_text(encoding="utf-8")
    assert [f.usage for f in forms.FORMS if f.usage not in text] == []


def test_the_reference_examples_parse(repo_root):
    import re

    text = (repo_root / "docs/language.md").read_text(encoding="utf-8")
    fences = re.findall(r"```blueprint\n(.*?)```", text, re.S)
    assert len(fences) >= 5
    wrappers = ("{}", 'blueprint b "B" {{\n{}\n}}\n', 'blueprint b "B" {{\n  step s "S" {{\n{}\n  }}\n}}\n')
    for fence in fences:
        results = [parse_text(w.format(fence)) for w in wrappers]
        assert any(r.ok and not r.diagnostics for r in results), fence
