"""What each BPMN engine needs written: conditions, timers, vendor namespace and attributes.

``spiff`` (the default) is SpiffWorkflow: Python conditions and timer expressions, master journeys
carrying their tiles in the same file. ``operaton`` is Operaton and Camunda 7.2x, ``flowable`` is
Flowable 7: JUEL ``${…}`` conditions, plain ISO 8601 durations, one process per file (a master
calls its tiles by ``calledElement`` and the folder deploys at once), the vendor's attributes on
the process, user tasks, service/send tasks and call activities. docs/bpmn.md documents each
difference; the engines themselves run every example in ``tests/engines``.
"""

from __future__ import annotations

import attrs

from pwib_dsl.backends.bpmn.ids import name_key

#: the dialects of ``pwib build --bpmn-dialect``; the first is the default
DIALECTS = ("spiff", "operaton", "flowable")

CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
MODELER_NS = "http://camunda.org/schema/modeler/1.0"
FLOWABLE_NS = "http://flowable.org/bpmn"
#: the Camunda 7 version Camunda Modeler and its linter check the files against
CAMUNDA_PLATFORM_VERSION = "7.22.0"
#: days an engine keeps the history of a finished case (Camunda 7/Operaton require a value)
HISTORY_TIME_TO_LIVE = "180"
#: the candidate group of the resident's and of the unnamed organisation's tasks
RESIDENT_GROUP = "inwoner"
ORGANISATION_GROUP = "gemeente"


@attrs.frozen
class Dialect:
    """One target engine family; ``prefix`` is the vendor namespace prefix (None for spiff)."""

    name: str
    prefix: str | None = None
    namespace: str | None = None
    #: role id (or actor name) → candidate group, from ``[bpmn.candidate-groups]``
    groups: tuple[tuple[str, str], ...] = ()

    @property
    def java(self) -> bool:
        """A Java engine: JUEL, unquoted timers, tiles called from their own files."""
        return self.prefix is not None

    @property
    def embeds_tiles(self) -> bool:
        return not self.java

    def variable(self, blueprint_id: str, gateway_id: str) -> str:
        """The process variable a decision's gateway branches on.

        SpiffWorkflow: ``route_<gateway id>`` (ids of embedded tiles already carry their tile's
        prefix). Java engines pass variables into called processes, so the variable names the
        blueprint too: ``route_<blueprint>__<gateway id>`` is unique across the whole folder.
        """
        if self.java:
            return f"route_{name_key(blueprint_id)}__{gateway_id}"
        return f"route_{gateway_id}"

    def loop_variable(self, blueprint_id: str, flow_id: str) -> str:
        """The counter of a bounded back-branch (named like the decision variables)."""
        if self.java:
            return f"loop_{name_key(blueprint_id)}__{flow_id}"
        return f"loop_{flow_id}"

    def condition(self, variable: str, flow_id: str,
                  bound: tuple[str, int] | None = None) -> str:
        """``variable == flow_id``; with ``bound`` (counter, N) also ``counter < N``, the
        counter read so that a branch not taken yet (no counter) counts as 0."""
        if self.java:
            guard = ""
            if bound is not None:
                counter, n = bound
                guard = (f' && (execution.getVariable("{counter}") == null'
                         f' || execution.getVariable("{counter}") < {n})')
            return f'${{{variable} == "{flow_id}"{guard}}}'
        guard = ""
        if bound is not None:
            guard = f' and globals().get("{bound[0]}", 0) < {bound[1]}'
        return f'{variable} == "{flow_id}"{guard}'

    def count_script(self, counter: str) -> str:
        """What a count task does: one more pass of its back-branch."""
        if self.java:
            read = f"execution.getVariable('{counter}')"
            return f"${{execution.setVariable('{counter}', ({read} == null ? 0 : {read}) + 1)}}"
        return f'{counter} = globals().get("{counter}", 0) + 1'

    def timer(self, duration: str) -> str:
        """A ``timeDuration``: SpiffWorkflow evaluates it as Python (a string literal)."""
        if not self.java:
            return f'"{duration}"'
        # xs:duration, which both Java engines parse durations with, has no weeks
        if duration.endswith("W"):
            return f"P{int(duration[1:-1]) * 7}D"
        return duration

    def tag(self, tag: str, has_deadline: bool) -> str:
        """The element of a task in this dialect (see docs/bpmn.md). The Java engines pass a
        manual task straight through, so one with a legal term (work that takes time) waits as
        a user task."""
        if self.java and tag == "manualTask" and has_deadline:
            return "userTask"
        if self.java and tag == "scriptTask":
            # the count is a JUEL method expression, the engines' own no-script way
            return "serviceTask"
        if self.name == "flowable" and tag == "sendTask":
            # Flowable deploys a send task only as mail, Camel, Mule or web service call: the
            # message is the organisation's automated step, a service task Flowable can run
            return "serviceTask"
        return tag

    def group(self, key: str) -> str:
        """The candidate group of a role id or actor name (the mapping, else the name itself)."""
        mapped = dict(self.groups).get(key)
        if mapped is not None:
            return mapped
        return key.rsplit(".", 1)[-1]


def dialect(name: str = "spiff", groups: tuple[tuple[str, str], ...] = ()) -> Dialect:
    if name == "operaton":
        return Dialect("operaton", "camunda", CAMUNDA_NS, groups)
    if name == "flowable":
        return Dialect("flowable", "flowable", FLOWABLE_NS, groups)
    if name == "spiff":
        return Dialect("spiff")
    raise ValueError(f"unknown BPMN dialect {name!r}")
