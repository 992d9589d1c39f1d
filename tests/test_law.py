"""Law over time: importing real law versions, citations read at a date, and `pwib impact`.

The law texts are real excerpts of MinBZK's regelrecht-corpus (see tests/data/law/README.md):
two Wgs versions where art. 7 lid 2 changed (identification: 1° to 3° became 1° to 4°) and two
Pw versions around the Participatiewet in balans (art. 52 lid 2: the advance went from 90% to
95%). For each, one blueprint cites the changed article and one does not (for the Pw: it cites
lid 1 of the same article, which did not change); the impact report must name exactly the first.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pwib_dsl.driver import compile_paths
from pwib_dsl.law import store as law_store
from pwib_dsl.law.importer import import_files, read_file

DATA = Path(__file__).parent / "data" / "law"
FILES = sorted(DATA.glob("*.yaml"))


def pwib(*args, cwd):
    proc = subprocess.run([sys.executable, "-m", "pwib_dsl", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "NO_COLOR": "1"})
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def snapshot(name):
    snap, diag = read_file(DATA / name, name)
    assert diag is None, diag
    return snap


# ---------------------------------------------------------------- reading and importing


def test_both_regelrecht_layouts_give_the_same_articles():
    old, new = snapshot("wgs-2022-01-01.yaml"), snapshot("wgs-2026-01-01.yaml")
    assert (old.bwb, old.valid_from, new.valid_from) == ("BWBR0031331", "2022-01-01", "2026-01-01")
    assert [a.number for a in old.articles] == [a.number for a in new.articles] == ["3", "4", "4a", "6", "7"]
    for a, b in zip(old.articles, new.articles):
        assert [lid.number for lid in a.leden] == [lid.number for lid in b.leden]
        if a.number != "7":
            assert a.hash == b.hash, a.number  # reflowed lines and link markup do not count
    o7, n7 = old.article("7"), new.article("7")
    assert [(x.number, x.hash == y.hash) for x, y in zip(o7.leden, n7.leden)] == [("1", True), ("2", False), ("3", True)]
    assert "1° tot en met 3°" in o7.lid("2").text and "1° tot en met 4°" in n7.lid("2").text
    assert "[ref1]" not in n7.text and "https://" not in n7.text
    assert old.article("6").leden == ()  # an article without leden
    assert ("BWBR0006297", "1") in {(r.bwb, r.article) for r in n7.references}


def test_pw_advance_changed_from_90_to_95_percent():
    old, new = snapshot("pw-2025-01-01.yaml"), snapshot("pw-2026-01-01.yaml")
    assert "90%" in old.article("52").lid("2").text and "95%" in new.article("52").lid("2").text
    assert old.article("53").hash == new.article("53").hash
    assert old.article("52").lid("1").hash == new.article("52").lid("1").hash


def test_import_writes_one_canonical_snapshot_per_version(tmp_path):
    result = import_files(FILES, [f.name for f in FILES], tmp_path / "law", partial=True)
    assert result.diagnostics == ()
    written = sorted(p.relative_to(tmp_path).as_posix() for p in result.written)
    assert written == [
        "law/BWBR0015703/2025-01-01.json", "law/BWBR0015703/2026-01-01.json",
        "law/BWBR0031331/2022-01-01.json", "law/BWBR0031331/2026-01-01.json",
    ]
    store = law_store.Store.open(tmp_path / "law")
    assert store.versions["BWBR0031331"] == ["2022-01-01", "2026-01-01"]
    assert store.in_force("BWBR0031331", "2025-12-31") == "2022-01-01"
    assert store.in_force("BWBR0031331", "2026-01-01") == "2026-01-01"
    assert store.in_force("BWBR0031331", "2021-12-31") is None
    again = store.get("BWBR0031331", "2026-01-01")
    import attrs

    assert again == attrs.evolve(snapshot("wgs-2026-01-01.yaml"), partial=True)  # a faithful round trip
    assert (tmp_path / written[0]).read_bytes() == law_store.dump(store.get("BWBR0015703", "2025-01-01"))


def test_examples_snapshots_are_the_imported_excerpts(repo_root, tmp_path):
    result = import_files(FILES, [f.name for f in FILES], tmp_path, partial=True)
    for path in result.written:
        rel = path.relative_to(tmp_path)
        assert (repo_root / "examples" / "law" / rel).read_bytes() == path.read_bytes(), rel


@pytest.mark.parametrize(
    "text, needle",
    [
        ("bwb_id: BWBR0031331\nvalid_from: '2026-01-01'\narticles: [\n", "not valid YAML"),
        ("bwb_id: BWBR0031331\narticles:\n  - number: '1'\n    text: x\n", "has no `valid_from`"),
        ("bwb_id: BWBR123\nvalid_from: '2026-01-01'\narticles:\n  - number: '1'\n    text: x\n", "BWB identifier"),
        ("bwb_id: BWBR0031331\nvalid_from: '2026-01-01'\narticles: []\n", "no `articles`"),
        ("bwb_id: BWBR0031331\nvalid_from: '2026-01-01'\narticles:\n  - number: '1'\n", "entry 1 has no"),
        ("bwb_id: BWBR0031331\nvalid_from: 1 januari\narticles:\n  - number: '1'\n    text: x\n", "date YYYY-MM-DD"),
    ],
)
def test_bad_law_files_are_diagnostics(tmp_path, text, needle):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    snap, diag = read_file(bad, "bad.yaml")
    assert snap is None and diag.code == "PB020" and needle in diag.message, diag


def test_import_is_all_or_nothing(tmp_path):
    (tmp_path / "x.yaml").write_text("bwb_id: BWBR0031331\narticles: [", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("no law", encoding="utf-8")
    shutil.copy(DATA / "wgs-2022-01-01.yaml", tmp_path)
    proc = pwib("law", "import", "wgs-2022-01-01.yaml", "x.yaml", "notes.txt", "missing.yaml", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.count("error[PB020]") == 3 and "x.yaml:2:" in proc.stderr
    assert "nothing written" in proc.stderr
    assert not (tmp_path / "law").exists()
    proc = pwib("law", "import", "wgs-2022-01-01.yaml", cwd=tmp_path)
    assert proc.returncode == 0 and (tmp_path / "law" / "BWBR0031331" / "2022-01-01.json").is_file()
    assert not list((tmp_path / "law").rglob("*.tmp"))


def test_import_into_the_folder_pwib_toml_names(tmp_path):
    (tmp_path / "pwib.toml").write_text('[law]\nsnapshots = "wetten"\n', encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    proc = pwib("law", "import", str(DATA / "pw-2026-01-01.yaml"), cwd=sub)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "wetten" / "BWBR0015703" / "2026-01-01.json").is_file()


# ---------------------------------------------------------------- the workspaces of the tests

WGS_CHANGED = """\
use wet
use pwib
blueprint identificatie "Identiteit vaststellen" {
  step vaststellen "Identiteit vaststellen" {
    frontstage "Controleert paspoort, identiteitskaart of rijbewijs"
    legal wgs art 7 lid 2
    measure pwib.wgs-identificatie
    communication brief "Neem een identiteitsbewijs of rijbewijs mee"
  }
  end klaar "Klaar"
}
"""
WGS_UNCHANGED = """\
use wet
blueprint gesprek "Eerste gesprek" {
  step gesprek "Eerste gesprek" {
    frontstage "Voert het eerste gesprek"
    legal wgs art 4 lid 1
    deadline 4 weeks
  }
  end klaar "Klaar"
}
"""
PW_CHANGED = """\
use wet
use pwib
blueprint voorschot "Voorschot" {
  step berekenen "Hoogte van het voorschot bepalen" {
    backstage "Berekent het voorschot"
    legal pw art 52 lid 2
    measure pwib.bevoorschotting
  }
  end klaar "Klaar"
}
"""
PW_UNCHANGED = """\
use wet
blueprint uwv "Voorschot binnen vier weken" {
  step betalen "Voorschot betalen" {
    backstage "Betaalt binnen vier weken na de aanvraag een voorschot"
    legal pw art 52 lid 1
  }
  end klaar "Klaar"
}
"""


@pytest.fixture
def ws(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    for name, text in (("identificatie", WGS_CHANGED), ("gesprek", WGS_UNCHANGED), ("voorschot", PW_CHANGED),
                       ("uwv", PW_UNCHANGED)):
        (folder / f"{name}.blueprint").write_text(text, encoding="utf-8")
    (folder / "pwib.toml").write_text("", encoding="utf-8")
    import_files(FILES, [f.name for f in FILES], folder / "law", partial=True)
    return folder


def codes(folder, *paths):
    result = compile_paths([str(folder / p) for p in paths] or [str(folder)])
    return [(d.code, d.message) for d in result.diagnostics if d.severity.value != "info"]


# ---------------------------------------------------------------- impact


def impact(ws, *args):
    return pwib("impact", ".", *args, cwd=ws)


def test_wgs_impact_names_exactly_the_blueprint_citing_art_7_lid_2(ws):
    proc = impact(ws, "--from", "2025-12-31", "--to", "2026-01-01", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    wgs = [c for c in report["changes"] if c["law"] == "wet.wgs"]
    assert [(c["article"], c["lid"], c["kind"]) for c in wgs] == [("7", "2", "text-changed")]
    assert [(a["blueprint"], a["node"]) for a in wgs[0]["affected"]] == [("identificatie", "vaststellen")]
    change = wgs[0]
    assert change["old"]["version"] == "2022-01-01" and "1° tot en met 3°" in change["old"]["text"]
    assert change["new"]["version"] == "2026-01-01" and "1° tot en met 4°" in change["new"]["text"]
    assert change["affected"][0]["letters"] == ["brief: Neem een identiteitsbewijs of rijbewijs mee"]
    assert change["affected"][0]["process"] == "bpmn/identificatie.bpmn"
    assert change["affected"][0]["variants"] == []


def test_pw_impact_names_exactly_the_blueprint_citing_art_52_lid_2(ws):
    proc = impact(ws, "--from", "2025-06-01", "--to", "2026-06-01", "--format", "json")
    report = json.loads(proc.stdout)
    pw = [c for c in report["changes"] if c["law"] == "wet.pw"]
    assert [(c["article"], c["lid"], c["detail"]) for c in pw] == [("52", "2", "'90%' → '95%'")]
    assert [a["blueprint"] for a in pw[0]["affected"]] == ["voorschot"]
    names = {a["blueprint"] for c in report["changes"] for a in c["affected"]}
    assert names == {"voorschot", "identificatie"}


def test_nothing_affected_exits_0(ws):
    proc = impact(ws, "--from", "2026-01-01", "--to", "2026-12-31")
    assert proc.returncode == 0 and "no cited article changed" in proc.stdout


def test_text_and_markdown_show_old_and_new_text(ws):
    text = impact(ws, "--from", "2025-12-31", "--to", "2026-01-01").stdout
    assert text.index("Pw art. 52 lid 2") > 0 and "identificatie step `vaststellen`" in text
    assert "old (2022-01-01, art 7 lid 2):" in text and "new (2026-01-01, art 7 lid 2):" in text
    md = impact(ws, "--from", "2025-12-31", "--to", "2026-01-01", "--format", "markdown").stdout
    assert "| Old (2022-01-01) | New (2026-01-01) |" in md and "## Text changed: Wgs art. 7 lid 2" in md


def test_a_pinned_citation_compares_with_the_text_of_its_pin(ws):
    pinned = WGS_CHANGED.replace("legal wgs art 7 lid 2", "legal wgs art 7 lid 2 as-of 2026-01-01")
    (ws / "identificatie.blueprint").write_text(pinned, encoding="utf-8")
    report = json.loads(impact(ws, "--from", "2025-12-31", "--to", "2026-01-01", "--format", "json").stdout)
    assert [c["law"] for c in report["changes"]] == ["wet.pw"]


def test_measure_takes_its_date_and_articles_from_the_catalogue(ws):
    report = json.loads(impact(ws, "--measure", "pwib.bevoorschotting", "--format", "json").stdout)
    assert (report["date_from"], report["date_to"], report["scope"]) == (
        "2025-12-31", "2026-01-01", "measure pwib.bevoorschotting")
    assert [(c["law"], c["article"]) for c in report["changes"]] == [("wet.pw", "52")]
    assert [m["id"] for m in report["measures"]] == ["pwib.bevoorschotting"]
    wgs = json.loads(impact(ws, "--measure", "wgs-identificatie", "--format", "json").stdout)
    assert [(c["law"], c["article"]) for c in wgs["changes"]] == [("wet.wgs", "7")]


def test_phase_and_bad_arguments(ws):
    report = json.loads(impact(ws, "--phase", "1", "--format", "json").stdout)
    assert report["scope"] == "phase 1" and {c["law"] for c in report["changes"]} == {"wet.pw", "wet.wgs"}
    for args, needle in (
        (("--phase", "9"), "no measure has phase 9"),
        (("--measure", "bevoorschoting"), "did you mean"),
        (("--from", "2026-13-01", "--to", "2027-01-01"), "is not a date"),
        (("--from", "2027-01-01", "--to", "2026-01-01"), "before --to"),
        ((), "give --from"),
    ):
        proc = impact(ws, *args)
        assert proc.returncode == 2 and needle in proc.stderr, (args, proc.stderr)


def test_impact_without_snapshots_says_so(tmp_path):
    (tmp_path / "a.blueprint").write_text(WGS_CHANGED, encoding="utf-8")
    proc = pwib("impact", ".", "--from", "2025-01-01", "--to", "2026-01-01", cwd=tmp_path)
    assert proc.returncode == 2 and "pwib law import" in proc.stderr


# ---------------------------------------------------------------- citations read at a date


def test_checks_pass_on_the_real_excerpts(ws):
    assert codes(ws) == []


def test_lid_must_exist_in_the_version_in_force(ws):
    (ws / "gesprek.blueprint").write_text(WGS_UNCHANGED.replace("art 4 lid 1", "art 4 lid 4"), encoding="utf-8")
    found = codes(ws, "gesprek.blueprint")
    assert [c for c, _ in found] == ["PB207"] and "no lid 4" in found[0][1]


def _version(ws, bwb, date, drop=(), partial=False):
    """A copy of the newest snapshot as another version, without some articles."""
    store = law_store.Store.open(ws / "law")
    snap = store.get(bwb, store.latest(bwb))
    import attrs

    other = attrs.evolve(snap, valid_from=date, partial=partial,
                         articles=tuple(a for a in snap.articles if a.number not in drop))
    law_store.write_all(ws / "law", [other])


def test_repealed_and_not_yet_in_force(ws):
    _version(ws, "BWBR0031331", "2027-01-01", drop=("7",))
    found = codes(ws, "identificatie.blueprint")
    assert [c for c, _ in found] == ["PB206"] and "is repealed on 2027-01-01" in found[0][1]
    (ws / "pwib.toml").write_text("[law]\ndate = 2026-06-01\n", encoding="utf-8")
    assert codes(ws, "identificatie.blueprint") == []
    _version(ws, "BWBR0031331", "2020-01-01", drop=("7",))
    (ws / "pwib.toml").write_text('[law]\ndate = "2020-06-01"\n', encoding="utf-8")
    found = codes(ws, "identificatie.blueprint")
    assert [c for c, _ in found] == ["PB206"] and "is not yet in force on 2020-06-01" in found[0][1]
    # the blueprint's date wins over the workspace's, and the citation's over both
    dated = WGS_CHANGED.replace('{\n  step', '{\n  legal as-of 2026-02-01\n  step', 1)
    (ws / "identificatie.blueprint").write_text(dated, encoding="utf-8")
    assert codes(ws, "identificatie.blueprint") == []
    pinned = dated.replace("art 7 lid 2", "art 7 lid 2 as-of 2020-06-01")
    (ws / "identificatie.blueprint").write_text(pinned, encoding="utf-8")
    assert [c for c, _ in codes(ws, "identificatie.blueprint")] == ["PB206"]


def test_an_excerpt_says_nothing_about_articles_it_lacks(ws):
    _version(ws, "BWBR0031331", "2027-01-01", drop=("7",), partial=True)
    assert codes(ws, "identificatie.blueprint") == []


def test_catalogue_term_is_cross_checked_against_the_text(ws):
    law = ('law wgs2 "Wet gemeentelijke schuldhulpverlening" {\n  bwb BWBR0031331\n  source "https://wetten.overheid.nl/BWBR0031331"\n'
           '  article 4 "Eerste gesprek" {\n    term 6 weeks max\n    term 3 workdays max\n  }\n}\n')
    (ws / "gesprek.blueprint").write_text(law + WGS_UNCHANGED.replace("use wet\n", "").replace("wgs art", "wgs2 art"),
                                          encoding="utf-8")
    found = codes(ws, "gesprek.blueprint")
    assert [c for c, _ in found] == ["PB208"] and "term of 6 weeks" in found[0][1]


def test_a_broken_snapshot_is_reported_not_raised(ws):
    (ws / "law" / "BWBR0031331" / "2026-01-01.json").write_text("{", encoding="utf-8")
    found = codes(ws, "identificatie.blueprint")
    assert [c for c, _ in found] == ["PB209"]


def test_without_snapshots_the_catalogue_checks_stand(ws):
    shutil.rmtree(ws / "law")
    (ws / "gesprek.blueprint").write_text(WGS_UNCHANGED.replace("art 4 lid 1", "art 4 lid 4"), encoding="utf-8")
    # no snapshot to read: the catalogue's list of leden of Wgs art. 4 judges the lid (PB210)
    assert codes(ws, "gesprek.blueprint") == [
        ("PB210", "wgs art 4 has no lid 4 in the catalogue; it lists leden 1, 2 and 3")
    ]


@pytest.mark.parametrize(
    "toml, needle",
    [
        ("[law]\ndate = 2026-13-01\n", "not valid TOML"),
        ('[law]\ndate = "1 januari"\n', "`date` must be a date"),
        ("[law]\ndatum = 2026-01-01\n", "unknown key `datum`"),
        ('[law]\nsnapshots = "../elders"\n', "inside the workspace"),
        ("law = 3\n", "`law` must be a table"),
    ],
)
def test_law_configuration_errors(ws, toml, needle):
    (ws / "pwib.toml").write_text(toml, encoding="utf-8")
    found = codes(ws)
    assert [c for c, _ in found] == ["PB110"] and needle in found[0][1], found


def test_as_of_is_formatted_and_kept(ws):
    text = WGS_CHANGED.replace("legal wgs art 7 lid 2", "legal   wgs art 7 lid 2   as-of 2026-01-01  \"rijbewijs\"")
    text = text.replace('{\n  step', '{\n  legal as-of 2026-02-01\n  step', 1)
    (ws / "identificatie.blueprint").write_text(text, encoding="utf-8")
    proc = pwib("fmt", "identificatie.blueprint", cwd=ws)
    assert proc.returncode == 0, proc.stderr
    out = (ws / "identificatie.blueprint").read_text(encoding="utf-8")
    assert '    legal wgs art 7 lid 2 as-of 2026-01-01 "rijbewijs"\n' in out and "  legal as-of 2026-02-01\n" in out


# ---------------------------------------------------------------- the site


def test_build_writes_a_page_per_date_linked_from_the_index(ws, tmp_path):
    proc = pwib("build", ".", "--out", str(tmp_path / "site"), cwd=ws)
    assert proc.returncode == 0, proc.stderr
    site = tmp_path / "site"

    def read(name: str) -> str:  # the text without the soft hyphens the site puts in long words
        return (site / name).read_text(encoding="utf-8").replace("\u00ad", "")

    index = read("index.html")
    assert 'href="changes-2026-01-01.html">Wat verandert er per 1 januari 2026</a>' in index
    assert 'href="changes-2027-01-01.html">Wat verandert er per 1 januari 2027</a>' in index
    page = read("changes-2026-01-01.html")
    assert "<h1>Wat verandert er per 1 januari 2026</h1>" in page
    # the Wgs and Pw changes, with the blueprint citing them and not the others
    assert "Wgs art. 7 lid 2" in page and "Pw art. 52 lid 2" in page
    assert 'href="blueprints/identificatie.html#' in page and 'href="blueprints/voorschot.html#' in page
    assert "blueprints/gesprek.html" not in page and "blueprints/uwv.html" not in page
    assert "1° tot en met 3°" in page and "1° tot en met 4°" in page
    assert "Voorschot minimaal 95%" in page  # the measure that takes effect, with its blueprint
    assert 'href="timeline.html">Tijdlijn van de maatregelen per klantreis</a>' in index
    timeline = read("timeline.html")
    assert timeline.index("Voorschot") < timeline.index("Voorschot minimaal 95%")  # the journey, then its measure
    assert "1 januari 2026" in timeline and "fase 1" in timeline


def test_site_pages_are_a_pure_function_of_the_reports(ws):
    from pwib_dsl.backends import BuildOptions
    from pwib_dsl.backends.html import render
    from pwib_dsl.law.impact import pins_of, reports_by_date

    result = compile_paths([str(ws)])
    store = law_store.Store.open(ws / "law")
    reports = reports_by_date(result.workspace, pins_of(result.files.values()), store)
    assert [r.date_to for r in reports] == ["2026-01-01", "2027-01-01"]
    plain = render(result.workspace, BuildOptions())
    assert not [p for p in plain if p.startswith("changes-")] and b"changes-" not in plain["index.html"]
    en = render(result.workspace, BuildOptions(lang="en", law_changes=reports))
    assert b"<h1>What changes on 1 January 2026</h1>" in en["changes-2026-01-01.html"]
    assert render(result.workspace, BuildOptions(law_changes=reports)) == render(
        result.workspace, BuildOptions(law_changes=reports))


def test_semantic_diff_reports_dates(tmp_path):
    old = tmp_path / "old.blueprint"
    new = tmp_path / "new.blueprint"
    old.write_text(WGS_CHANGED, encoding="utf-8")
    text = WGS_CHANGED.replace("lid 2\n", "lid 2 as-of 2026-01-01\n").replace("{\n  step", "{\n  legal as-of 2027-01-01\n  step", 1)
    new.write_text(text, encoding="utf-8")
    proc = pwib("diff", str(old), str(new), cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "Wgs art. 7 lid 2 → Wgs art. 7 lid 2 as of 2026-01-01" in proc.stdout
    assert "legal as-of added: legal as-of 2027-01-01" in proc.stdout


def test_a_measure_taking_effect_for_a_blueprint_counts_as_affected(ws):
    # no law text changes between these dates, but pwib.bevoorschotting (named by `voorschot`)
    # takes effect on 2026-01-01
    shutil.rmtree(ws / "law" / "BWBR0015703")
    shutil.rmtree(ws / "law" / "BWBR0031331")
    law_store.write_all(ws / "law", [snapshot("wgs-2026-01-01.yaml")])
    proc = impact(ws, "--from", "2025-12-31", "--to", "2026-01-01")
    assert proc.returncode == 1, proc.stdout
    assert "no cited article changed; 2 measures that blueprints name take effect" in proc.stdout
    assert "measure pwib.bevoorschotting (phase 1, in effect 2026-01-01): voorschot/berekenen" in proc.stdout
