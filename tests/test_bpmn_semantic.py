"""What each blueprint construct becomes in BPMN: the mapping documented in docs/bpmn.md.

Each test renders a fixture (tests/bpmn_fixtures.py) and reads the XML back with lxml.
"""

from __future__ import annotations

import attrs
import pytest
from lxml import etree

import bpmn_fixtures as fx
from pwib_dsl.backends import BuildOptions, output_path
from pwib_dsl.backends.bpmn import render
from pwib_dsl.sema import model as m

B = "http://www.omg.org/spec/BPMN/20100524/MODEL"
P = "https://pwib-dsl.nl/schema/blueprint/1"
NS = {"bpmn": B, "pwib": P}


def xml_of(*blueprints: m.Blueprint, lang: str = "nl", which: str | None = None):
    ws = fx.workspace(*blueprints, lang=lang)
    out = render(ws, BuildOptions(lang=lang))
    bp_id = which or (blueprints[0].id if blueprints else "aanmelding")
    return etree.fromstring(out[output_path("bpmn", bp_id)])


@pytest.fixture(scope="module")
def doc():
    return xml_of()


def el(root, element_id: str):
    found = root.xpath("//*[@id=$i]", i=element_id)
    assert len(found) == 1, f"{element_id}: {len(found)} elements"
    return found[0]


def local(e) -> str:
    return etree.QName(e).localname


def test_render_returns_one_file_per_blueprint():
    out = render(fx.workspace(), BuildOptions())
    assert sorted(out) == ["bpmn/aanmelding.bpmn", "bpmn/klantreis.bpmn", "bpmn/stabilisatie.bpmn"]
    assert all(data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n') for data in out.values())
    assert all(data.endswith(b"</bpmn:definitions>\n") for data in out.values())


def test_one_executable_pool_with_a_lane_per_performing_actor(doc):
    participants = doc.findall(".//bpmn:participant", NS)
    assert [(p.get("id"), p.get("processRef")) for p in participants] == [
        ("Participant_aanmelding", "Process_aanmelding")]
    proc = el(doc, "Process_aanmelding")
    assert proc.get("isExecutable") == "true"
    lanes = {lane.get("id"): lane for lane in proc.iterfind(".//bpmn:lane", NS)}
    assert list(lanes) == ["Lane_inwoner", "Lane_consulent", "Lane_administratie",
                           "OrganisationLane_aanmelding"]
    # named after the organisation that acts, never after the blueprint owner ("Team Schuldhulp")
    assert lanes["OrganisationLane_aanmelding"].get("name") == "Gemeente"
    refs = {i: [r.text for r in lane.iterfind("bpmn:flowNodeRef", NS)] for i, lane in lanes.items()}
    assert refs["Lane_inwoner"] == ["StartEvent_aanmelding", "Task_aanmelden", "Task_aanvullen"]
    # the frontstage actor carries an interaction, with the boundary timers on its task
    assert refs["Lane_consulent"][:4] == ["Task_gesprek", "Deadline_gesprek_1",
                                          "DeadlineEnd_gesprek_1", "Deadline_gesprek_2"]
    assert "Task_afwijzing" in refs["Lane_consulent"]
    assert "EndEvent_afgewezen" in refs["Lane_consulent"]  # inherited from its predecessor
    assert refs["OrganisationLane_aanmelding"] == ["Task_brp"]
    actor = lanes["Lane_consulent"].find("bpmn:extensionElements/pwib:actor", NS)
    assert dict(actor.attrib) == {"name": "consulent", "role": "rollen.schuldhulpverlener",
                                  "roleTitle": "Schuldhulpverlener"}


def test_task_kinds_follow_lanes_systems_and_communication(doc):
    kinds = {tid: local(el(doc, tid)) for tid in (
        "Task_aanmelden", "Task_brp", "Task_bevestigen", "Task_gesprek", "Task_toelating",
        "Task_aanvullen", "Task_plan", "Task_versturen", "Task_afwijzing")}
    assert kinds == {
        "Task_aanmelden": "userTask",  # the resident uses a system
        "Task_brp": "serviceTask",  # a system, no person
        "Task_bevestigen": "sendTask",  # the organisation communicates
        "Task_gesprek": "manualTask",  # people, no system
        "Task_toelating": "userTask",  # the decision's work uses a system
        "Task_aanvullen": "userTask",
        "Task_plan": "manualTask",
        "Task_versturen": "sendTask",
        "Task_afwijzing": "sendTask",
    }
    assert el(doc, "Task_aanmelden").get("name") == "Inwoner meldt zich aan"


def test_decision_is_a_gateway_after_its_work_with_conditioned_branches(doc):
    task = el(doc, "Task_toelating")
    assert task.get("name") == "Beoordeelt de hulpvraag en de stukken"
    gateway = el(doc, "Gateway_toelating")
    assert local(gateway) == "exclusiveGateway"
    assert gateway.get("name") == "Toelaten tot schuldhulpverlening?"
    assert gateway.get("default") == "Flow_toelating__afwijzing"
    assert [i.text for i in gateway.iterfind("bpmn:incoming", NS)] == ["DecideFlow_toelating"]
    flows = {f.get("id"): f for f in doc.iterfind(".//bpmn:sequenceFlow", NS)
             if f.get("sourceRef") == "Gateway_toelating"}
    assert {i: f.get("name") for i, f in flows.items()} == {
        "Flow_toelating__plan": "toegelaten",
        "Flow_toelating__aanvullen": "stukken ontbreken",
        "Flow_toelating__afwijzing": "afgewezen",
    }
    conditions = {i: f.findtext("bpmn:conditionExpression", namespaces=NS)
                  for i, f in flows.items()}
    assert conditions == {
        "Flow_toelating__plan": 'route_Gateway_toelating == "Flow_toelating__plan"',
        "Flow_toelating__aanvullen": 'route_Gateway_toelating == "Flow_toelating__aanvullen"',
        "Flow_toelating__afwijzing": None,  # `otherwise` is the default flow
    }
    for i in ("Flow_toelating__plan", "Flow_toelating__aanvullen"):
        expr = flows[i].find("bpmn:conditionExpression", NS)
        assert expr.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "bpmn:tFormalExpression"


def test_decision_without_work_is_only_a_gateway():
    doc = xml_of(fx.STABILISATIE)
    assert doc.xpath("//*[@id='Task_vorm']") == []
    gateway = el(doc, "Gateway_vorm")
    assert gateway.get("default") is None
    node = gateway.find("bpmn:extensionElements/pwib:node", NS)
    assert node.get("kind") == "decision"
    flows = [f for f in doc.iterfind(".//bpmn:sequenceFlow", NS)
             if f.get("sourceRef") == "Gateway_vorm"]
    assert len(flows) == 3 and all(f.find("bpmn:conditionExpression", NS) is not None
                                   for f in flows)


def test_a_node_reached_twice_gets_a_joining_gateway(doc):
    join = el(doc, "Join_toelating")
    assert local(join) == "exclusiveGateway" and join.get("name") is None
    assert [i.text for i in join.iterfind("bpmn:incoming", NS)] == [
        "Flow_gesprek__toelating", "Flow_aanvullen__toelating"]
    assert [i.text for i in join.iterfind("bpmn:outgoing", NS)] == ["JoinFlow_toelating"]
    for f in doc.iterfind(".//bpmn:sequenceFlow", NS):
        target = el(doc, f.get("targetRef"))
        if local(target) != "exclusiveGateway":
            assert len(target.findall("bpmn:incoming", NS)) == 1, target.get("id")


def test_deadlines_are_non_interrupting_timers_named_with_the_term(doc):
    timers = {b.get("id"): b for b in doc.iterfind(".//bpmn:boundaryEvent", NS)}
    assert sorted(timers) == ["Deadline_gesprek_1", "Deadline_gesprek_2", "Deadline_toelating_1"]
    first, second = timers["Deadline_gesprek_1"], timers["Deadline_gesprek_2"]
    assert first.get("attachedToRef") == "Task_gesprek"
    assert first.get("cancelActivity") == "false"
    assert first.get("name") == "4 weken"
    assert second.get("name") == "3 werkdagen"
    assert second.findtext("bpmn:documentation", namespaces=NS) == (
        "3 werkdagen (P5D; benadering: de meeste kalenderdagen die zoveel werkdagen beslaan,"
        " zonder feestdagen)"
        ": bij dreigende huisuitzetting")
    duration = ".//bpmn:timeDuration"
    assert first.findtext(duration, namespaces=NS) == '"P4W"'  # a Python string literal
    assert second.findtext(duration, namespaces=NS) == '"P5D"'  # 3 workdays span ≤ 5 days
    exact = second.find("bpmn:extensionElements/pwib:deadline", NS)
    assert dict(exact.attrib) == {"amount": "3", "unit": "workdays", "duration": "P5D",
                                  "approximate": "true"}
    assert exact.text == "bij dreigende huisuitzetting"
    flow = el(doc, first.findtext("bpmn:outgoing", namespaces=NS))
    end = el(doc, flow.get("targetRef"))
    assert local(end) == "endEvent" and end.get("name") == "Termijn verstreken"


@pytest.mark.parametrize("amount, unit, duration", [
    (1, "days", "P1D"), (4, "weeks", "P4W"), (3, "months", "P3M"), (1, "years", "P1Y"),
    (1, "workdays", "P3D"), (2, "workdays", "P4D"), (5, "workdays", "P7D"),
    (8, "workdays", "P12D"), (10, "workdays", "P14D"), (0, "workdays", "P0D"),
])
def test_iso_durations(amount, unit, duration):
    from pwib_dsl.backends.bpmn.semantic import iso_duration

    assert iso_duration(m.Deadline(amount, unit))[0] == duration


def test_systems_are_data_stores_with_a_reference_per_use(doc):
    store = el(doc, "DataStore_zaken")
    assert local(store) == "dataStore" and store.get("name") == "Zaaksysteem"
    assert store.getparent().tag == f"{{{B}}}definitions"
    system = store.find("bpmn:extensionElements/pwib:system", NS)
    assert system.get("component") == "gemma.zaakregistratiecomponent"
    assert system.get("personalData") == "true"
    assert store.findtext("bpmn:documentation", namespaces=NS) == "Registreert de zaak en de betrokkenen."
    refs = doc.xpath("//bpmn:dataStoreReference[@dataStoreRef='DataStore_zaken']", namespaces=NS)
    assert [r.get("id") for r in refs] == ["Store_bevestigen__zaken", "Store_toelating__zaken"]
    assoc = el(doc, "StoreLink_bevestigen__zaken")
    assert local(assoc) == "dataOutputAssociation"
    assert assoc.getparent().get("id") == "Task_bevestigen"
    assert assoc.findtext("bpmn:targetRef", namespaces=NS) == "Store_bevestigen__zaken"


def test_legal_citations_are_annotations_with_links(doc):
    note = el(doc, "LegalNote_gesprek")
    assert note.findtext("bpmn:text", namespaces=NS) == (
        "Wgs art. 4 lid 1\nWgs art. 4 lid 2: bij dreigende huisuitzetting")
    documentation = note.findtext("bpmn:documentation", namespaces=NS)
    assert "https://wetten.overheid.nl/jci1.3:c:BWBR0031331&artikel=4&lid=1" in documentation
    assert "(jci1.3:c:BWBR0031331&artikel=4&lid=2)" in documentation
    link = el(doc, "LegalLink_gesprek")
    assert (link.get("sourceRef"), link.get("targetRef")) == ("LegalNote_gesprek", "Task_gesprek")
    task_doc = el(doc, "Task_gesprek").findtext("bpmn:documentation", namespaces=NS)
    assert "Juridisch: Wgs art. 4 lid 1 (Eerste gesprek): https://wetten.overheid.nl/" in task_doc
    legal = el(doc, "Task_gesprek").findall("bpmn:extensionElements/pwib:node/pwib:legal", NS)
    assert [x.get("jci") for x in legal] == ["jci1.3:c:BWBR0031331&artikel=4&lid=1",
                                             "jci1.3:c:BWBR0031331&artikel=4&lid=2"]
    # an end event carries its citation too
    assert el(doc, "LegalLink_afgewezen").get("targetRef") == "EndEvent_afgewezen"


def test_every_layer_travels_in_the_extension(doc):
    node = el(doc, "Task_aanmelden").find("bpmn:extensionElements/pwib:node", NS)
    assert (node.get("name"), node.get("kind"), node.get("phase")) == ("aanmelden", "step", "melden")
    children = [(local(c), c.text, dict(c.attrib)) for c in node]
    assert children == [
        ("lane", "Webformulier met DigiD", {"lane": "evidence"}),
        ("lane", "Vult het aanmeldformulier in", {"lane": "customer", "actor": "inwoner"}),
        ("communication", "Bevestiging op het scherm", {"channel": "web"}),
        ("uses", None, {"system": "website"}),
        ("uses", None, {"system": "digid"}),
        ("measure", None, {"ref": "pwib.identificatie",
                           "title": "Identificatie met rijbewijs of DigiD"}),
        ("pain", "Weet niet welke stukken nodig zijn", {}),
        ("emotion", "-1", {}),
    ]
    plan = el(doc, "Task_plan").find("bpmn:extensionElements/pwib:node", NS)
    assert [local(c) for c in plan] == ["lane", "lane", "functionality", "measure", "note"]
    process = el(doc, "Process_aanmelding").find("bpmn:extensionElements/pwib:blueprint", NS)
    assert process.get("file") == "toegang/aanmelding.blueprint"
    assert process.find("pwib:tile", NS).get("ref") == "schuldenlandschap.aanmelding"
    assert [i.get("ref") for i in process.iterfind("pwib:implements", NS)] == ["pwib.direct-aanvragen"]


def test_phases_are_groups_with_a_category_value(doc):
    groups = doc.findall(".//bpmn:group", NS)
    assert [g.get("id") for g in groups] == ["Phase_melden", "Phase_intake", "Phase_plannen"]
    value = el(doc, groups[2].get("categoryValueRef"))
    assert value.get("value") == "Plan van aanpak"


def test_master_journey_calls_its_tiles_and_embeds_them():
    doc = xml_of(fx.AANMELDING, fx.STABILISATIE, fx.KLANTREIS, which="klantreis")
    call = el(doc, "CallActivity_toegang")
    assert local(call) == "callActivity"
    assert call.get("calledElement") == "Process_aanmelding"
    assert el(doc, "CallActivity_stabiliseren").get("calledElement") == "Process_stabilisatie"
    processes = [p.get("id") for p in doc.iterfind("bpmn:process", NS)]
    assert processes == ["Process_klantreis", "Process_aanmelding", "Process_stabilisatie"]
    participants = [p.get("processRef") for p in doc.iterfind(".//bpmn:participant", NS)]
    assert participants == processes
    # ids inside an embedded tile are prefixed; its process id is the tile's own
    assert local(el(doc, "aanmelding__Task_gesprek")) == "manualTask"
    assert el(doc, "aanmelding__Flow_toelating__plan").findtext(
        "bpmn:conditionExpression", namespaces=NS) == (
        'route_aanmelding__Gateway_toelating == "aanmelding__Flow_toelating__plan"')
    journey = call.find("bpmn:extensionElements/pwib:node/pwib:journey", NS)
    assert dict(journey.attrib) == {"ref": "aanmelding", "process": "Process_aanmelding"}
    # a tile's own file is unaffected by being called
    tile = xml_of(fx.AANMELDING, fx.STABILISATIE, fx.KLANTREIS, which="aanmelding")
    assert [p.get("id") for p in tile.iterfind("bpmn:process", NS)] == ["Process_aanmelding"]


def test_english_labels():
    doc = xml_of(fx.AANMELDING, lang="en")
    assert el(doc, "StartEvent_aanmelding").get("name") == "Start"
    assert el(doc, "Deadline_gesprek_1").get("name") == "4 weeks"
    assert el(doc, "DeadlineEnd_gesprek_1").get("name") == "Term expired"
    assert el(doc, "Task_gesprek").findtext("bpmn:documentation", namespaces=NS).startswith(
        "Phase: Intake\nFrontstage (Schuldhulpverlener): ")


def test_blueprint_without_actors_has_the_resident_and_one_organisation_lane():
    bp = fx.blueprint_with([
        m.Step("a", "Iets doen", next="klaar"),
        m.End("klaar", "Klaar"),
    ])
    doc = xml_of(bp)
    lanes = doc.findall(".//bpmn:lane", NS)
    # the resident's lane stays on top (the same place in every file), even when empty
    assert [(x.get("id"), x.get("name")) for x in lanes] == [("ResidentLane_variant", "Inwoner"),
                                                             ("OrganisationLane_variant", "Gemeente")]
    assert [r.text for r in lanes[0].iterfind("bpmn:flowNodeRef", NS)] == []
    assert local(el(doc, "Task_a")) == "task"  # no lane entries, no systems: a plain task


def test_customer_entry_without_actor_goes_to_a_resident_lane():
    bp = fx.blueprint_with([
        m.Step("a", "Aanvragen", lanes=(fx.lane("customer", "Vraagt aan"),), next="b"),
        m.Step("b", "Behandelen", lanes=(fx.lane("backstage", "Behandelt"),), next="klaar"),
        m.End("klaar", "Klaar"),
    ])
    doc = xml_of(bp)
    lanes = [(x.get("id"), x.get("name")) for x in doc.iterfind(".//bpmn:lane", NS)]
    assert lanes == [("ResidentLane_variant", "Inwoner"), ("OrganisationLane_variant", "Gemeente")]
    assert local(el(doc, "Task_a")) == "manualTask"


def test_reserved_spiffworkflow_names_never_become_ids():
    bp = fx.blueprint_with([m.Step("Start", "Begin", next="End"), m.End("End", "Einde")],
                           id="EndJoin")
    out = render(fx.workspace(bp), BuildOptions())[output_path("bpmn", "EndJoin")]
    ids = etree.fromstring(out).xpath("//@id")
    assert not {"Start", "End", "Process_EndJoin.EndJoin"} & set(ids)
    assert "Task_Start" in ids and "EndEvent_End" in ids


def test_ids_are_stable_when_a_step_is_added_elsewhere():
    base = fx.AANMELDING
    plan = base.node("plan")
    extra = m.Step("extra", "Extra controle", "plannen",
                   lanes=(fx.lane("backstage", "Controleert", "consulent"),), next="versturen")
    changed = fx.with_node(base, extra, after="plan")
    changed = attrs.evolve(changed, nodes=tuple(
        attrs.evolve(n, next="extra") if n.id == "plan" else n for n in changed.nodes))
    assert plan.next == "versturen"
    before = set(xml_of(base).xpath("//@id"))
    after = set(xml_of(changed).xpath("//@id"))
    assert before - after == {"Flow_plan__versturen", "Flow_plan__versturen_di"}
    assert after - before == {
        "Task_extra", "Flow_plan__extra", "Flow_extra__versturen",
        "Task_extra_di", "Flow_plan__extra_di", "Flow_extra__versturen_di",
        "Performer_extra__consulent"}  # the new step's actor, as a performer of its task


def test_duplicate_branch_targets_get_distinct_flows():
    bp = fx.blueprint_with([
        m.Decision("kies", "Welke?", branches=(m.Branch("a", "klaar"), m.Branch("b", "klaar"))),
        m.End("klaar", "Klaar"),
    ])
    doc = xml_of(bp)
    flows = [f.get("id") for f in doc.iterfind(".//bpmn:sequenceFlow", NS)
             if f.get("sourceRef") == "Gateway_kies"]
    assert flows == ["Flow_kies__klaar", "Flow_kies__klaar_dup2"]
    assert el(doc, "Join_klaar") is not None


def test_unnamed_otherwise_branch_is_labelled():
    bp = fx.blueprint_with([
        m.Decision("kies", "Welke?", branches=(m.Branch("ja", "a"), m.Branch("", "b", True))),
        m.End("a", "A"), m.End("b", "B"),
    ])
    doc = xml_of(bp)
    assert el(doc, "Flow_kies__b").get("name") == "anders"
    assert el(doc, "Gateway_kies").get("default") == "Flow_kies__b"
