"""The resolved model: what the backends read. Frozen attrs types, nothing syntactic left.

Every reference is resolved to an id: catalogue entries are ``module.name`` (``wet.wgs``,
``pwib.direct-aanvragen``, ``gemma.zaakregistratiecomponent``); blueprint-local things
(actors, systems, phases, steps) use their bare name, unique within the blueprint; actors and
systems declared at the top level of a module and used by a blueprint keep the id
``module.name`` (names have no dots, so the two never clash). Text is
decoded. Lists keep the author's order. Flow is explicit: a step's ``next`` is filled in
(file order unless the author wrote ``next``), so backends never re-derive it.

The model is serialised to JSON by cattrs (see ``backends/json_.py``); flow nodes form a
tagged union on ``kind``.
"""

from __future__ import annotations

from typing import Literal, Union

import attrs

#: Bumped on any incompatible change to the JSON shape of this model.
SCHEMA_VERSION = 3

Unit = Literal["days", "workdays", "weeks", "months", "years"]
Lane = Literal["evidence", "customer", "frontstage", "backstage", "support"]


@attrs.frozen
class Provenance:
    """Where a catalogue fact comes from, and whether it was checked against that source."""

    source: str | None = None
    verified: bool | None = None


@attrs.frozen
class Term:
    """A legal term of an article: ``8 weeks``, ``max`` when it is a maximum."""

    amount: int
    unit: Unit
    is_max: bool = False
    note: str | None = None


@attrs.frozen
class Article:
    law: str  # law id
    number: str
    title: str
    url: str  # wetten.overheid.nl with the article anchor
    jci: str  # jci1.3:c:BWBR…&artikel=…
    terms: tuple[Term, ...] = ()
    gloss: str | None = None
    description: str | None = None
    provenance: Provenance = Provenance()


@attrs.frozen
class Law:
    id: str
    name: str
    title: str
    bwb: str | None
    url: str | None
    articles: tuple[Article, ...] = ()
    #: a local regulation: its CVDR identifier (``CVDR743404``) instead of a BWB id
    cvdr: str | None = None
    gloss: str | None = None
    description: str | None = None
    provenance: Provenance = Provenance()


@attrs.frozen
class Citation:
    """A resolved legal reference: ``Wgs art. 4 lid 1``, with its links."""

    law: str  # law id
    law_name: str  # short name as cited (wgs)
    law_title: str
    article: str
    label: str  # "Wgs art. 4 lid 1 onderdeel a"
    url: str
    jci: str
    bwb: str | None = None
    article_title: str | None = None
    lid: str | None = None
    onderdeel: str | None = None
    note: str | None = None


@attrs.frozen
class Effective:
    date: str  # ISO date
    note: str | None = None


@attrs.frozen
class Measure:
    """A Participatiewet in balans (spoor 1) measure."""

    id: str
    name: str
    title: str
    gloss: str | None = None
    theme: str | None = None
    phase: int | None = None
    changes: tuple[Citation, ...] = ()
    effective: tuple[Effective, ...] = ()
    description: str | None = None
    provenance: Provenance = Provenance()
    #: where the law gives the measure retroactive effect: the date it applies from
    retroactive: tuple[Effective, ...] = ()


@attrs.frozen
class Component:
    """A GEMMA reference component (``kind="component"``) or a national facility."""

    id: str
    name: str
    title: str
    kind: Literal["component", "facility"]
    url: str | None = None
    personal_data: bool = False
    gloss: str | None = None
    description: str | None = None
    provenance: Provenance = Provenance()


@attrs.frozen
class Role:
    id: str
    name: str
    title: str
    gloss: str | None = None
    description: str | None = None
    provenance: Provenance = Provenance()


@attrs.frozen
class Tile:
    """A tile of the debt landscape; ``parent`` for the sub-tiles of toegang."""

    id: str
    name: str
    title: str
    order: int | None = None
    parent: str | None = None
    gloss: str | None = None
    description: str | None = None
    provenance: Provenance = Provenance()


@attrs.frozen
class Organisation:
    """An organisation taking part in journeys: the municipality or a partner."""

    id: str
    name: str
    title: str
    url: str | None = None
    gloss: str | None = None
    description: str | None = None
    provenance: Provenance = Provenance()


@attrs.frozen
class Actor:
    """Who acts in a blueprint; ``role`` is a role id when the actor aliases one, and
    ``organisation`` the id of the organisation it belongs to (None: the blueprint's own)."""

    id: str
    title: str
    role: str | None = None
    organisation: str | None = None


@attrs.frozen
class System:
    """A system used in a blueprint; ``component`` links a GEMMA component or facility id."""

    id: str
    title: str
    component: str | None = None
    personal_data: bool = False
    url: str | None = None
    description: str | None = None


@attrs.frozen
class LaneEntry:
    lane: Lane
    text: str
    actor: str | None = None  # actor id


@attrs.frozen
class Communication:
    text: str
    channel: str | None = None


@attrs.frozen
class Deadline:
    amount: int
    unit: Unit
    note: str | None = None
    target: str | None = None  # node id the journey goes to when the term passes


@attrs.frozen
class Wait:
    """What a step waits for, and from whom: an actor id or an organisation id."""

    event: str
    party: str
    party_kind: Literal["actor", "organisation"] = "actor"


@attrs.frozen
class Branch:
    label: str
    target: str  # node id
    is_default: bool = False  # `otherwise` (its label is empty)
    max_times: int | None = None  # a back-branch taken at most this many times


@attrs.frozen
class _FlowNode:
    id: str
    title: str
    phase: str | None = None
    lanes: tuple[LaneEntry, ...] = ()
    legal: tuple[Citation, ...] = ()
    policy: tuple[str, ...] = ()
    communication: tuple[Communication, ...] = ()
    functionality: tuple[str, ...] = ()
    systems: tuple[str, ...] = ()  # system ids (blueprint-local)
    measures: tuple[str, ...] = ()  # measure ids
    toolkit: tuple[str, ...] = ()
    pains: tuple[str, ...] = ()
    opportunities: tuple[str, ...] = ()
    kpis: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    emotion: int | None = None
    deadlines: tuple[Deadline, ...] = ()
    outcome: str | None = None
    journey: str | None = None  # blueprint id carried out by this node (master journey)


@attrs.frozen
class Step(_FlowNode):
    kind: Literal["step"] = "step"
    next: str | None = None  # resolved successor
    wait: Wait | None = None


@attrs.frozen
class Decision(_FlowNode):
    kind: Literal["decision"] = "decision"
    branches: tuple[Branch, ...] = ()


@attrs.frozen
class End(_FlowNode):
    kind: Literal["end"] = "end"


@attrs.frozen
class Fork(_FlowNode):
    """Parallel work starts: every branch runs (a parallel gateway in BPMN)."""

    kind: Literal["fork"] = "fork"
    branches: tuple[str, ...] = ()  # node ids, one per branch


@attrs.frozen
class Join(_FlowNode):
    """Parallel work ends: continues with ``next`` once every branch of ``fork`` arrived."""

    kind: Literal["join"] = "join"
    next: str | None = None
    fork: str | None = None  # the fork whose branches meet here (None when unbalanced)


FlowNode = Union[Step, Decision, Fork, Join, End]


@attrs.frozen
class TermSpan:
    """A named term running from the start of one node to another (the beslistermijn)."""

    id: str
    amount: int
    unit: Unit
    start: str  # node id where the term starts running
    end: str  # node id by which it must be met
    note: str | None = None
    suspended_by: tuple[str, ...] = ()  # node ids during which the term does not run
    condition: str | None = None  # the situation the term applies in (None: always)
    legal: tuple[Citation, ...] = ()


@attrs.frozen
class Phase:
    id: str
    title: str
    nodes: tuple[str, ...] = ()  # node ids in order


@attrs.frozen
class VariantChange:
    """One change a variant applies to its base: its kind (``swap-system``, ``swap-actor``,
    ``add``, ``replace``, ``add-line``, ``remove-line``, ``reroute``, ``remove``, ``field``),
    what it addresses in the base (a node, system or actor id, ``node: line``) and the node
    ids of the resolved blueprint it touches."""

    kind: str
    target: str
    nodes: tuple[str, ...] = ()


@attrs.frozen
class VariantOrigin:
    """Where a variant comes from: the base blueprint's qualified id (``module.blueprint``),
    the file it is declared in (relative to its workspace), the base's content hash the
    variant was locked at (None when never locked) and its hash now, and the changes applied."""

    base: str
    base_file: str
    base_hash: str
    locked_hash: str | None = None
    changes: tuple[VariantChange, ...] = ()


@attrs.frozen
class Blueprint:
    id: str
    title: str
    file: str  # workspace-relative path, with forward slashes
    version: str | None = None
    status: str | None = None
    tile: str | None = None  # tile id
    implements: tuple[str, ...] = ()  # measure ids
    owner: str | None = None
    description: str | None = None
    actors: tuple[Actor, ...] = ()
    #: ids of the organisations its actors belong to, in the order the actors list them
    organisations: tuple[str, ...] = ()
    systems: tuple[System, ...] = ()
    phases: tuple[Phase, ...] = ()
    nodes: tuple[FlowNode, ...] = ()  # every step, decision and end in file order
    start: str | None = None  # id of the first node
    terms: tuple[TermSpan, ...] = ()  # named terms that span several nodes
    #: for a variant: the base it was made from and the changes applied (None: a blueprint)
    variant: VariantOrigin | None = None

    @property
    def is_master(self) -> bool:
        """A master journey strings other blueprints together with ``journey`` steps."""
        return any(node.journey for node in self.nodes)

    def node(self, node_id: str) -> FlowNode:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)


@attrs.frozen
class Catalogue:
    """Every catalogue entry known to a workspace (stdlib and workspace modules)."""

    laws: tuple[Law, ...] = ()
    measures: tuple[Measure, ...] = ()
    components: tuple[Component, ...] = ()
    roles: tuple[Role, ...] = ()
    tiles: tuple[Tile, ...] = ()
    organisations: tuple[Organisation, ...] = ()


@attrs.frozen
class Workspace:
    """A compiled workspace: its blueprints and the catalogue they resolve against."""

    blueprints: tuple[Blueprint, ...] = ()
    catalogue: Catalogue = Catalogue()
    lang: Literal["nl", "en"] = "nl"
