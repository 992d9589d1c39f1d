"""Municipal variants end to end: a national workspace, a municipality's workspace on it, and
``pwib check`` / ``build`` / ``variant lock`` / ``variant status`` run on them as a user would."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pwib_dsl.driver import compile_paths

NATIONAL = """\
use wet
use gemma
use rollen

blueprint aanmelding "Aanmelden voor schuldhulp" {
  system zaken "Zaaksysteem" = gemma.zaakregistratiecomponent
  actor kcc "Klantcontactcentrum"
  actor inwoner "Inwoner" = rollen.inwoner
  phase toegang "Toegang" {
    step registreren "Registreren" {
      customer inwoner "Meldt zich aan"
      frontstage kcc "Registreert de aanmelding"
      system zaken
      legal wgs art 4 lid 1
    }
    step gesprek "Eerste gesprek" {
      frontstage kcc "Voert het eerste gesprek"
      legal wgs art 4 lid 1 "eerste gesprek binnen vier weken"
      deadline 3 weeks "landelijke norm"
      toolkit "Vragenlijst eerste gesprek"
      system zaken
    }
    step folder "Folder sturen" {
      backstage "Stuurt de folder"
    }
    decision besluit "Toelaten?" {
      legal wgs art 4
      when "Toegelaten" -> plan
      otherwise -> afgewezen
    }
  }
  phase afronding "Afronding" {
    step plan "Plan" {
      backstage "Stelt het plan op"
      next klaar
    }
    end afgewezen "Afgewezen" {
      outcome beschikking
      legal wgs art 4
    }
    end klaar "Klaar"
  }
}
"""

VARIANT = """\
use aanmelding

variant utrecht "Aanmelden in Utrecht" of aanmelding.aanmelding {
  owner "Gemeente Utrecht"
  system s4s "Suite4Sociaal Domein"
  actor buurtteam "Buurtteam"
  swap system zaken -> s4s
  swap actor kcc -> buurtteam
  add step welkom "Welkomstbericht" after registreren {
    customer inwoner "Ontvangt een welkomstbericht"
  }
  change step registreren {
    replace customer inwoner with customer inwoner "Meldt zich aan bij het buurtteam"
  }
  change step gesprek {
    replace deadline with deadline 5 workdays "Utrechtse norm"
    add policy "Het buurtteam schuift aan"
    remove toolkit "Vragenlijst eerste gesprek"
  }
  change step plan {
    add kpi "Plan binnen acht weken"
  }
  reroute besluit when "Toegelaten" -> plan
  remove step folder because "Utrecht stuurt geen folder"
}
"""


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def pair(tmp_path):
    """(national root, municipality root) with the variant above."""
    national, city = tmp_path / "landelijk", tmp_path / "utrecht"
    _write(national, {"pwib.toml": 'lang = "nl"\n', "aanmelding.blueprint": NATIONAL})
    _write(city, {"pwib.toml": '[base]\npath = "../landelijk"\n', "utrecht.blueprint": VARIANT})
    return national, city


def pwib(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "pwib_dsl", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def compile_in(folder: Path, monkeypatch, text: str | None = None):
    if text is not None:
        (folder / "utrecht.blueprint").write_text(text, encoding="utf-8")
    monkeypatch.chdir(folder)
    return compile_paths(["."])


def codes(result) -> list[str]:
    return [d.code for d in result.diagnostics]


# ---------------------------------------------------------------- resolution


def test_the_national_base_is_clean(pair, monkeypatch):
    national, _ = pair
    monkeypatch.chdir(national)
    assert [d for d in compile_paths(["."]).diagnostics if d.severity.value != "info"] == []


def test_a_variant_resolves_to_a_whole_blueprint(pair, monkeypatch):
    _, city = pair
    result = compile_in(city, monkeypatch)
    assert codes(result) == ["PB806"]  # only: not locked yet
    [bp] = result.workspace.blueprints
    assert (bp.id, bp.title, bp.owner, bp.file) == ("utrecht", "Aanmelden in Utrecht", "Gemeente Utrecht",
                                                   "utrecht.blueprint")
    flow = {nd.id: getattr(nd, "next", None) for nd in bp.nodes}
    # welkom after registreren; folder removed, so gesprek goes on to besluit
    assert [nd.id for nd in bp.nodes] == ["registreren", "welkom", "gesprek", "besluit", "plan", "afgewezen", "klaar"]
    assert flow["registreren"] == "welkom" and flow["welkom"] == "gesprek" and flow["gesprek"] == "besluit"
    gesprek = bp.node("gesprek")
    assert [(d.amount, d.unit, d.note) for d in gesprek.deadlines] == [(5, "workdays", "Utrechtse norm")]
    assert gesprek.policy == ("Het buurtteam schuift aan",) and gesprek.toolkit == ()
    assert gesprek.systems == ("s4s",) and bp.node("registreren").systems == ("s4s",)
    assert [s.id for s in bp.systems] == ["s4s"]  # the swapped-away system is not declared any more
    lanes = [(e.lane, e.actor) for e in bp.node("gesprek").lanes]
    assert lanes == [("frontstage", "buurtteam")]
    assert [e.text for e in bp.node("registreren").lanes if e.lane == "customer"] == ["Meldt zich aan bij het buurtteam"]
    assert bp.node("plan").kpis == ("Plan binnen acht weken",)
    origin = bp.variant
    assert origin.base == "aanmelding.aanmelding" and origin.base_file == "aanmelding.blueprint"
    assert origin.locked_hash is None and origin.base_hash.startswith("sha256:")
    kinds = [(c.kind, c.target) for c in origin.changes]
    assert ("remove", "folder") in kinds and ("swap-system", "zaken") in kinds and ("add", "after registreren") in kinds


def test_add_before_in_phase_reroute_and_remove_keep_the_flow_explicit(pair, monkeypatch):
    _, city = pair
    text = VARIANT.replace('  reroute besluit when "Toegelaten" -> plan\n', textwrap.dedent("""\
          add step check "Controle" before besluit {
            backstage "Controleert het dossier"
          }
          add step nazorg "Nazorg" in afronding {
            backstage "Belt na"
            next klaar
          }
          reroute plan next -> nazorg
        """).replace("\n", "\n  ").rstrip(" "))
    result = compile_in(city, monkeypatch, text)
    assert [c for c in codes(result) if c != "PB806"] == [], [d.message for d in result.diagnostics]
    [bp] = result.workspace.blueprints
    nxt = {nd.id: getattr(nd, "next", None) for nd in bp.nodes}
    assert nxt["gesprek"] == "check" and nxt["check"] == "besluit"
    assert nxt["plan"] == "nazorg"
    besluit = bp.node("besluit")
    assert [(b.label, b.target) for b in besluit.branches] == [("Toegelaten", "plan"), ("", "afgewezen")]
    assert [nd.id for nd in bp.nodes][-1] == "nazorg"


@pytest.mark.parametrize(
    "change, message, candidates",
    [
        ('  change step plan {\n    remove backstage "Stelt plan op"\n  }\n', "has no such line",
         ['backstage "Stelt het plan op"']),
        ("  change step gesprek {\n    add frontstage \"Tweede\"\n    remove frontstage\n  }\n",
         "matches 2 lines", ['frontstage buurtteam "Voert het eerste gesprek"', 'frontstage "Tweede"']),
        ("  change step gesprk {\n    add policy \"x\"\n  }\n", "has no node `gesprk`", ["`gesprek`"]),
        ("  change decision gesprek {\n    add policy \"x\"\n  }\n", "is a step", ["the step"]),
        ("  swap system dossier -> s4s\n", "uses system `dossier`", ["`zaken`"]),
        ("  add step x \"X\" after besluit {\n    backstage \"x\"\n  }\n", "no single way on",
         ['when "Toegelaten" -> plan', "otherwise -> afgewezen"]),
        ("  reroute besluit when \"Afgewezen\" -> plan\n", "has no such line",
         ['when "Toegelaten" -> plan', "otherwise -> afgewezen"]),
        ("  remove end klaar because \"x\"\n", "other nodes lead to it", ["`plan`"]),
    ],
)
def test_a_change_must_match_exactly_one_thing(pair, monkeypatch, change, message, candidates):
    _, city = pair
    text = VARIANT.replace('  remove step folder because "Utrecht stuurt geen folder"\n',
                           '  remove step folder because "Utrecht stuurt geen folder"\n' + change)
    result = compile_in(city, monkeypatch, text)
    found = [d for d in result.diagnostics if d.code == "PB805"]
    assert len(found) == 1, [(d.code, d.message) for d in result.diagnostics]
    d = found[0]
    assert message in d.message and d.primary.file == "utrecht.blueprint" and d.primary.span.line > 3
    assert d.help
    shown = [label.message for label in d.secondary]
    for c in candidates:
        assert c in shown or any(c in note for note in d.notes), (shown, d.notes)
    assert all(label.file.endswith("aanmelding.blueprint") or label.file == "utrecht.blueprint" for label in d.secondary)
    # a line the variant wrote is shown in the variant, a base line in the base
    for label in d.secondary:
        assert (label.file == "utrecht.blueprint") == (label.message in ('frontstage "Tweede"', "`welkom`"))


def test_a_problem_the_variant_causes_in_what_it_inherits_is_reported(pair, monkeypatch):
    _, city = pair
    # removing the system swap target's declaration: the base's lines now name an unknown system
    text = VARIANT.replace('  system s4s "Suite4Sociaal Domein"\n', "")
    result = compile_in(city, monkeypatch, text)
    unknown = [d for d in result.diagnostics if d.code == "PB301"]
    assert unknown and all(d.primary.file == "utrecht.blueprint" for d in unknown)


def test_the_base_own_warnings_are_not_repeated_for_the_variant(tmp_path, monkeypatch):
    national, city = tmp_path / "landelijk", tmp_path / "utrecht"
    _write(national, {"pwib.toml": "", "a.blueprint": textwrap.dedent("""\
        blueprint a "A" {
          system ongebruikt "Nooit gebruikt"
          step s "S" {
            customer "Vraagt"
          }
          end klaar "Klaar"
        }
        """)})
    _write(city, {"pwib.toml": '[base]\npath = "../landelijk"\n', "v.blueprint": 'use a\n\nvariant v "V" of a.a {\n  owner "X"\n}\n'})
    monkeypatch.chdir(national)
    assert "PB302" in codes(compile_paths(["."]))  # the base's own unused system
    monkeypatch.chdir(city)
    assert codes(compile_paths(["."])) == ["PB806"]


def test_the_legal_floor_removing_a_formal_outcome(pair, monkeypatch):
    _, city = pair
    text = VARIANT.replace('  reroute besluit when "Toegelaten" -> plan\n',
                           '  reroute besluit otherwise -> klaar\n  remove end afgewezen because "x"\n')
    result = compile_in(city, monkeypatch, text)
    [d] = [d for d in result.diagnostics if d.code == "PB810"]
    assert "beschikking" in d.message and "Wgs art. 4" in d.notes[0]


def test_json_says_which_base_and_hash(pair):
    _, city = pair
    proc = pwib(city, "build", ".", "--target", "json", "-o", "site")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((city / "site" / "json" / "utrecht.json").read_text())
    assert doc["schema_version"] == 3
    variant = doc["blueprint"]["variant"]
    assert variant["base"] == "aanmelding.aanmelding" and variant["base_hash"].startswith("sha256:")
    assert "locked_hash" not in variant


def test_a_workspace_module_may_not_hide_a_base_module(pair, monkeypatch):
    _, city = pair
    (city / "aanmelding.blueprint").write_text('blueprint eigen "Eigen" {\n  end klaar "Klaar"\n}\n')
    result = compile_in(city, monkeypatch)
    assert "PB803" in codes(result)


def test_a_nested_workspace_is_not_part_of_its_base(tmp_path, monkeypatch):
    """examples/gemeenten/<gemeente>/ builds on examples/ itself (path = "../..")."""
    _write(tmp_path, {"pwib.toml": "", "aanmelding.blueprint": NATIONAL,
                      "gemeenten/utrecht/pwib.toml": '[base]\npath = "../.."\n',
                      "gemeenten/utrecht/utrecht.blueprint": VARIANT})
    monkeypatch.chdir(tmp_path)
    national = compile_paths(["."])
    assert [bp.id for bp in national.workspace.blueprints] == ["aanmelding"]
    monkeypatch.chdir(tmp_path / "gemeenten" / "utrecht")
    city = compile_paths(["."])
    assert [bp.id for bp in city.workspace.blueprints] == ["utrecht"] and codes(city) == ["PB806"]


# ---------------------------------------------------------------- lock and status


def test_lock_writes_the_hash_and_a_snapshot(pair):
    national, city = pair
    proc = pwib(city, "variant", "lock", ".")
    assert proc.returncode == 0, proc.stderr
    text = (city / "utrecht.blueprint").read_text()
    assert text.count("lock ") == 1 and '  lock "sha256:' in text.split("\n")[3]
    snapshot = city / ".pwib" / "variants" / "utrecht.base.blueprint"
    assert snapshot.read_text() == NATIONAL
    check = pwib(city, "check", ".")
    assert check.returncode == 0 and "PB806" not in check.stdout + check.stderr
    # the formatter keeps the lock line; a second lock changes nothing
    assert pwib(city, "fmt", "--check", ".").returncode == 0
    again = pwib(city, "variant", "lock", ".")
    assert again.returncode == 0 and again.stdout == "" and (city / "utrecht.blueprint").read_text() == text


def test_lock_never_touches_a_file_with_errors(pair):
    _, city = pair
    bad = VARIANT.replace('remove toolkit "Vragenlijst eerste gesprek"', 'remove toolkit "Bestaat niet"')
    (city / "utrecht.blueprint").write_text(bad)
    proc = pwib(city, "variant", "lock", ".")
    assert proc.returncode == 1 and "not locked" in proc.stderr and "PB805" in proc.stderr
    assert (city / "utrecht.blueprint").read_text() == bad
    assert not (city / ".pwib").exists()


def test_a_lock_of_another_blueprint_is_an_error(pair, monkeypatch):
    national, city = pair
    other = NATIONAL.replace("blueprint aanmelding", "blueprint tweede").replace("zaken", "zaken2")
    (national / "tweede.blueprint").write_text(other)
    from pwib_dsl.variants.lock import text_hash

    start = other.index("blueprint tweede")
    wrong = text_hash(other[start : other.rindex("}") + 1])
    text = VARIANT.replace('{\n  owner', f'{{\n  lock "{wrong}"\n  owner', 1)
    result = compile_in(city, monkeypatch, text)
    [d] = [d for d in result.diagnostics if d.code == "PB807"]
    assert "tweede.tweede" in d.message


NATIONAL_V2 = (
    NATIONAL
    # the line the variant replaces changed: conflict
    .replace('deadline 3 weeks "landelijke norm"', 'deadline 2 weeks "nieuwe landelijke norm"')
    # the step the variant removes is gone from the base too: redundant
    .replace('    step folder "Folder sturen" {\n      backstage "Stuurt de folder"\n    }\n', "")
    # the branch the variant reroutes is gone: orphan
    .replace('when "Toegelaten" -> plan', 'when "Toegelaten tot schuldhulp" -> plan')
    # the line the variant adds is now in the base: redundant
    .replace('      backstage "Stelt het plan op"\n', '      backstage "Stelt het plan op"\n      kpi "Plan binnen acht weken"\n')
    # untouched by the variant: inherited
    .replace('end afgewezen "Afgewezen" {', 'end afgewezen "Niet toegelaten" {')
    .replace('    end klaar "Klaar"\n', '    end klaar "Klaar" {\n      legal wgs art 5\n    }\n')
)


def test_status_shows_every_drift_after_the_base_changed(pair):
    national, city = pair
    assert pwib(city, "variant", "lock", ".").returncode == 0
    clean = pwib(city, "variant", "status", ".")
    assert clean.returncode == 0 and "base unchanged" in clean.stdout and "conflict" not in clean.stdout
    (national / "aanmelding.blueprint").write_text(NATIONAL_V2)
    check = pwib(city, "check", ".")
    assert "PB806" in check.stdout + check.stderr  # a warning: the base changed since the lock
    proc = pwib(city, "variant", "status", ".", "--format", "json")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    doc = json.loads(proc.stdout)
    [v] = doc["variants"]
    by_change = {c["change"]: c["status"] for c in v["changes"]}
    assert by_change['change step gesprek: replace deadline with deadline 5 workdays "Utrechtse norm"'] == "conflict"
    assert by_change['remove step folder because "Utrecht stuurt geen folder"'] == "redundant"
    assert by_change['reroute besluit when "Toegelaten" -> plan'] == "orphan"
    assert by_change['change step plan: add kpi "Plan binnen acht weken"'] == "redundant"
    assert by_change["swap system zaken -> s4s"] == "clean"
    assert by_change['change step registreren: replace customer inwoner with customer inwoner '
                     '"Meldt zich aan bij het buurtteam"'] == "clean"
    conflict = next(c for c in v["changes"] if c["status"] == "conflict")
    assert "deadline 3 weeks" in conflict["reason"] and "deadline 2 weeks" in conflict["reason"]
    inherited = v["inherited"]
    # legal basis first, then the rest; nothing about the nodes the variant touches
    assert inherited[0]["section"] == "legal" and inherited[0]["path"] == [{"kind": "end", "name": "klaar"}]
    assert any(c["action"] == "retitled" for c in inherited)
    assert not any(r["name"] in ("gesprek", "plan", "besluit", "folder") for c in inherited for r in c["path"])
    text = pwib(city, "variant", "status", ".")
    assert text.returncode == 1
    for word in ("clean", "conflict", "orphan", "redundant", "inherited from the base unchanged", "legal basis"):
        assert word in text.stdout.lower(), word
    md = pwib(city, "variant", "status", ".", "--format", "markdown")
    assert md.returncode == 1 and "| conflict |" in md.stdout and md.stdout.startswith("### Variant status")


def test_status_without_a_snapshot_says_conflicts_cannot_be_judged(pair):
    _, city = pair
    proc = pwib(city, "variant", "status", ".")
    assert proc.returncode == 0 and "conflicts cannot be judged" in proc.stdout


def test_check_of_a_variant_loads_no_status_or_diff_machinery(pair):
    _, city = pair
    code = (
        "import sys\nfrom pwib_dsl import cli\nstatus = cli.main(['check', '.'])\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('pwib_dsl.diff', 'pwib_dsl.fmt',"
        " 'pwib_dsl.variants.status', 'pwib_dsl.variants.surface', 'pwib_dsl.commands.variant')))\n"
        "print(status, bad)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=city, capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip().endswith("[]"), proc.stdout + proc.stderr


# ---------------------------------------------------------------- the language server


def test_go_to_definition_lands_in_the_base(pair, monkeypatch):
    from pwib_dsl.lsp.targets import Resolver
    from pwib_dsl.lsp.store import Store, path_to_uri

    national, city = pair
    monkeypatch.chdir(city)
    path = city / "utrecht.blueprint"
    store = Store()
    store.set_folders([city])
    doc = store.open(path_to_uri(path), VARIANT, 1)
    resolver = Resolver(store)
    base_text = NATIONAL
    for word, kind, where in (
        ("change step gesprek", "step", 'step gesprek "'),
        ("remove step folder", "step", 'step folder "'),
        ("aanmelding.aanmelding", "blueprint", 'blueprint aanmelding "'),
    ):
        at = VARIANT.index(word) + len(word) - 1
        [target] = resolver.targets_at(doc, at)
        assert target.doc.path.resolve() == (national / "aanmelding.blueprint").resolve(), word
        assert target.decl.kind == kind
        assert target.decl.span.start == base_text.index(where) + len(where.split()[0]) + 1


@pytest.mark.parametrize(
    "text, word, kind, where",
    [
        (VARIANT, "swap system zaken", "system", 'system zaken "'),
        (VARIANT, "swap actor kcc", "actor", 'actor kcc "'),
        (VARIANT, "after registreren", "step", 'step registreren "'),
        (VARIANT, "reroute besluit", "decision", 'decision besluit "'),
        (VARIANT, '"Toegelaten" -> plan', "step", 'step plan "'),
        (VARIANT.replace("after registreren", "in toegang"), "in toegang", "phase", 'phase toegang "'),
    ],
)
def test_every_base_name_a_variant_writes_leads_into_the_base(pair, monkeypatch, text, word, kind, where):
    from pwib_dsl.lsp.targets import Resolver
    from pwib_dsl.lsp.store import Store, path_to_uri

    national, city = pair
    monkeypatch.chdir(city)
    store = Store()
    store.set_folders([city])
    doc = store.open(path_to_uri(city / "utrecht.blueprint"), text, 1)
    [target] = Resolver(store).targets_at(doc, text.index(word) + len(word) - 1)
    assert target.doc.path.resolve() == (national / "aanmelding.blueprint").resolve()
    assert target.decl.kind == kind
    assert target.decl.span.start == NATIONAL.index(where) + len(where.split()[0]) + 1


NOORD = """\
variant noord "Utrecht Noord" of utrecht {
  change step welkom {
    add policy "Ook per post"
  }
  change step plan {
    add kpi "Plan binnen zes weken"
  }
  swap system s4s -> s4s
}
"""


def test_a_variant_of_a_variant_leads_to_the_file_that_declares_each_name(pair, monkeypatch):
    from pwib_dsl.lsp.completion import complete
    from pwib_dsl.lsp.targets import Resolver
    from pwib_dsl.lsp.store import Store, path_to_uri

    national, city = pair
    monkeypatch.chdir(city)
    (city / "noord.blueprint").write_text(NOORD, encoding="utf-8")
    store = Store()
    store.set_folders([city])
    doc = store.open(path_to_uri(city / "noord.blueprint"), NOORD, 1)
    resolver = Resolver(store)
    for word, file, text, where in (
        ("of utrecht", city / "utrecht.blueprint", VARIANT, 'variant utrecht "'),
        ("change step welkom", city / "utrecht.blueprint", VARIANT, 'step welkom "'),
        ("change step plan", national / "aanmelding.blueprint", NATIONAL, 'step plan "'),
        ("swap system s4s", city / "utrecht.blueprint", VARIANT, 'system s4s "'),
    ):
        [target] = resolver.targets_at(doc, NOORD.index(word) + len(word) - 1)
        assert target.doc.path.resolve() == file.resolve(), word
        assert target.decl.span.start == text.index(where) + len(where.split()[0]) + 1, word
    typed = NOORD.replace("  swap system s4s -> s4s\n", "  change step \n")
    doc = store.open(doc.uri, typed, 2)
    labels = {item.label for item in complete(resolver, doc, typed.index("change step \n") + 12, "utf-16").items}
    assert {"welkom", "registreren", "plan"} <= labels and "folder" not in labels, labels


def test_references_of_a_base_node_include_the_variant(pair, monkeypatch):
    from pwib_dsl.lsp import navigation
    from pwib_dsl.lsp.targets import Resolver
    from pwib_dsl.lsp.store import Store, path_to_uri

    national, city = pair
    monkeypatch.chdir(city)
    store = Store()
    store.set_folders([city])
    doc = store.open(path_to_uri(city / "utrecht.blueprint"), VARIANT, 1)
    resolver = Resolver(store)
    at = VARIANT.index("change step plan") + len("change step ")
    found = {(loc.uri, loc.range.start.line) for loc in navigation.references(resolver, doc, at, "utf-16")}
    base_uri = path_to_uri((national / "aanmelding.blueprint").resolve())
    def lines(text):  # the lines naming the node: its declaration, `-> plan`, `change step plan`
        return {i for i, line in enumerate(text.splitlines()) if re.search(r"(step|->) plan\b", line)}

    assert found == {(base_uri, i) for i in lines(NATIONAL)} | {(doc.uri, i) for i in lines(VARIANT)}, found
    highlighted = {h.range.start.line for h in navigation.highlights(resolver, doc, at, "utf-16")}
    assert highlighted == lines(VARIANT)


def test_completion_after_of_offers_the_base_blueprints(pair, monkeypatch):
    from pwib_dsl.lsp.completion import complete
    from pwib_dsl.lsp.targets import Resolver
    from pwib_dsl.lsp.store import Store, path_to_uri

    _, city = pair
    monkeypatch.chdir(city)
    text = VARIANT.replace("of aanmelding.aanmelding {", "of ")
    store = Store()
    store.set_folders([city])
    doc = store.open(path_to_uri(city / "utrecht.blueprint"), text, 1)
    items = complete(Resolver(store), doc, text.index("of ") + 3, "utf-16").items
    assert "aanmelding.aanmelding" in {item.label for item in items}


@pytest.mark.parametrize(
    "typed, expected, absent",
    [
        ("  change step ", {"registreren", "gesprek", "folder", "plan"}, {"besluit", "klaar"}),
        ("  remove end ", {"afgewezen", "klaar"}, {"gesprek"}),
        ('  add step x "X" after ', {"gesprek", "besluit", "klaar"}, set()),
        ('  add step x "X" in ', {"toegang", "afronding"}, {"gesprek"}),
        ("  reroute ", {"besluit", "plan"}, set()),
        ("  swap system ", {"zaken"}, {"s4s"}),
        ("  swap system zaken -> ", {"s4s"}, {"zaken"}),
        ("  change step gesprek {\n    replace frontstage ", {"kcc", "buurtteam"}, set()),
    ],
)
def test_completion_offers_the_base_names(pair, monkeypatch, typed, expected, absent):
    from pwib_dsl.lsp.completion import complete
    from pwib_dsl.lsp.targets import Resolver
    from pwib_dsl.lsp.store import Store, path_to_uri

    _, city = pair
    monkeypatch.chdir(city)
    # the variant as it is, with a line being typed at the end of its body
    head, tail = VARIANT.rsplit("}\n", 1)
    text = head + typed + ("\n  }\n" if "{" in typed else "\n") + "}\n" + tail
    store = Store()
    store.set_folders([city])
    path = city / "utrecht.blueprint"
    doc = store.open(path_to_uri(path), text, 1)
    offset = len(head) + len(typed)
    labels = {item.label for item in complete(Resolver(store), doc, offset, "utf-16").items}
    assert expected <= labels, labels
    assert not (absent & labels), labels


def test_the_semantic_diff_names_each_changed_change():
    from pwib_dsl.diff import diff_texts

    new = VARIANT.replace("5 workdays", "4 workdays").replace('  remove step folder because "Utrecht stuurt geen folder"\n', "")
    result = diff_texts(VARIANT, new)
    got = [(c.owner.kind, c.action, c.aspect, c.old, c.new) for c in result.changes]
    assert got == [
        ("variant", "changed", "change",
         ('change step gesprek: replace deadline with deadline 5 workdays "Utrechtse norm"',),
         ('change step gesprek: replace deadline with deadline 4 workdays "Utrechtse norm"',)),
        ("variant", "removed", "change", ('remove step folder because "Utrecht stuurt geen folder"',), ()),
    ]
    assert diff_texts(VARIANT, VARIANT.replace("  ", "    ")).equal  # layout is not meaning


def test_outline_and_hover_of_a_variant(pair, monkeypatch):
    from pwib_dsl.lsp.hover import hover_markdown
    from pwib_dsl.lsp.outline import document_symbols
    from pwib_dsl.lsp.targets import Resolver
    from pwib_dsl.lsp.store import Store, path_to_uri

    _, city = pair
    monkeypatch.chdir(city)
    store = Store()
    store.set_folders([city])
    doc = store.open(path_to_uri(city / "utrecht.blueprint"), VARIANT, 1)
    [top] = document_symbols(doc, "utf-16")
    assert top.name == "utrecht" and top.detail == "Aanmelden in Utrecht"
    assert {c.name for c in top.children} == {"s4s", "buurtteam", "welkom"}
    resolver = Resolver(store)
    at = VARIANT.index("change step gesprek") + len("change step ")
    [target] = resolver.targets_at(doc, at)
    text = hover_markdown(resolver, target)
    assert "Eerste gesprek" in text
    [me] = resolver.targets_at(doc, VARIANT.index("utrecht"))
    assert "Aanmelden in Utrecht" in hover_markdown(resolver, me)


def test_a_base_with_syntax_errors_is_reported_once_at_the_base_line(pair, monkeypatch):
    national, city = pair
    (national / "kapot.blueprint").write_text('blueprint kapot "Kapot" {\n  step s "S" {\n')
    result = compile_in(city, monkeypatch)
    [d] = [d for d in result.diagnostics if d.code == "PB801"]
    assert d.primary.file == "pwib.toml" and d.primary.span.line == 2
    assert "does not parse" in d.message and any("kapot.blueprint" in note for note in d.notes)
    # the rest of the base still resolves: the variant is checked as before
    assert [bp.id for bp in result.workspace.blueprints] == ["utrecht"]


@pytest.mark.parametrize(
    "toml, message",
    [
        ('[base]\npat = "../landelijk"\n', "unknown key `pat` in `[base]`"),
        ("[base]\npath = 3\n", "`path` must be a folder in quotes"),
        ('[base]\npath = "/abs/landelijk"\n', "must be relative"),
        ('base = "../landelijk"\n', "`base` must be a table"),
    ],
)
def test_a_bad_base_table_is_a_config_error(pair, monkeypatch, toml, message):
    _, city = pair
    (city / "pwib.toml").write_text(toml)
    result = compile_in(city, monkeypatch)
    assert any(d.code == "PB110" and message in d.message for d in result.diagnostics), \
        [(d.code, d.message) for d in result.diagnostics]


def test_the_base_may_be_an_installed_package(tmp_path, monkeypatch):
    site = tmp_path / "site-packages"
    _write(site / "pwib_landelijk_voorbeeld", {"__init__.py": "", "pwib.toml": "", "aanmelding.blueprint": NATIONAL})
    city = tmp_path / "utrecht"
    _write(city, {"pwib.toml": '[base]\npackage = "pwib_landelijk_voorbeeld"\n', "utrecht.blueprint": VARIANT})
    monkeypatch.syspath_prepend(str(site))
    result = compile_in(city, monkeypatch)
    assert codes(result) == ["PB806"] and [bp.id for bp in result.workspace.blueprints] == ["utrecht"]
    (city / "pwib.toml").write_text('[base]\npackage = "pwib_niet_geinstalleerd"\n')
    result = compile_in(city, monkeypatch)
    assert any(d.code == "PB801" and "no installed package" in d.message for d in result.diagnostics)


def test_a_folder_without_pwib_toml_leaves_nested_workspaces_out(tmp_path, monkeypatch):
    """`pwib check stdlib examples` from a folder without pwib.toml: the municipality's
    workspace inside examples/ is not compiled with the examples."""
    _write(tmp_path, {"examples/aanmelding.blueprint": NATIONAL,
                      "examples/gemeenten/utrecht/pwib.toml": '[base]\npath = "../.."\n',
                      "examples/gemeenten/utrecht/utrecht.blueprint": VARIANT,
                      "other/x.blueprint": 'blueprint x "X" {\n  step s "S" {\n    customer "Vraagt"\n  }\n  end e "E"\n}\n'})
    monkeypatch.chdir(tmp_path)
    result = compile_paths(["examples", "other"])
    assert sorted(bp.id for bp in result.workspace.blueprints) == ["aanmelding", "x"]
    # the municipality's workspace on its own: its base (examples/, without pwib.toml) is a
    # plain folder of blueprints
    monkeypatch.chdir(tmp_path / "examples" / "gemeenten" / "utrecht")
    city = compile_paths(["."])
    assert codes(city) == ["PB806"] and [bp.id for bp in city.workspace.blueprints] == ["utrecht"]


def test_a_changed_legal_line_of_a_variant_comes_first_in_the_diff():
    from pwib_dsl.diff import diff_texts, render

    new = VARIANT.replace('    add policy "Het buurtteam schuift aan"\n',
                          '    add policy "Het buurtteam schuift aan"\n    add legal wgs art 4 lid 1 "ook in Utrecht"\n')
    new = new.replace("Welkomstbericht", "Welkom")
    result = diff_texts(VARIANT, new)
    sections = [c.section for c in result.changes]
    assert sections[0] == "legal" and "blueprints" in sections
    assert result.changes[0].new == ('change step gesprek: add legal wgs art 4 lid 1 "ook in Utrecht"',)
    assert render(result, "text").index("Legal basis") < render(result, "text").index("Blueprint `utrecht`")
