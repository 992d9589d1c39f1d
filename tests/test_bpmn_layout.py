"""Geometry of the BPMNDI the backend computes: checked on the fixtures and on every example.

What a reader of the diagram relies on, as measurable properties of the DI:
every element drawn exactly once; no two shapes overlap (a boundary event only its host);
sequence flows orthogonal, attached to their source and target, and never running through a
shape; flow nodes inside the lane that lists them; labels at least 90px wide (bpmn-js wraps
labels at their width); flow labels clear of shapes; columns in file order of the phases.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

import bpmn_fixtures as fx

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
FLOW_NODES = ("startEvent", "endEvent", "task", "userTask", "manualTask", "serviceTask",
              "sendTask", "receiveTask", "scriptTask", "callActivity", "exclusiveGateway",
              "parallelGateway", "boundaryEvent")
SOLID = FLOW_NODES + ("dataStoreReference", "textAnnotation")


class Diagram:
    """The semantic elements and DI of one rendered file."""

    def __init__(self, path: Path) -> None:
        self.tree = etree.parse(str(path))
        self.tag: dict[str, str] = {}
        self.el: dict[str, etree._Element] = {}
        for proc in self.tree.iterfind(".//bpmn:process", NS):
            for el in proc.iter():
                if isinstance(el.tag, str) and el.get("id") and el.tag.startswith("{" + NS["bpmn"]):
                    self.tag[el.get("id")] = etree.QName(el).localname
                    self.el[el.get("id")] = el
        for p in self.tree.iterfind(".//bpmn:participant", NS):
            self.tag[p.get("id")] = "participant"
            self.el[p.get("id")] = p
        for f in self.tree.iterfind(".//bpmn:messageFlow", NS):
            self.tag[f.get("id")] = "messageFlow"
            self.el[f.get("id")] = f
        self.shapes: dict[str, tuple] = {}
        self.edges: dict[str, list] = {}
        self.labels: dict[str, tuple] = {}
        self.duplicates: list[str] = []
        for shape in self.tree.iterfind(".//bpmndi:BPMNShape", NS):
            eid = shape.get("bpmnElement")
            if eid in self.shapes:
                self.duplicates.append(eid)
            self.shapes[eid] = _bounds(shape.find("dc:Bounds", NS))
            label = shape.find("bpmndi:BPMNLabel/dc:Bounds", NS)
            if label is not None:
                self.labels[eid] = _bounds(label)
        for edge in self.tree.iterfind(".//bpmndi:BPMNEdge", NS):
            eid = edge.get("bpmnElement")
            if eid in self.edges:
                self.duplicates.append(eid)
            self.edges[eid] = [(float(w.get("x")), float(w.get("y")))
                               for w in edge.iterfind("di:waypoint", NS)]
            label = edge.find("bpmndi:BPMNLabel/dc:Bounds", NS)
            if label is not None:
                self.labels[eid] = _bounds(label)

    def ids(self, *tags: str) -> list[str]:
        return [i for i, t in self.tag.items() if t in tags]


def _bounds(b) -> tuple[float, float, float, float]:
    return tuple(float(b.get(k)) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def _overlap(a, b, margin: float = 0.0) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return (ax < bx + bw + margin and bx < ax + aw + margin
            and ay < by + bh + margin and by < ay + ah + margin)


def _crosses(p, q, rect, inset: float = 2.0) -> bool:
    """Does segment p–q enter the interior of ``rect`` (shrunk by ``inset``)? Liang–Barsky."""
    x, y, w, h = rect
    x0, y0, x1, y1 = x + inset, y + inset, x + w - inset, y + h - inset
    if x1 <= x0 or y1 <= y0:
        return False
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for edge_p, edge_q in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return t1 - t0 > 1e-9


def _on_border(point, rect, tol: float = 1.0) -> bool:
    x, y, w, h = rect
    px, py = point
    inside = x - tol <= px <= x + w + tol and y - tol <= py <= y + h + tol
    near = min(abs(px - x), abs(px - x - w), abs(py - y), abs(py - y - h)) <= tol
    return inside and near


@pytest.fixture(scope="module")
def diagrams(tmp_path_factory) -> dict[str, Diagram]:
    folder = tmp_path_factory.mktemp("bpmn-layout")
    paths = fx.render_workspace(fx.workspace(), folder / "fixtures")
    paths.update({f"example:{k}": v for k, v in
                  fx.render_workspace(fx.example_workspace(), folder / "examples").items()})
    return {name: Diagram(path) for name, path in sorted(paths.items())}


def _each(diagrams):
    return sorted(diagrams.items())


def test_every_element_is_drawn_exactly_once(diagrams):
    for name, d in _each(diagrams):
        assert not d.duplicates, (name, d.duplicates)
        need_shape = d.ids(*SOLID, "lane", "participant", "group")
        need_edge = d.ids("sequenceFlow", "association", "dataOutputAssociation", "messageFlow")
        assert sorted(i for i in need_shape if i not in d.shapes) == [], name
        assert sorted(i for i in need_edge if i not in d.edges) == [], name
        drawn = set(d.shapes) | set(d.edges)
        assert sorted(drawn - set(d.tag)) == [], f"{name}: DI for unknown elements"


def test_no_two_shapes_overlap(diagrams):
    for name, d in _each(diagrams):
        solid = sorted((d.shapes[i], i) for i in d.ids(*SOLID))
        for k, (a, ia) in enumerate(solid):
            for b, ib in solid[k + 1:]:
                if b[0] > a[0] + a[2] + 2:
                    break
                host = {d.el[ia].get("attachedToRef"), d.el[ib].get("attachedToRef")}
                if ia in host or ib in host:
                    continue
                assert not _overlap(a, b, margin=2), f"{name}: {ia} overlaps {ib}"
        pools = [d.shapes[i] for i in d.ids("participant")]
        for k, a in enumerate(pools):
            for b in pools[k + 1:]:
                assert not _overlap(a, b), f"{name}: pools overlap"


def test_sequence_flows_are_orthogonal_and_attached(diagrams):
    for name, d in _each(diagrams):
        for fid in d.ids("sequenceFlow"):
            points = d.edges[fid]
            assert len(points) >= 2, (name, fid)
            for p, q in zip(points, points[1:]):
                assert p[0] == q[0] or p[1] == q[1], f"{name}: {fid} has a diagonal segment"
            flow = d.el[fid]
            assert _on_border(points[0], d.shapes[flow.get("sourceRef")]), (name, fid, "source")
            assert _on_border(points[-1], d.shapes[flow.get("targetRef")]), (name, fid, "target")


def test_edges_never_run_through_shapes(diagrams):
    for name, d in _each(diagrams):
        solid = [(i, d.shapes[i]) for i in d.ids(*SOLID)]
        for eid in d.ids("sequenceFlow", "association", "dataOutputAssociation"):
            el = d.el[eid]
            ends = {el.get("sourceRef"), el.get("targetRef")}
            if d.tag[eid] == "dataOutputAssociation":
                ends = {el.getparent().get("id"), el.findtext("bpmn:targetRef", namespaces=NS)}
            for e in list(ends):
                if e in d.el and d.el[e].get("attachedToRef"):
                    ends.add(d.el[e].get("attachedToRef"))  # a timer's flow leaves its host
            points = d.edges[eid]
            for sid, rect in solid:
                if sid in ends:
                    continue
                for p, q in zip(points, points[1:]):
                    assert not _crosses(p, q, rect), f"{name}: {eid} runs through {sid}"


def test_flow_nodes_sit_in_their_lane(diagrams):
    for name, d in _each(diagrams):
        for lane_id in d.ids("lane"):
            lx, ly, lw, lh = d.shapes[lane_id]
            for ref in d.el[lane_id].iterfind("bpmn:flowNodeRef", NS):
                x, y, w, h = d.shapes[ref.text]
                assert lx <= x and x + w <= lx + lw, (name, ref.text, lane_id)
                assert ly <= y and y + h <= ly + lh, (name, ref.text, lane_id)


def test_labels_are_wide_enough_and_clear_of_shapes(diagrams):
    for name, d in _each(diagrams):
        solid = [(i, d.shapes[i]) for i in d.ids(*SOLID)]
        for eid, label in d.labels.items():
            if d.tag[eid] == "group":
                continue
            assert label[2] >= 90, f"{name}: label of {eid} is {label[2]}px wide"
            if d.tag[eid] != "sequenceFlow":
                continue
            for sid, rect in solid:
                assert not _overlap(label, rect), f"{name}: label of {eid} covers {sid}"


def test_columns_follow_file_order_within_phases():
    """In a straight flow every node is right of the one before it; phases do not interleave."""
    bp = fx.AANMELDING
    d = _render_one(bp)
    x = {nid: d.shapes[f"Task_{nid}"][0] for nid in ("aanmelden", "brp", "bevestigen",
                                                      "gesprek", "plan", "versturen")}
    assert x["aanmelden"] < x["brp"] < x["bevestigen"] < x["gesprek"] < x["plan"] < x["versturen"]
    groups = sorted(d.shapes[g] for g in d.ids("group"))
    assert len(groups) == 3
    for a, b in zip(groups, groups[1:]):
        assert a[0] + a[2] < b[0], "phase groups overlap"
    # every node of a phase lies inside its group
    for phase in bp.phases:
        gx, gy, gw, gh = d.shapes[f"Phase_{phase.id}"]
        for nid in phase.nodes:
            for prefix in ("Task_", "EndEvent_", "Gateway_"):
                if f"{prefix}{nid}" in d.shapes:
                    x, y, w, h = d.shapes[f"{prefix}{nid}"]
                    assert gx < x and x + w < gx + gw, (phase.id, nid)


def test_lanes_stack_in_blueprint_lane_order():
    d = _render_one(fx.AANMELDING)
    lanes = sorted(d.ids("lane"), key=lambda i: d.shapes[i][1])
    # inwoner (customer) first although declared second; the synthetic organisation lane of the
    # automated support step last, below the backstage actor
    assert lanes == ["Lane_inwoner", "Lane_consulent", "Lane_administratie",
                     "OrganisationLane_aanmelding"]


def test_branches_spread_without_overlap():
    d = _render_one(fx.STABILISATIE)
    targets = ["Task_budgetbeheer", "Task_coaching", "EndEvent_bewind"]
    ys = [d.shapes[t][1] for t in targets]
    assert ys == sorted(ys) and len(set(ys)) == 3
    gateway = d.shapes["Gateway_vorm"]
    # the first branch runs straight on, the others leave through the bottom corner
    first = d.edges["Flow_vorm__budgetbeheer"]
    assert first[0][1] == first[-1][1] == gateway[1] + gateway[3] / 2
    for fid in ("Flow_vorm__coaching", "Flow_vorm__bewind"):
        assert d.edges[fid][0] == (gateway[0] + gateway[2] / 2, gateway[1] + gateway[3])


def _render_one(bp) -> Diagram:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        paths = fx.render_workspace(fx.workspace(bp), tmp)
        return Diagram(paths[bp.id])
