"""Resolving one blueprint into the model, keeping what the checks need beside it.

Blueprint-local actors, systems, phases and flow nodes (steps, decisions, ends) each have
their own namespace; a repeated name is PB105 and the repeat is left out of the model. Actors
and systems declared at the top level of a module get the id ``module.name`` and are added to
the blueprint's lists when it uses them. Flow is made explicit: a step's ``next`` is its
``next`` line, else the following node in file order (across phases); a decision flows only
through its branches (``otherwise`` is the branch with ``is_default`` and an empty label).
"""

from __future__ import annotations

import attrs

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Label
from pwib_dsl.sema import links
from pwib_dsl.sema import model as m
from pwib_dsl.sema.citations import Citer
from pwib_dsl.sema.parallel import match_joins
from pwib_dsl.sema.report import Reporter
from pwib_dsl.sema.resolution import module
from pwib_dsl.sema.scope import Scope
from pwib_dsl.diagnostics.suggest import did_you_mean
from pwib_dsl.sema.units import Symbol, Unit, duplicate
from pwib_dsl.surface import nodes as n
from pwib_dsl.syntax import keywords
from pwib_dsl.urls import web_or_none

STATUSES = ("concept", "review", "approved", "retired")
_LAYERS = {
    "policy": "policy", "functionality": "functionality", "toolkit": "toolkit", "pain": "pains",
    "opportunity": "opportunities", "kpi": "kpis", "note": "notes",
}
_NODE_WORD = {cls: keywords.node_word(cls) for cls in (n.Step, n.Decision, n.Fork, n.Join, n.End)}


@attrs.define(eq=False, slots=True)
class SystemInfo:
    model: m.System
    ident: n.Ident  # where it is declared
    path: str  # file of the declaration
    local: bool
    used: bool = False


@attrs.define(eq=False, slots=True)
class NodeInfo:
    """A flow node: its AST, phase, resolved parts and successors (node indices)."""

    ast: n.Step | n.Decision | n.Fork | n.Join | n.End
    phase: str | None
    citations: list = attrs.Factory(list)  # (Citation, LegalRef, article entry or None)
    systems: list = attrs.Factory(list)  # (SystemInfo, SystemUse)
    succ: list = attrs.Factory(list)
    #: a `next`/`when` target did not resolve: already reported, so the flow checks skip it
    broken: bool = False
    model: object = None

    @property
    def name(self) -> str:
        return self.ast.name.text


@attrs.define(eq=False, slots=True)
class BlueprintInfo:
    unit: Unit
    ast: n.Blueprint
    nodes: list[NodeInfo] = attrs.Factory(list)
    index: dict = attrs.Factory(dict)  # node name → index in ``nodes``
    phases: dict = attrs.Factory(dict)  # phase name → Phase AST
    systems: dict = attrs.Factory(dict)  # system id → SystemInfo
    actors: dict = attrs.Factory(dict)  # blueprint-local actor name → its ActorDecl
    used_actors: set = attrs.Factory(set)  # local actor names some lane line names
    #: catalogue entries relied on, first use first: id → (label, Provenance, file, span)
    relied: dict = attrs.Factory(dict)
    journeys: list = attrs.Factory(list)  # (target blueprint name, Journey AST)
    #: the ``legal as-of DATE`` line, if any: the date the blueprint's citations are read at
    legal_date: n.LegalDateField | None = None
    #: join index → index of the fork it belongs to (None: unbalanced); empty without joins
    joins: dict = attrs.Factory(dict)
    #: named terms (``term NAME N UNIT from A to B``), and per term its citations as
    #: (Citation, LegalRef, article entry or None) and whether its nodes all resolved
    spans: list = attrs.Factory(list)
    span_citations: dict = attrs.Factory(dict)
    span_ok: dict = attrs.Factory(dict)
    model: m.Blueprint | None = None

    @property
    def path(self) -> str:
        return self.unit.path


class BlueprintResolver:
    def __init__(self, scope: Scope, citer: Citer, blueprints: dict) -> None:
        self.scope = scope
        self.citer = citer
        self.reporter: Reporter = scope.reporter
        #: workspace-wide blueprint table: name → (Unit, Blueprint AST)
        self.blueprints = blueprints
        #: top-level system symbols some step used, by ``id()`` of the symbol (for PB304)
        self._top_systems: dict[int, SystemInfo] = {}

    @property
    def used_top_systems(self) -> set[int]:
        """``id()`` of every top-level system symbol a resolved step used."""
        return set(self._top_systems)

    # ------------------------------------------------------------ the blueprint

    def resolve(self, unit: Unit, bp: n.Blueprint) -> BlueprintInfo:
        info = BlueprintInfo(unit, bp)
        rep = self.reporter
        path = unit.path
        owner = f"blueprint `{bp.name.text}`"
        singles: dict = {}
        implements: list[str] = []
        actors: dict[str, n.ActorDecl] = {}
        systems: dict[str, n.SystemDecl] = {}
        order: list[tuple[n.Phase | None, object]] = []
        for item in bp.items:
            cls = type(item)
            if cls is n.Phase:
                first = info.phases.get(item.name.text)
                if first is not None:
                    duplicate(rep, unit, "phase", item.name, unit, first.name, scope=owner)
                else:
                    info.phases[item.name.text] = item
                for node in item.nodes:
                    order.append((item, node))
            elif cls in _NODE_WORD:
                order.append((None, item))
            elif cls is n.TermSpan:
                first = next((t for t in info.spans if t.name.text == item.name.text), None)
                if first is not None:
                    duplicate(rep, unit, "term", item.name, unit, first.name, scope=owner)
                else:
                    info.spans.append(item)
            elif cls is n.ActorDecl:
                self._declare_local(unit, actors, item, "actor", owner)
            elif cls is n.SystemDecl:
                self._declare_local(unit, systems, item, "system", owner)
            elif cls is n.ImplementsField:
                sym = self.scope.lookup(unit, item.ref, ("measure",), "PB401")
                if sym is not None:
                    if sym.id not in implements:
                        implements.append(sym.id)
                    self._rely(info, sym, item.ref.span)
            else:
                first = singles.get(cls)
                if first is None:
                    singles[cls] = item
                else:
                    kw = "legal as-of" if cls is n.LegalDateField else keywords.node_word(cls)
                    rep.add(
                        "PB109", msg("PB109.repeated-field", owner=owner, kw=kw), path, item.span, label="repeated",
                        secondary=(Label(path, first.span, "first given here"),),
                        help=f"`{kw}` holds one value: keep one line",
                    )

        info.legal_date = singles.get(n.LegalDateField)
        status = singles.get(n.StatusField)
        if status is not None and status.status.text not in STATUSES:
            rep.unknown(
                "PB108", msg("PB108.unknown-status", status=status.status.text), path, status.status.span,
                status.status.text, STATUSES, label="not a status",
                notes=("a status is one of: " + ", ".join(STATUSES),),
            )
        tile_id = None
        tile = singles.get(n.TileField)
        if tile is not None:
            sym = self.scope.lookup(unit, tile.ref, ("tile",), "PB402")
            if sym is not None:
                tile_id = sym.id
                self._rely(info, sym, tile.ref.span)

        info.actors = actors
        actor_models = {name: self._local_actor(info, decl) for name, decl in actors.items()}
        for name, decl in systems.items():
            info.systems[name] = self._local_system(info, decl)
        used_actors: list[m.Actor] = []

        for phase, node in order:
            name = node.name.text
            if name in info.index:
                first = info.nodes[info.index[name]].ast
                duplicate(rep, unit, _NODE_WORD[type(node)], node.name, unit, first.name, scope=owner)
                continue
            info.index[name] = len(info.nodes)
            ninfo = NodeInfo(node, phase.name.text if phase is not None else None)
            info.nodes.append(ninfo)

        for i, ninfo in enumerate(info.nodes):
            ninfo.model = self._node(info, i, ninfo, actor_models, used_actors)
        if any(type(nd.ast) is n.Join for nd in info.nodes):
            info.joins = match_joins(info.nodes)
            for j, f in info.joins.items():
                if f is not None:
                    info.nodes[j].model = attrs.evolve(info.nodes[j].model, fork=info.nodes[f].name)

        terms = tuple(self._span(info, span) for span in info.spans)

        phases = []
        for pname, phase in info.phases.items():
            ids = tuple(nd.name.text for nd in phase.nodes if info.nodes[info.index[nd.name.text]].ast is nd)
            phases.append(m.Phase(pname, phase.title.value, ids))

        def text(cls):
            f = singles.get(cls)
            return f.text.value if f is not None else None

        actor_list = tuple(actor_models.values()) + tuple(used_actors)
        organisations = tuple(dict.fromkeys(a.organisation for a in actor_list if a.organisation))
        info.model = m.Blueprint(
            id=bp.name.text,
            title=bp.title.value,
            file=unit.rel,
            version=text(n.VersionField),
            status=status.status.text if status is not None else None,
            tile=tile_id,
            implements=tuple(implements),
            owner=text(n.OwnerField),
            description=text(n.DescriptionField),
            actors=actor_list,
            organisations=organisations,
            systems=tuple(s.model for s in info.systems.values()),
            phases=tuple(phases),
            nodes=tuple(nd.model for nd in info.nodes),
            start=info.nodes[0].name if info.nodes else None,
            terms=terms,
        )
        return info

    def _declare_local(self, unit: Unit, table: dict, decl, kind: str, owner: str) -> None:
        first = table.get(decl.name.text)
        if first is not None:
            duplicate(self.reporter, unit, kind, decl.name, unit, first.name, scope=owner)
        else:
            table[decl.name.text] = decl

    def _resolved_local(self, info: BlueprintInfo, span, name: n.Ident, kind: str) -> None:
        """Record a reference to a name local to the blueprint (an actor, system or flow node)."""
        bp = info.ast.name.text
        self.reporter.references.append((info.path, span, 0, info.path, name.span, kind, f"{bp}/{name.text}"))

    def _rely(self, info: BlueprintInfo, sym: Symbol, span, label: str | None = None) -> None:
        model = sym.model
        prov = getattr(model, "provenance", None)
        if prov is None or sym.id in info.relied:
            return
        info.relied[sym.id] = (label or f"`{sym.id}`", prov, info.path, span)

    # ------------------------------------------------------------ actors and systems

    def _local_actor(self, info: BlueprintInfo, decl: n.ActorDecl) -> m.Actor:
        role = org = None
        if decl.alias is not None:
            role = self.scope.lookup(info.unit, decl.alias, ("role",), "PB107")
        if role is not None:
            self._rely(info, role, decl.alias.span)
        if decl.organisation is not None:
            org = self.scope.lookup(info.unit, decl.organisation, ("organisation",), "PB114")
            if org is not None:
                self._rely(info, org, decl.organisation.span)
        title = decl.title.value if decl.title else (role.model.title if role else decl.name.text)
        return m.Actor(decl.name.text, title, role.id if role else None, org.id if org else None)

    def _local_system(self, info: BlueprintInfo, decl: n.SystemDecl) -> SystemInfo:
        from pwib_dsl.sema.catalogue import props

        p = props(self.reporter, info.path, decl.items, f"system `{decl.name.text}`")
        comp = None
        if decl.alias is not None:
            comp = self.scope.lookup(info.unit, decl.alias, ("component", "facility"), "PB303")
            if comp is not None:
                self._rely(info, comp, decl.alias.span)
        model = _system_model(decl.name.text, decl, p, comp)
        return SystemInfo(model, decl.name, info.path, True)

    def _top_system(self, info: BlueprintInfo, sym: Symbol, span) -> SystemInfo:
        found = self._top_systems.get(id(sym))
        if found is None:
            from pwib_dsl.sema.catalogue import props

            p = props(Reporter(), sym.unit.path, sym.node.items, "")  # repeats reported once, by the catalogue
            found = SystemInfo(_system_model(sym.id, sym.node, p, sym.alias), sym.node.name, sym.unit.path, False)
            self._top_systems[id(sym)] = found
        if sym.alias is not None:
            self._rely(info, sym.alias, span)
        return found

    def _lane_actor(self, info, ident: n.Ident, locals_: dict, used: list) -> str | None:
        name = ident.text
        if name in locals_:
            info.used_actors.add(name)
            self._resolved_local(info, ident.span, info.actors[name].name, "actor")
            return name
        unit = info.unit
        ref = n.QName((name,), span=ident.span)
        help = None
        if self.scope.probe(unit, name, ("actor",)) is None:
            role = self.scope.probe(unit, name, ("role",))
            if role is not None:
                help = f"`{name}` is a role: declare an actor for it, `actor {name} = {role.id}`"
        sym = self.scope.lookup(unit, ref, ("actor",), "PB107", extra=list(locals_), help=help)
        if sym is None:
            return None
        if all(a.id != sym.id for a in used):
            role = sym.alias
            node = sym.node
            title = node.title.value if node.title else (role.model.title if role else sym.name)
            org = sym.organisation
            used.append(m.Actor(sym.id, title, role.id if role else None, org.id if org else None))
            if role is not None:
                self._rely(info, role, ident.span)
            if org is not None:
                self._rely(info, org, ident.span)
        return sym.id

    # ------------------------------------------------------------ flow nodes

    def _node(self, info: BlueprintInfo, i: int, ninfo: NodeInfo, actors: dict, used_actors: list):
        unit = info.unit
        rep = self.reporter
        path = unit.path
        node = ninfo.ast
        kind = _NODE_WORD[type(node)]
        owner = f"{kind} `{node.name.text}`"
        lanes, legal, comms, systems, measures, deadlines, branches = [], [], [], [], [], [], []
        layers: dict[str, list] = {v: [] for v in _LAYERS.values()}
        singles: dict = {}
        emotion = outcome = journey = wait = None
        nxt = None
        timed: list[str] = []  # where passing terms lead
        for item in node.items:
            cls = type(item)
            if cls is n.LaneEntry:
                actor = self._lane_actor(info, item.actor, actors, used_actors) if item.actor else None
                lanes.append(m.LaneEntry(item.lane, item.text.value, actor))
            elif cls is n.TextLayer:
                layers[_LAYERS[item.layer]].append(item.text.value)
            elif cls is n.LegalRef:
                citation, law_sym, entry = self.citer.cite(unit, item.target, item.note.value if item.note else None)
                if citation is not None:
                    legal.append(citation)
                    ninfo.citations.append((citation, item, entry))
                    if entry is not None and entry[2]:
                        key = f"{law_sym.id} art {entry[0].number}"
                        if key not in info.relied:
                            info.relied[key] = (f"`{key}`", entry[0].provenance, info.path, item.target.span)
                    else:
                        self._rely(info, law_sym, item.target.span)
            elif cls is n.Communication:
                comms.append(m.Communication(item.text.value, item.channel.text if item.channel else None))
            elif cls is n.SystemUse:
                sinfo = self._system_use(info, item)
                if sinfo is not None:
                    sinfo.used = True
                    ninfo.systems.append((sinfo, item))
                    if sinfo.model.id not in systems:
                        systems.append(sinfo.model.id)
            elif cls is n.MeasureUse:
                sym = self.scope.lookup(unit, item.ref, ("measure",), "PB401")
                if sym is not None:
                    self._rely(info, sym, item.ref.span)
                    if sym.id not in measures:
                        measures.append(sym.id)
            elif cls is n.Deadline:
                target = self._target(info, ninfo, item.target) if item.target is not None else None
                if target is not None and target not in timed:
                    timed.append(target)
                deadlines.append(
                    m.Deadline(item.amount, links.UNITS[item.unit], item.note.value if item.note else None, target)
                )
            elif cls is n.Branch or cls is n.Otherwise or cls is n.ParallelBranch:
                branches.append(item)
            else:
                first = singles.get(cls)
                if first is not None:
                    kw = keywords.node_word(cls)
                    rep.add(
                        "PB109", msg("PB109.repeated-field", owner=owner, kw=kw), path, item.span, label="repeated",
                        secondary=(Label(path, first.span, "first given here"),),
                        help=f"`{kw}` holds one value: keep one line",
                    )
                    continue
                singles[cls] = item
                if cls is n.Emotion:
                    if -2 <= item.value <= 2:
                        emotion = item.value
                    else:
                        rep.add(
                            "PB506", msg("PB506.emotion-outside-scale", value=item.value), path, item.span,
                            label="out of range",
                            help="use -2 (very negative), -1, 0 (neutral), 1 or 2 (very positive)",
                        )
                elif cls is n.Outcome:
                    outcome = item.kind.text
                elif cls is n.Journey:
                    journey = self._journey(info, item)
                elif cls is n.Wait:
                    wait = self._wait(info, owner, item, actors, used_actors)
                else:
                    nxt = item

        common = dict(
            id=node.name.text,
            title=node.title.value,
            phase=ninfo.phase,
            lanes=tuple(lanes),
            legal=tuple(legal),
            policy=tuple(layers["policy"]),
            communication=tuple(comms),
            functionality=tuple(layers["functionality"]),
            systems=tuple(systems),
            measures=tuple(measures),
            toolkit=tuple(layers["toolkit"]),
            pains=tuple(layers["pains"]),
            opportunities=tuple(layers["opportunities"]),
            kpis=tuple(layers["kpis"]),
            notes=tuple(layers["notes"]),
            emotion=emotion,
            deadlines=tuple(deadlines),
            outcome=outcome,
            journey=journey,
        )
        if kind == "end":
            return m.End(**common)
        if kind == "fork":
            targets = []
            for br in branches:
                target = self._target(info, ninfo, br.target)
                if target is not None:
                    ninfo.succ.append(info.index[target])
                    targets.append(target)
            if len(branches) < 2:
                ninfo.broken = True  # PB512 says so; not also "no end"
            ninfo.succ.extend(info.index[t] for t in timed)
            return m.Fork(**common, branches=tuple(targets))
        if kind == "decision":
            whens = sum(1 for br in branches if type(br) is n.Branch)
            if not (whens >= 2 or (whens and len(branches) > whens)):
                ninfo.broken = True  # too few branches: PB505, not also "no end"
            out = []
            for br in branches:
                target = self._target(info, ninfo, br.target)
                if target is not None:
                    ninfo.succ.append(info.index[target])
                    bound = br.bound.times if br.bound is not None else None
                    if type(br) is n.Branch:
                        out.append(m.Branch(br.label.value, target, max_times=bound))
                    else:
                        out.append(m.Branch("", target, True, max_times=bound))
            ninfo.succ.extend(info.index[t] for t in timed)
            return m.Decision(**common, branches=tuple(out))
        target = None
        if nxt is not None:
            target = self._target(info, ninfo, nxt.target)
        elif i + 1 < len(info.nodes):
            target = info.nodes[i + 1].name
        if target is not None:
            ninfo.succ.append(info.index[target])
        ninfo.succ.extend(info.index[t] for t in timed if t != target)
        if kind == "join":
            return m.Join(**common, next=target)
        return m.Step(**common, next=target, wait=wait)

    def _span(self, info: BlueprintInfo, span: n.TermSpan) -> m.TermSpan:
        """A named term: its nodes resolved (PB501), its citations resolved like a step's."""
        ok = True

        def node(ident: n.Ident) -> str:
            nonlocal ok
            if ident.text in info.index:
                found = info.nodes[info.index[ident.text]].ast
                self._resolved_local(info, ident.span, found.name, _NODE_WORD[type(found)])
                return ident.text
            ok = False
            self.reporter.unknown(
                "PB501", msg("PB501.unknown-node", name=ident.text, blueprint=info.ast.name.text),
                info.path, ident.span, ident.text, list(info.index), label="unknown step",
            )
            return ident.text

        start, end = node(span.start), node(span.end)
        suspended = tuple(node(s.step) for s in span.find_all(n.SuspendedBy))
        conditions = span.find_all(n.SpanCondition)
        for extra in conditions[1:]:
            self.reporter.add(
                "PB109", msg("PB109.term-repeated-when", term=span.name.text), info.path, extra.span,
                label="repeated", secondary=(Label(info.path, conditions[0].span, "first given here"),),
                help="a term applies in one situation: write it as one `when`, or declare a second term",
            )
        citations = []
        legal = []
        for ref in span.find_all(n.LegalRef):
            citation, law_sym, entry = self.citer.cite(info.unit, ref.target, ref.note.value if ref.note else None)
            if citation is not None:
                legal.append(citation)
                citations.append((citation, ref, entry))
                self._rely(info, law_sym, ref.target.span)
        info.span_citations[span.name.text] = citations
        info.span_ok[span.name.text] = ok
        return m.TermSpan(
            id=span.name.text, amount=span.amount, unit=links.UNITS[span.unit], start=start, end=end,
            note=span.note.value if span.note else None, suspended_by=suspended,
            condition=conditions[0].text.value if conditions else None, legal=tuple(legal),
        )

    def _wait(self, info: BlueprintInfo, owner: str, w: n.Wait, locals_: dict, used: list) -> m.Wait | None:
        """The party a step waits for: an actor (local or shared) or an organisation."""
        event = w.event.value
        if w.party is None:
            example = next(iter(locals_), "inwoner")
            self.reporter.add(
                "PB511", msg("PB511.wait-without-party", owner=owner), info.path, w.span, label="waits for whom?",
                help=f'name the actor or organisation it waits for: `wait {example} "{event}"`',
            )
            return None
        name = w.party.text
        if name in locals_ or self.scope.probe(info.unit, name, ("actor",)) is not None:
            actor = self._lane_actor(info, w.party, locals_, used)
            return m.Wait(event, actor, "actor") if actor is not None else None
        ref = n.QName((name,), span=w.party.span)
        sym = self.scope.lookup(info.unit, ref, ("actor", "organisation"), "PB107", extra=list(locals_))
        if sym is None:
            return None
        self._rely(info, sym, w.party.span)
        return m.Wait(event, sym.id, "organisation")

    def _target(self, info: BlueprintInfo, ninfo: NodeInfo, ident: n.Ident) -> str | None:
        name = ident.text
        if name in info.index:
            node = info.nodes[info.index[name]].ast
            self._resolved_local(info, ident.span, node.name, _NODE_WORD[type(node)])
            return name
        ninfo.broken = True
        phase = info.phases.get(name)
        help = None
        if phase is not None and phase.nodes:
            first = phase.nodes[0].name.text
            help = f"`{name}` is a phase; a flow goes to a step, decision or end: its first one is `{first}`"
        self.reporter.unknown(
            "PB501", msg("PB501.unknown-node", name=name, blueprint=info.ast.name.text),
            info.path, ident.span, name, list(info.index), label="unknown target", help=help,
        )
        return None

    def _system_use(self, info: BlueprintInfo, use: n.SystemUse) -> SystemInfo | None:
        parts = use.ref.parts
        if len(parts) == 1 and parts[0] in info.systems and info.systems[parts[0]].local:
            self._resolved_local(info, use.ref.span, info.systems[parts[0]].ident, "system")
            return info.systems[parts[0]]
        local = [k for k, v in info.systems.items() if v.local]
        sym = self.scope.lookup(
            info.unit, use.ref, ("system",), "PB301", extra=local,
            help=None if local else f"declare it in the blueprint: `system {parts[-1]} \"...\"`",
        )
        if sym is None:
            for close in did_you_mean(parts[-1], local) if len(parts) == 1 else ():
                info.systems[close].used = True  # the author meant it: no "unused" on top
            return None
        sinfo = self._top_system(info, sym, use.ref.span)
        info.systems.setdefault(sym.id, sinfo)
        return sinfo

    def _journey(self, info: BlueprintInfo, j: n.Journey) -> str | None:
        parts = j.ref.parts
        name = parts[-1]
        if len(parts) > 1:
            q = ".".join(parts[:-1])
            target = info.unit.imports.get(q) or (info.unit if q == info.unit.module else None)
            if target is not None:
                info.unit.used.add(q)
                self.reporter.references.append((info.path, j.ref.span, len(q), *module(target)))
            found = target is not None and name in target.blueprints
            decl = (target.path, target.blueprints[name]) if found else None
        else:
            found = name in self.blueprints
            decl = (self.blueprints[name][0].path, self.blueprints[name][1]) if found else None
        if not found:
            self.reporter.unknown(
                "PB507", msg("PB507.unknown-blueprint", name=j.ref.dotted), info.path, j.ref.span,
                j.ref.dotted, list(self.blueprints), label="unknown blueprint",
            )
            return None
        self.reporter.references.append((info.path, j.ref.span, 0, decl[0], decl[1].name.span, "blueprint", name))
        info.journeys.append((name, j))
        return name


def _system_model(sid: str, decl: n.SystemDecl, p: dict, comp: Symbol | None) -> m.System:
    cm = comp.model if comp is not None else None
    url = p.get(n.UrlField)
    desc = p.get(n.DescriptionField)
    return m.System(
        id=sid,
        title=decl.title.value if decl.title else (cm.title if cm else decl.name.text),
        component=comp.id if comp is not None else None,
        personal_data=n.PersonalDataField in p or bool(cm and cm.personal_data),
        url=web_or_none(url.url.value) if url else (cm.url if cm else None),  # PB019 for anything else
        description=desc.text.value if desc else None,
    )

