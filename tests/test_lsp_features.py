"""The language-server features in process: completion contexts, lookup, hover text, rename
rules, the outline, formatting edits and quick fixes, on small workspaces in temporary folders.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as T

from pwib_dsl.lsp import actions, completion, formatting, hover, navigation, outline
from pwib_dsl.lsp.cursor import scan
from pwib_dsl.lsp.targets import Resolver
from pwib_dsl.lsp.store import Store, path_to_uri

MODULE = """\
module regels "Regels"

# Snelle hulp bij schulden.
#
# Geldt voor iedereen.
measure snelle-hulp "Snelle hulp" { phase 1 }

# ------------------------------------------------ rollen
role helper "Helper"
"""

OTHER = """\
module extra "Extra"
measure snelle-hulp "Ook snelle hulp" { phase 2 }
"""

BLUEPRINT = """\
use wet
use regels

blueprint b "B" {
  implements regels.snelle-hulp
  actor inwoner "Inwoner"
  phase melden "Melden" {
    step s "Stap" {
      customer inwoner "doet iets"
      legal wgs art 4
      next e
    }
  }
  end e "Einde"
}
"""


class Workspace:
    def __init__(self, root: Path, files: dict[str, str]):
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8")
        self.root = root
        self.store = Store()
        self.store.set_folders([root])
        self.resolver = Resolver(self.store)

    def open(self, name: str, text: str | None = None, version: int = 1):
        path = self.root / name
        if text is None:
            text = path.read_text(encoding="utf-8")
        return self.store.open(path_to_uri(path), text, version)

    def complete(self, name: str, text: str, marker: str = "|") -> list[T.CompletionItem]:
        at = text.index(marker)
        doc = self.open(name, text.replace(marker, "", 1))
        return completion.complete(self.resolver, doc, at, "utf-16").items


@pytest.fixture
def ws(tmp_path) -> Workspace:
    return Workspace(tmp_path, {"regels.blueprint": MODULE, "b.blueprint": BLUEPRINT})


def labels(items) -> set[str]:
    return {i.label for i in items}


# ---------------------------------------------------------------- completion


def test_keywords_at_the_start_of_a_file(ws):
    got = labels(ws.complete("n.blueprint", "|"))
    assert {"module", "use", "blueprint", "law", "measure", "role", "tile", "system", "actor"} <= got
    assert "step" not in got


def test_no_module_or_use_after_a_declaration(ws):
    got = labels(ws.complete("n.blueprint", 'role x "X"\n|'))
    assert "blueprint" in got and "module" not in got and "use" not in got


def test_keywords_in_a_blueprint_body(ws):
    got = labels(ws.complete("n.blueprint", 'blueprint b "B" {\n  |\n}\n'))
    assert {"version", "status", "tile", "implements", "owner", "actor", "system", "phase", "step", "end"} <= got
    assert "legal" in got  # `legal as-of DATE`: the date the blueprint's citations are read at
    assert not got & {"customer", "bwb", "blueprint"}


def test_units_after_a_deadline_amount(ws):
    text = 'blueprint b "B" {\n  step s "S" {\n    deadline 4 |\n  }\n}\n'
    assert labels(ws.complete("n.blueprint", text)) == {
        "day", "days", "workday", "workdays", "week", "weeks", "month", "months", "year", "years",
    }


def test_nothing_inside_strings_and_comments(ws):
    assert ws.complete("n.blueprint", 'blueprint b "B |" {\n}\n') == []
    assert ws.complete("n.blueprint", 'blueprint b "B" {\n  # legal |\n}\n') == []


def test_modules_after_use(ws):
    got = labels(ws.complete("n.blueprint", "use |\n"))
    assert {"wet", "pwib", "gemma", "rollen", "schuldenlandschap", "regels"} <= got


def test_statuses_and_outcomes(ws):
    assert labels(ws.complete("n.blueprint", 'blueprint b "B" {\n  status |\n}\n')) >= {"concept", "approved"}
    text = 'blueprint b "B" {\n  decision d "D" {\n    outcome |\n  }\n}\n'
    assert "beschikking" in labels(ws.complete("n.blueprint", text))


def test_a_name_from_an_unused_module_adds_the_use_line(ws):
    text = 'use regels\n\nblueprint b "B" {\n  implements |\n}\n'
    items = {i.label: i for i in ws.complete("n.blueprint", text)}
    assert "snelle-hulp" in items and items["snelle-hulp"].additional_text_edits is None
    direct = items["pwib.direct-aanvragen"]
    [edit] = direct.additional_text_edits
    assert edit.new_text == "\nuse pwib"
    assert edit.range.start == T.Position(line=0, character=10)
    assert "adds `use pwib`" in direct.detail
    assert direct.documentation.kind == T.MarkupKind.Markdown


def test_article_items_keep_the_law_order(ws):
    text = 'use wet\nblueprint b "B" {\n  step s "S" {\n    legal wgs art |\n  }\n}\n'
    items = ws.complete("n.blueprint", text)
    order = [i.label for i in sorted(items, key=lambda i: i.sort_text)]
    assert order[:6] == ["1", "2", "3", "3a", "4", "4a"]


def test_completion_replaces_the_word_being_typed(ws):
    text = 'use wet\nblueprint b "B" {\n  step s "S" {\n    legal wet.wg|\n  }\n}\n'
    items = {i.label: i for i in ws.complete("n.blueprint", text)}
    edit = items["wet.wgs"].text_edit
    assert (edit.range.start.character, edit.range.end.character) == (10, 16)


def test_short_parse_prefix_in_a_long_blueprint():
    steps = "".join(f'  step s{i} "S" {{\n    customer "x"\n  }}\n' for i in range(500))
    text = 'blueprint b "B" {\n' + steps + '  step last "L" {\n    '
    ctx = scan(text, len(text))
    first = ctx.parse_prefixes()[0]
    assert len(first) < 80
    assert first.endswith('step last "L" {\n    ')
    assert ctx.frames[-1].keyword == "step" and ctx.frames[0].name == "b"


# ---------------------------------------------------------------- lookup and hover


def test_ambiguous_bare_name_yields_every_candidate(tmp_path):
    w = Workspace(tmp_path, {"regels.blueprint": MODULE, "extra.blueprint": OTHER})
    text = 'use regels\nuse extra\nblueprint b "B" {\n  implements snelle-hulp\n}\n'
    doc = w.open("n.blueprint", text)
    targets = w.resolver.targets_at(doc, text.index("snelle-hulp"))
    assert sorted(t.doc.path.name for t in targets) == ["extra.blueprint", "regels.blueprint"]
    with pytest.raises(navigation.RenameError, match="ambiguous"):
        navigation.rename(w.resolver, doc, text.index("snelle-hulp"), "x", "utf-16")


def test_cursor_on_a_qualifier_names_the_module(ws):
    doc = ws.open("b.blueprint")
    at = BLUEPRINT.index("regels.snelle-hulp") + 2
    [target] = ws.resolver.targets_at(doc, at)
    assert target.decl.kind == "module" and target.doc.path.name == "regels.blueprint"


def test_doc_comment_stops_at_a_ruler_and_a_blank_line(ws):
    doc = ws.open("regels.blueprint")
    [measure] = ws.resolver.targets_at(doc, MODULE.index("snelle-hulp"))
    text = hover.hover_markdown(ws.resolver, measure)
    assert text.endswith("---\nSnelle hulp bij schulden.\n\nGeldt voor iedereen.")
    [role] = ws.resolver.targets_at(doc, MODULE.index("helper"))
    assert "---" not in hover.hover_markdown(ws.resolver, role)


def test_hover_escapes_markdown_in_catalogue_text(tmp_path):
    w = Workspace(tmp_path, {"m.blueprint": 'role r "A *bold* [link](x) <b>" { description "x_y" }\n'})
    doc = w.open("m.blueprint")
    [role] = w.resolver.targets_at(doc, 5)
    text = hover.hover_markdown(w.resolver, role)
    assert r"A \*bold\* \[link\](x) \<b\>" in text and r"x\_y" in text


def test_hover_on_a_citation_lists_the_articles_leden(tmp_path):
    text = (
        'law wgs "Wgs" {\n  bwb BWBR0031331\n  article 4 "Eerste gesprek" {\n'
        '    lid 1 onderdeel a\n    lid 1 onderdeel b\n    lid 2\n  }\n}\n'
        'blueprint b "B" {\n  step s "S" {\n    legal wgs art 4 lid 2\n  }\n  end e "E"\n}\n'
    )
    w = Workspace(tmp_path, {"m.blueprint": text})
    doc = w.open("m.blueprint")
    [article] = w.resolver.targets_at(doc, text.index("art 4 lid 2") + 4)
    assert "Leden: 1 (onderdelen a, b), 2" in hover.hover_markdown(w.resolver, article)


# ---------------------------------------------------------------- rename


def test_rename_checks_the_new_name(ws):
    doc = ws.open("b.blueprint")
    at = BLUEPRINT.index("inwoner \"doet")
    with pytest.raises(navigation.RenameError, match="not a name"):
        navigation.rename(ws.resolver, doc, at, "2x", "utf-16")
    with pytest.raises(navigation.RenameError, match="already declared"):
        navigation.rename(ws.resolver, doc, BLUEPRINT.index("s \"Stap"), "e", "utf-16")
    edit = navigation.rename(ws.resolver, doc, at, "burger", "utf-16")
    [(uri, edits)] = edit.changes.items()
    assert uri == doc.uri and [e.range.start.line for e in edits] == [5, 8]


def test_rename_a_module_updates_use_lines_and_qualifiers(ws):
    ws.open("b.blueprint")
    doc = ws.open("regels.blueprint")
    edit = navigation.rename(ws.resolver, doc, MODULE.index("regels"), "beleid", "utf-16")
    b_uri = path_to_uri(ws.root / "b.blueprint")
    assert sorted((e.range.start.line, e.range.start.character) for e in edit.changes[b_uri]) == [(1, 4), (4, 13)]
    assert [e.range.start.line for e in edit.changes[doc.uri]] == [0]


def test_a_module_named_by_its_path_cannot_be_renamed(tmp_path):
    w = Workspace(tmp_path, {"lokaal.blueprint": 'role r "R"\n', "b.blueprint": "use lokaal\n"})
    doc = w.open("b.blueprint")
    with pytest.raises(navigation.RenameError, match="rename the file"):
        navigation.prepare_rename(w.resolver, doc, 5, "utf-16")


def test_article_rename_accepts_article_numbers(tmp_path):
    w = Workspace(tmp_path, {
        "wetten.blueprint": 'module wetten "W"\nlaw lw "Lokale wet" { article 3 "Drie" }\n',
        "b.blueprint": 'use wetten\nblueprint b "B" {\n  decision d "D" {\n    legal lw art 3\n  }\n}\n',
    })
    doc = w.open("b.blueprint")
    text = doc.text
    edit = navigation.rename(w.resolver, doc, text.index("3\n"), "3a", "utf-16")
    assert sum(len(v) for v in edit.changes.values()) == 2
    assert all(e.new_text == "3a" for v in edit.changes.values() for e in v)


# ---------------------------------------------------------------- outline, formatting, actions


def test_flat_outline_for_clients_without_hierarchy(ws):
    doc = ws.open("b.blueprint")
    flat = outline.flatten(outline.document_symbols(doc, "utf-16"), doc.uri)
    assert [(s.name, s.container_name) for s in flat] == [
        ("b", None), ("inwoner", "b"), ("melden", "b"), ("s", "melden"), ("e", "b"),
    ]


def test_formatting_edits_only_the_changed_lines(ws):
    messy = BLUEPRINT.replace("  actor inwoner", "      actor    inwoner")
    doc = ws.open("b.blueprint", messy)
    [edit] = formatting.format_document(doc, "utf-16")
    assert edit.range.start.line == 5 and edit.range.end.line == 6
    assert edit.new_text == '  actor inwoner "Inwoner"\n'
    assert formatting.format_document(ws.open("b.blueprint", BLUEPRINT, 2), "utf-16") == []


def test_quick_fix_falls_back_to_published_diagnostics():
    rng = T.Range(start=T.Position(line=1, character=2), end=T.Position(line=1, character=5))
    data = {"suggestions": [{"title": "replace with `wgs`", "uri": "file:///x", "newText": "wgs",
                             "range": {"start": {"line": 1, "character": 2}, "end": {"line": 1, "character": 5}}}]}
    published = T.Diagnostic(range=rng, message="m", code="PB202", source="pwib", data=data)
    echoed = T.Diagnostic(range=rng, message="m", code="PB202", source="pwib")  # client dropped `data`
    [fix] = actions.quick_fixes("file:///x", T.CodeActionContext(diagnostics=[echoed]), [published])
    assert fix.title == "Replace with `wgs`" and fix.is_preferred
    assert fix.edit.changes["file:///x"][0].new_text == "wgs"
    only_refactor = T.CodeActionContext(diagnostics=[echoed], only=[T.CodeActionKind.Refactor])
    assert actions.quick_fixes("file:///x", only_refactor, [published]) == []
    foreign = T.Diagnostic(range=rng, message="m", code="E1", source="other", data=data)
    assert actions.quick_fixes("file:///x", T.CodeActionContext(diagnostics=[foreign]), []) == []


def test_closing_an_unsaved_editor_reverts_to_the_file(ws):
    doc = ws.open("regels.blueprint", MODULE.replace("snelle-hulp", "vlotte-hulp"))
    assert "vlotte-hulp" in doc.text
    ws.store.close(doc.uri)
    again = ws.store.get(doc.uri)
    assert again is doc and not again.is_open
    assert "snelle-hulp" in again.text and again.index.top.get("snelle-hulp") is not None


# ---------------------------------------------------------------- organisations

ORGS = """\
module partners "Partners"

organisation corporatie "Woningcorporatie Noord" {
  description "Verhuurt sociale huurwoningen"
}

actor incasso "Incasso" of corporatie
"""

ORG_BLUEPRINT = """\
use partners

blueprint s "Signaal" {
  actor consulent "Consulent" of partners.corporatie
  step melden "Melden" {
    backstage incasso "Meldt de achterstand"
    frontstage consulent "Belt"
  }
  end klaar "Klaar"
}
"""


@pytest.fixture
def orgs(tmp_path) -> Workspace:
    return Workspace(tmp_path, {"partners.blueprint": ORGS, "s.blueprint": ORG_BLUEPRINT})


def test_organisations_after_of(orgs):
    text = 'use partners\n\nblueprint b "B" {\n  actor x "X" of |\n}\n'
    got = labels(orgs.complete("n.blueprint", text))
    assert "corporatie" in got and "organisaties.woningcorporatie" in got
    assert "incasso" not in got  # an actor is not an organisation
    assert "of" in labels(orgs.complete("n.blueprint", 'blueprint b "B" {\n  actor x "X" |\n}\n'))


def test_hover_on_an_actor_names_its_organisation(orgs):
    doc = orgs.open("s.blueprint")
    [actor] = orgs.resolver.targets_at(doc, ORG_BLUEPRINT.index("consulent"))
    assert "Organisation: **Woningcorporatie Noord** (`partners.corporatie`)" in hover.hover_markdown(orgs.resolver, actor)
    [org] = orgs.resolver.targets_at(doc, ORG_BLUEPRINT.index("corporatie\n"))
    text = hover.hover_markdown(orgs.resolver, org)
    assert text.startswith("**Woningcorporatie Noord** — organisation") and "sociale huurwoningen" in text


def test_outline_lists_organisations(orgs):
    doc = orgs.open("partners.blueprint")
    symbols = outline.document_symbols(doc, "utf-16")
    assert [(s.name, s.kind) for s in symbols] == [
        ("partners", T.SymbolKind.Module), ("corporatie", T.SymbolKind.Class), ("incasso", T.SymbolKind.Variable),
    ]


def test_actors_and_organisations_after_wait(orgs):
    text = 'use partners\n\nblueprint b "B" {\n  actor inwoner "Inwoner"\n  step s "S" {\n    wait |\n  }\n}\n'
    got = labels(orgs.complete("n.blueprint", text))
    assert {"inwoner", "incasso", "corporatie"} <= got
    assert "wait" in labels(orgs.complete("n.blueprint", 'blueprint b "B" {\n  step s "S" {\n    |\n  }\n}\n'))


def test_a_wait_party_and_a_deadline_target_resolve(orgs):
    text = (
        'use partners\n\nblueprint b "B" {\n  actor inwoner "Inwoner"\n  step s "S" {\n'
        '    wait corporatie "Voorstel"\n    deadline 2 weeks -> e\n  }\n  end e "E"\n}\n'
    )
    doc = orgs.open("n.blueprint", text)
    [org] = orgs.resolver.targets_at(doc, text.index("corporatie"))
    assert org.decl.kind == "organisation"
    [end] = orgs.resolver.targets_at(doc, text.index("-> e") + 3)
    assert end.decl.kind == "end"


def test_forks_and_joins_in_the_outline_and_as_targets(tmp_path):
    text = (
        'blueprint b "B" {\n  fork t "Tegelijk" {\n    branch -> a\n    branch -> c\n  }\n'
        '  step a "A" {\n    next j\n  }\n  step c "C" {}\n  join j "Samen"\n  end e "E"\n}\n'
    )
    w = Workspace(tmp_path, {"b.blueprint": text})
    doc = w.open("b.blueprint")
    [bp] = outline.document_symbols(doc, "utf-16")
    assert [(s.name, s.kind) for s in bp.children] == [
        ("t", T.SymbolKind.Operator), ("a", T.SymbolKind.Function), ("c", T.SymbolKind.Function),
        ("j", T.SymbolKind.Operator), ("e", T.SymbolKind.Event),
    ]
    [target] = w.resolver.targets_at(doc, text.index("-> a") + 3)
    assert target.decl.name == "a"
    assert "join (parallel work ends)" in hover.hover_markdown(w.resolver, w.resolver.targets_at(doc, text.index("next j") + 5)[0])
    got = labels(w.complete("n.blueprint", 'blueprint b "B" {\n  |\n}\n'))
    assert {"fork", "join"} <= got
    assert labels(w.complete("n.blueprint", 'blueprint b "B" {\n  fork t "T" {\n    |\n  }\n}\n')) >= {"branch"}


def test_named_terms_complete_and_resolve_their_steps(tmp_path):
    text = (
        'blueprint b "B" {\n  term t 8 weeks from a to e {\n    suspended-by a\n  }\n'
        '  step a "A" {}\n  end e "E"\n}\n'
    )
    w = Workspace(tmp_path, {"b.blueprint": text})
    doc = w.open("b.blueprint")
    [end] = w.resolver.targets_at(doc, text.index("to e") + 3)
    assert end.decl.kind == "end"
    [step] = w.resolver.targets_at(doc, text.index("suspended-by a") + 13)
    assert step.decl.name == "a"
    got = labels(w.complete("n.blueprint", 'blueprint b "B" {\n  term t 8 weeks from |\n  step a "A" {}\n}\n'))
    assert "a" in got
    assert "suspended-by" in labels(w.complete("n.blueprint", 'blueprint b "B" {\n  term t 8 weeks from a to a {\n    |\n  }\n}\n'))

def test_outline_survives_a_burst_of_edits_that_break_many_lines():
    """2,000 edits, each breaking a line somewhere in a 2,000-line document: the parser gives
    up after 50 errors, and the last clean outline cannot be moved over edits all over the
    file. The outline then comes from what the parser read before it gave up, not nothing."""
    import random
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from lsp_bench import document

    store = Store()
    uri = "file:///werk/groot.blueprint"
    doc = store.open(uri, document(2000), 1)
    lines = doc.text.split("\n")
    rng = random.Random(3)
    for version in range(2, 2002):
        i = rng.randrange(len(lines))
        lines[i] += " legel"
        doc = store.update(uri, "\n".join(lines), version)
    assert doc.parsed.file is None and [d.code for d in doc.parsed.diagnostics][-1] == "PB009"
    symbols = outline.document_symbols(doc, "utf-16")
    assert [s.name for s in symbols] == ["groot"]
    assert any(child.kind == T.SymbolKind.Namespace for child in symbols[0].children or [])


def test_the_workspace_listing_never_reads_a_link_to_a_file_outside(tmp_path):
    (tmp_path / "ws").mkdir()
    (tmp_path / "buiten.blueprint").write_text('role x "Geheim" { source "https://example.org/x" }\n')
    (tmp_path / "ws" / "reis.blueprint").write_text('blueprint reis "Reis" { end e "E" }\n')
    (tmp_path / "ws" / "link.blueprint").symlink_to("../buiten.blueprint")
    (tmp_path / "ws" / "l1.blueprint").symlink_to("l2.blueprint")
    (tmp_path / "ws" / "l2.blueprint").symlink_to("l1.blueprint")
    store = Store()
    store.set_folders([tmp_path / "ws"])
    assert [p.name for p in store.listing()] == ["reis.blueprint"]
