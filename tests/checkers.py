"""Wrappers around the external checkers the test suite judges compiler output with.

This module owns every call into a third-party validator, so that tests only say *what* must
hold (``assert bpmn_xsd_errors(out) == []``) and never how a tool is driven:

* ``bpmn_xsd_errors``      — OMG BPMN 2.0 XSD (shipped inside SpiffWorkflow) via ``xmlschema``,
                             which, unlike lxml, also resolves xs:IDREF (dangling references).
* ``spiff_parse`` / ``spiff_run`` / ``spiff_run_all_paths``
                           — SpiffWorkflow as a real BPMN engine: parse, then execute the process to
                             completion along one / every decision branch.
* ``bpmnlint_reports`` / ``moddle_warnings``
                           — bpmn.io's linter and model importer (Node, ``tools/*.cjs|*.mjs``), one
                             Node process per batch of files.
* ``Browser``              — Debian Chromium driven by the Python ``playwright`` package: bpmn-js
                             rendering, bpmn-js Modeler round-trip, axe-core accessibility,
                             self-containment of HTML pages.

Availability policy (``require_tool``): with the ``CI`` environment variable set a missing tool
fails the test; on a developer machine without ``CI`` the test is skipped with the reason.

Import from tests as ``from checkers import ...`` (``tests/`` must be on ``sys.path``, e.g. via
``pythonpath = ["tests"]`` in the pytest configuration).
"""

from __future__ import annotations

import ast
import functools
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import pytest
from lxml import etree

REPO_ROOT = Path(__file__).resolve().parent.parent
TOOLS_DIR = REPO_ROOT / "tools"
NODE_MODULES = TOOLS_DIR / "node_modules"
CHROMIUM = "/usr/bin/chromium"

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NS = {"bpmn": BPMN_NS}

PathLike = Union[str, "os.PathLike[str]"]

# Flags that keep Chromium from phoning home (component updates, sync, background fetches):
# the test machine has no general internet access and tests must not depend on it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


# --------------------------------------------------------------------------------------------
# Tool availability
# --------------------------------------------------------------------------------------------


def in_ci() -> bool:
    """True when running under CI (any non-empty ``CI`` value except ``0``/``false``)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_tool(name: str, ok: bool, hint: str = "") -> None:
    """Single place for the missing-tool policy: fail in CI, skip locally.

    ``ok`` is the caller's availability check; ``hint`` says how to get the tool.
    """
    if ok:
        return
    message = f"required checker tool unavailable: {name}" + (f" ({hint})" if hint else "")
    if in_ci():
        pytest.fail(message + " [CI is set, so this is a failure, not a skip]", pytrace=False)
    pytest.skip(message)


def require_node_tools() -> str:
    """Ensure ``node`` and ``tools/node_modules`` exist; return the node executable."""
    node = shutil.which("node")
    require_tool("node", node is not None, "install Node.js >= 20.12")
    require_tool(
        "tools/node_modules",
        (NODE_MODULES / "bpmnlint").is_dir() and (NODE_MODULES / "bpmn-moddle").is_dir(),
        "run `npm ci` in tools/",
    )
    return node  # type: ignore[return-value]


def require_browser() -> None:
    """Ensure Debian Chromium, the bpmn-js/axe-core bundles and Python playwright exist."""
    require_tool(
        "chromium",
        os.access(CHROMIUM, os.X_OK),
        "apt-get install --no-install-recommends chromium",
    )
    require_tool(
        "tools/node_modules (bpmn-js, axe-core)",
        (NODE_MODULES / "bpmn-js" / "dist").is_dir() and (NODE_MODULES / "axe-core").is_dir(),
        "run `npm ci` in tools/",
    )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        require_tool("python playwright", False, "pip install -e '.[test]'")


# --------------------------------------------------------------------------------------------
# Shared XML helpers
# --------------------------------------------------------------------------------------------

XmlSource = Union[str, bytes, "os.PathLike[str]"]


def _read_xml_bytes(source: XmlSource) -> bytes:
    """Accept a path, raw bytes, or an XML string (recognised by a leading ``<``)."""
    if isinstance(source, bytes):
        return source
    if isinstance(source, str) and source.lstrip().startswith("<"):
        return source.encode("utf-8")
    return Path(source).read_bytes()


def _parse_xml(data: bytes) -> etree._ElementTree:
    # No entity expansion and no network: the documents under test are compiler output.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    return etree.ElementTree(etree.fromstring(data, parser))


def bpmn_end_event_ids(source: XmlSource) -> set[str]:
    """Ids of every ``bpmn:endEvent`` of the document's executable processes (to compare with
    reached ends; a partner organisation's pool is not executable and never runs)."""
    tree = _parse_xml(_read_xml_bytes(source))
    return {e.get("id") for p in tree.iterfind(".//bpmn:process", NS)
            if p.get("isExecutable", "true").strip().lower() != "false"
            for e in p.iterfind(".//bpmn:endEvent", NS)}


# --------------------------------------------------------------------------------------------
# OMG BPMN 2.0 XSD
# --------------------------------------------------------------------------------------------


def bpmn_xsd_path() -> Path:
    """The OMG ``BPMN20.xsd`` bundled with SpiffWorkflow (not vendored in this repository)."""
    from SpiffWorkflow.bpmn.parser.BpmnParser import XSD_PATH

    return Path(XSD_PATH)


def _absolute_xsds(extension_xsds: Mapping[str, PathLike] | None) -> tuple[tuple[str, str], ...]:
    # Relative schema locations are silently ignored by some validators (toolchain.md §1), so
    # resolve here and insist that the file exists.
    items = []
    for namespace, location in sorted((extension_xsds or {}).items()):
        path = Path(location).resolve()
        if not path.is_file():
            raise FileNotFoundError(f"extension XSD for {namespace!r} not found: {path}")
        items.append((namespace, str(path)))
    return tuple(items)


@functools.lru_cache(maxsize=8)
def _bpmn_schema(extensions: tuple[tuple[str, str], ...]):
    import xmlschema

    # ``locations`` adds namespaces imported after BPMN20.xsd's own imports; the BPMN
    # extensionElements use processContents="lax", so elements of a namespace known to the
    # schema are then validated strictly while unknown namespaces still pass.
    return xmlschema.XMLSchema(str(bpmn_xsd_path()), locations=list(extensions) or None)


def bpmn_xsd_errors(
    source: XmlSource, extension_xsds: Mapping[str, PathLike] | None = None
) -> list[str]:
    """Validate against the OMG BPMN 2.0 XSD; return ``[]`` when valid.

    ``source`` is a path, bytes, or an XML string. ``extension_xsds`` maps extension namespaces
    to XSD files so that extension elements in those namespaces are validated too.
    Messages read ``line N: /xpath: reason``.
    """
    schema = _bpmn_schema(_absolute_xsds(extension_xsds))
    try:
        tree = _parse_xml(_read_xml_bytes(source))
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed XML: {exc}"]
    errors = []
    for err in schema.iter_errors(tree):
        line = err.sourceline if err.sourceline is not None else "?"
        errors.append(f"line {line}: {err.path}: {err.reason}")
    return errors


# --------------------------------------------------------------------------------------------
# SpiffWorkflow: parse and execute
# --------------------------------------------------------------------------------------------


class SpiffPathError(AssertionError):
    """A process could not be driven to completion (stuck, convention broken, wrong branch)."""


def _data_store_names(tree: etree._ElementTree) -> list[str]:
    return sorted({d.get("name") for d in tree.iterfind(".//bpmn:dataStore", NS) if d.get("name")})


def spiff_parse(
    path: PathLike,
    data_store_names: Iterable[str] | None = None,
    *,
    extension_xsds: Mapping[str, PathLike] | None = None,
):
    """Parse (and XSD-validate) a BPMN file with SpiffWorkflow's ``BpmnParser``.

    Every ``bpmn:dataStore`` needs an implementation in SpiffWorkflow; a stub is registered for
    each name in ``data_store_names`` (default: every dataStore name found in the file). The
    stubs log reads/writes to ``parser.store_log`` as ``(op, store name, task bpmn id)``.
    Raises SpiffWorkflow's ``ValidationException`` for XSD errors.
    """
    from SpiffWorkflow.bpmn.parser import BpmnParser, BpmnValidator
    from SpiffWorkflow.bpmn.specs.data_spec import BpmnDataStoreSpecification

    path = Path(path)
    if data_store_names is None:
        data_store_names = _data_store_names(_parse_xml(path.read_bytes()))
    store_log: list[tuple[str, str, str]] = []

    class StubDataStore(BpmnDataStoreSpecification):
        def get(self, my_task, **kwargs):
            store_log.append(("get", self.bpmn_name, my_task.task_spec.bpmn_id))

        def set(self, my_task, **kwargs):
            store_log.append(("set", self.bpmn_name, my_task.task_spec.bpmn_id))

    # A fresh subclass per call: DATA_STORE_CLASSES is a class attribute shared by all parsers.
    parser_cls = type(
        "StubStoreBpmnParser",
        (BpmnParser,),
        {"DATA_STORE_CLASSES": {name: StubDataStore for name in data_store_names}},
    )
    imports = dict(_absolute_xsds(extension_xsds)) or None
    parser = parser_cls(validator=BpmnValidator(imports=imports))
    parser.add_bpmn_file(str(path))
    parser.store_log = store_log
    return parser


@dataclass(frozen=True)
class GatewayOption:
    """One outgoing flow of an exclusive gateway and the task data that selects it."""

    flow_id: str
    target_id: str
    assignment: Mapping[str, Any]


@dataclass(frozen=True)
class SpiffPath:
    """One execution of a process to completion."""

    # (gateway id, chosen sequence flow id) and (boundary timer id, "fired"), in decision order
    choices: tuple[tuple[str, str], ...]
    # ids of the end events reached (all process levels, incl. called processes), in order
    end_events: tuple[str, ...]
    # bpmn ids of every completed flow node, in completion order
    completed: tuple[str, ...]
    # final task data of the top-level workflow
    data: Mapping[str, Any] = field(default_factory=dict)
    # data store accesses: (op, store name, task id)
    store_log: tuple[tuple[str, str, str], ...] = ()


_DEFAULT_SENTINEL = "__default__"


def _assignment_for(condition: str, branch_var: str | None) -> tuple[str, Any]:
    """Return ``(variable, value)`` that makes ``condition`` true.

    Convention (``branch_var`` given, e.g. ``route_Gateway_X``): ``<branch_var> == "<literal>"``.
    Without ``branch_var`` any ``name == literal`` / ``literal == name`` / ``name`` /
    ``not name`` is accepted.
    """
    try:
        expr = ast.parse(condition.strip(), mode="eval").body
    except SyntaxError as exc:
        raise SpiffPathError(f"condition is not a Python expression: {condition!r}") from exc
    var, value = None, None
    if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.And) and expr.values:
        # a bounded back-branch: ``route_G == "F" and <loop counter> < N``; the engine's
        # counter decides the guard, the driver only chooses the branch
        expr = expr.values[0]
    if isinstance(expr, ast.Compare) and len(expr.ops) == 1 and isinstance(expr.ops[0], ast.Eq):
        left, right = expr.left, expr.comparators[0]
        if isinstance(left, ast.Name) and isinstance(right, ast.Constant):
            var, value = left.id, right.value
        elif isinstance(right, ast.Name) and isinstance(left, ast.Constant):
            var, value = right.id, left.value
    elif branch_var is None and isinstance(expr, ast.Name):
        var, value = expr.id, True
    elif (
        branch_var is None
        and isinstance(expr, ast.UnaryOp)
        and isinstance(expr.op, ast.Not)
        and isinstance(expr.operand, ast.Name)
    ):
        var, value = expr.operand.id, False
    if var is None:
        raise SpiffPathError(f"unsupported gateway condition {condition!r}")
    if branch_var is not None and var != branch_var:
        raise SpiffPathError(
            f"condition {condition!r} does not test the branch variable {branch_var!r}"
        )
    return var, value


def _gateway_options(
    tree: etree._ElementTree, branch_var: str | None
) -> dict[str, list[GatewayOption]]:
    """Decision options of every branching exclusive gateway, in document order of the flows."""
    flows = {f.get("id"): f for f in tree.iterfind(".//bpmn:sequenceFlow", NS)}
    options: dict[str, list[GatewayOption]] = {}
    for gw in tree.iterfind(".//bpmn:exclusiveGateway", NS):
        gw_id = gw.get("id")
        outgoing = [f for f in flows.values() if f.get("sourceRef") == gw_id]
        if len(outgoing) < 2:
            continue  # a merge (or pass-through) is not a decision
        var = branch_var.format(gateway=gw_id) if branch_var else None
        if var is not None and not var.isidentifier():
            raise SpiffPathError(f"branch variable {var!r} of gateway {gw_id} is not a Python "
                                 "identifier (gateway ids must not contain '-' or '.')")
        opts, used_vars = [], set()
        for flow in outgoing:
            cond = flow.find("bpmn:conditionExpression", NS)
            if cond is None or not (cond.text or "").strip():
                if flow.get("id") != gw.get("default"):
                    raise SpiffPathError(
                        f"flow {flow.get('id')} out of gateway {gw_id} has neither a "
                        "condition nor is it the gateway's default"
                    )
                opts.append(GatewayOption(flow.get("id"), flow.get("targetRef"), {}))
                continue
            name, value = _assignment_for(cond.text, var)
            used_vars.add(name)
            opts.append(GatewayOption(flow.get("id"), flow.get("targetRef"), {name: value}))
        # The default flow is taken when no condition matches: give every tested variable a
        # value that no `==` condition compares with.
        opts = [
            o if o.assignment or not used_vars else
            GatewayOption(o.flow_id, o.target_id, {v: _DEFAULT_SENTINEL for v in used_vars})
            for o in opts
        ]
        options[gw_id] = opts
    return options


def _entry_point(parser, tree: etree._ElementTree, process_id: str | None):
    """(spec, subprocess specs) for the process to run.

    Default: the one executable process no call activity calls; if there are several and a
    collaboration holds them, the collaboration (all its executable pools run together).
    """
    if process_id is not None:
        return parser.get_spec(process_id), parser.get_subprocess_specs(process_id)
    executable = [
        p.get("id")
        for p in tree.iterfind(".//bpmn:process", NS)
        if p.get("isExecutable", "true").strip().lower() != "false"
    ]
    called = {c.get("calledElement") for c in tree.iterfind(".//bpmn:callActivity", NS)}
    roots = [p for p in executable if p not in called]
    if len(roots) == 1:
        return parser.get_spec(roots[0]), parser.get_subprocess_specs(roots[0])
    for collab in tree.iterfind(".//bpmn:collaboration", NS):
        refs = {p.get("processRef") for p in collab.iterfind("bpmn:participant", NS)}
        if roots and set(roots) <= refs:
            return parser.get_collaboration(collab.get("id"))
    raise SpiffPathError(f"cannot choose an entry process among {roots}; pass process_id=")


class _Run:
    """One execution. Decisions follow ``prefix`` (option indices, used by the enumerator),
    else ``named`` (element id -> chosen label, used by ``spiff_run``), else take option 0.

    ``decisions`` records ``(element id, option labels)`` for every decision met, so the
    enumerator can branch on the ones beyond the prefix.
    """

    def __init__(self, parser, tree, gateways, prefix=(), named=None, *, process_id, data,
                 fire_timers, max_loop_visits, max_steps):
        self.parser, self.tree, self.gateways = parser, tree, gateways
        self.prefix = list(prefix)
        # per element a queue of labels, one per visit (a gateway in a loop decides repeatedly)
        self.named = {k: [v] if isinstance(v, str) else list(v) for k, v in (named or {}).items()}
        self.process_id, self.data = process_id, dict(data or {})
        self.fire_timers, self.max_loop_visits, self.max_steps = (
            fire_timers, max_loop_visits, max_steps)
        self.decisions: list[tuple[str, tuple[str, ...]]] = []
        self.taken: list[int] = []
        self.choices: list[tuple[str, str]] = []
        self.completed: list[str] = []
        self.end_events: list[str] = []
        self.gateway_flows_taken: dict[str, list[str]] = {}
        self.pending_gateway: dict[Any, GatewayOption] = {}
        self.fired: dict[str, int] = {}

    def _named_choice(self, element_id: str, labels: tuple[str, ...], timer: bool) -> int:
        if timer:
            # keyed by the task, named by its timers: {timer id: "fired"}
            for k, label in enumerate(labels[1:], start=1):
                if (self.named.get(label) or [None])[0] == "fired":
                    self.named[label].pop(0)
                    return k
            return 0
        queue = self.named.get(element_id)
        if not queue:
            return 0
        label = queue.pop(0)
        if label not in labels:
            raise SpiffPathError(f"{element_id}: {label!r} is not one of {labels}")
        return labels.index(label)

    def decide(self, element_id: str, labels: tuple[str, ...], timer: bool = False) -> int:
        index = len(self.decisions)
        if index < len(self.prefix):
            choice = self.prefix[index]
        else:
            choice = self._named_choice(element_id, labels, timer)
        self.decisions.append((element_id, labels))
        self.taken.append(choice)
        return choice

    # -- engine callbacks -------------------------------------------------------------------
    def will_complete(self, task) -> None:
        from SpiffWorkflow.bpmn.specs.mixins.exclusive_gateway import ExclusiveGateway

        spec = task.task_spec
        if not isinstance(spec, ExclusiveGateway) or spec.bpmn_id not in self.gateways:
            return
        options = self.gateways[spec.bpmn_id]
        taken_here = self.gateway_flows_taken.setdefault(spec.bpmn_id, [])
        if len(taken_here) >= self.max_loop_visits:
            # Loop guard: after max_loop_visits visits only flows not yet taken remain, so
            # every loop is exercised and then left.
            options = [o for o in options if o.flow_id not in taken_here]
            if not options:
                raise SpiffPathError(f"gateway {spec.bpmn_id} loops without an untaken exit")
        option = options[self.decide(spec.bpmn_id, tuple(o.flow_id for o in options))]
        task.data.update(option.assignment)
        taken_here.append(option.flow_id)
        self.choices.append((spec.bpmn_id, option.flow_id))
        self.pending_gateway[task.id] = option

    def did_complete(self, task) -> None:
        from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
        from SpiffWorkflow.util.task import TaskState

        option = self.pending_gateway.pop(task.id, None)
        if option is not None:
            # Conditions must be mutually exclusive: SpiffWorkflow takes the first true one.
            got = [c.task_spec.name for c in task.children]
            wanted = (option.target_id, f"{option.target_id}.BoundaryEventSplit")
            if len(got) != 1 or got[0] not in wanted:
                raise SpiffPathError(
                    f"gateway {task.task_spec.bpmn_id}: choosing {option.flow_id} "
                    f"({dict(option.assignment)}) led to {got}, expected {option.target_id}"
                )
        if task.state == TaskState.COMPLETED:
            self._record(task)
            if isinstance(task.task_spec, EndEvent):
                self.end_events.append(task.task_spec.bpmn_id)

    def _record(self, task) -> None:
        bpmn_id = getattr(task.task_spec, "bpmn_id", None)
        if bpmn_id:
            self.completed.append(bpmn_id)

    # -- driving ----------------------------------------------------------------------------
    def execute(self) -> SpiffPath:
        from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
            CycleTimerEventDefinition,
            TimerEventDefinition,
        )
        from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
        from SpiffWorkflow.bpmn.specs.defaults import ReceiveTask
        from SpiffWorkflow.bpmn.specs.mixins.service_task import ServiceTask
        from SpiffWorkflow.bpmn.util.event import BpmnEvent
        from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
        from SpiffWorkflow.util.task import TaskState

        def is_timer(t) -> bool:
            ed = getattr(t.task_spec, "event_definition", None)
            return isinstance(ed, TimerEventDefinition) and not isinstance(
                ed, CycleTimerEventDefinition)

        def fire(t) -> None:
            # A duration/date timer checks this flag before comparing with the clock; _update
            # is what refresh_timers() calls, done here for this task only.
            t._set_internal_data(event_fired=True)
            t.task_spec._update(t)

        self.parser.store_log.clear()
        spec, subprocess_specs = _entry_point(self.parser, self.tree, self.process_id)
        wf = BpmnWorkflow(spec, subprocess_specs)
        for t in wf.get_tasks(state=TaskState.READY):
            t.data.update(self.data)
        timer_decided: set[Any] = set()
        steps = 0
        while True:
            steps += 1
            if steps > self.max_steps:
                raise SpiffPathError(f"no completion after {self.max_steps} steps")
            wf.do_engine_steps(will_complete_task=self.will_complete,
                               did_complete_task=self.did_complete)
            if wf.is_completed():
                break
            # user/manual/plain tasks wait in READY, plain serviceTasks stay STARTED (a
            # STARTED call activity is waiting for its called process: leave it alone)
            pending = wf.get_tasks(state=TaskState.READY, manual=True) + [
                t for t in wf.get_tasks(state=TaskState.STARTED)
                if isinstance(t.task_spec, ServiceTask)] + [
                # a receive task waits for its message: the driver delivers it ("complete")
                t for t in wf.get_tasks(state=TaskState.WAITING)
                if isinstance(t.task_spec, ReceiveTask)]
            if pending:
                task = pending[0]
                timers = [
                    c for c in (task.parent.children if task.parent else [])
                    if isinstance(c.task_spec, BoundaryEvent) and c.state == TaskState.WAITING
                    and is_timer(c)
                ]
                # loop guard for time-outs that lead back: a timer fires at most
                # max_loop_visits times on one path, so every path ends
                timers = [t for t in timers
                          if self.fired.get(t.task_spec.bpmn_id, 0) < self.max_loop_visits]
                if self.fire_timers and timers and task.id not in timer_decided:
                    # Decision: the task completes first (0) or one of its timers fires (1..n).
                    timer_decided.add(task.id)
                    labels = ("complete",) + tuple(t.task_spec.bpmn_id for t in timers)
                    pick = self.decide(task.task_spec.bpmn_id, labels, timer=True)
                    if pick:
                        timer = timers[pick - 1]
                        fire(timer)
                        self.fired[timer.task_spec.bpmn_id] = (
                            self.fired.get(timer.task_spec.bpmn_id, 0) + 1)
                        self.choices.append((timer.task_spec.bpmn_id, "fired"))
                        continue
                if isinstance(task.task_spec, ReceiveTask):
                    wf.catch(BpmnEvent(task.task_spec.event_definition, {}))
                    self.choices.append((task.task_spec.bpmn_id, "received"))
                elif task.state == TaskState.STARTED:
                    task.complete()
                else:
                    task.run()
                self._record(task)
                continue
            # Nothing to do but wait: let time pass for timers in the flow (intermediate catch
            # events, event-based gateways). Boundary timers never fire by themselves.
            waiting = [t for t in wf.get_tasks(state=TaskState.WAITING)
                       if is_timer(t) and not isinstance(t.task_spec, BoundaryEvent)]
            if not waiting:
                stuck = [f"{t.task_spec.bpmn_id or t.task_spec.name}:{TaskState.get_name(t.state)}"
                         for t in wf.get_tasks(state=TaskState.NOT_FINISHED_MASK)]
                raise SpiffPathError(f"process is stuck; unfinished tasks: {stuck}")
            for t in waiting:
                fire(t)
        return SpiffPath(
            choices=tuple(self.choices),
            end_events=tuple(self.end_events),
            completed=tuple(self.completed),
            data=dict(wf.data),
            store_log=tuple(self.parser.store_log),
        )


def spiff_run(
    path: PathLike,
    choices: Mapping[str, str | Iterable[str]] | None = None,
    *,
    branch_var: str | None = "route_{gateway}",
    process_id: str | None = None,
    data: Mapping[str, Any] | None = None,
    fire_timers: bool = True,
    data_store_names: Iterable[str] | None = None,
    max_loop_visits: int = 1,
    max_steps: int = 10_000,
) -> SpiffPath:
    """Execute one path to completion (see ``spiff_run_all_paths`` for the mechanics).

    ``choices`` maps a gateway id to the sequence flow id to take (or a list, one per visit of
    a gateway in a loop) and a timer boundary event id to ``"fired"``; gateways not named take
    their first outgoing flow (document order), timers not named do not fire.
    """
    tree = _parse_xml(Path(path).read_bytes())
    parser = spiff_parse(path, data_store_names)
    run = _Run(parser, tree, _gateway_options(tree, branch_var), named=choices,
               process_id=process_id, data=data, fire_timers=fire_timers,
               max_loop_visits=max_loop_visits, max_steps=max_steps)
    return run.execute()


def spiff_run_all_paths(
    path: PathLike,
    branch_var: str | None = "route_{gateway}",
    *,
    process_id: str | None = None,
    data: Mapping[str, Any] | None = None,
    fire_timers: bool = True,
    data_store_names: Iterable[str] | None = None,
    max_loop_visits: int = 1,
    max_paths: int = 2_000,
    max_steps: int = 10_000,
) -> list[SpiffPath]:
    """Execute the process to completion along every combination of decisions.

    Decisions are (a) every exclusive gateway with two or more outgoing flows — each flow is
    selected by setting the task-data variable its condition tests (``branch_var`` is a
    ``str.format`` template with ``{gateway}``; ``None`` accepts any simple condition) — and
    (b) with ``fire_timers``, every task carrying timer boundary events: it completes normally or
    one timer fires first (a timer fires at most ``max_loop_visits`` times on one path, so a
    time-out that leads back ends). A receive task gets its message (recorded as the choice
    ``(task id, "received")``), unless one of its timers fires first. A bounded back-branch's
    condition ``route_G == "F" and <counter> < N`` is chosen by its first part; the counter is
    the process's own. Timers never fire on their own; intermediate timer events in the flow
    are fired when nothing else can proceed. Service tasks are completed, user/manual tasks run.
    Call activities run their called process (same file). A gateway visited ``max_loop_visits``
    times on one path may only take flows it has not taken yet, so loops terminate.

    Backend convention (default ``branch_var``): every outgoing flow ``F`` of a branching
    exclusive gateway ``G`` carries ``route_G == "F"`` (a Python expression; the literal only has
    to be distinct per flow), or is the gateway's ``default`` flow without a condition.

    Returns one ``SpiffPath`` per leaf. Raises ``SpiffPathError`` if a path gets stuck, a
    gateway condition breaks the convention, or conditions are not mutually exclusive.
    """
    tree = _parse_xml(Path(path).read_bytes())
    parser = spiff_parse(path, data_store_names)  # specs are reusable: parse once
    gateways = _gateway_options(tree, branch_var)
    results: list[SpiffPath] = []
    stack: list[list[int]] = [[]]
    while stack:
        prefix = stack.pop()
        run = _Run(parser, tree, gateways, prefix, process_id=process_id, data=data,
                   fire_timers=fire_timers, max_loop_visits=max_loop_visits,
                   max_steps=max_steps)
        results.append(run.execute())
        if len(results) > max_paths:
            raise SpiffPathError(f"more than {max_paths} paths; raise max_paths")
        # Branch on every decision this run met beyond its prefix; pushed so that the stack
        # pops them in lexicographic order of decision indices (depth-first).
        for i in range(len(prefix), len(run.decisions)):
            for alt in range(len(run.decisions[i][1]) - 1, 0, -1):
                stack.append(run.taken[:i] + [alt])
    return results


# --------------------------------------------------------------------------------------------
# Node checkers: bpmnlint, bpmn-moddle
# --------------------------------------------------------------------------------------------

_NODE_BATCH = 200  # files per node process; keeps argv well below the OS limit


def _as_paths(paths: PathLike | Iterable[PathLike]) -> list[PathLike]:
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    return list(paths)


def _run_node_json(script: str, paths: PathLike | Iterable[PathLike],
                   extra_args: list[str] | None = None) -> dict[str, Any]:
    node = require_node_tools()
    originals = _as_paths(paths)
    result: dict[str, Any] = {}
    for start in range(0, len(originals), _NODE_BATCH):
        batch = originals[start:start + _NODE_BATCH]
        absolute = [str(Path(p).resolve()) for p in batch]
        proc = subprocess.run(
            [node, str(TOOLS_DIR / script), *(extra_args or []), *absolute],
            capture_output=True, text=True, timeout=300, cwd=TOOLS_DIR,
        )
        if proc.returncode not in (0, 1):  # 1 = findings, anything else = the tool broke
            raise RuntimeError(f"{script} failed (exit {proc.returncode}):\n{proc.stderr}")
        out = json.loads(proc.stdout)
        # key results by the caller's spelling of the path
        for original, abs_path in zip(batch, absolute, strict=True):
            result[str(original)] = out[abs_path]
    return result


def bpmnlint_reports(paths: PathLike | Iterable[PathLike],
                     config: PathLike | None = None) -> dict[str, dict[str, Any]]:
    """bpmnlint (``tools/.bpmnlintrc`` unless ``config``) on each file, one Node process per batch.

    Returns ``{path: {"importWarnings": [str], "reports": [{rule, id, category, message}],
    "error"?: str}}`` keyed by ``str(path)`` as passed in.
    """
    extra = ["--config", str(Path(config).resolve())] if config else None
    return _run_node_json("lint.cjs", paths, extra)


def moddle_warnings(paths: PathLike | Iterable[PathLike]) -> dict[str, dict[str, Any]]:
    """bpmn-moddle import of each file: ``{path: {"warnings": [str], "elements": N,
    "references": N, "error"?: str}}`` keyed by ``str(path)`` as passed in."""
    return _run_node_json("moddle.mjs", paths)


# --------------------------------------------------------------------------------------------
# Browser: bpmn-js, axe-core, page self-containment
# --------------------------------------------------------------------------------------------

_RENDER_JS = r"""
async (xml) => {
  const viewer = window.__viewer || (window.__viewer = new BpmnJS({ container: '#canvas' }));
  let warnings = [], error = null;
  try {
    ({ warnings } = await viewer.importXML(xml));
  } catch (err) {
    error = String(err.message || err);
    warnings = err.warnings || [];
  }
  warnings = warnings.map((w) => String(w.message || w).replace(/\s*\n\s*/g, ' '));
  if (error) return { error, warnings, elements: 0, drawn: 0, missing: [] };
  viewer.get('canvas').zoom('fit-viewport');

  // Semantic elements that need a DI shape/edge to be visible.
  const expected = new Set();
  const add = (el) => el && el.id && expected.add(el.id);
  const walkFlowElements = (container) => {
    for (const el of container.flowElements || []) {
      add(el);
      for (const a of el.dataInputAssociations || []) add(a);
      for (const a of el.dataOutputAssociations || []) add(a);
      if (el.flowElements) walkFlowElements(el);
      for (const art of el.artifacts || []) add(art);
    }
    const walkLanes = (laneSet) => {
      for (const lane of (laneSet && laneSet.lanes) || []) {
        add(lane);
        walkLanes(lane.childLaneSet);
      }
    };
    for (const ls of container.laneSets || []) walkLanes(ls);
    for (const art of container.artifacts || []) add(art);
  };
  for (const root of viewer.getDefinitions().rootElements || []) {
    if (root.$type === 'bpmn:Collaboration') {
      for (const p of root.participants || []) {
        add(p);
        if (p.processRef) walkFlowElements(p.processRef);
      }
      for (const mf of root.messageFlows || []) add(mf);
      for (const art of root.artifacts || []) add(art);
    } else if (root.$type === 'bpmn:Process') {
      walkFlowElements(root);
    }
  }
  const registry = viewer.get('elementRegistry');
  const drawnIds = new Set();
  let shapes = 0, connections = 0, labels = 0;
  for (const el of registry.getAll()) {
    if (el.type === 'label') { labels++; continue; }
    if (!el.parent) continue;  // canvas roots (planes)
    if (el.waypoints) connections++; else shapes++;
    if (el.businessObject && el.businessObject.id) drawnIds.add(el.businessObject.id);
  }
  const missing = [...expected].filter((id) => !drawnIds.has(id)).sort();
  return { error, warnings, elements: expected.size,
           drawn: [...expected].filter((id) => drawnIds.has(id)).length,
           missing, shapes, connections, labels };
}
"""

_READABILITY_JS = r"""
async (xml) => {
  const viewer = window.__viewer || (window.__viewer = new BpmnJS({ container: '#canvas' }));
  await viewer.importXML(xml);
  const registry = viewer.get('elementRegistry');
  const all = registry.getAll();
  const inter = (a, b, pad = 0) => a.x < b.x + b.w - pad && b.x < a.x + a.w - pad
    && a.y < b.y + b.h - pad && b.y < a.y + a.h - pad;
  const box = (el) => ({ x: el.x, y: el.y, w: el.width, h: el.height });
  const ICON = /^bpmn:(UserTask|ManualTask|ServiceTask|SendTask|ReceiveTask|ScriptTask|BusinessRuleTask)$/;
  const tasks = [], labels = [];
  for (const el of all) {
    if (el.type === 'label') { labels.push(el); continue; }
    if (!/Task$|^bpmn:CallActivity$/.test(el.type)) continue;
    const gfx = registry.getGraphics(el);
    const text = gfx.querySelector('text.djs-label');
    const name = (el.businessObject.name || '').replace(/\s+/g, ' ').trim();
    const lines = [];
    for (const t of (text ? text.querySelectorAll('tspan') : [])) {
      const y = parseFloat(t.getAttribute('y')), x = parseFloat(t.getAttribute('x'));
      lines.push({ text: t.textContent, x: el.x + x, y: el.y + y - 11, w: t.getComputedTextLength(), h: 14 });
    }
    // the task-type icon: bpmn-js draws it at the top left (user, manual, service, send)
    let icon = null;
    if (ICON.test(el.type)) {
      const visual = gfx.querySelector('.djs-visual');
      for (const path of visual.querySelectorAll('path')) {
        const b = path.getBBox();
        const r = { x: el.x + b.x, y: el.y + b.y, w: b.width, h: b.height };
        icon = icon ? { x: Math.min(icon.x, r.x), y: Math.min(icon.y, r.y),
                        w: Math.max(icon.x + icon.w, r.x + r.w) - Math.min(icon.x, r.x),
                        h: Math.max(icon.y + icon.h, r.y + r.h) - Math.min(icon.y, r.y) } : r;
      }
    }
    const words = new Set();
    for (const w of name.split(' ')) {
      words.add(w);
      const parts = w.split('-');
      parts.forEach((p, i) => { words.add(p); if (i < parts.length - 1) words.add(p + '-'); });
    }
    const broken = [];
    for (const line of lines) {
      for (const tok of line.text.trim().split(/\s+/)) {
        if (tok && !words.has(tok)) broken.push(tok);
      }
    }
    const boundaries = (el.attachers || []).map(box);
    tasks.push({
      id: el.id, lines: lines.map((l) => l.text),
      underIcon: !!icon && lines.some((l) => inter(l, icon)),
      broken,
      underTimer: boundaries.some((b) => lines.some((l) => inter(l, b))),
    });
  }
  // external labels (events, gateways, flows) over other labels or over shapes
  const solid = all.filter((el) => el.type !== 'label' && !el.waypoints && el.parent
    && !/Participant|Lane|Group|TextAnnotation/.test(el.type));
  const overlaps = [];
  for (let i = 0; i < labels.length; i++) {
    const a = labels[i];
    if (!a.businessObject.name) continue;
    for (let j = i + 1; j < labels.length; j++) {
      const b = labels[j];
      if (b.businessObject.name && inter(box(a), box(b), 1)) overlaps.push([a.id, b.id]);
    }
    for (const s of solid) {
      if (s !== a.labelTarget && inter(box(a), box(s), 1)) overlaps.push([a.id, s.id]);
    }
  }
  // edge crossings: a horizontal segment of one connection crossing a vertical one of another
  const segs = [];
  for (const el of all) {
    if (!el.waypoints || el.type === 'label') continue;
    const pts = el.waypoints;
    for (let k = 0; k + 1 < pts.length; k++) segs.push([el.id, pts[k], pts[k + 1]]);
  }
  let crossings = 0;
  const pairs = [];
  for (let i = 0; i < segs.length; i++) {
    for (let j = i + 1; j < segs.length; j++) {
      const [ia, a1, a2] = segs[i], [ib, b1, b2] = segs[j];
      if (ia === ib) continue;
      for (const [h1, h2, v1, v2] of [[a1, a2, b1, b2], [b1, b2, a1, a2]]) {
        if (h1.y !== h2.y || v1.x !== v2.x) continue;
        const x = v1.x, y = h1.y;
        if (Math.min(h1.x, h2.x) < x && x < Math.max(h1.x, h2.x)
            && Math.min(v1.y, v2.y) < y && y < Math.max(v1.y, v2.y)) {
          crossings++;
          pairs.push([ia, ib]);
        }
      }
    }
  }
  return { tasks, overlaps, crossings, crossingPairs: pairs };
}
"""

_MODELER_JS = r"""
async (xml) => {
  const modeler = new BpmnJS({ container: '#canvas' });
  const { warnings } = await modeler.importXML(xml);
  const { xml: out } = await modeler.saveXML({ format: true });
  modeler.destroy();
  return { xml: out, warnings: warnings.map((w) => String(w.message || w)) };
}
"""

_AXE_JS = r"""
async (options) => {
  const config = Object.assign({ resultTypes: ['violations'] }, options || {});
  const result = await axe.run(document, config);
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.length, targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}
"""


@dataclass
class PageVisit:
    """A page opened by ``Browser.open_page`` and what it tried to do."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    # requests to anything but file:, data:, about:, blob: (all aborted)
    external_requests: list[str] = field(default_factory=list)


def _is_local_url(url: str) -> bool:
    return url.split(":", 1)[0].lower() in ("file", "data", "about", "blob")


class Browser:
    """Headless Debian Chromium via Python playwright (never downloads a browser).

    Use as a context manager (a launch takes about 0.5 s; one per test module is cheap enough).
    """

    def __init__(self, viewport: tuple[int, int] = (1400, 900)) -> None:
        self.viewport = {"width": viewport[0], "height": viewport[1]}
        self._pw = None
        self._browser = None
        self._context = None
        self._viewer_page = None
        self._tmp = None

    def __enter__(self) -> Browser:
        require_browser()
        from playwright.sync_api import sync_playwright

        self._tmp = tempfile.TemporaryDirectory(prefix="pwib-browser-")
        self._pw = sync_playwright().start()
        try:
            self._browser = self._pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            self._context = self._browser.new_context(viewport=self.viewport)
        except Exception:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        for closer in (self._context, self._browser):
            if closer is not None:
                closer.close()
        if self._pw is not None:
            self._pw.stop()
        if self._tmp is not None:
            self._tmp.cleanup()
        self._pw = self._browser = self._context = self._viewer_page = self._tmp = None

    # -- pages ------------------------------------------------------------------------------
    def _bpmn_page(self, bundle: str):
        """A file:// page that loads a bpmn-js bundle and its CSS from tools/node_modules."""
        dist = NODE_MODULES / "bpmn-js" / "dist"
        html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>bpmn-js</title>
<link rel="stylesheet" href="{(dist / 'assets' / 'diagram-js.css').as_uri()}">
<link rel="stylesheet" href="{(dist / 'assets' / 'bpmn-js.css').as_uri()}">
<link rel="stylesheet" href="{(dist / 'assets' / 'bpmn-font' / 'css' / 'bpmn.css').as_uri()}">
<style>html, body {{ margin: 0; height: 100%; }} #canvas {{ width: 100%; height: 100%; }}</style>
</head><body><div id="canvas"></div>
<script src="{(dist / bundle).as_uri()}"></script></body></html>"""
        page_path = Path(self._tmp.name) / f"{bundle}.html"
        page_path.write_text(html, encoding="utf-8")
        page = self._context.new_page()
        page.goto(page_path.as_uri())
        page.wait_for_function("typeof BpmnJS === 'function'")
        return page

    def render_bpmn(self, xml: str, png_path: PathLike | None = None) -> dict[str, Any]:
        """Import into the bpmn-js viewer; optionally save a PNG of the diagram.

        Returns ``{"error": str|None, "warnings": [str], "elements": N semantic elements that
        need DI, "drawn": N of those drawn, "missing": [ids not drawn], "shapes", "connections",
        "labels"}``. bpmn-js skips elements without DI silently, hence ``missing``.
        """
        if self._viewer_page is None:
            self._viewer_page = self._bpmn_page("bpmn-viewer.production.min.js")
        result = self._viewer_page.evaluate(_RENDER_JS, xml)
        if png_path is not None and result["error"] is None:
            Path(png_path).parent.mkdir(parents=True, exist_ok=True)
            self._viewer_page.locator("#canvas").screenshot(path=str(png_path))
        return result

    def bpmn_readability(self, xml: str) -> dict[str, Any]:
        """How readable bpmn-js draws a diagram, measured on its SVG.

        Returns ``{"tasks": [{id, lines, underIcon, broken, underTimer}], "overlaps": [[label,
        other]], "crossings": N, "crossingPairs": [[edge, edge]]}``: per task whether a text line
        runs under the task-type icon, the tokens of a line that are no word of the name (a
        word broken without hyphen), whether a boundary event covers a text line; external
        labels overlapping another label or a shape; crossings of orthogonal segments of
        different edges.
        """
        if self._viewer_page is None:
            self._viewer_page = self._bpmn_page("bpmn-viewer.production.min.js")
        return self._viewer_page.evaluate(_READABILITY_JS, xml)

    def modeler_roundtrip(self, xml: str) -> str:
        """Import into the bpmn-js Modeler (what Camunda Modeler embeds) and ``saveXML``."""
        page = self._bpmn_page("bpmn-modeler.production.min.js")
        try:
            return page.evaluate(_MODELER_JS, xml)["xml"]
        finally:
            page.close()

    def open_page(self, path: PathLike) -> PageVisit:
        """Open a local HTML file, recording console errors, uncaught exceptions and every
        non-local request (which is aborted: a generated page must be self-contained)."""
        page = self._context.new_page()
        visit = PageVisit(page=page)

        def on_route(route) -> None:
            url = route.request.url
            if _is_local_url(url):
                route.continue_()
            else:
                visit.external_requests.append(url)
                route.abort()

        page.route("**/*", on_route)
        page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
        page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
        page.goto(Path(path).resolve().as_uri())
        page.wait_for_load_state("load")
        return visit

    def axe(self, html_path: PathLike, options: Mapping[str, Any] | None = None
            ) -> list[dict[str, Any]]:
        """axe-core violations for a local HTML page: ``[{id, impact, help, nodes, targets}]``."""
        visit = self.open_page(html_path)
        try:
            visit.page.add_script_tag(path=str(NODE_MODULES / "axe-core" / "axe.min.js"))
            return visit.page.evaluate(_AXE_JS, dict(options or {}))
        finally:
            visit.page.close()

    def screenshot(self, path: PathLike, png: PathLike, full_page: bool = True) -> None:
        """PNG of a local HTML page (network blocked as in ``open_page``)."""
        visit = self.open_page(path)
        try:
            Path(png).parent.mkdir(parents=True, exist_ok=True)
            visit.page.screenshot(path=str(png), full_page=full_page)
        finally:
            visit.page.close()


@pytest.fixture(scope="module", name="browser")
def browser_fixture() -> Iterator[Browser]:
    """A ``Browser`` per test module as fixture ``browser``.

    Make it available with ``from checkers import browser_fixture  # noqa: F401`` in a test
    module. Per module, not per session: while a sync Playwright instance lives, its event
    loop is the running loop of the main thread, and the asyncio-based LSP tests (and a
    second Playwright instance) cannot start.
    """
    with Browser() as b:
        yield b
