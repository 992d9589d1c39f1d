"""The server's diagnostics are ``pwib check``'s, converted faithfully to the protocol.

:class:`pwib_dsl.lsp.analysis.Analyzer` compiles from memory; these tests hold it to
:func:`pwib_dsl.driver.compile_paths` on the same files, then check the conversion (ranges in
both encodings, related information, suggestions, tags).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as T

from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity, Suggestion
from pwib_dsl.driver import compile_paths
from pwib_dsl.lsp import diagnostics as lsp_diags
from pwib_dsl.lsp.analysis import Analyzer
from pwib_dsl.lsp.store import Store, path_to_uri
from pwib_dsl.source import NO_SPAN
from pwib_dsl.syntax.parser import parse

ROOT = Path(__file__).resolve().parent.parent

FILES = {
    "regels.blueprint": """\
module regels "Regels"
use rollen

measure snelle-hulp "Snelle hulp" {
  phase 1
}
""",
    "aanmelding.blueprint": """\
use wet
use gemma
use regels

blueprint aanmelding "Aanmelden" {
  status concpt
  implements snele-hulp
  system zaken "Zaken" = gemma.zaakregistratiecomponent
  system ongebruikt "Ongebruikt"
  phase melden "Melden" {
    step aanmelden "Aanmelden" {
      system zaken
      legal wgs art 99
      deadline 9 weeks
      next besluit
    }
    decision besluit "Besluit" {
      legal wgs art 4
      outcome beschikking
      when "ja" -> klaar
      otherwise -> nergens
    }
  }
  end klaar "Klaar"
}
""",
    "tweede.blueprint": """\
use pwib
blueprint aanmelding "Dubbel" {
  implements pwib.direct-aanvragen
  end e "E"
}
""",
}


def write(root: Path, files: dict[str, str], toml: str | None = 'lang = "nl"\n') -> None:
    if toml is not None:
        (root / "pwib.toml").write_text(toml, encoding="utf-8")
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")


def key(d: Diagnostic) -> tuple:
    p = d.primary
    where = (Path(p.file).name, p.span.start, p.span.end) if p is not None else None
    return (d.code, d.severity, d.message, where, d.help, d.notes, tuple(s.replacement for s in d.suggestions))


def server_diagnostics(root: Path, name: str, text: str | None = None) -> tuple[Diagnostic, ...]:
    store = Store()
    store.set_folders([root])
    path = root / name
    doc = store.open(path_to_uri(path), text if text is not None else path.read_text(encoding="utf-8"), 1)
    return Analyzer(store).diagnostics(doc)


@pytest.mark.parametrize("toml", ['lang = "nl"\n', '[rules]\nunused-system = "error"\nPB203 = "off"\n', None],
                         ids=["config", "rules", "no-config"])
@pytest.mark.parametrize("name", sorted(FILES))
def test_same_diagnostics_as_pwib_check(tmp_path, monkeypatch, name, toml):
    write(tmp_path, FILES, toml)
    monkeypatch.chdir(tmp_path)
    expected = compile_paths([name]).diagnostics
    got = server_diagnostics(tmp_path, name)
    assert [key(d) for d in got] == [key(d) for d in expected]
    if name == "aanmelding.blueprint":
        codes = {d.code for d in got}
        assert {"PB108", "PB401", "PB501"} <= codes  # the fixture really exercises sema


def test_unsaved_edits_of_a_used_module_are_seen(tmp_path):
    write(tmp_path, FILES)
    store = Store()
    store.set_folders([tmp_path])
    analyzer = Analyzer(store)
    regels = tmp_path / "regels.blueprint"
    aanmelding = tmp_path / "aanmelding.blueprint"
    doc = store.open(path_to_uri(aanmelding), aanmelding.read_text(encoding="utf-8"), 1)
    assert any("snele-hulp" in d.message for d in analyzer.diagnostics(doc))
    # rename the measure in the (unsaved) editor of regels.blueprint: the typo now resolves
    store.open(path_to_uri(regels), regels.read_text(encoding="utf-8").replace("snelle-hulp", "snele-hulp"), 1)
    assert not any("snele-hulp" in d.message for d in analyzer.diagnostics(doc))


def test_only_the_edited_document_is_parsed_again(tmp_path, monkeypatch):
    write(tmp_path, FILES)
    store = Store()
    store.set_folders([tmp_path])
    analyzer = Analyzer(store)
    path = tmp_path / "aanmelding.blueprint"
    doc = store.open(path_to_uri(path), path.read_text(encoding="utf-8"), 1)
    analyzer.diagnostics(doc)

    import pwib_dsl.syntax.incremental as incremental_module
    import pwib_dsl.syntax.parser as parser_module

    parsed = []
    real = parser_module.parse
    real_block = incremental_module.reparse

    def counting(source):
        parsed.append(Path(source.path).name)
        return real(source)

    def counting_block(old, source):
        result = real_block(old, source)
        if result is not None:  # the edited block alone was parsed again
            parsed.append(Path(source.path).name)
        return result

    monkeypatch.setattr(parser_module, "parse", counting)
    monkeypatch.setattr(incremental_module, "reparse", counting_block)
    store.update(doc.uri, doc.text.replace("status concpt", "status concept"), 2)
    found = analyzer.diagnostics(doc)
    assert parsed == ["aanmelding.blueprint"]
    assert "PB108" not in {d.code for d in found}


def test_an_edit_in_a_clean_document_reparses_only_its_block(tmp_path, monkeypatch):
    """After a clean parse, an edit inside a step re-parses that step, not the file."""
    text = (ROOT / "examples" / "schulden" / "aanmelding.blueprint").read_text(encoding="utf-8")
    store = Store()
    path = tmp_path / "aanmelding.blueprint"
    path.write_text(text, encoding="utf-8")
    store.set_folders([tmp_path])
    analyzer = Analyzer(store)
    doc = store.open(path_to_uri(path), text, 1)
    first = analyzer.diagnostics(doc)
    assert not doc.parsed.diagnostics

    import pwib_dsl.syntax.parser as parser_module

    full = []
    monkeypatch.setattr(parser_module, "parse", lambda source: full.append(source.path) or parse(source))
    title = next(line for line in text.splitlines() if line.strip().startswith("step "))
    edited = text.replace(title, title.replace('"', '"Nieuw: ', 1), 1)
    store.update(doc.uri, edited, 2)
    again = analyzer.diagnostics(doc)
    assert full == [], "the block alone was parsed"
    assert [d.code for d in again] == [d.code for d in first]
    from pwib_dsl.source import SourceFile

    assert doc.parsed.file == parse(SourceFile(doc.source.path, edited)).file


# ---------------------------------------------------------------- conversion


def _doc(tmp_path, text):
    store = Store()
    path = tmp_path / "x.blueprint"
    path.write_text(text, encoding="utf-8")
    return store, store.open(path_to_uri(path), text, 1)


@pytest.mark.parametrize("encoding, start, end", [("utf-16", 16, 20), ("utf-8", 19, 23), ("utf-32", 15, 19)])
def test_ranges_use_the_negotiated_encoding(tmp_path, encoding, start, end):
    text = 'step a "😀 é" { next nope }\n'
    store, doc = _doc(tmp_path, text)
    offset = text.index("next")
    span = doc.source.span(offset, offset + 4)
    d = Diagnostic("PB501", Severity.ERROR, "m", Label(doc.source.path, span))
    [lsp] = lsp_diags.convert([d], doc, store, encoding)
    assert (lsp.range.start.character, lsp.range.end.character) == (start, end)
    assert lsp.range.start.line == 0


def test_diagnostic_without_span_or_in_another_file_sits_at_the_start(tmp_path):
    store, doc = _doc(tmp_path, 'blueprint b "B" {\n  end e "E"\n}\n')
    toml = tmp_path / "pwib.toml"
    toml.write_text('lang = "xx"\n', encoding="utf-8")
    no_span = Diagnostic("PB010", Severity.ERROR, "cannot read", Label(doc.source.path, NO_SPAN))
    elsewhere = Diagnostic(
        "PB110", Severity.ERROR, "bad lang", Label(str(toml), Span_of(toml, 0, 4), "here"),
    )
    no_label = Diagnostic("PB011", Severity.WARNING, "nothing")
    converted = lsp_diags.convert([no_span, elsewhere, no_label], doc, store, "utf-16")
    zero = T.Range(start=T.Position(line=0, character=0), end=T.Position(line=0, character=0))
    assert all(c.range == zero for c in converted)
    [related] = converted[1].related_information
    assert related.location.uri == path_to_uri(toml)
    assert related.location.range.end.character == 4
    assert related.message == "here"
    assert converted[2].severity == T.DiagnosticSeverity.Warning


def Span_of(path: Path, start: int, end: int):
    from pwib_dsl.source import SourceFile

    return SourceFile(str(path), path.read_text(encoding="utf-8")).span(start, end)


def test_message_tags_and_suggestions(tmp_path):
    text = "use pwib\n"
    store, doc = _doc(tmp_path, text)
    span = doc.source.span(0, 8)
    d = Diagnostic(
        "PB112", Severity.WARNING, "module `pwib` is used but nothing of it is referenced",
        Label(doc.source.path, span, "unused"), notes=("a note",), help="remove this line",
        suggestions=(Suggestion(doc.source.path, span, "", "remove the line"),),
    )
    [lsp] = lsp_diags.convert([d], doc, store, "utf-16")
    assert lsp.message == "module `pwib` is used but nothing of it is referenced\nnote: a note\nhelp: remove this line"
    assert lsp.tags == [T.DiagnosticTag.Unnecessary]
    assert lsp.code == "PB112" and lsp.source == "pwib"
    [s] = lsp.data["suggestions"]
    assert s == {
        "title": "remove the line", "uri": doc.uri, "newText": "",
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 8}},
    }


BROKEN_DECISION = """\
use wet

blueprint c "C" {
  decision besluit "Recht op bijstand?" {
    optie ja "Ja" -> toekennen
    optie nee "Nee" -> klaar
  }
  step toekennen "Toekennen" {
    backstage "Kent toe"
    system zaken
    next klaar
  }
  end klaar "Klaar"
}
"""


def test_no_absence_checks_in_a_file_with_syntax_errors(tmp_path, monkeypatch):
    """The misspelt `optie` lines are reported; the decision "without branches or legal basis"
    and the step nothing reaches are consequences of skipping them, and wait for the fix."""
    write(tmp_path, {"c.blueprint": BROKEN_DECISION})
    monkeypatch.chdir(tmp_path)
    expected = compile_paths(["c.blueprint"]).diagnostics
    assert [d.code for d in expected] == ["PB005", "PB005", "PB301"]
    assert [key(d) for d in server_diagnostics(tmp_path, "c.blueprint")] == [key(d) for d in expected]
    fixed = BROKEN_DECISION.replace('optie ja "Ja"', 'when "Ja"').replace('optie nee "Nee"', 'otherwise')
    (tmp_path / "c.blueprint").write_text(fixed, encoding="utf-8")
    codes = [d.code for d in compile_paths(["c.blueprint"]).diagnostics]
    assert "PB201" in codes and "PB301" in codes and "PB005" not in codes
