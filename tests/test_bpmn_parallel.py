"""Parallel work in BPMN: a fork is a splitting parallel gateway, a join a merging one.

The blueprint is compiled from source, so the test covers the whole way from `fork`/`join` to
the file: the OMG schema, SpiffWorkflow down every branch (both branches of each fork run and
the join lets the process go on), bpmnlint and bpmn-moddle, and, marked slow, the Operaton and
Flowable engines of the harness.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from lxml import etree

import bpmn_fixtures as fx
from checkers import bpmn_end_event_ids, bpmn_xsd_errors, bpmnlint_reports, moddle_warnings, spiff_run_all_paths
from pwib_dsl.backends.bpmn import NS as PWIB_NS
from pwib_dsl.backends.bpmn import extension_xsd
from pwib_dsl.driver import compile_sources
from pwib_dsl.source import SourceFile

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NS = {"bpmn": BPMN}
STDLIB = Path(__file__).resolve().parents[1] / "stdlib"

SIGNAAL = """\
use wet

blueprint signaal "Signaal over huurachterstand" {
  actor consulent "Consulent vroegsignalering"
  step melding "Melding ontvangen" {
    backstage consulent "Registreert het signaal"
  }
  fork tegelijk "Tegelijk uitzoeken" {
    branch -> suwinet
    branch -> binnen
  }
  step suwinet "Inkomen nagaan" {
    backstage consulent "Raadpleegt het inkomen"
    next samen
  }
  fork binnen "Contact en regeling" {
    branch -> bellen
    branch -> regeling
  }
  step bellen "Inwoner bellen" {
    frontstage consulent "Belt de inwoner"
  }
  decision bereikt "Inwoner bereikt?" {
    backstage consulent "Legt de uitkomst vast"
    legal wgs art 4 lid 1 "contact voor het eerste gesprek"
    when "ja" -> genoteerd
    otherwise -> genoteerd
  }
  step genoteerd "Contact genoteerd" {
    backstage consulent "Noteert het contact"
    next binnen-klaar
  }
  step regeling "Betalingsregeling vragen" {
    backstage consulent "Vraagt de corporatie om een betalingsregeling"
  }
  join binnen-klaar "Contact en regeling klaar" {
    next samen
  }
  join samen "Alles uitgezocht"
  step gesprek "Gesprek" {
    frontstage consulent "Bespreekt inkomen en regeling"
  }
  end klaar "Hulp aangeboden"
}
"""


def _workspace():
    result = compile_sources([SourceFile("signaal.blueprint", textwrap.dedent(SIGNAAL))], stdlib=STDLIB)
    assert [d.code for d in result.diagnostics if d.severity.value == "error"] == []
    return result.workspace


@pytest.fixture(scope="module")
def path(tmp_path_factory) -> Path:
    return fx.render_workspace(_workspace(), tmp_path_factory.mktemp("parallel"))["signaal"]


def test_forks_and_joins_are_parallel_gateways(path):
    tree = etree.parse(str(path))
    gateways = tree.findall(".//bpmn:parallelGateway", NS)
    assert len(gateways) == 4
    by_name = {g.get("name"): g for g in gateways}
    assert {"Tegelijk uitzoeken", "Contact en regeling", "Contact en regeling klaar", "Alles uitgezocht"} <= set(by_name)
    assert len(by_name["Tegelijk uitzoeken"].findall("bpmn:outgoing", NS)) == 2
    assert len(by_name["Alles uitgezocht"].findall("bpmn:incoming", NS)) == 2
    assert bpmn_xsd_errors(path, {PWIB_NS: extension_xsd()}) == []


def test_spiffworkflow_runs_both_branches_of_every_fork(path):
    runs = spiff_run_all_paths(path)
    assert {e for r in runs for e in r.end_events} == bpmn_end_event_ids(path)
    assert len(runs) == 2  # the decision inside the nested fork; the forks themselves do not branch
    tree = etree.parse(str(path))
    names = {el.get("id"): el.get("name") for el in tree.iter() if el.get("name")}
    for run in runs:
        done = {names.get(t) for t in run.completed}
        # every line of work of both forks ran, and the joins let the process go on
        assert {"Inkomen nagaan", "Inwoner bellen", "Betalingsregeling vragen", "Gesprek"} <= done, done


@pytest.mark.node
def test_bpmnlint_and_moddle_are_clean(path):
    report = bpmnlint_reports([path])[str(path)]
    assert report["importWarnings"] == [] and report["reports"] == [], report
    assert moddle_warnings([path])[str(path)]["warnings"] == []


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["operaton", "flowable"])
def test_the_engines_run_the_forks(engine, tmp_path):
    from test_bpmn_engines import _run_engine

    report = _run_engine(engine, tmp_path, _workspace())
    [r] = report["files"].values()
    assert r["deployed"] and r["error"] is None, r
    assert r["branches_covered"] == r["branches"] and r["ends_reached"] == r["ends"], r
    assert report["returncode"] == 0, report["output"]
