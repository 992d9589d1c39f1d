"""The view model of one blueprint grid: columns (steps) under phase groups, cell contents.

Everything a cell shows is resolved here (actor titles, system components, article names
and terms, measure titles, flow targets, the emotion curve's geometry), so the template
only loops and prints. Links are relative to ``blueprints/<id>.html``.

The emotion curve follows the flow: a cell's part of the curve reaches over to a neighbouring
column only when the flow goes from one to the other, so alternative outcomes written side by
side stay apart; the paths themselves are listed under the grid (``paths``), one line each.
"""

from __future__ import annotations

import attrs

from pwib_dsl.backends.html.labels import Labels
from pwib_dsl.backends.html.paths import Choice, journey_paths, successors
from pwib_dsl.backends.html.safe import blueprint_file, frag, safe_href
from pwib_dsl.backends.xref import NodeRef, Site, article_label, named_system
from pwib_dsl.sema.model import Blueprint, FlowNode
from pwib_dsl.syntax import keywords

#: Lanes top to bottom (language.md, facts.md §6.1); the template draws the three lines
#: between customer/frontstage, frontstage/backstage and backstage/support.
LANES = keywords.of_kind("lane")

_ROOT = "../"


@attrs.frozen
class Entry:
    text: str
    actor: str | None = None


@attrs.frozen
class SystemView:
    title: str
    component: str | None
    component_href: str | None
    personal_data: bool


@attrs.frozen
class CitationView:
    label: str
    href: str | None
    article_title: str | None
    note: str | None
    law_title: str


@attrs.frozen
class Link:
    text: str
    href: str | None


@attrs.frozen
class LegalTerm:
    label: str  # "Wgs art. 4"
    href: str | None
    terms: tuple[str, ...]  # "4 weken", "maximaal 8 weken (…)"


@attrs.frozen
class FlowItem:
    """One way out of a node: ``label`` is the branch label (decisions only)."""

    label: str | None
    target: str
    href: str
    adjacent: bool = False
    is_default: bool = False
    bound: str | None = None  # "ten hoogste 3 keer": a back-branch's loop bound


@attrs.frozen
class DeadlineView:
    text: str
    note: str | None
    legal: tuple[LegalTerm, ...]
    expires: FlowItem | None = None  # where the journey goes when the term passes


@attrs.frozen
class WaitView:
    """The organisation waits at this step: for whom, and for what."""

    party: str  # "Inwoner", "Medewerker (Woningcorporatie)", "Woningcorporatie"
    event: str


@attrs.frozen
class TermView:
    """A named term that runs from one node to another (the beslistermijn)."""

    name: str
    length: str  # "8 weken"
    start: Link
    end: Link
    suspended_by: tuple[Link, ...]
    condition: str | None
    legal: tuple[Link, ...]
    note: str | None


@attrs.frozen
class TermMark:
    """A named term in the column where it starts, stands still or must be met."""

    key: str  # label: term_starts, term_suspended, term_ends
    name: str
    length: str
    condition: str | None = None


@attrs.frozen
class PathView:
    """One way through the blueprint, for the text alternative of the emotion curve."""

    title: str  # "Pad 2"
    choices: tuple[Choice, ...]  # the branches and time-outs taken on the way
    emotions: tuple[str, ...]  # "Aanmelden: +1 positief", in flow order


@attrs.frozen
class Emotion:
    value: int
    text: str  # "−1"
    label: str  # "negatief"
    css: str  # dot position class
    points: str  # polyline points in a 100×100 box


@attrs.frozen
class Journey:
    title: str
    href: str | None
    tile: str | None


@attrs.frozen(eq=False)
class Column:
    node: FlowNode
    number: int
    anchor: str
    kind_label: str
    lanes: dict[str, tuple[Entry, ...]]
    systems: tuple[SystemView, ...]
    legal: tuple[CitationView, ...]
    communication: tuple[Entry, ...]
    measures: tuple[Link, ...]
    deadlines: tuple[DeadlineView, ...]
    emotion: Emotion | None
    flow: tuple[FlowItem, ...]
    outcome: str | None
    journey: Journey | None
    wait: WaitView | None = None
    term_marks: tuple[TermMark, ...] = ()


@attrs.frozen
class PhaseGroup:
    title: str | None
    span: int


@attrs.frozen(eq=False)
class Grid:
    blueprint: Blueprint
    columns: tuple[Column, ...]
    phases: tuple[PhaseGroup, ...]
    terms: tuple[TermView, ...] = ()
    paths: tuple[PathView, ...] = ()  # listed only when there is more than one way through
    paths_complete: bool = True

    @property
    def width(self) -> int:
        """Number of step columns (the row header column not included)."""
        return len(self.columns)


def _y(value: int) -> float:
    """Vertical position of an emotion value in a 100-high box: +2 at 12, −2 at 88."""
    return 12 + (2 - max(-2, min(2, value))) * 19


def _num(x: float) -> str:
    return f"{x:g}"


def _signed(value: int) -> str:
    return f"+{value}" if value > 0 else ("\u2212" + str(-value) if value < 0 else "0")


def emotion_points(prev: int | None, value: int, nxt: int | None) -> str:
    """Polyline of one cell's part of the curve: from the mid-point with the previous
    column's value, through this value at the centre, to the mid-point with the next one.
    Adjacent cells share their edge points, so the parts join into one curve."""
    y = _y(value)
    pts = []
    if prev is not None:
        pts.append(f"0,{_num((_y(prev) + y) / 2)}")
    pts.append(f"50,{_num(y)}")
    if nxt is not None:
        pts.append(f"100,{_num((y + _y(nxt)) / 2)}")
    return " ".join(pts)


_DOT = {-2: "emo-m2", -1: "emo-m1", 0: "emo-0", 1: "emo-p1", 2: "emo-p2"}


def build_grid(site: Site, bp: Blueprint, L: Labels) -> Grid:
    refs = site.refs[bp.id]
    # the organisation goes with the actor on every lane line, so partners do not read as staff
    # (once, when the actor is named after it: "Rechtbank", not "Rechtbank (Rechtbank)")
    actors = {a.id: _actor_title(site, a) for a in bp.actors}
    systems = {s.id: s for s in bp.systems}
    position = {ref.node.id: ref.number for ref in refs}
    titles = {ref.node.id: ref.node.title for ref in refs}
    emotions = [ref.node.emotion for ref in refs]
    follows = [successors(ref.node) for ref in refs]
    ids = [ref.node.id for ref in refs]

    def flow_item(
        target: str, number: int, label: str | None = None, is_default: bool = False, bound: int | None = None
    ) -> FlowItem:
        return FlowItem(
            label=label,
            target=titles.get(target, target),
            href="#" + frag("step", target),
            adjacent=position.get(target) == number + 1,
            is_default=is_default,
            bound=L.count("branch_max", bound) if bound else None,
        )

    marks = _term_marks(bp, titles, L)

    columns = []
    for i, ref in enumerate(refs):
        node = ref.node
        lanes = {
            lane: tuple(
                Entry(e.text, actors.get(e.actor, e.actor) if e.actor else None) for e in node.lanes if e.lane == lane
            )
            for lane in LANES
        }
        if node.kind in ("step", "join"):
            flow = (flow_item(node.next, ref.number),) if node.next else ()
        elif node.kind == "fork":
            flow = tuple(flow_item(t, ref.number) for t in node.branches)
        elif node.kind == "decision":
            flow = tuple(
                flow_item(b.target, ref.number, b.label, b.is_default, b.max_times) for b in node.branches
            )
        else:
            flow = ()
        emotion = None
        if node.emotion is not None:
            # the curve reaches a neighbour only along the flow: alternatives stay apart
            prev = emotions[i - 1] if i > 0 and node.id in follows[i - 1] else None
            nxt = emotions[i + 1] if i + 1 < len(emotions) and ids[i + 1] in follows[i] else None
            emotion = Emotion(
                value=node.emotion,
                text=_signed(node.emotion),
                label=L.emotion(node.emotion),
                css=_DOT.get(max(-2, min(2, node.emotion)), "emo-0"),
                points=emotion_points(prev, node.emotion, nxt),
            )
        columns.append(
            Column(
                node=node,
                number=ref.number,
                anchor=frag("step", node.id),
                kind_label=L.node_kind(node.kind),
                lanes=lanes,
                systems=tuple(_system_view(site, systems, sid) for sid in node.systems),
                legal=tuple(
                    CitationView(c.label, safe_href(c.url), c.article_title, c.note, c.law_title) for c in node.legal
                ),
                communication=tuple(Entry(c.text, c.channel) for c in node.communication),
                measures=tuple(
                    Link(site.measure_title(m), f"{_ROOT}measures.html#{frag('measure', m)}")
                    for m in dict.fromkeys(node.measures)
                ),
                deadlines=tuple(
                    _deadline_view(site, node, d, L, flow_item(d.target, ref.number) if d.target else None)
                    for d in node.deadlines
                ),
                emotion=emotion,
                flow=flow,
                outcome=L.outcome(node.outcome) if node.outcome else None,
                journey=_journey(site, node),
                wait=_wait_view(site, bp, node, actors, L),
                term_marks=tuple(marks.get(node.id, ())),
            )
        )
    paths, complete = _paths(bp, titles, L)
    return Grid(bp, tuple(columns), _phase_groups(bp, refs), _terms(bp, titles, L), paths, complete)


def _actor_title(site: Site, actor) -> str:
    org = site.organisations.get(actor.organisation) if actor.organisation else None
    if org is None or org.title.casefold() in actor.title.casefold():
        return actor.title
    return f"{actor.title} ({org.title})"


def _wait_view(site: Site, bp: Blueprint, node: FlowNode, actors: dict, L: Labels) -> WaitView | None:
    wait = getattr(node, "wait", None)
    if wait is None:
        return None
    if wait.party_kind == "organisation":
        org = site.organisations.get(wait.party)
        party = org.title if org else wait.party
    else:
        party = actors.get(wait.party, wait.party)
    return WaitView(party, wait.event)


def _term_marks(bp: Blueprint, titles: dict, L: Labels) -> dict[str, list[TermMark]]:
    """Per node: where a named term starts, stands still and must be met."""
    marks: dict[str, list[TermMark]] = {}
    for term in bp.terms:
        length = L.unit(term.amount, term.unit)
        marks.setdefault(term.start, []).append(TermMark("term_starts", term.id, length, term.condition))
        for sid in term.suspended_by:
            marks.setdefault(sid, []).append(TermMark("term_suspended", term.id, length))
        marks.setdefault(term.end, []).append(TermMark("term_ends", term.id, length))
    return marks


def _terms(bp: Blueprint, titles: dict, L: Labels) -> tuple[TermView, ...]:
    def link(nid: str) -> Link:
        return Link(titles.get(nid, nid), "#" + frag("step", nid))

    return tuple(
        TermView(
            name=t.id,
            length=L.unit(t.amount, t.unit),
            start=link(t.start),
            end=link(t.end),
            suspended_by=tuple(link(s) for s in t.suspended_by),
            condition=t.condition,
            legal=tuple(Link(c.label, safe_href(c.url)) for c in t.legal),
            note=t.note,
        )
        for t in bp.terms
    )


def _paths(bp: Blueprint, titles: dict, L: Labels) -> tuple[tuple[PathView, ...], bool]:
    """The emotion along each way through the blueprint; none listed when there is only one."""
    found = journey_paths(bp)
    if len(found.paths) < 2 or all(n.emotion is None for n in bp.nodes):
        return (), True
    nodes = {n.id: n for n in bp.nodes}
    views = []
    for i, path in enumerate(found.paths, 1):
        emotions = tuple(
            f"{titles.get(nid, nid)}: {_signed(nodes[nid].emotion)} {L.emotion(nodes[nid].emotion)}"
            for nid in path.nodes
            if nodes[nid].emotion is not None
        )
        views.append(PathView(L.fmt("emotion_path", n=i), path.labels, emotions))
    return tuple(views), found.complete


def _system_view(site: Site, systems: dict, system_id: str) -> SystemView:
    system = systems.get(system_id)
    if system is None:
        return SystemView(system_id, None, None, False)
    comp = site.component_of(system)
    component = comp.title if comp else system.component
    # One name containing the other is shown once (the template links a lone component).
    title = system.title
    if component and named_system(title, component) in (title, component):
        title = component = named_system(title, component)
    return SystemView(
        title=title,
        component=component,
        component_href=f"{_ROOT}components.html#{frag('component', comp.id)}" if comp else None,
        personal_data=system.personal_data or bool(comp and comp.personal_data),
    )


def _deadline_view(site: Site, node: FlowNode, deadline, L: Labels, expires: FlowItem | None) -> DeadlineView:
    legal = []
    for cit, art in site.terms_for(node):
        terms = []
        for term in art.terms:
            text = L.term(term.amount, term.unit, term.is_max)
            terms.append(f"{text} ({term.note})" if term.note else text)
        legal.append(LegalTerm(article_label(cit.law_name, cit.article), safe_href(art.url), tuple(terms)))
    return DeadlineView(
        L.fmt("deadline", term=L.unit(deadline.amount, deadline.unit)), deadline.note, tuple(legal), expires
    )


def _journey(site: Site, node: FlowNode) -> Journey | None:
    if not node.journey:
        return None
    target = site.blueprints.get(node.journey)
    if target is None:
        return Journey(node.journey, None, None)
    return Journey(target.title, blueprint_file(target.id), site.tile_title(target.tile))


def _phase_groups(bp: Blueprint, refs: tuple[NodeRef, ...]) -> tuple[PhaseGroup, ...]:
    """Runs of adjacent columns in the same phase (a node outside phases forms its own run)."""
    titles = {p.id: p.title for p in bp.phases}
    groups: list[list] = []
    for ref in refs:
        phase = ref.node.phase
        if groups and groups[-1][0] == phase:
            groups[-1][1] += 1
        else:
            groups.append([phase, 1])
    return tuple(PhaseGroup(titles.get(p, p) if p else None, n) for p, n in groups)
