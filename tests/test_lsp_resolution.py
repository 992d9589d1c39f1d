"""The language server names what ``pwib check`` resolved, because it reads the same record.

For every example and standard-library file, every reference ``compile_paths([FILE])``
recorded (:mod:`pwib_dsl.sema.resolution`) is looked up in the server at the place it is
written; the declaration the server goes to must be the one the compile recorded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pwib_dsl import resources
from pwib_dsl.driver import compile_paths
from pwib_dsl.lsp.targets import Resolver
from pwib_dsl.lsp.store import Store, path_to_uri

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "examples").rglob("*.blueprint")) + sorted((ROOT / "stdlib").glob("*.blueprint"))


def where(file: str) -> Path:
    if file.startswith("<stdlib>/"):
        return (resources.stdlib_dir() / file[len("<stdlib>/"):]).resolve()
    return Path(file).resolve()


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_every_reference_goes_where_the_compiler_resolved_it(path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = compile_paths([path.relative_to(ROOT)])
    (shown,) = result.sources
    recorded = [r for r in result.resolution.references if r.file == shown]
    store = Store()
    store.set_folders([path.parent])
    doc = store.open(path_to_uri(path), path.read_text(encoding="utf-8"), 1)
    resolver = Resolver(store)
    got, expected = [], []
    for ref in recorded:
        t = ref.target
        expected.append((ref.span.start, where(t.file), t.span.start, t.span.end, t.kind))
        targets = resolver.targets_at(doc, ref.span.end - 1)
        assert len(targets) == 1, f"{shown}:{ref.span.line}:{ref.span.col}: {len(targets)} targets"
        target = targets[0]
        span = target.decl.span
        got.append((ref.span.start, target.doc.path.resolve(), span.start, span.end, target.decl.kind))
    assert got == expected
    if path.parent.name == "schulden" and path.name == "aanmelding.blueprint":
        kinds = {r.target.kind for r in recorded}
        assert {"law", "article", "module", "actor", "system", "step"} <= kinds  # a real workout


def test_a_file_with_syntax_errors_still_navigates(monkeypatch):
    """The broken file is compiled from its recovered tree; what still resolves is recorded,
    and the names around the error lead where they led in the clean text."""
    monkeypatch.chdir(ROOT)
    path = ROOT / "examples" / "schulden" / "aanmelding.blueprint"
    text = path.read_text(encoding="utf-8")
    clean = compile_paths([path.relative_to(ROOT)])
    (shown,) = clean.sources
    first = next(r for r in clean.resolution.references if r.file == shown and r.target.kind == "law")
    cut = text.rindex("\n}")  # a broken line at the end of the last blueprint, after the reference
    broken = text[:cut] + "\n  step ???\n" + text[cut:]
    store = Store()
    store.set_folders([path.parent])
    doc = store.open(path_to_uri(path), broken, 1)
    assert not doc.parsed.ok
    (target,) = Resolver(store).targets_at(doc, first.span.end - 1)
    assert (target.doc.path.resolve(), target.decl.span.start) == (where(first.target.file), first.target.span.start)
    assert doc.recorded is not None and doc.recorded[0] == broken  # read from the compile's record
    assert (first.span.start, first.span.end) in doc.recorded[1].in_file(doc.source.path)


KINDS = (("law",), ("measure",), ("tile",), ("role",), ("component", "facility"), ("system",), ("actor",),
         ("organisation",), ("actor", "organisation"))


@pytest.mark.parametrize("path", FILES[:: max(1, len(FILES) // 8)], ids=lambda p: p.name)
def test_the_names_completion_offers_are_the_names_the_compiler_resolves(path, monkeypatch):
    """Completion offers the names of the compile (:class:`pwib_dsl.sema.names.Names`); each
    one offered without adding a ``use`` line resolves, by the compiler's own lookup, to the
    declaration offered, and each one needing a ``use`` line does not resolve yet."""
    monkeypatch.chdir(ROOT)
    result = compile_paths([path.relative_to(ROOT)])
    (shown,) = result.sources
    names = result.names
    offered = 0
    for kinds in KINDS:
        for v in names.visible(shown, kinds):
            found = names.lookup(shown, v.text, kinds)
            if v.add_use is None:
                assert found == v.target, (v.text, kinds)
                offered += 1
            else:
                assert found is None, (v.text, kinds)
    assert offered or not names.uses(shown)
