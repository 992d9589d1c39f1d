"""The BPMN process of one blueprint, as plain data between building, layout and writing.

``semantic.build_process`` fills these records from the resolved model; ``layout`` adds
coordinates; ``writer`` turns both into XML. They are internal working records (mutable while
a process is being built, never shared between renders), so they use ``__slots__`` classes
rather than the frozen model types.
"""

from __future__ import annotations


class Vertex:
    """A flow node placed in the grid: start event, join gateway, task, decision gateway or end.

    ``kind`` is one of ``start``, ``join``, ``task``, ``gateway``, ``end``; ``tag`` is the BPMN
    element (``userTask``, ``exclusiveGateway``, ...). ``order`` is the position in file order,
    which decides what counts as a forward flow for the layout.
    """

    __slots__ = (
        "id", "tag", "kind", "name", "lane", "band", "order", "node", "doc", "ext",
        "default", "called", "incoming", "outgoing", "boundaries", "stores", "annotation",
        "group_key", "message", "script", "performers",
    )

    def __init__(self, id: str, tag: str, kind: str, name: str | None, lane: int, band: int,
                 order: int, node: str | None = None) -> None:
        self.id, self.tag, self.kind, self.name = id, tag, kind, name
        self.lane, self.band, self.order, self.node = lane, band, order, node
        self.doc: str | None = None
        self.ext: list[str] = []
        self.default: str | None = None
        self.called: str | None = None
        self.incoming: list[str] = []
        self.outgoing: list[str] = []
        self.boundaries: list[Boundary] = []
        self.stores: list[StoreRef] = []
        self.annotation: Annotation | None = None
        #: a task's candidate-group key: its lane's role id or actor name (see dialect)
        self.group_key: str | None = None
        #: a receive task's message (``Message`` of the process), for a step that waits
        self.message: str | None = None
        #: a loop counter's (variable, bound) for the count task on a bounded back-branch
        self.script: tuple[str, int] | None = None
        #: (performer id, resource id) of every actor named in the step's lanes
        self.performers: list[tuple[str, str]] = []

    @property
    def forking(self) -> bool:
        return self.kind == "gateway" and len(self.outgoing) > 1


class Flow:
    """A sequence flow; ``condition`` is in the dialect's expression language (see ``dialect``)."""

    __slots__ = ("id", "source", "target", "name", "condition")

    def __init__(self, id: str, source: str, target: str, name: str | None = None,
                 condition: str | None = None) -> None:
        self.id, self.source, self.target = id, source, target
        self.name, self.condition = name, condition


class Boundary:
    """A timer boundary event on a task, for a deadline or a named term.

    Without ``target_node`` it is non-interrupting and flows to its own "term expired" end
    (``end_id``); with one (``deadline ... -> STEP``) it interrupts the task and flows to the
    entry vertex of that node (``target``, filled in once every vertex exists).
    """

    __slots__ = ("id", "name", "duration", "ext", "end_id", "end_name", "flow_id", "definition_id",
                 "doc", "target_node", "target", "situation")

    def __init__(self, id: str, name: str, duration: str, ext: str, end_id: str | None,
                 end_name: str, flow_id: str, definition_id: str, doc: str,
                 target_node: str | None = None) -> None:
        self.id, self.name, self.duration, self.ext = id, name, duration, ext
        self.end_id, self.end_name, self.flow_id = end_id, end_name, flow_id
        self.definition_id, self.doc = definition_id, doc
        self.target_node = target_node
        self.target: str | None = None
        #: a term that applies only in a situation: the timer flows to a gateway that asks
        #: whether it applies; see :class:`Situation`
        self.situation: Situation | None = None

    @property
    def interrupting(self) -> bool:
        return self.target_node is not None


class Situation:
    """Behind a conditional term's timer: the gateway asking whether the situation applies, its
    "applies" branch (a decision variable, as for decisions) to the "term expired" end, and its
    default branch to an end "term does not apply"."""

    __slots__ = ("gateway_id", "name", "yes_flow", "yes_name", "condition", "no_flow",
                 "no_name", "no_end_id", "no_end_name")

    def __init__(self, gateway_id: str, name: str, yes_flow: str, yes_name: str, condition: str,
                 no_flow: str, no_name: str, no_end_id: str, no_end_name: str) -> None:
        self.gateway_id, self.name = gateway_id, name
        self.yes_flow, self.yes_name, self.condition = yes_flow, yes_name, condition
        self.no_flow, self.no_name = no_flow, no_name
        self.no_end_id, self.no_end_name = no_end_id, no_end_name


class StoreRef:
    """A data store reference next to a task, written to by the task."""

    __slots__ = ("id", "store", "name", "assoc_id")

    def __init__(self, id: str, store: str, name: str, assoc_id: str) -> None:
        self.id, self.store, self.name, self.assoc_id = id, store, name, assoc_id


class Annotation:
    """The text annotation holding a node's legal citations, and its association."""

    __slots__ = ("id", "text", "doc", "assoc_id")

    def __init__(self, id: str, text: str, doc: str, assoc_id: str) -> None:
        self.id, self.text, self.doc, self.assoc_id = id, text, doc, assoc_id


class Message:
    """A global ``bpmn:message`` a receive task waits for (``wait PARTY "event"``)."""

    __slots__ = ("id", "name")

    def __init__(self, id: str, name: str) -> None:
        self.id, self.name = id, name


class DataStore:
    """A blueprint system as a global ``bpmn:dataStore``."""

    __slots__ = ("id", "name", "ext", "doc")

    def __init__(self, id: str, name: str, ext: str, doc: str | None) -> None:
        self.id, self.name, self.ext, self.doc = id, name, ext, doc


class Lane:
    """One lane of the pool: an actor, or the resident / organisation when no actor is named."""

    __slots__ = ("id", "name", "ext", "customer_side", "group_key")

    def __init__(self, id: str, name: str, ext: str, customer_side: bool,
                 group_key: str) -> None:
        self.id, self.name, self.ext, self.customer_side = id, name, ext, customer_side
        #: role id, else actor name, else "inwoner"/"gemeente": what candidate groups map
        self.group_key = group_key


class Group:
    """A phase drawn as a BPMN group around its columns; ``band`` is its column band."""

    __slots__ = ("id", "category_id", "value_id", "name", "ext", "band")

    def __init__(self, id: str, category_id: str, value_id: str, name: str, ext: str,
                 band: int) -> None:
        self.id, self.category_id, self.value_id = id, category_id, value_id
        self.name, self.ext, self.band = name, ext, band


class Process:
    """One pool: participant, process, lanes, flow nodes, flows, data stores and phase groups."""

    __slots__ = (
        "id", "name", "participant_id", "lane_set_id", "lanes", "vertices", "flows",
        "data_stores", "groups", "ext", "doc", "executable", "version", "pool_name",
        "messages", "resources", "partners", "message_flows",
    )

    def __init__(self, id: str, name: str, participant_id: str, lane_set_id: str) -> None:
        self.id, self.name = id, name
        self.participant_id, self.lane_set_id = participant_id, lane_set_id
        self.lanes: list[Lane] = []
        self.vertices: list[Vertex] = []
        self.flows: list[Flow] = []
        self.data_stores: list[DataStore] = []
        self.messages: list[Message] = []
        #: (resource id, name): the actors as global ``bpmn:resource`` elements
        self.resources: list[tuple[str, str]] = []
        #: the pools of partner organisations (non-executable processes) next to this one
        self.partners: list[Process] = []
        #: (id, source, target) message flows between this pool and its partners' pools
        self.message_flows: list[tuple[str, str, str]] = []
        self.groups: list[Group] = []
        self.ext: str = ""
        self.doc: str | None = None
        self.executable = True
        self.version: str | None = None  # the blueprint's version (a Camunda versionTag)
        #: the pool's label: the organisation whose process it is, with the blueprint's title
        self.pool_name = name
