"""What each BPMN dialect writes (spiff, operaton, flowable), and how it is configured.

The engines themselves judge the files in test_bpmn_engines.py; these tests pin the conventions
documented in docs/bpmn.md and the diagnostics for bad configuration.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from lxml import etree

import bpmn_fixtures as fx
from pwib_dsl.workspace import config as cfg
from pwib_dsl.backends.bpmn.dialect import dialect
from pwib_dsl.source import SourceFile

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
CAMUNDA = "http://camunda.org/schema/1.0/bpmn"
FLOWABLE = "http://flowable.org/bpmn"
MODELER = "http://camunda.org/schema/modeler/1.0"
NS = {"bpmn": BPMN, "camunda": CAMUNDA, "flowable": FLOWABLE}


def render(tmp_path, name: str) -> dict[str, etree._ElementTree]:
    paths = fx.render_workspace(fx.workspace(), tmp_path / name, dialect=name)
    return {k: etree.parse(str(p)) for k, p in paths.items()}


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dialects")
    return {d: render(folder, d) for d in ("spiff", "operaton", "flowable")}


def conditions(tree) -> list[str]:
    return [c.text for c in tree.iterfind(".//bpmn:conditionExpression", NS)]


def timers(tree) -> list[str]:
    return [t.text for t in tree.iterfind(".//bpmn:timeDuration", NS)]


def test_spiff_keeps_python_conditions_and_quoted_timers(docs):
    """SpiffWorkflow 3 evaluates timer expressions as Python, so `P4W` unquoted is a NameError."""
    tree = docs["spiff"]["aanmelding"]
    assert conditions(tree) and all(c.startswith("route_Gateway_") and " == \"" in c
                                    for c in conditions(tree))
    assert timers(tree) and all(t.startswith('"P') and t.endswith('"') for t in timers(tree))
    assert tree.getroot().get("expressionLanguage").startswith("https://docs.python.org/")
    assert CAMUNDA not in tree.getroot().nsmap.values()


@pytest.mark.parametrize("name", ["operaton", "flowable"])
def test_java_dialects_write_juel_conditions_on_a_folder_wide_variable(docs, name):
    tree = docs[name]["aanmelding"]
    found = conditions(tree)
    assert found and all(c.startswith("${route_aanmelding__Gateway_") and c.endswith('"}')
                         for c in found)
    for cond in tree.iterfind(".//bpmn:conditionExpression", NS):
        assert cond.get("language") is None  # JUEL is the engines' default
    assert tree.getroot().get("expressionLanguage") is None


@pytest.mark.parametrize("name", ["operaton", "flowable"])
def test_java_dialects_write_plain_iso_durations_without_weeks(docs, name):
    found = timers(docs[name]["aanmelding"]) + timers(docs[name]["stabilisatie"])
    assert found and all(t[0] == "P" and t[-1] in "DMY" and '"' not in t for t in found)
    spiff = timers(docs["spiff"]["aanmelding"])
    weeks = [int(t.strip('"')[1:-1]) for t in spiff if t.endswith('W"')]
    assert weeks and {f"P{7 * w}D" for w in weeks} <= set(timers(docs[name]["aanmelding"]))


def test_operaton_process_attributes_and_modeler_metadata(docs):
    tree = docs["operaton"]["aanmelding"]
    root = tree.getroot()
    assert root.get(f"{{{MODELER}}}executionPlatform") == "Camunda Platform"
    assert root.get(f"{{{MODELER}}}executionPlatformVersion").startswith("7.")
    proc = tree.find("bpmn:process", NS)
    assert proc.get("isExecutable") == "true"
    assert proc.get(f"{{{CAMUNDA}}}historyTimeToLive") == "180"
    assert proc.get(f"{{{CAMUNDA}}}versionTag") == "1.2"  # the blueprint's version


@pytest.mark.parametrize("name,prefix", [("operaton", CAMUNDA), ("flowable", FLOWABLE)])
def test_every_user_task_has_a_candidate_group_from_its_role(docs, name, prefix):
    tree = docs[name]["aanmelding"]
    groups = {t.get("id"): t.get(f"{{{prefix}}}candidateGroups")
              for t in tree.iterfind(".//bpmn:userTask", NS)}
    assert groups and all(groups.values()), groups
    # actor `consulent = rollen.schuldhulpverlener` → the role's own name
    assert "schuldhulpverlener" in groups.values()
    assert not tree.findall(".//bpmn:manualTask[@attachedToRef]", NS)


@pytest.mark.parametrize("name,prefix", [("operaton", CAMUNDA), ("flowable", FLOWABLE)])
def test_automated_steps_have_an_implementation(docs, name, prefix):
    for tree in docs[name].values():
        for tag in ("serviceTask", "sendTask"):
            for task in tree.iterfind(f".//bpmn:{tag}", NS):
                kind = task.get(f"{{{prefix}}}type")
                if kind is None:
                    assert task.get(f"{{{prefix}}}expression") == "${true}", task.get("id")
                else:
                    assert kind in ("external", "external-worker")
                    assert task.get(f"{{{prefix}}}topic") == task.get("id")
                    assert tree.find(f".//bpmn:boundaryEvent[@attachedToRef='{task.get('id')}']",
                                     NS) is not None  # only work under a legal term waits
    assert not any(t.findall(".//bpmn:sendTask", NS) for t in docs["flowable"].values())


def test_master_journeys_call_tiles_from_their_own_files(docs):
    for name, ns_attr in (("operaton", None), ("flowable", f"{{{FLOWABLE}}}inheritVariables")):
        tree = docs[name]["klantreis"]
        assert len(tree.findall("bpmn:process", NS)) == 1
        assert len(tree.findall(".//bpmn:participant", NS)) == 1
        calls = tree.findall(".//bpmn:callActivity", NS)
        assert {c.get("calledElement") for c in calls} == {"Process_aanmelding",
                                                           "Process_stabilisatie"}
        for call in calls:
            if ns_attr:
                assert call.get(ns_attr) == "true"
            else:
                assert call.find(".//camunda:in[@variables='all']", NS) is not None
    # SpiffWorkflow needs the called processes in the same file
    assert len(docs["spiff"]["klantreis"].findall("bpmn:process", NS)) == 3


def test_candidate_group_mapping_and_fallback():
    target = dialect("operaton", (("rollen.schuldhulpverlener", "shv"),))
    assert target.group("rollen.schuldhulpverlener") == "shv"
    assert target.group("rollen.inwoner") == "inwoner"
    assert target.group("kcc") == "kcc"
    with pytest.raises(ValueError):
        dialect("camunda8")


# ---------------------------------------------------------------------------- configuration


def parse(text: str):
    return cfg.parse(SourceFile("pwib.toml", text))


def test_pwib_toml_bpmn_table():
    config, diags = parse('[bpmn]\ndialect = "flowable"\n\n[bpmn.candidate-groups]\n'
                          '"rollen.schuldhulpverlener" = "schuldhulp"\nkcc = "klantcontact"\n')
    assert diags == []
    assert config.bpmn_dialect == "flowable"
    assert config.candidate_groups == (("kcc", "klantcontact"),
                                       ("rollen.schuldhulpverlener", "schuldhulp"))
    assert config.candidate_groups_span.line == 4


def test_pwib_toml_bad_bpmn_values_are_diagnostics():
    _, diags = parse('[bpmn]\ndialect = "flowabel"\nflavour = 1\n[bpmn.candidate-groups]\nkcc = 3\n')
    assert [(d.code, d.primary.span.line) for d in diags] == [("PB110", 2), ("PB110", 3),
                                                              ("PB110", 5)]
    assert "must be one of spiff, operaton, flowable" in diags[0].message
    assert [s.replacement for s in diags[0].suggestions] == ['"flowable"']


# ---------------------------------------------------------------------------- pwib build

BLUEPRINT = textwrap.dedent(
    """\
    blueprint reis "Reis" {
      actor consulent "Consulent"
      actor balie "Baliemedewerker"
      system zaken "Zaaksysteem"
      step aanvraag "Aanvraag" {
        frontstage balie "Neemt de aanvraag aan"
        system zaken
        next besluit
      }
      decision besluit "Toekennen?" {
        backstage consulent "Beoordeelt"
        system zaken
        when "ja" -> klaar
        otherwise -> klaar
      }
      end klaar "Klaar"
    }
    """
)


def pwib(*args, cwd):
    return subprocess.run([sys.executable, "-m", "pwib_dsl", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_build_rejects_an_unknown_dialect(tmp_path):
    (tmp_path / "reis.blueprint").write_text(BLUEPRINT, encoding="utf-8")
    proc = pwib("build", ".", "--out", "out", "--bpmn-dialect", "camunda8", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "unknown BPMN dialect `camunda8`; choose from spiff, operaton, flowable" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_build_reports_a_role_without_candidate_group(tmp_path):
    (tmp_path / "reis.blueprint").write_text(BLUEPRINT, encoding="utf-8")
    (tmp_path / "pwib.toml").write_text(
        'rules = { legal-basis = "off" }\n'
        '[bpmn]\ndialect = "flowable"\n[bpmn.candidate-groups]\nbalie = "klantcontact"\n',
        encoding="utf-8")
    proc = pwib("build", ".", "--out", "out", "--target", "bpmn", "--format", "short",
                cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert ("pwib.toml:4:1: error[PB110]: `consulent` carries user tasks (in reis) but has no"
            " candidate group in `[bpmn.candidate-groups]`") in proc.stdout + proc.stderr
    assert not (tmp_path / "out").exists()
    # spiff needs no groups: the same configuration builds
    assert pwib("build", ".", "--out", "out", "--bpmn-dialect", "spiff", cwd=tmp_path).returncode == 0


def test_build_writes_the_configured_dialect_and_groups(tmp_path):
    (tmp_path / "reis.blueprint").write_text(BLUEPRINT, encoding="utf-8")
    (tmp_path / "pwib.toml").write_text(
        'rules = { legal-basis = "off" }\n'
        '[bpmn]\ndialect = "operaton"\n[bpmn.candidate-groups]\nbalie = "klantcontact"\n'
        'consulent = "inkomen"\n', encoding="utf-8")
    proc = pwib("build", ".", "--out", "out", "--target", "bpmn", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    tree = etree.parse(str(tmp_path / "out" / "bpmn" / "reis.bpmn"))
    groups = [t.get(f"{{{CAMUNDA}}}candidateGroups") for t in tree.iterfind(".//bpmn:userTask", NS)]
    assert groups == ["klantcontact", "inkomen"]
    # the command line wins over pwib.toml
    proc = pwib("build", ".", "--out", "out2", "--target", "bpmn", "--bpmn-dialect", "flowable",
                cwd=tmp_path)
    text = (tmp_path / "out2" / "bpmn" / "reis.bpmn").read_text(encoding="utf-8")
    assert proc.returncode == 0 and 'flowable:candidateGroups="inkomen"' in text


# ---------------------------------------------------------------------------- pools and lanes


@pytest.mark.parametrize("name", ["spiff", "operaton"])
def test_pools_say_who_acts_and_the_resident_is_always_on_top(tmp_path, name):
    """Every example: the pool is the organisation's, no lane carries the blueprint's owner,
    and the first lane is the resident's."""
    ws = fx.example_workspace()
    owners = {bp.owner for bp in ws.blueprints if bp.owner}
    assert owners
    pwib_ns = "https://pwib-dsl.nl/schema/blueprint/1"
    for bp_id, path in fx.render_workspace(ws, tmp_path, dialect=name).items():
        tree = etree.parse(str(path))
        executable = {p.get("id") for p in tree.iterfind("bpmn:process", NS) if p.get("isExecutable") == "true"}
        for participant in tree.iterfind(".//bpmn:participant", NS):
            if participant.get("processRef") in executable:
                assert participant.get("name").startswith("Gemeente: "), bp_id
            else:  # a partner organisation's pool carries its own name
                assert participant.get("name") and not participant.get("name").startswith("Gemeente: "), bp_id
        own = tree.find("bpmn:process", NS)
        lanes = own.findall(".//bpmn:lane", NS)
        assert not {lane.get("name") for lane in lanes} & owners, bp_id
        actor = lanes[0].find(f".//{{{pwib_ns}}}actor")
        bp = next(b for b in ws.blueprints if b.id == bp_id)
        customer_side = {e.actor for n in bp.nodes for e in n.lanes
                         if e.lane in ("customer", "evidence")}
        resident = actor.get("synthetic") == "resident" or actor.get("name") in customer_side
        assert resident, (bp_id, lanes[0].get("name"))
