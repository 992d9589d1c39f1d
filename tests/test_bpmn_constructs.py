"""Waiting, terms that lead somewhere, loop bounds, several actors and task kinds in BPMN.

Small blueprints, compiled from source, judged end to end: the OMG schema with ours,
SpiffWorkflow down every path (messages delivered, time-outs fired, loops walked to their
bound), bpmnlint and bpmn-moddle, the bpmn-js viewer, and, marked slow, the Operaton and
Flowable engines of the harness, for every dialect.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from lxml import etree

import bpmn_fixtures as fx
from checkers import (
    SpiffPathError,
    bpmn_end_event_ids,
    bpmn_xsd_errors,
    bpmnlint_reports,
    browser_fixture,  # noqa: F401  (provides the `browser` fixture)
    moddle_warnings,
    spiff_run,
    spiff_run_all_paths,
)
from pwib_dsl.backends.bpmn import NS as PWIB_NS
from pwib_dsl.backends.bpmn import extension_xsd
from pwib_dsl.driver import compile_sources
from pwib_dsl.source import SourceFile

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NS = {"bpmn": BPMN, "pwib": PWIB_NS}
STDLIB = Path(__file__).resolve().parents[1] / "stdlib"
DIALECTS = ("spiff", "operaton", "flowable")

#: a wait with a time-out, a loop bound, a step of two actors, the resident's own step with
#: an unnamed support line, a decision without lane lines, a term without a target
HERSTEL = """\
use wet

blueprint herstel "Aanvraag met hersteltermijn" {
  actor inwoner "Inwoner"
  actor consulent "Consulent"
  actor jurist "Jurist"
  system zaak "Zaaksysteem"
  term beslistermijn 8 weeks from aanvraag to besluit {
    legal awb art 4:13 lid 2
    suspended-by stukken
  }
  term spoed 3 workdays from aanvraag to beoordelen {
    legal wgs art 4 lid 2
    when "dreigende huisuitzetting"
  }
  step aanvraag "Inwoner dient de aanvraag in" {
    customer inwoner "Vult het formulier in"
    support "Het portaal"
    communication "Ontvangstbevestiging"
  }
  decision compleet "Aanvraag compleet?" {
    system zaak
    legal awb art 4:5 lid 1
    when "nee" -> stukken
    otherwise -> beoordelen
  }
  step stukken "Wachten op de stukken" {
    customer inwoner "Levert de ontbrekende stukken aan"
    wait inwoner "Ontbrekende stukken"
    deadline 2 weeks "hersteltermijn" -> buiten-behandeling
    next beoordelen
  }
  step beoordelen "Aanvraag beoordelen" {
    backstage consulent "Beoordeelt de aanvraag"
    backstage jurist "Toetst de rechtmatigheid"
    system zaak
    deadline 8 weeks "beslistermijn"
  }
  step bellen "Inwoner bellen" {
    frontstage consulent "Belt de inwoner"
  }
  decision bereikt "Inwoner bereikt?" {
    legal wgs art 4 lid 1
    when "geen contact" -> bellen max 3
    otherwise -> besluit
  }
  end besluit "Besluit genomen"
  end buiten-behandeling "Aanvraag buiten behandeling"
}
"""

#: a time-out back to an earlier step, a time-out on a decision's work, a wait inside a fork,
#: two deadlines on one step (one with a target)
SIGNAAL = """\
use wet

blueprint signaal "Signaal over huurachterstand" {
  actor consulent "Consulent vroegsignalering"
  step melding "Melding ontvangen" {
    backstage consulent "Registreert het signaal"
  }
  fork tegelijk "Tegelijk uitzoeken" {
    branch -> suwinet
    branch -> regeling
  }
  step suwinet "Inkomen nagaan" {
    backstage consulent "Raadpleegt het inkomen"
    next samen
  }
  step regeling "Wachten op de betalingsregeling" {
    wait consulent "Voorstel voor een betalingsregeling"
    next samen
  }
  join samen "Alles uitgezocht"
  step bellen "Inwoner bellen" {
    frontstage consulent "Belt de inwoner"
    deadline 5 workdays "eerste poging"
    deadline 2 weeks "laatste poging" -> gesprek
  }
  decision bereikt "Inwoner bereikt?" {
    backstage consulent "Legt de uitkomst vast"
    legal wgs art 4 lid 1
    deadline 1 weeks -> melding
    when "nee" -> bellen max 2
    otherwise -> gesprek
  }
  step gesprek "Gesprek" {
    frontstage consulent "Bespreekt inkomen en regeling"
  }
  end klaar "Hulp aangeboden"
}
"""

#: partner organisations: work passes to the woningcorporatie and the rechtbank and back, a
#: partner's step with a time-out, a partner's decision, a wait for a partner's actor, a loop
#: and a fork through the partner's work
PARTNERS = """\
use wet
use organisaties

blueprint partners "Vroegsignalering met partners" {
  actor incasso "Medewerker huurincasso" of woningcorporatie
  actor consulent "Consulent vroegsignalering"
  actor griffie "Griffie" of rechtspraak
  term contact 3 workdays from signaal to gesprek {
    legal wgs art 4 lid 2
    when "dreigende huisuitzetting"
  }
  step signaal "Signaal over huurachterstand" {
    backstage incasso "Meldt de achterstand"
  }
  step bellen "Inwoner bellen" {
    frontstage consulent "Belt de inwoner"
  }
  step regeling "Betalingsregeling voorstellen" {
    backstage incasso "Stelt een regeling voor"
    deadline 2 weeks -> gesprek
  }
  decision toelating "Toelating tot de wsnp?" {
    backstage griffie "Beslist over toelating"
    legal wgs art 4 lid 1
    when "ja" -> gesprek
    otherwise -> klaar
  }
  step gesprek "Gesprek" {
    frontstage consulent "Bespreekt de regeling"
    wait incasso "Akkoord op de regeling"
  }
  decision akkoord "Akkoord?" {
    backstage consulent "Legt het akkoord vast"
    legal wgs art 4 lid 1
    when "nee" -> regeling max 2
    otherwise -> samen
  }
  fork samen "Samen verder" {
    branch -> melden
    branch -> plan
  }
  step melden "Afspraak melden" {
    backstage incasso "Zet de incasso stil"
    next klaar-samen
  }
  step plan "Plan maken" {
    frontstage consulent "Maakt het plan"
  }
  join klaar-samen "Alles geregeld"
  end klaar "Hulp aangeboden"
}
"""

SOURCES = {"herstel": HERSTEL, "signaal": SIGNAAL, "partners": PARTNERS}


def _workspace(*names: str):
    sources = [SourceFile(f"{n}.blueprint", textwrap.dedent(SOURCES[n])) for n in names]
    result = compile_sources(sources, stdlib=STDLIB)
    assert [d.code for d in result.diagnostics if d.severity.value == "error"] == []
    return result.workspace


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[tuple[str, str], Path]:
    ws = _workspace(*SOURCES)
    out = {}
    for dialect in DIALECTS:
        paths = fx.render_workspace(ws, tmp_path_factory.mktemp(dialect), dialect=dialect)
        out.update({(dialect, name): path for name, path in paths.items()})
    return out


def _tree(path: Path):
    return etree.parse(str(path))


def _by_id(tree, bid: str):
    [el] = tree.xpath(f"//*[@id='{bid}']")
    return el


def test_valid_against_the_omg_schema_and_ours(files):
    for path in files.values():
        assert bpmn_xsd_errors(path, {PWIB_NS: extension_xsd()}) == [], path


# ------------------------------------------------------------------ wait and time-out


def test_a_wait_is_a_receive_task_with_its_message(files):
    tree = _tree(files["spiff", "herstel"])
    task = _by_id(tree, "Task_stukken")
    assert etree.QName(task).localname == "receiveTask"
    message = _by_id(tree, task.get("messageRef"))
    assert etree.QName(message).localname == "message" and message.get("name")
    wait = task.find("bpmn:extensionElements/pwib:node/pwib:wait", NS)
    assert wait.get("party") == "inwoner" and wait.text == "Ontbrekende stukken"


def test_a_deadline_with_a_target_interrupts_and_goes_there(files):
    for dialect in DIALECTS:
        tree = _tree(files[dialect, "herstel"])
        timer = _by_id(tree, "Deadline_stukken_1")
        assert timer.get("cancelActivity") == "true"
        [flow] = tree.xpath("//bpmn:sequenceFlow[@sourceRef='Deadline_stukken_1']", namespaces=NS)
        assert flow.get("targetRef") == "EndEvent_buiten_behandeling"
        assert timer.find("bpmn:extensionElements/pwib:deadline", NS).get("target") == \
            "buiten-behandeling"
        # without a target the term stays a breach beside the work that carries on
        plain = _by_id(tree, "Deadline_beoordelen_1")
        assert plain.get("cancelActivity") == "false"
        [end] = tree.xpath("//bpmn:sequenceFlow[@sourceRef='Deadline_beoordelen_1']/@targetRef",
                           namespaces=NS)
        assert end == "DeadlineEnd_beoordelen_1"
    # the duration in each dialect's own form
    spiff = _by_id(_tree(files["spiff", "herstel"]), "DeadlineTimer_stukken_1")
    java = _by_id(_tree(files["operaton", "herstel"]), "DeadlineTimer_stukken_1")
    assert spiff.findtext("bpmn:timeDuration", namespaces=NS) == '"P2W"'
    assert java.findtext("bpmn:timeDuration", namespaces=NS) == "P14D"


def test_spiffworkflow_walks_every_path_messages_and_time_outs_included(files):
    for name in SOURCES:
        path = files["spiff", name]
        runs = spiff_run_all_paths(path)
        assert {e for r in runs for e in r.end_events} == bpmn_end_event_ids(path), name
        choices = {c for r in runs for c in r.choices}
        tree = _tree(path)
        for timer in tree.iterfind(".//bpmn:boundaryEvent", NS):
            assert (timer.get("id"), "fired") in choices, (name, timer.get("id"))
        for task in tree.iterfind(".//bpmn:receiveTask", NS):
            assert (task.get("id"), "received") in choices, (name, task.get("id"))


def test_a_time_out_cancels_the_wait_and_the_journey_goes_on_at_its_target(files):
    path = files["spiff", "herstel"]
    run = spiff_run(path, {"Gateway_compleet": "Flow_compleet__stukken",
                           "Deadline_stukken_1": "fired"})
    assert run.end_events == ("EndEvent_buiten_behandeling",)
    assert "Task_stukken" not in run.completed and "Task_beoordelen" not in run.completed
    received = spiff_run(path, {"Gateway_compleet": "Flow_compleet__stukken"})
    assert "Task_stukken" in received.completed and "Task_beoordelen" in received.completed


def test_a_time_out_back_to_an_earlier_step_runs(files):
    path = files["spiff", "signaal"]
    run = spiff_run(path, {"Deadline_bereikt_1": ["fired"],
                           "Gateway_bereikt": "Flow_bereikt__gesprek"}, max_loop_visits=3)
    assert run.completed.count("Task_melding") == 2


# ------------------------------------------------------------------ named terms


def test_a_named_term_is_a_timer_set_where_it_starts(files):
    tree = _tree(files["spiff", "herstel"])
    timer = _by_id(tree, "Term_beslistermijn")
    assert timer.get("attachedToRef") == "Task_aanvraag"
    assert timer.get("cancelActivity") == "false"
    term = timer.find("bpmn:extensionElements/pwib:term", NS)
    assert (term.get("from"), term.get("to"), term.get("duration")) == ("aanvraag", "besluit", "P8W")
    assert [s.get("node") for s in term.iterfind("pwib:suspendedBy", NS)] == ["stukken"]
    [end] = tree.xpath("//bpmn:sequenceFlow[@sourceRef='Term_beslistermijn']/@targetRef",
                       namespaces=NS)
    assert end == "TermEnd_beslistermijn"


def test_a_term_for_one_situation_expires_only_in_that_situation(files):
    path = files["spiff", "herstel"]
    tree = _tree(path)
    gateway = _by_id(tree, "TermApplies_spoed")
    assert gateway.get("name") == "dreigende huisuitzetting?"
    applies = spiff_run(path, {"Term_spoed": "fired",
                               "TermApplies_spoed": "TermAppliesFlow_spoed"})
    assert "TermEnd_spoed" in applies.end_events
    other = spiff_run(path, {"Term_spoed": "fired", "TermApplies_spoed": "TermElseFlow_spoed"})
    assert "TermEnd_spoed" not in other.end_events
    assert "TermNotApplicable_spoed" in other.end_events


# ------------------------------------------------------------------ loop bounds


def test_a_bounded_back_branch_counts_and_stops_at_its_bound(files):
    path = files["spiff", "herstel"]
    loop = "Flow_bereikt__bellen"
    run = spiff_run(path, {"Gateway_bereikt": [loop] * 3 + ["Flow_bereikt__besluit"]},
                    max_loop_visits=10)
    assert run.completed.count("Task_bellen") == 4
    assert run.data["loop_Flow_bereikt__bellen"] == 3
    # a fourth pass is refused by the engine: the guarded condition is false, the default
    # branch is taken instead of the one the driver chose
    with pytest.raises(SpiffPathError, match="led to"):
        spiff_run(path, {"Gateway_bereikt": [loop] * 4}, max_loop_visits=10)


def test_the_loop_counter_is_written_per_dialect(files):
    spiff = _tree(files["spiff", "herstel"])
    assert "globals().get(\"loop_Flow_bereikt__bellen\", 0) < 3" in _by_id(
        spiff, "Flow_bereikt__bellen").findtext("bpmn:conditionExpression", namespaces=NS)
    count = _by_id(spiff, "Count_bereikt__bellen")
    assert etree.QName(count).localname == "scriptTask"
    for dialect, prefix in (("operaton", "camunda"), ("flowable", "flowable")):
        tree = _tree(files[dialect, "herstel"])
        condition = _by_id(tree, "Flow_bereikt__bellen").findtext(
            "bpmn:conditionExpression", namespaces=NS)
        assert condition.startswith("${route_herstel__Gateway_bereikt == ")
        assert 'execution.getVariable("loop_herstel__Flow_bereikt__bellen") < 3' in condition
        count = _by_id(tree, "Count_bereikt__bellen")
        assert etree.QName(count).localname == "serviceTask"
        ns = {"camunda": "http://camunda.org/schema/1.0/bpmn", "flowable": "http://flowable.org/bpmn"}
        assert "setVariable('loop_herstel__Flow_bereikt__bellen'" in count.get(
            f"{{{ns[prefix]}}}expression")


# ------------------------------------------------------------------ actors and task kinds


def test_every_actor_of_a_step_is_a_performer_of_its_task(files):
    tree = _tree(files["spiff", "herstel"])
    task = _by_id(tree, "Task_beoordelen")
    refs = [p.findtext("bpmn:resourceRef", namespaces=NS)
            for p in task.iterfind("bpmn:performer", NS)]
    assert refs == ["Resource_consulent", "Resource_jurist"]
    assert _by_id(tree, "Resource_jurist").get("name") == "Jurist"


def test_task_kinds_come_from_who_does_the_work(files):
    tree = _tree(files["spiff", "herstel"])
    lanes = {ref.text: lane.get("name") for lane in tree.iterfind(".//bpmn:lane", NS)
             for ref in lane.iterfind("bpmn:flowNodeRef", NS)}
    # the resident's own step, with the portal as support, is the resident's manual work,
    # not a send task of the organisation
    assert etree.QName(_by_id(tree, "Task_aanvraag")).localname == "manualTask"
    assert lanes["Task_aanvraag"] == "Inwoner"
    # a decision without lane lines is someone's judgement in an application, not automation
    assert etree.QName(_by_id(tree, "Task_compleet")).localname == "userTask"
    assert lanes["Task_compleet"] == "Consulent"


# ------------------------------------------------------------------ organisations


def test_a_partner_organisation_is_a_pool_of_its_own_with_its_actors_as_lanes(files):
    for dialect in DIALECTS:
        tree = _tree(files[dialect, "partners"])
        pools = {p.get("name"): p.get("processRef")
                 for p in tree.iterfind(".//bpmn:participant", NS)}
        assert set(pools) == {"Gemeente: Vroegsignalering met partners", "Woningcorporatie",
                              "Rechtbank"}
        process = {p.get("id"): p for p in tree.iterfind(".//bpmn:process", NS)}
        executable = [i for i, p in process.items() if p.get("isExecutable") == "true"]
        assert executable == ["Process_partners"]
        corporatie = process[pools["Woningcorporatie"]]
        assert [lane.get("name") for lane in corporatie.iterfind(".//bpmn:lane", NS)] == [
            "Medewerker huurincasso"]
        assert [t.get("name") for t in corporatie.iterfind("bpmn:manualTask", NS)] == [
            "Signaal over huurachterstand", "Betalingsregeling voorstellen", "Afspraak melden"]
        # the municipality's lanes hold none of the partners' actors
        lanes = [lane.get("name") for lane in process["Process_partners"].iterfind(
            ".//bpmn:lane", NS)]
        assert "Medewerker huurincasso" not in lanes and "Griffie" not in lanes


def test_work_passes_between_the_organisations_as_message_flows(files):
    tree = _tree(files["spiff", "partners"])
    flows = {(f.get("sourceRef"), f.get("targetRef"))
             for f in tree.iterfind(".//bpmn:messageFlow", NS)}
    # to the corporatie and back: the consultant's call hands over, the corporatie's task
    # answers the municipality's receive task, which the time-out can interrupt
    assert ("Task_bellen", "PartnerStart_regeling") in flows
    assert ("PartnerTask_regeling", "Task_regeling") in flows
    assert ("PartnerTask_toelating", "Task_toelating") in flows
    # the first step is the partner's: the municipality's pool itself receives the signal
    assert ("Participant_partners", "PartnerStart_signaal") in flows
    assert etree.QName(_by_id(tree, "Task_regeling")).localname == "receiveTask"
    assert _by_id(tree, "Deadline_regeling_1").get("cancelActivity") == "true"


# ------------------------------------------------------------------ tools


@pytest.mark.parametrize("check", [
    "test_every_element_is_drawn_exactly_once", "test_no_two_shapes_overlap",
    "test_sequence_flows_are_orthogonal_and_attached", "test_edges_never_run_through_shapes",
    "test_flow_nodes_sit_in_their_lane", "test_labels_are_wide_enough_and_clear_of_shapes",
])
def test_the_layout_checks_hold(files, check):
    import test_bpmn_layout as geometry

    diagrams = {f"{d}:{n}": geometry.Diagram(p) for (d, n), p in files.items()}
    getattr(geometry, check)(diagrams)
    # message flows are drawn too, orthogonally, from their source to their target
    for name, d in diagrams.items():
        for flow in d.tree.iterfind(".//bpmn:messageFlow", NS):
            points = d.edges[flow.get("id")]
            for p, q in zip(points, points[1:]):
                assert p[0] == q[0] or p[1] == q[1], (name, flow.get("id"))


@pytest.mark.node
def test_bpmnlint_and_moddle_are_clean(files):
    paths = list(files.values())
    reports = bpmnlint_reports(paths)
    warnings = moddle_warnings(paths)
    for path in paths:
        report = reports[str(path)]
        assert report["importWarnings"] == [] and report["reports"] == [], (path, report)
        assert warnings[str(path)]["warnings"] == [], path


@pytest.mark.node
def test_operaton_files_pass_the_camunda_7_rules(files):
    from test_bpmn_checkers import CAMUNDA7_LINT

    paths = [p for (dialect, _n), p in files.items() if dialect == "operaton"]
    reports = bpmnlint_reports(paths, CAMUNDA7_LINT)
    for path in paths:
        report = reports[str(path)]
        assert report["importWarnings"] == [] and report["reports"] == [], (path, report)


@pytest.mark.browser
def test_bpmn_js_draws_every_element(files, browser):
    for (dialect, name), path in files.items():
        result = browser.render_bpmn(path.read_text(encoding="utf-8"))
        assert result["error"] is None and result["warnings"] == [], (dialect, name, result)
        assert result["missing"] == [] and result["drawn"] == result["elements"] > 0, name
        readable = browser.bpmn_readability(path.read_text(encoding="utf-8"))
        assert readable["overlaps"] == [], (name, readable["overlaps"])


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["operaton", "flowable"])
def test_the_engines_run_every_path(engine, tmp_path):
    from test_bpmn_engines import _run_engine

    report = _run_engine(engine, tmp_path, _workspace(*SOURCES))
    assert len(report["files"]) == len(SOURCES)
    assert report["folder_error"] is None, report["folder_error"]
    for r in report["files"].values():
        assert r["deployed"] and r["error"] is None, r
        assert r["branches_covered"] == r["branches"] and r["ends_reached"] == r["ends"], r
        assert r["timers_fired"] == r["timers"] and r["messages_received"] == r["messages"], r
        # every bounded loop walked to its bound, the pass beyond refused by the engine
        assert r["loops_bounded"] == r["loops"], r
    assert sum(r["loops"] for r in report["files"].values()) == 3
    assert report["returncode"] == 0, report["output"]
