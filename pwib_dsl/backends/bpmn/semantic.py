"""From a resolved blueprint to its BPMN process (``graph.Process``): what becomes what.

The mapping (documented for authors in docs/bpmn.md):

* One pool (participant + executable process) per blueprint, with the resident's lane on top
  (the first customer-side actor, else "Inwoner"; always there, so the resident is in the same
  place in every file) and a lane per other actor who carries a node, ordered by the topmost blueprint lane the actor appears in (evidence/customer first,
  support last), then by declaration. The resident is a lane of that same pool, not a separate
  pool: the blueprint is one flow of control that alternates between resident and organisation,
  and one process keeps every hand-over a visible sequence flow (and the process executable).
* A node is carried by the organisation whenever the organisation takes part in it: by the
  first entry of its frontstage lane, else backstage, else support; the resident carries it
  only when acting alone (customer entries only). That entry's actor, or without an actor the
  first customer-side actor (customer entry) or a synthetic resident / organisation lane. A node
  without such entries stays in the lane of the node that leads to it.
* A step becomes one task; its kind comes from who does the work: ``journey`` → call
  activity; ``wait`` or a partner's work → receive task; a step of systems in which no person
  takes part → service task; a decision's work → user task (with a system) or manual task;
  the organisation communicates and the step has no deadline → send task; uses a system → user
  task; a person acts → manual task; else a plain task. Every actor the lane lines name is a
  performer of the task (a global resource), so several actors in one step are all kept.
* An actor of a partner organisation works in that organisation's pool: a non-executable
  process with a lane per such actor, where the partner's step is a message start event, its
  task and an end; the municipality's executable process waits for the result in a receive
  task, with message flows to the partner and back. The resident stays a lane.
* A decision becomes an exclusive gateway named with its title; when it carries work (lane
  entries, systems, communication, deadlines) a task for that work comes first. Every ``when``
  branch is a flow named with its label and conditioned ``route_<gateway id> == "<flow id>"``
  (a Python expression: SpiffWorkflow evaluates conditions as Python, and distinct literals make
  the branches mutually exclusive); ``otherwise`` is the gateway's ``default`` flow.
* A node reached by more than one flow gets an unnamed joining exclusive gateway in front
  (bpmnlint's fake-join and no-gateway-join-fork rules).
* A deadline becomes a non-interrupting timer boundary event (a legal term passing does not
  cancel the work) named with the term, flowing to a "term expired" end event; with a target
  (``deadline ... -> STEP``) an interrupting one flowing to STEP. A named term is a
  non-interrupting timer on the task where it starts; one for a situation first asks, at an
  exclusive gateway, whether the situation applies.
* A bounded back-branch (``max N``) runs through a count task that increments a process
  variable; the branch's condition admits it only below N. Workdays have no
  ISO 8601 unit: ``n`` workdays become the most calendar days ``n`` workdays can span
  (weekends counted, public holidays not), the exact term stays in ``pwib:deadline``.
* A system becomes a global data store; each use a data store reference beside the task, with
  a data output association (the DSL does not say read or write; recording the step's result is
  the common case).
* Legal citations become a text annotation on the node plus documentation with the
  wetten.overheid.nl link and the JCI id; everything else goes into ``pwib:`` extension elements.
* A phase becomes a group around its columns.
"""

from __future__ import annotations

from pwib_dsl.backends.bpmn import extension as ext
from pwib_dsl.backends.bpmn.dialect import ORGANISATION_GROUP, RESIDENT_GROUP, Dialect, dialect
from pwib_dsl.backends.bpmn.graph import (
    Annotation,
    Boundary,
    DataStore,
    Flow,
    Group,
    Lane,
    Message,
    Process,
    Situation,
    StoreRef,
    Vertex,
)
from pwib_dsl.backends.bpmn.ids import IdScheme, name_key, process_id
from pwib_dsl.backends.bpmn.labels import term_text, words
from pwib_dsl.sema import model as m

_LANE_RANK = {"evidence": 0, "customer": 1, "frontstage": 2, "backstage": 3, "support": 4}
_HUMAN_LANES = ("customer", "frontstage", "backstage")
_PERFORMING_LANES = ("frontstage", "backstage", "support", "customer")


class Catalogue:
    """Titles of catalogue entries and the blueprints of a workspace, looked up by id."""

    def __init__(self, workspace: m.Workspace) -> None:
        cat = workspace.catalogue
        self.titles: dict[str, str] = {}
        for group in (cat.laws, cat.measures, cat.components, cat.roles, cat.tiles,
                      cat.organisations):
            for entry in group:
                self.titles[entry.id] = entry.title
        self.blueprints = {bp.id: bp for bp in workspace.blueprints}


def iso_duration(deadline: m.Deadline) -> tuple[str, bool]:
    """The ISO 8601 duration of a deadline, and whether it is an approximation (workdays)."""
    n, unit = deadline.amount, deadline.unit
    if unit == "workdays":
        weeks, rest = divmod(n, 5)
        return f"P{7 * weeks + rest + (2 if rest else 0)}D", True
    return f"P{n}{ {'days': 'D', 'weeks': 'W', 'months': 'M', 'years': 'Y'}[unit] }", False


def build_process(bp: m.Blueprint, cat: Catalogue, lang: str, scheme: IdScheme,
                  target: Dialect | None = None) -> Process:
    """The BPMN process of one blueprint (ids from ``scheme``) for an engine dialect."""
    return _Builder(bp, cat, lang, scheme, target or dialect()).build()


class _Builder:
    def __init__(self, bp: m.Blueprint, cat: Catalogue, lang: str, scheme: IdScheme,
                 target: Dialect) -> None:
        self.bp, self.cat, self.lang, self.ids, self.dialect = bp, cat, lang, scheme, target
        self.w = words(lang)
        self.nodes = {n.id: n for n in bp.nodes}
        self.actors = {a.id: a for a in bp.actors}
        self.systems = {s.id: s for s in bp.systems}
        self.phase_titles = {p.id: p.title for p in bp.phases}
        pid = scheme.claim(process_id(bp.id))
        key = name_key(bp.id)
        self.proc = Process(pid, _label(bp.title, bp.id), scheme.make("Participant", bp.id),
                            scheme.make("LaneSet", bp.id))
        self._key = key
        self.entry: dict[str, str] = {}  # node id → id of the vertex flows into it arrive at
        self.exit: dict[str, str] = {}  # node id → id of the vertex its flows leave from
        self.vertex: dict[str, Vertex] = {}
        #: flow ids claimed early for bounded branches (their count task's doc names them)
        self.ids_reserved: dict[tuple[str, str], str] = {}
        #: (decision, target) → the count task of a bounded back-branch
        self.counters: dict[tuple[str, str], Vertex] = {}
        self.resource_ids: dict[str, str] = {}
        self.partner_of = _partners(bp)
        self.term_starts = {t.start for t in bp.terms}
        #: organisation id → its pool (a non-executable process), in order of first use
        self.pools: dict[str, Process] = {}
        self.partner_work: list[tuple[str, Vertex, Vertex, Vertex, str]] = []
        self.pool_lanes: dict[tuple[str, str], int] = {}

    # ------------------------------------------------------------------ lanes
    def _plan_lanes(self) -> None:
        """Candidate lanes in order, and who performs each node (see the module docstring)."""
        bp = self.bp
        rank: dict[str, int] = {}
        for node in bp.nodes:
            for entry in node.lanes:
                if entry.actor in self.actors:
                    r = _LANE_RANK[entry.lane]
                    rank[entry.actor] = min(rank.get(entry.actor, r), r)
        keyed: list[tuple[tuple[int, int], m.Actor]] = []
        for i, actor in enumerate(bp.actors):
            if actor.id not in self.partner_of:  # a partner's actor is a lane of its own pool
                keyed.append(((2 * rank.get(actor.id, 5), i), actor))
        customer_side = [a.id for (r, _), a in sorted(keyed, key=lambda k: k[0]) if r <= 2]
        self.customer_actor = customer_side[0] if customer_side else None
        self.performer: dict[str, tuple[str, str | None, str | None]] = {}
        need_resident = need_org = False
        org_rank = 5
        for node in bp.nodes:
            who = _performer(node, self.actors)
            if who[0] == "actor" and who[1] in self.partner_of:
                # a partner organisation does the work: its pool holds the task, this
                # process waits for the result where the journey is
                who = ("partner", who[1], who[2])
            if who[0] == "resident" and self.customer_actor is None:
                need_resident = True
            elif who[0] == "organisation":
                need_org = True
                org_rank = min([org_rank] + [_LANE_RANK[e.lane] for e in node.lanes
                                             if e.lane in ("frontstage", "backstage", "support")])
            self.performer[node.id] = who
        # a decision's work nobody is named for is the organisation's: someone decides
        self.undecided = {n.id for n in bp.nodes if isinstance(n, m.Decision) and _has_work(n)
                          and self.performer[n.id][0] == "inherit"}
        if self.undecided and not any(r > 2 for (r, _), _a in keyed if _a.id in rank):
            need_org = True
        planned: list[tuple[tuple[int, int], m.Actor | str]] = list(keyed)
        #: a resident lane there only to keep the resident's place: no node inherits it
        self.placeholder_resident = not need_resident and self.customer_actor is None
        if need_resident or self.customer_actor is None:
            # the resident always has the top lane, in every file, even when the
            # organisation carries every step: a reader finds the resident in the same place
            planned.append(((2, len(bp.actors)), "@resident"))
        if need_org or (not bp.actors and not need_resident):
            # below the actors of the topmost blueprint lane its nodes have entries in
            planned.append(((2 * org_rank + 1, 0), "@organisation"))
        planned.sort(key=lambda item: item[0])
        self.plan = [(what, rank2 <= 2) for (rank2, _), what in planned]
        self.plan_index = {
            (what if isinstance(what, str) else what.id): i for i, (what, _) in enumerate(self.plan)
        }

    def _lane_of(self, node: m.FlowNode, inherited: int) -> int:
        who, actor, _ = self.performer[node.id]
        if who == "partner":
            return inherited
        if (isinstance(node, m.Step) and node.wait is not None
                and not any(e.lane in ("frontstage", "backstage", "support") for e in node.lanes)):
            # only the resident (or the party waited for) acts: the organisation waits for
            # it, so its receive task stays in the lane of the node leading to it
            return inherited
        if who == "actor":
            return self.plan_index[actor or ""]
        if who == "resident":
            return self.plan_index[self.customer_actor or "@resident"]
        if who == "organisation":
            return self.plan_index["@organisation"]
        return inherited

    def _make_lanes(self, used: set[int]) -> dict[int, int]:
        """Lanes for the planned lanes that hold a node; maps plan index → lane index.

        An actor who leads no node gets no lane: an empty lane says nothing a reader can
        use, and the actor's entries stay in the documentation and ``pwib:node``.
        """
        bp, w = self.bp, self.w
        remap = {}
        for i, (what, customer_side) in enumerate(self.plan):
            if i not in used:
                continue
            remap[i] = len(self.proc.lanes)
            if what == "@resident":
                lane = Lane(self.ids.make("ResidentLane", bp.id), w["resident"],
                            ext.actor(None, "resident", None), True, RESIDENT_GROUP)
            elif what == "@organisation":
                # named after the organisation that acts, never after the blueprint's owner
                # (who writes the blueprint is not who carries the step)
                lane = Lane(self.ids.make("OrganisationLane", bp.id), w["organisation"],
                            ext.actor(None, "organisation", None), False, ORGANISATION_GROUP)
            else:
                actor = what
                assert isinstance(actor, m.Actor)
                lane = Lane(self.ids.make("Lane", actor.id), _label(actor.title, actor.id),
                            ext.actor(actor, None, self.cat.titles.get(actor.role or "")),
                            customer_side, actor.role or actor.id)
            self.proc.lanes.append(lane)
        return remap

    # ------------------------------------------------------------------ build
    def build(self) -> Process:
        bp, proc, w = self.bp, self.proc, self.w
        self._plan_lanes()
        proc.ext = ext.blueprint(bp, self.cat.titles)
        proc.version = bp.version
        # the pool is the organisation's (never the blueprint's owner, who wrote the blueprint)
        proc.pool_name = f"{w['organisation']}: {proc.name}"
        proc.doc = self._process_doc()
        for system in bp.systems:
            proc.data_stores.append(
                DataStore(self.ids.make("DataStore", system.id), _label(system.title, system.id),
                          ext.system(system), system.description)
            )
        self.store_ids = {s.id: d.id for s, d in zip(bp.systems, proc.data_stores)}
        indegree = _indegree(bp)
        bands = _bands(bp)
        # lanes: a node without a performer stays in the lane of the first earlier node
        # flowing into it, else the lane of the node before it in the file
        preds = _predecessors(bp, self.nodes)
        order = {n.id: i for i, n in enumerate(bp.nodes)}
        node_lane: dict[str, int] = {}
        previous = 1 if self.placeholder_resident and len(self.plan) > 1 else 0
        for node in bp.nodes:
            inherited = previous
            for p in preds.get(node.id, ()):
                if order[p] < order[node.id] and p in node_lane:
                    inherited = node_lane[p]
                    break
            lane = self._lane_of(node, inherited)
            if node.id in self.undecided and self.plan[lane][1]:
                # not in the resident's lane: the organisation decides
                carriers = {who[1] for who in self.performer.values() if who[0] == "actor"}
                lane = next((i for i, (what, side) in enumerate(self.plan) if not side and (
                    what == "@organisation" or getattr(what, "id", None) in carriers)),
                    self.plan_index.get("@organisation", lane))
            node_lane[node.id] = previous = lane
        start_lane = node_lane.get(bp.start, 0) if bp.start else 0
        resident = self.plan_index[self.customer_actor or "@resident"]
        remap = self._make_lanes(set(node_lane.values()) | {start_lane, resident})
        node_lane = {k: remap[v] for k, v in node_lane.items()}
        start_lane = remap[start_lane]
        start = self._vertex(self.ids.make("StartEvent", bp.id), "startEvent", "start",
                             w["start"], start_lane, 0, None)
        for node in bp.nodes:
            self._node_vertices(node, node_lane[node.id], bands[node.id], indegree[node.id])
        if bp.start in self.entry:
            self._flow(self.ids.make("StartFlow", bp.id), start, self.entry[bp.start])
        for node in bp.nodes:
            self._node_flows(node)
        self._timer_targets()
        self._message_flows()
        proc.partners = list(self.pools.values())
        self._groups(bands)
        return proc

    def _timer_targets(self) -> None:
        """Point each interrupting timer at the vertex its target node is entered by."""
        for v in self.proc.vertices:
            for b in v.boundaries:
                if b.target_node is None:
                    continue
                b.target = self.entry.get(b.target_node)
                if b.target is None:  # a target without a vertex: the term stays a breach
                    b.target_node, b.end_id = None, self.ids.make("DeadlineEnd", b.id)
                    continue
                self.vertex[b.target].incoming.append(b.flow_id)

    def _vertex(self, vid: str, tag: str, kind: str, name: str | None, lane: int, band: int,
                node: str | None) -> Vertex:
        v = Vertex(vid, tag, kind, name, lane, band, len(self.proc.vertices), node)
        self.proc.vertices.append(v)
        self.vertex[vid] = v
        return v

    def _flow(self, fid: str, source: Vertex, target_id: str, name: str | None = None,
              condition: str | None = None) -> Flow:
        flow = Flow(fid, source.id, target_id, name, condition)
        self.proc.flows.append(flow)
        source.outgoing.append(fid)
        self.vertex[target_id].incoming.append(fid)
        return flow

    def _node_vertices(self, node: m.FlowNode, lane: int, band: int, indegree: int) -> None:
        """The vertices of one node, in flow order: [join] then end event, or [task] [gateway]."""
        ids, nid = self.ids, node.id
        join = None
        chain: list[Vertex] = []  # the node's own vertices, first to last
        if isinstance(node, m.Join):
            # parallel work meets: the gateway waits for a token on every incoming flow
            chain.append(self._vertex(ids.make("Join", nid), "parallelGateway", "join", _title(node),
                                      lane, band, nid))
        elif indegree > 1:
            join = self._vertex(ids.make("Join", nid), "exclusiveGateway", "join", None, lane,
                                band, nid)
        if isinstance(node, m.End):
            chain.append(self._vertex(ids.make("EndEvent", nid), "endEvent", "end", _title(node),
                                      lane, band, nid))
        else:
            if _carries_task(node) or (nid in self.term_starts and not isinstance(node, m.Join)):
                # (a named term's timer needs a task to hang on where it starts)
                customer_side = self.proc.lanes[lane].customer_side
                tag = _task_tag(node, customer_side, self.performer[nid][0])
                kind_id = "CallActivity" if tag == "callActivity" else "Task"
                name = _title(node) if isinstance(node, m.Step) else self._work_name(node)
                task = self._vertex(ids.make(kind_id, nid), tag, "task", name, lane, band, nid)
                task.group_key = self.proc.lanes[lane].group_key
                if node.journey is not None:
                    task.called = process_id(node.journey)
                wait = node.wait if isinstance(node, m.Step) else None
                if self.performer[nid][0] == "partner" and node.journey is None:
                    task.tag = "receiveTask"
                    self._partner_work(node, task)
                elif wait is not None and tag == "receiveTask":
                    message = Message(ids.make("Message", nid), ids.make("MessageName", nid))
                    self.proc.messages.append(message)
                    task.message = message.id
                self._decorate_task(node, task)
                chain.append(task)
                # every actor of the step is a performer of its task, the carrier (its lane)
                # and whoever works along: nobody of the step is lost
                for actor_id in _step_actors(node, self.actors):
                    actor = self.actors[actor_id]
                    task.performers.append(
                        (ids.make("Performer", nid, actor_id), self._resource(actor)))
            if isinstance(node, m.Decision):
                chain.append(self._vertex(ids.make("Gateway", nid), "exclusiveGateway",
                                          "gateway", _title(node), lane, band, nid))
                self._loop_counters(node, chain[-1], lane, band)
            elif isinstance(node, m.Fork):
                chain.append(self._vertex(ids.make("Gateway", nid), "parallelGateway",
                                          "gateway", _title(node), lane, band, nid))
            if len(chain) == 2:
                self._flow(ids.make("DecideFlow", nid), chain[0], chain[1].id)
        main = chain[0]  # carries the node's work, documentation, extension and citations
        durations = [iso_duration(d) for d in node.deadlines]
        journey_process = process_id(node.journey) if node.journey else None
        main.ext.append(ext.node(node, self.cat.titles, durations, journey_process))
        main.doc = self._node_doc(node)
        if node.legal:
            main.annotation = self._annotation(node)
        if join is not None:
            self._flow(ids.make("JoinFlow", nid), join, main.id)
            self.entry[nid] = join.id
        else:
            self.entry[nid] = main.id
        self.exit[nid] = chain[-1].id

    def _loop_counters(self, node: m.Decision, gateway: Vertex, lane: int, band: int) -> None:
        """A count task on every bounded back-branch (``max N``): the engine counts the passes
        in a process variable, and the branch's condition admits it only below its bound."""
        for branch in node.branches:
            if branch.max_times is None or (node.id, branch.target) in self.counters:
                continue
            flow_id = self.ids.make("Flow", node.id, branch.target)
            self.ids_reserved[(node.id, branch.target)] = flow_id
            variable = self.dialect.loop_variable(self.bp.id, flow_id)
            title = self.nodes[branch.target].title if branch.target in self.nodes else ""
            name = f"{self.w['loop_count']}: {_label(title, branch.target)}"
            counter = self._vertex(self.ids.make("Count", node.id, branch.target), "scriptTask",
                                   "task", name, lane, band, node.id)
            counter.script = (variable, branch.max_times)
            counter.doc = (f"{_label(branch.label, self.w['otherwise'])}: "
                           f"{self.w['loop_bound']} {branch.max_times}x ({variable})")
            self.counters[(node.id, branch.target)] = counter

    def _partner_work(self, node: m.FlowNode, wait: Vertex) -> None:
        """The partner's part of a node: in its organisation's pool a message start event
        (the work arrives), the partner's task in its actor's lane, an end event; the receive
        task ``wait`` of this process takes the result (message flows in ``_message_flows``)."""
        actor = self.actors[self.performer[node.id][1] or ""]
        org = self.partner_of[actor.id]
        pool = self.pools.get(org)
        ids, w = self.ids, self.w
        if pool is None:
            title = self.cat.titles.get(org, org.rsplit(".", 1)[-1])
            pool = Process(ids.make("PartnerProcess", self.bp.id, org), f"{title}: {self.proc.name}",
                           ids.make("PartnerPool", self.bp.id, org),
                           ids.make("PartnerLaneSet", self.bp.id, org))
            pool.executable = False
            pool.pool_name = title
            self.pools[org] = pool
        lane = self.pool_lanes.get((org, actor.id))
        if lane is None:
            lane = self.pool_lanes[(org, actor.id)] = len(pool.lanes)
            pool.lanes.append(Lane(ids.make("PartnerLane", self.bp.id, actor.id),
                                   _label(actor.title, actor.id),
                                   ext.actor(actor, None, self.cat.titles.get(actor.role or "")),
                                   False, actor.role or actor.id))
        message = Message(ids.make("Message", node.id), ids.make("MessageName", node.id))
        request = Message(ids.make("RequestMessage", node.id), ids.make("RequestName", node.id))
        self.proc.messages.extend((request, message))
        wait.message = message.id

        def add(vid: str, tag: str, kind: str, name: str) -> Vertex:
            v = Vertex(vid, tag, kind, name, lane, 0, len(pool.vertices), node.id)
            pool.vertices.append(v)
            return v

        start = add(ids.make("PartnerStart", node.id), "startEvent", "start", w["work_arrives"])
        start.message = request.id
        task = add(ids.make("PartnerTask", node.id), "userTask" if node.systems else "manualTask",
                   "task", _title(node))
        task.doc = self._node_doc(node)
        task.group_key = pool.lanes[lane].group_key
        end = add(ids.make("PartnerEnd", node.id), "endEvent", "end", w["work_done"])
        for a, b in ((start, task), (task, end)):
            fid = ids.make("PartnerFlow", node.id, b.id)
            pool.flows.append(Flow(fid, a.id, b.id))
            a.outgoing.append(fid)
            b.incoming.append(fid)
        self.partner_work.append((node.id, wait, start, task, org))

    def _message_flows(self) -> None:
        """Where work passes to a partner (the vertex before the wait, else this pool) and
        back (the partner's task to the receive task)."""
        by_target: dict[str, Vertex] = {}
        for f in self.proc.flows:
            by_target.setdefault(f.target, self.vertex[f.source])
        for nid, wait, start, task, _org in self.partner_work:
            source = by_target.get(wait.id)
            while source is not None and source.kind == "join":
                source = by_target.get(source.id)
            sender = source.id if source is not None and source.kind == "task" else None
            self.proc.message_flows.append(
                (self.ids.make("MessageFlow", nid, "request"),
                 sender or self.proc.participant_id, start.id))
            self.proc.message_flows.append(
                (self.ids.make("MessageFlow", nid, "result"), task.id, wait.id))

    def _resource(self, actor: m.Actor) -> str:
        """The global ``bpmn:resource`` of an actor (one per actor and process)."""
        rid = self.resource_ids.get(actor.id)
        if rid is None:
            rid = self.resource_ids[actor.id] = self.ids.make("Resource", actor.id)
            self.proc.resources.append((rid, _label(actor.title, actor.id)))
        return rid

    def _work_name(self, node: m.FlowNode) -> str:
        """A decision's task is named with what its performer does, else with its title."""
        return _label(self.performer[node.id][2] or "", _title(node))

    def _decorate_task(self, node: m.FlowNode, task: Vertex) -> None:
        ids, nid, w = self.ids, node.id, self.w
        for k, deadline in enumerate(node.deadlines, start=1):
            duration, approximate = iso_duration(deadline)
            target = deadline.target if deadline.target in self.nodes else None
            # named with the term alone (a short label under the task); the note goes along
            # in the documentation and in pwib:deadline. With a target the timer interrupts
            # the task and the journey goes there; without one the term passing is a breach
            # marked by its own end while the work carries on.
            task.boundaries.append(
                Boundary(
                    ids.make("Deadline", nid, part=k),
                    term_text(deadline, self.lang),
                    duration,
                    ext.deadline(deadline, duration, approximate),
                    None if target else ids.make("DeadlineEnd", nid, part=k),
                    w["term_expired"],
                    ids.make("DeadlineFlow", nid, part=k),
                    ids.make("DeadlineTimer", nid, part=k),
                    self._deadline_doc(deadline),
                    target,
                )
            )
        for term in self.bp.terms:
            if term.start == nid:
                task.boundaries.append(self._term_timer(term))
        for sys_id in node.systems:
            store = self.store_ids.get(sys_id)
            if store is None:
                continue
            title = _label(self.systems[sys_id].title, sys_id)
            task.stores.append(
                StoreRef(ids.make("Store", nid, sys_id), store, title,
                         ids.make("StoreLink", nid, sys_id))
            )

    def _term_timer(self, term: m.TermSpan) -> Boundary:
        """A named term: a non-interrupting timer on the task of the step it runs from (set
        when the journey gets there), to "term expired"; a term that applies only in a
        situation asks first whether it does (docs/bpmn.md, "Named terms")."""
        ids, w = self.ids, self.w
        duration, approximate = iso_duration(term)
        b = Boundary(ids.make("Term", term.id), f"{term.id}: {term_text(term, self.lang)}",
                     duration, ext.term(term, duration, approximate),
                     ids.make("TermEnd", term.id), w["term_expired"],
                     ids.make("TermFlow", term.id), ids.make("TermTimer", term.id),
                     self._term_doc(term, duration, approximate))
        if term.condition is not None:
            gateway = ids.make("TermApplies", term.id)
            yes = ids.make("TermAppliesFlow", term.id)
            b.situation = Situation(
                gateway, _label(term.condition, term.id).rstrip("?") + "?", yes, w["term_applies"],
                self.dialect.condition(self.dialect.variable(self.bp.id, gateway), yes),
                ids.make("TermElseFlow", term.id), w["otherwise"],
                ids.make("TermNotApplicable", term.id), w["term_not_applicable"])
        return b

    def _term_doc(self, term: m.TermSpan, duration: str, approximate: bool) -> str:
        w, titles = self.w, {n.id: _title(n) for n in self.bp.nodes}
        text = (f"{term.id}: {term_text(term, self.lang)} ({duration}"
                + (f"; {w['approximate']})" if approximate else ")")
                + f", {w['term_from']} {titles.get(term.start, term.start)}"
                f" {w['term_to']} {titles.get(term.end, term.end)}")
        if term.note:
            text += f": {term.note}"
        lines = [text]
        if term.suspended_by:
            lines.append(f"{w['suspended_by']}: " + "; ".join(
                titles.get(s, s) for s in term.suspended_by))
        if term.condition:
            lines.append(f"{w['situation']}: {term.condition}")
        for c in term.legal:
            lines.append(f"{w['legal']}: {_citation_line(c)}")
        return "\n".join(lines)

    def _annotation(self, node: m.FlowNode) -> Annotation:
        lines, doc = [], []
        for c in node.legal:
            lines.append(c.label + (f": {c.note}" if c.note else ""))
            doc.append(_citation_line(c))
        ids = self.ids
        return Annotation(ids.make("LegalNote", node.id), "\n".join(lines), "\n".join(doc),
                          ids.make("LegalLink", node.id))

    def _node_flows(self, node: m.FlowNode) -> None:
        ids, nid = self.ids, node.id
        if nid not in self.exit:
            return
        source = self.vertex[self.exit[nid]]
        if isinstance(node, (m.Step, m.Join)):
            if node.next in self.entry:
                self._flow(ids.make("Flow", nid, node.next), source, self.entry[node.next])
        elif isinstance(node, m.Fork):
            for target in dict.fromkeys(node.branches):
                if target in self.entry:
                    self._flow(ids.make("Flow", nid, target), source, self.entry[target])
        elif isinstance(node, m.Decision):
            for branch in node.branches:
                if branch.target not in self.entry:
                    continue
                counter = self.counters.get((nid, branch.target))
                fid = self.ids_reserved.pop((nid, branch.target), None) if counter else None
                if fid is None:
                    fid = ids.make("Flow", nid, branch.target)
                if counter is not None:
                    # gateway → count task (the branch, guarded by its bound) → target
                    variable = self.dialect.variable(self.bp.id, source.id)
                    guard = (counter.script[0], counter.script[1])
                    condition = (None if branch.is_default else
                                 self.dialect.condition(variable, fid, guard))
                    if branch.is_default:
                        label = _label(branch.label, self.w["otherwise"])
                    else:
                        label = _label(branch.label, _title(self.nodes[branch.target]))
                    self._flow(fid, source, counter.id, label, condition)
                    if branch.is_default:
                        source.default = fid
                    self._flow(ids.make("LoopFlow", nid, branch.target), counter,
                               self.entry[branch.target])
                    continue
                if branch.is_default:
                    label = _label(branch.label, self.w["otherwise"])
                    self._flow(fid, source, self.entry[branch.target], label)
                    source.default = fid
                else:
                    variable = self.dialect.variable(self.bp.id, source.id)
                    condition = self.dialect.condition(variable, fid)
                    label = _label(branch.label, _title(self.nodes[branch.target]))
                    self._flow(fid, source, self.entry[branch.target], label, condition)

    def _groups(self, bands: dict[str, int]) -> None:
        for phase in self.bp.phases:
            if not phase.nodes or phase.nodes[0] not in bands:
                continue
            ids = self.ids
            self.proc.groups.append(
                Group(ids.make("Phase", phase.id), ids.make("Category", phase.id),
                      ids.make("CategoryValue", phase.id), _label(phase.title, phase.id),
                      ext.phase(phase),
                      bands[phase.nodes[0]])
            )

    # ------------------------------------------------------------------ documentation
    def _process_doc(self) -> str | None:
        bp, w, titles = self.bp, self.w, self.cat.titles
        lines = []
        if bp.description:
            lines.append(bp.description)
        if bp.owner:
            lines.append(f"{w['owner']}: {bp.owner}")
        if bp.version:
            lines.append(f"{w['version']}: {bp.version}")
        if bp.status:
            lines.append(f"{w['status']}: {bp.status}")
        if bp.tile:
            lines.append(f"{w['tile']}: {titles.get(bp.tile, bp.tile)} ({bp.tile})")
        if bp.implements:
            lines.append(f"{w['implements']}: " + "; ".join(
                f"{titles.get(x, x)} ({x})" for x in bp.implements))
        return "\n".join(lines) or None

    def _deadline_doc(self, deadline: m.Deadline) -> str:
        """``4 weken (P4W): note`` with the approximation spelled out for workdays."""
        duration, approximate = iso_duration(deadline)
        text = f"{term_text(deadline, self.lang)} ({duration}"
        text += f"; {self.w['approximate']})" if approximate else ")"
        return text + (f": {deadline.note}" if deadline.note else "")

    def _node_doc(self, node: m.FlowNode) -> str | None:
        w, titles = self.w, self.cat.titles
        lines = []
        if node.phase in self.phase_titles:
            lines.append(f"{w['phase']}: {self.phase_titles[node.phase]}")
        for entry in node.lanes:
            who = ""
            if entry.actor in self.actors:
                who = f" ({self.actors[entry.actor].title})"
            lines.append(f"{w['lane.' + entry.lane]}{who}: {entry.text}")
        for c in node.legal:
            lines.append(f"{w['legal']}: {_citation_line(c)}")
        for text in node.policy:
            lines.append(f"{w['policy']}: {text}")
        for comm in node.communication:
            channel = f" ({comm.channel})" if comm.channel else ""
            lines.append(f"{w['communication']}{channel}: {comm.text}")
        for text in node.functionality:
            lines.append(f"{w['functionality']}: {text}")
        if node.systems:
            lines.append(f"{w['systems']}: " + "; ".join(
                self.systems[s].title if s in self.systems else s for s in node.systems))
        if node.measures:
            lines.append(f"{w['measures']}: " + "; ".join(
                f"{titles.get(x, x)} ({x})" for x in node.measures))
        for key, texts in (("toolkit", node.toolkit), ("pain", node.pains),
                           ("opportunity", node.opportunities), ("kpi", node.kpis),
                           ("note", node.notes)):
            for text in texts:
                lines.append(f"{w[key]}: {text}")
        if node.emotion is not None:
            lines.append(f"{w['emotion']}: {node.emotion:+d}" if node.emotion else
                         f"{w['emotion']}: 0")
        for deadline in node.deadlines:
            lines.append(f"{w['deadline']}: {self._deadline_doc(deadline)}")
        if node.outcome:
            lines.append(f"{w['outcome']}: {node.outcome}")
        if node.journey:
            target = self.cat.blueprints.get(node.journey)
            lines.append(f"{w['journey']}: {target.title if target else node.journey}"
                         f" ({node.journey})")
        return "\n".join(lines) or None


# ---------------------------------------------------------------------- rules


def _label(text: str | None, fallback: str) -> str:
    """``text``, or ``fallback`` when it is blank: BPMN tools require names on these elements."""
    return text if text and text.strip() else fallback


def _title(node: m.FlowNode) -> str:
    return _label(node.title, node.id)


def _citation_line(c: m.Citation) -> str:
    title = f" ({c.article_title})" if c.article_title else ""
    note = f"; {c.note}" if c.note else ""
    return f"{c.label}{title}{note}: {c.url} ({c.jci})"


def _performer(node: m.FlowNode, actors: dict) -> tuple[str, str | None, str | None]:
    """Who carries a node, and what they do: ``(kind, actor id, text)``.

    The first entry in the frontstage lane, else backstage, else support (the process is the
    organisation's: a step it takes part in is its task), else customer (the resident acts
    alone); within a lane the author's order. ``kind`` is ``actor`` when that entry names an actor, else
    ``resident``/``organisation`` by its lane; ``inherit`` for a node without such entries.
    """
    unnamed_support = None
    for which in _PERFORMING_LANES:
        for entry in node.lanes:
            if entry.lane != which:
                continue
            if entry.actor is not None and entry.actor in actors:
                return "actor", entry.actor, entry.text
            if which == "support":
                # a support line without an actor is what supports the step (a form, a
                # portal, a register), not a person of the organisation taking part
                unnamed_support = unnamed_support or entry.text
                continue
            return ("resident" if which == "customer" else "organisation"), None, entry.text
    if unnamed_support is not None:
        return "organisation", None, unnamed_support
    return "inherit", None, None


def _partners(bp: m.Blueprint) -> dict[str, str]:
    """Actor id → organisation id for the actors of partner organisations.

    The journey's own organisation is that of the actors without ``of`` and the municipality
    (``gemeente``); when every actor names another organisation, the first actor's is.
    """
    orgs = [a.organisation for a in bp.actors]
    home = {o for o in orgs if o is None or o.rsplit(".", 1)[-1] == "gemeente"}
    if not home and orgs:
        home = {orgs[0]}
    return {a.id: a.organisation for a in bp.actors
            if a.organisation is not None and a.organisation not in home}


def _step_actors(node: m.FlowNode, actors: dict) -> list[str]:
    """Every actor a node's lane lines name, each once, in the order of the lines."""
    return list(dict.fromkeys(e.actor for e in node.lanes if e.actor in actors))


def _carries_task(node: m.FlowNode) -> bool:
    return isinstance(node, m.Step) or (_has_work(node) and not isinstance(node, (m.Join, m.End)))


def _has_work(node: m.FlowNode) -> bool:
    return bool(node.lanes or node.systems or node.communication or node.deadlines
                or node.journey)


def _task_tag(node: m.FlowNode, customer_side: bool, who: str = "organisation") -> str:
    """The task kind of a step (or of a decision's work), from who does it; rules in the
    module docstring."""
    if node.journey is not None:
        return "callActivity"
    if isinstance(node, m.Step) and node.wait is not None:
        return "receiveTask"
    person = any(e.actor is not None or e.lane in _HUMAN_LANES for e in node.lanes)
    if node.systems and not person and isinstance(node, m.Step):
        # nobody takes part (at most unnamed support lines): the organisation's systems do it
        return "serviceTask"
    if isinstance(node, m.Decision):
        # someone decides: in an application, else by hand (never an automated task)
        return "userTask" if node.systems else "manualTask"
    if node.communication and not customer_side and who != "resident" and not node.deadlines:
        # an engine completes a send task the moment the message is out, so a legal term on
        # it could never run out: a step with a deadline is work that takes time
        return "sendTask"
    if node.systems:
        return "userTask"
    if any(e.lane != "evidence" for e in node.lanes):
        return "manualTask"
    return "task"


def _indegree(bp: m.Blueprint) -> dict[str, int]:
    """How many flows arrive at each node (the start counts as one)."""
    count = {n.id: 0 for n in bp.nodes}
    if bp.start in count:
        count[bp.start] += 1
    for node in bp.nodes:
        for d in node.deadlines:
            if d.target in count and _carries_task(node):
                count[d.target] += 1
        if isinstance(node, (m.Step, m.Join)) and node.next in count:
            count[node.next] += 1
        elif isinstance(node, m.Fork):
            for target in dict.fromkeys(node.branches):
                if target in count:
                    count[target] += 1
        elif isinstance(node, m.Decision):
            for branch in node.branches:
                if branch.target in count:
                    count[branch.target] += 1
    return count


def _predecessors(bp: m.Blueprint, nodes: dict) -> dict[str, list[str]]:
    """The nodes flowing into each node, in file order."""
    preds: dict[str, list[str]] = {}
    for node in bp.nodes:
        targets = []
        if isinstance(node, (m.Step, m.Join)) and node.next is not None:
            targets.append(node.next)
        elif isinstance(node, m.Fork):
            targets.extend(node.branches)
        elif isinstance(node, m.Decision):
            targets.extend(b.target for b in node.branches)
        targets.extend(d.target for d in node.deadlines if d.target is not None)
        for t in targets:
            if t in nodes and node.id not in preds.setdefault(t, []):
                preds[t].append(node.id)
    return preds


def _bands(bp: m.Blueprint) -> dict[str, int]:
    """Column band of each node: consecutive runs of the same phase in file order."""
    bands: dict[str, int] = {}
    band, current = -1, object()
    for node in bp.nodes:
        if node.phase != current:
            band += 1
            current = node.phase
        bands[node.id] = band
    return bands
