"""Content tests of the programme's example blueprints (``examples/**/*.blueprint``).

The examples are work products municipalities see, so these tests check what they say, not only
that they parse: every tile of the debt landscape has its journey, the Master-Klantreis strings
the tile journeys together in tile order and forks where the route forks, every Participatiewet
journey implements a measure, marks the steps it changes and cites the article it changes, and
the whole folder compiles without errors or warnings (``pwib check --strict examples``).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pwib_dsl.fmt import format_source
from pwib_dsl.resources import stdlib_dir
from pwib_dsl.source import SourceFile
from pwib_dsl.surface import nodes as n
from pwib_dsl.syntax.parser import parse_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCHULDEN = EXAMPLES / "schulden"
PW = EXAMPLES / "participatiewet"
MASTER = "master-klantreis"
#: The national examples; the municipalities in gemeenten/ are workspaces of their own
#: (tests/test_examples_gemeenten.py).
FILES = sorted(p for p in EXAMPLES.rglob("*.blueprint") if "gemeenten" not in p.relative_to(EXAMPLES).parts)
LANES = ("evidence", "customer", "frontstage", "backstage", "support")
#: Journeys in which no statutory term applies, so they have no `deadline`.
NO_STATUTORY_TERM = {"preventie", "bijstand-giften"}


def _rel(path: Path) -> str:
    return path.relative_to(EXAMPLES).as_posix()


def _parse(path: Path) -> n.File:
    result = parse_text(path.read_text(encoding="utf-8"), _rel(path))
    assert result.diagnostics == (), f"{_rel(path)}: {[d.message for d in result.diagnostics]}"
    assert result.file is not None
    return result.file


@pytest.fixture(scope="module")
def blueprints() -> dict[str, tuple[str, n.Blueprint]]:
    """Every example blueprint by name, with the file it is in."""
    out: dict[str, tuple[str, n.Blueprint]] = {}
    for path in FILES:
        for bp in _parse(path).blueprints:
            assert bp.name.text not in out, f"blueprint `{bp.name.text}` declared twice"
            out[bp.name.text] = (_rel(path), bp)
    return out


@pytest.fixture(scope="module")
def tiles() -> dict[str, n.Tile]:
    path = stdlib_dir() / "schuldenlandschap.blueprint"
    file = parse_text(path.read_text(encoding="utf-8"), str(path)).file
    assert file is not None
    return {t.name.text: t for t in file.items if isinstance(t, n.Tile)}


def _field(decl, cls):
    return [i for i in decl.items if isinstance(i, cls)]


def _leaf_tiles_in_order(tiles: dict[str, n.Tile]) -> list[str]:
    """Top-level tiles by `order`, each parent replaced by its sub-tiles by `order`."""

    def order(t: n.Tile) -> int:
        return _field(t, n.OrderField)[0].number

    def parent(t: n.Tile) -> str | None:
        found = _field(t, n.ParentField)
        return found[0].ref.parts[-1] if found else None

    def expand(name: str) -> list[str]:
        kids = sorted((t for t in tiles.values() if parent(t) == name), key=order)
        return [leaf for kid in kids for leaf in expand(kid.name.text)] if kids else [name]

    top = sorted((t for t in tiles.values() if parent(t) is None), key=order)
    return [leaf for t in top for leaf in expand(t.name.text)]


def _tile_of(bp: n.Blueprint) -> str | None:
    found = _field(bp, n.TileField)
    return found[0].ref.parts[-1] if found else None


def _nodes(bp: n.Blueprint) -> list:
    return [node for _phase, node in bp.flow_nodes()]


def _items(bp: n.Blueprint, cls) -> list:
    return [item for node in _nodes(bp) for item in node.items if isinstance(item, cls)]


# ---------------------------------------------------------------- syntax and form


def test_there_are_examples():
    assert len(list(SCHULDEN.glob("*.blueprint"))) >= 10
    assert len(list(PW.glob("*.blueprint"))) >= 5


@pytest.mark.parametrize("path", FILES, ids=_rel)
def test_example_parses_without_diagnostics(path):
    _parse(path)


@pytest.mark.parametrize("path", FILES, ids=_rel)
def test_example_is_in_canonical_form(path):
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n"), "exactly one final newline"
    assert "\n\n\n" not in text, "at most one blank line in a row"
    for number, line in enumerate(text.split("\n"), 1):
        assert line == line.rstrip(), f"line {number}: trailing whitespace"
        indent = len(line) - len(line.lstrip(" "))
        assert "\t" not in line[:indent + 1] and indent % 2 == 0, f"line {number}: two-space indentation"
    formatted = format_source(SourceFile(_rel(path), text))
    assert formatted.ok, formatted.diagnostics
    assert formatted.text == text, "`pwib fmt` would change this file"


# ---------------------------------------------------------------- every blueprint


def test_every_blueprint_is_a_full_journey(blueprints):
    for name, (path, bp) in blueprints.items():
        where = f"{path}: {name}"
        for cls in (n.VersionField, n.StatusField, n.OwnerField, n.DescriptionField):
            assert len(_field(bp, cls)) == 1, f"{where}: needs one {cls.__name__}"
        assert _field(bp, n.StatusField)[0].status.text == "concept", where
        phases = _field(bp, n.Phase)
        assert len(phases) >= 3, f"{where}: at least three phases"
        assert all(p.nodes for p in phases), f"{where}: an empty phase"
        nodes = _nodes(bp)
        assert any(isinstance(x, n.Decision) for x in nodes), f"{where}: no decision"
        assert any(isinstance(x, n.End) for x in nodes), f"{where}: no end"
        assert sum(isinstance(x, n.Step) for x in nodes) >= 4, f"{where}: fewer than four steps"
        # Every declared actor takes part in some lane.
        acting = {e.actor.text for e in _items(bp, n.LaneEntry) if e.actor is not None}
        for actor in _field(bp, n.ActorDecl):
            assert actor.name.text in acting, f"{where}: actor `{actor.name.text}` never acts"


def test_every_decision_has_a_legal_basis_and_two_ways_out(blueprints):
    for name, (path, bp) in blueprints.items():
        for node in _nodes(bp):
            if not isinstance(node, n.Decision):
                continue
            where = f"{path}: decision `{node.name.text}`"
            assert _field(node, n.LegalRef), f"{where}: no `legal`"
            ways = len(_field(node, n.Branch)) + len(_field(node, n.Otherwise))
            assert ways >= 2, f"{where}: fewer than two branches"


def test_formal_outcomes_cite_law(blueprints):
    outcomes = 0
    for name, (path, bp) in blueprints.items():
        for node in _nodes(bp):
            if any(o.kind.text == "beschikking" for o in _field(node, n.Outcome)):
                outcomes += 1
                assert _field(node, n.LegalRef), f"{path}: `{node.name.text}` decides without a `legal`"
    assert outcomes >= 10


def test_steps_carry_the_lanes_and_layers_of_a_service_blueprint(blueprints):
    for name, (path, bp) in blueprints.items():
        if name == MASTER:
            continue  # the master journey describes hand-overs; its tiles carry the detail
        lanes = {e.lane for e in _items(bp, n.LaneEntry)}
        assert lanes == set(LANES), f"{path}: lanes used {sorted(lanes)}"
        layers = {t.layer for t in _items(bp, n.TextLayer)}
        for layer in ("policy", "toolkit", "pain", "opportunity", "kpi", "note"):
            assert layer in layers, f"{path}: no `{layer}`"
        assert _items(bp, n.Communication), f"{path}: no `communication`"
        assert _items(bp, n.SystemUse), f"{path}: no `system` use"
        if name not in NO_STATUTORY_TERM:
            assert _items(bp, n.Deadline), f"{path}: no `deadline`"
        emotions = [e.value for e in _items(bp, n.Emotion)]
        assert len(emotions) >= 3 and all(-2 <= v <= 2 for v in emotions), f"{path}: emotions {emotions}"


def test_declared_systems_are_used_and_used_systems_declared(blueprints):
    for name, (path, bp) in blueprints.items():
        declared = {s.name.text for s in _field(bp, n.SystemDecl)}
        used = {u.ref.dotted for u in _items(bp, n.SystemUse)}
        assert declared == used, f"{path}: declared {sorted(declared)} used {sorted(used)}"


def test_only_the_master_journey_carries_out_other_blueprints(blueprints):
    # A blueprint with `journey` steps counts as a master journey in the model and on the site.
    for name, (path, bp) in blueprints.items():
        journeys = _items(bp, n.Journey)
        assert bool(journeys) == (name == MASTER), f"{path}: `journey` outside the master journey"
        for j in journeys:
            assert j.ref.parts[-1] in blueprints, f"{path}: journey `{j.ref.dotted}`"


# ---------------------------------------------------------------- schulden: tiles and master journey


def test_each_tile_has_exactly_one_journey(blueprints, tiles):
    leaves = _leaf_tiles_in_order(tiles)
    assert leaves[:2] == ["preventie", "vroegsignalering"] and leaves[-1] == "nazorg"
    by_tile: dict[str, list[str]] = {}
    for name, (path, bp) in blueprints.items():
        tile = _tile_of(bp)
        if tile is not None:
            assert path.startswith("schulden/"), f"{path}: a tile journey outside examples/schulden"
            assert tile in tiles, f"{path}: unknown tile `{tile}`"
            by_tile.setdefault(tile, []).append(name)
    for leaf in leaves:
        assert len(by_tile.get(leaf, [])) == 1, f"tile `{leaf}`: journeys {by_tile.get(leaf)}"
    # A parent tile (toegang) is covered by the journeys of its sub-tiles, not by one of its own.
    assert set(by_tile) == set(leaves)
    # Every schulden file except the master journey belongs to a tile.
    for path in SCHULDEN.glob("*.blueprint"):
        for bp in _parse(path).blueprints:
            assert (_tile_of(bp) is None) == (bp.name.text == MASTER), _rel(path)


def test_master_journey_strings_the_tiles_in_order(blueprints, tiles):
    path, master = blueprints[MASTER]
    assert path == "schulden/master-klantreis.blueprint"
    tile_of = {name: _tile_of(bp) for name, (_p, bp) in blueprints.items()}
    carried = [j.ref.parts[-1] for j in _items(master, n.Journey)]
    assert [tile_of[name] for name in carried] == _leaf_tiles_in_order(tiles)
    for node in _nodes(master):
        if _field(node, n.Journey):
            assert isinstance(node, n.Step), f"`{node.name.text}` carries out a tile but is no step"
            lanes = {e.lane for e in _field(node, n.LaneEntry)}
            assert lanes & {"frontstage", "backstage"}, f"`{node.name.text}`: no hand-over described"


def _branches(bp: n.Blueprint) -> dict[str, set[str]]:
    out = {}
    for node in _nodes(bp):
        if isinstance(node, n.Decision):
            out[node.name.text] = {b.target.text for b in node.items if isinstance(b, (n.Branch, n.Otherwise))}
    return out


def test_master_journey_forks_where_the_route_forks(blueprints):
    _path, master = blueprints[MASTER]
    steps = {node.name.text: node for node in _nodes(master)}
    target_tile = {}
    for node in steps.values():
        for j in _field(node, n.Journey):
            target_tile[node.name.text] = j.ref.parts[-1]
    forks = [{target_tile.get(t) for t in targets} for targets in _branches(master).values()]
    assert any({"crisisinterventie", "intake"} <= f for f in forks), "no fork crisis vs regular intake"
    assert any({"wsnp", "nazorg"} <= f for f in forks), "no fork minnelijk succeeded vs Wsnp"
    assert sum(isinstance(x, n.End) for x in steps.values()) >= 3


def test_tile_journeys_cite_the_debt_laws(blueprints):
    cited: dict[str, set[str]] = {}
    for name, (path, bp) in blueprints.items():
        if path.startswith("schulden/"):
            laws = {ref.target.law.parts[-1] for ref in _items(bp, n.LegalRef)}
            assert laws & {"wgs", "fw"}, f"{path}: cites neither the Wgs nor the Faillissementswet"
            cited[name] = {f"{r.target.law.parts[-1]} {r.target.article.text}" for r in _items(bp, n.LegalRef)}
    assert "wgs 3" in cited["vroegsignalering"]
    assert {"wgs 4", "wgs 5"} <= cited["crisisinterventie"]
    assert {"wgs 4", "wgs 4a"} <= cited["intake"]
    assert {"fw 287a", "fw 287b"} <= cited["schuldregeling"]
    assert {"fw 284", "fw 285"} <= cited["wsnp"]


def _catalogue_articles() -> dict[str, set[str]]:
    """Each law of the `wet` catalogue with the numbers of the articles it lists."""
    path = stdlib_dir() / "wet.blueprint"
    file = parse_text(path.read_text(encoding="utf-8"), str(path)).file
    assert file is not None
    return {law.name.text: {a.number.text for a in law.articles} for law in file.items if isinstance(law, n.Law)}


def test_every_legal_line_cites_an_article_the_catalogue_lists(blueprints):
    """The standing guard: a `legal` line names a law of the catalogue and one of its listed articles."""
    articles = _catalogue_articles()
    unresolved = []
    count = 0
    for name, (path, bp) in blueprints.items():
        for ref in _items(bp, n.LegalRef):
            count += 1
            law, number = ref.target.law.parts[-1], ref.target.article.text
            if number not in articles.get(law, set()):
                unresolved.append(f"{path}:{ref.span.line}: {law} art {number}")
    assert unresolved == []
    assert count > 250


def test_the_audited_example_errors_stay_fixed(blueprints):
    """The legal errors the review of December 2026 found in the examples (audit §5) stay fixed."""

    def cited(name: str) -> set[str]:
        out = set()
        for ref in _items(blueprints[name][1], n.LegalRef):
            t = ref.target
            out.add(" ".join(
                [t.law.parts[-1], t.article.text]
                + ([f"lid {t.lid.text}"] if t.lid else [])
                + ([f"onderdeel {t.onderdeel.text}"] if t.onderdeel else [])
            ))
        return out

    def texts(name: str) -> str:
        bp = blueprints[name][1]
        return " ".join(
            [x.text.value for x in _items(bp, (n.LaneEntry, n.TextLayer)) if getattr(x, "text", None)]
            + [r.note.value for r in _items(bp, n.LegalRef) if r.note]
            + [b.label.value for b in _items(bp, n.Branch)]
        )

    # 1, 2: the dwangakkoord and the moratorium are asked in the Wsnp petition; the general
    # freeze of the minnelijk traject is the Wgs afkoelingsperiode.
    assert {"fw 287a lid 1", "fw 287a lid 7", "fw 287a lid 8", "fw 284 lid 1", "fw 287b lid 2"} <= cited("schuldregeling")
    assert "zodat schuldeisers niet kunnen incasseren" not in texts("schuldregeling")
    assert "Wgs art. 5" in texts("schuldregeling")
    assert "fw 287a lid 8" in cited(MASTER)
    # 3: only voedselbank contributions are fully free; gifts above the limit may be disregarded.
    assert {"pw 18 lid 8", "pw 31 lid 2 onderdeel s", "pw 39 lid 1"} <= cited("bijstand-giften")
    # 4, 5: the UWV registration and the exceptions to the search period.
    assert {"pw 44 lid 2", "pw 41 lid 1", "pw 41 lid 5"} <= cited("bijstand-direct-aanvragen")
    assert "medisch urenbeperkt" in texts("bijstand-direct-aanvragen")
    # 6, 7: the Wsnp articles, the 285-verklaring and the missing steps.
    assert {
        "fw 288 lid 1", "fw 287 lid 3", "fw 287 lid 5", "fw 287 lid 6", "fw 299 lid 2", "fw 301",
        "fw 295 lid 2", "fw 304", "fw 305", "fw 284 lid 3", "fw 285 lid 1 onderdeel f",
    } <= cited("wsnp")
    assert "wgs 3a" not in cited("wsnp")
    # 8: prevention rests on the plan (Wgs art. 2 lid 3), not on the definition of art. 1.
    assert "wgs 2 lid 3" in cited("preventie") and "wgs 1" not in cited("preventie")
    # 9: the afkoelingsperiode blocks recourse and claiming goods, not eviction or cut-off.
    assert "niet tot ontruiming, afsluiting of beslag" not in texts("crisisinterventie")
    assert "wgs 5 lid 1" in cited("crisisinterventie")
    # 10: the 4 weeks after a signal run from its receipt by the college.
    assert "wgs 4 lid 1 onderdeel b" in cited("vroegsignalering")
    assert "na acceptatie van het signaal" not in texts("vroegsignalering")
    # 12: not refusing after earlier help is policy, not the content of Wgs art. 3.
    for name in ("nazorg", MASTER):
        assert "wgs 3 lid 2" in cited(name), name
    # 13 and the toegang branch: objection with Awb 7:2 and 7:10; withdrawing in the first talk.
    assert {"awb 7:2", "awb 7:10 lid 1", "wgs 4a lid 2"} <= cited("intake")
    # The historic GEMMA 1 names are no current systems in any example.
    historic = {"budgetadvies-en-schuldbemiddeling", "wwb-ondersteuning", "re-integratie-en-werkzoekendenadministratie"}
    for name, (path, bp) in blueprints.items():
        for system in _field(bp, n.SystemDecl):
            alias = system.alias
            assert alias is None or alias.parts[-1] not in historic, f"{path}: system `{system.name.text}`"


def test_crisis_deadline_is_three_workdays(blueprints):
    _path, bp = blueprints["crisisinterventie"]
    deadlines = {(d.amount, d.unit) for d in _items(bp, n.Deadline)}
    assert (3, "workdays") in deadlines


# ---------------------------------------------------------------- participatiewet: measures


def _target(t: n.LegalTarget) -> tuple[str, str, str | None, str | None]:
    return (
        t.law.parts[-1], t.article.text,
        t.lid.text if t.lid else None, t.onderdeel.text if t.onderdeel else None,
    )


def _changes(measure: str) -> set[tuple[str, str, str | None, str | None]]:
    """(law, article, lid, onderdeel) of what a stdlib measure says it changes."""
    path = stdlib_dir() / "pwib.blueprint"
    file = parse_text(path.read_text(encoding="utf-8"), str(path)).file
    assert file is not None
    for m in file.items:
        if isinstance(m, n.Measure) and m.name.text == measure:
            return {_target(c.target) for c in _field(m, n.ChangesField)}
    raise AssertionError(f"no measure `{measure}` in stdlib/pwib.blueprint")


def test_participatiewet_journeys_implement_and_mark_their_measures(blueprints):
    implemented_anywhere = set()
    for name, (path, bp) in blueprints.items():
        if not path.startswith("participatiewet/"):
            continue
        assert _tile_of(bp) is None, path
        implements = [i.ref.parts[-1] for i in _field(bp, n.ImplementsField)]
        assert implements, f"{path}: implements no measure"
        assert all(i.ref.parts[0] == "pwib" for i in _field(bp, n.ImplementsField)), path
        implemented_anywhere.update(implements)
        pw_refs = [r for r in _items(bp, n.LegalRef) if r.target.law.parts[-1] == "pw"]
        assert pw_refs, f"{path}: no `legal pw art …`"
        marked = [node for node in _nodes(bp) if _field(node, n.MeasureUse)]
        assert marked, f"{path}: no step marked with `measure`"
        for node in marked:
            for use in _field(node, n.MeasureUse):
                assert use.ref.parts[-1] in implements, f"{path}: `{node.name.text}` marks an unimplemented measure"
        for measure in implements:
            steps = [x for x in marked if any(u.ref.parts[-1] == measure for u in _field(x, n.MeasureUse))]
            assert steps, f"{path}: no step marked with `measure pwib.{measure}`"
            cited = {_target(r.target) for x in steps for r in _field(x, n.LegalRef)}
            changed = _changes(measure)
            assert changed & cited, f"{path}: steps of `{measure}` cite none of {sorted(changed)}"
    assert {
        "direct-aanvragen", "zoektermijn-jongeren", "terugwerkende-kracht",
        "bevoorschotting", "giftenvrijlating", "herhaalde-aanvraag",
    } <= implemented_anywhere


def test_retroactive_start_stays_within_three_months(blueprints):
    _path, bp = blueprints["bijstand-terugwerkende-kracht"]
    for node in _nodes(bp):
        if any(u.ref.parts[-1] == "terugwerkende-kracht" for u in _field(node, n.MeasureUse)):
            for d in _field(node, n.Deadline):
                assert (d.amount, d.unit) in {(3, "months"), (12, "weeks")}, node.name.text


def test_uncertain_facts_are_marked(blueprints):
    """Facts the research could not confirm are flagged in a `note` where they are used."""
    notes = {name: " ".join(t.text.value for t in _items(bp, n.TextLayer) if t.layer == "note")
             for name, (_p, bp) in blueprints.items()}
    assert "1.200 euro per kalenderjaar" in notes["bijstand-giften"]
    assert "DigiD" in notes["aanmelding"]
    assert "NVVK" in notes["schuldregeling"]
    assert re.search(r"[Mm]ijlpalen 6 tot en met 8", notes[MASTER])


# ---------------------------------------------------------------- documentation and compilation


def test_readme_tours_every_example(blueprints):
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for path in FILES:
        assert f"`{_rel(path)}`" in readme, f"README does not mention {_rel(path)}"
    for name in blueprints:
        assert f"`{name}`" in readme, f"README does not mention blueprint {name}"


def test_examples_compile_without_errors_or_warnings(blueprints):
    from pwib_dsl.driver import compile_paths

    result = compile_paths([EXAMPLES])
    failing = [
        f"{d.primary.file}:{d.primary.span.line}: {d.code} {d.message}" if d.primary else f"{d.code} {d.message}"
        for d in result.diagnostics
        if d.severity.value in ("error", "warning")
    ]
    assert failing == []
    assert result.workspace is not None
    compiled = {bp.id: bp for bp in result.workspace.blueprints}
    assert set(compiled) == set(blueprints)
    # Names resolve to the catalogue: tiles, measures and the master's tile journeys.
    for name, (_path, bp) in blueprints.items():
        tile = _tile_of(bp)
        assert compiled[name].tile == (f"schuldenlandschap.{tile}" if tile else None), name
        assert compiled[name].implements == tuple(
            f"pwib.{i.ref.parts[-1]}" for i in _field(bp, n.ImplementsField)
        ), name
    master = compiled[MASTER]
    assert master.is_master
    assert [x.journey for x in master.nodes if x.journey] == [
        x.ref.parts[-1] for x in _items(blueprints[MASTER][1], n.Journey)
    ]
    assert [bp.id for bp in compiled.values() if bp.is_master] == [MASTER]


def test_readme_example_checks_clean_and_its_error_is_real(tmp_path):
    """The blueprint in README.md compiles with --strict, and the error shown for it is the real one."""
    from pwib_dsl.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (source,) = re.findall(r"```blueprint\n(.*?)```", readme, re.S)
    good = tmp_path / "good" / "aanmelding.blueprint"
    good.parent.mkdir()
    good.write_text(source, encoding="utf-8")
    assert main(["check", "--strict", str(good)]) == 0
    shown = re.search(r"```text\n\$ pwib check aanmelding.blueprint\n(.*?)```", readme, re.S).group(1)
    bad = tmp_path / "aanmelding.blueprint"
    bad.write_text(source.replace("    legal wgs art 4\n    next gesprek", "    legel wgs art 4\n    next gesprek"), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "pwib_dsl", "check", "--color", "never", "aanmelding.blueprint"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout.strip() == shown.strip()
