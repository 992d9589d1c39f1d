"""How a municipality's blueprint deviates from the national one, step by step.

A variant resolves to an ordinary :class:`~pwib_dsl.sema.model.Blueprint`; comparing it with
the resolved national blueprint *by node name* says per node whether it is ``unchanged``,
``changed`` (and in which aspects), ``added`` or ``removed``. The comparison looks only at the
two resolved models, never at the variant's list of changes, so it also holds for a variant
written as a full copy.

A node whose only difference is that its successor is now a step the variant inserted (or is
past a step the variant removed) is not changed: the flow is compared after skipping the
inserted and removed nodes, so ``add step x after a`` marks ``x`` added and leaves ``a`` alone.

The site's variant pages and the deviation matrix (:mod:`pwib_dsl.backends.html.variants`)
and its CSV (:func:`matrix_csv`) read these records.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Literal

import attrs

from pwib_dsl.sema.model import Blueprint, FlowNode

Status = Literal["unchanged", "changed", "added", "removed", "not-varied"]
#: Every status in the order a legend lists them. ``not-varied``: the municipality has no
#: variant of this blueprint (it follows the national one, or does not publish it).
STATUSES: tuple[Status, ...] = ("unchanged", "changed", "added", "removed", "not-varied")

#: Node fields compared as they are; the flow fields are compared separately (see above).
_CONTENT = (
    "title", "phase", "lanes", "legal", "policy", "communication", "functionality", "systems",
    "measures", "toolkit", "pains", "opportunities", "kpis", "notes", "emotion", "deadlines",
    "outcome", "journey", "wait", "kind",
)
#: The aspect a differing field is reported as, where it is not the field's name.
_ASPECT = {"deadlines": "deadline"}
#: Every aspect a ``changed`` node can name.
ASPECTS: tuple[str, ...] = tuple(_ASPECT.get(name, name) for name in _CONTENT) + ("flow",)


@attrs.frozen
class NodeDeviation:
    """One node of the national blueprint or of the variant, and how it deviates."""

    id: str
    title: str
    kind: str
    status: Status
    #: for ``changed``: the aspects that differ (``systems``, ``policy``, ``flow``, ...)
    aspects: tuple[str, ...] = ()


@attrs.frozen
class BlueprintDeviation:
    """Every node of one national blueprint against one municipality's variant of it.

    ``nodes`` follow the variant's order, with each removed node where it stood in the base.
    """

    base: str  # the national blueprint's id
    variant: str | None  # the municipality's blueprint's id (None: it has no variant of it)
    nodes: tuple[NodeDeviation, ...]

    def status_of(self, node_id: str) -> Status | None:
        for node in self.nodes:
            if node.id == node_id:
                return node.status
        return None

    @property
    def removed(self) -> tuple[NodeDeviation, ...]:
        return tuple(n for n in self.nodes if n.status == "removed")

    def count(self, status: Status) -> int:
        return sum(1 for n in self.nodes if n.status == status)


def _successors(node: FlowNode) -> tuple:
    """The node's outgoing flow as comparable data: (label, target) pairs in order."""
    if node.kind in ("step", "join"):
        return (("", node.next),)
    if node.kind == "decision":
        return tuple((b.label, b.target, b.is_default, b.max_times) for b in node.branches)
    if node.kind == "fork":
        return tuple(("", t) for t in node.branches)
    return ()


def _skip(target: str | None, skipped: dict[str, FlowNode]) -> str | None:
    """Follow ``target`` through the skipped nodes (only along plain successors)."""
    seen: set[str] = set()
    while target is not None and target in skipped and target not in seen:
        seen.add(target)
        node = skipped[target]
        following = _successors(node)
        # a skipped decision or fork has no single successor: the flow really differs there
        if node.kind not in ("step", "join") or not following:
            return f"<{target}>"
        target = following[0][1]
    return target


def _flow(node: FlowNode, skipped: dict[str, FlowNode]) -> tuple:
    return tuple((s[0], _skip(s[1], skipped), *s[2:]) for s in _successors(node))


def _aspects(base: FlowNode, variant: FlowNode, only_base: dict, only_variant: dict) -> tuple[str, ...]:
    aspects = [
        _ASPECT.get(name, name) for name in _CONTENT if getattr(base, name, None) != getattr(variant, name, None)
    ]
    if _flow(base, only_base) != _flow(variant, only_variant):
        aspects.append("flow")
    return tuple(dict.fromkeys(aspects))


def compare(base: Blueprint, variant: Blueprint | None) -> BlueprintDeviation:
    """The deviation of ``variant`` from ``base`` (``None``: no variant, every node ``not-varied``)."""
    if variant is None:
        return BlueprintDeviation(
            base.id, None, tuple(NodeDeviation(n.id, n.title, n.kind, "not-varied") for n in base.nodes)
        )
    base_nodes = {n.id: n for n in base.nodes}
    variant_nodes = {n.id: n for n in variant.nodes}
    only_base = {k: v for k, v in base_nodes.items() if k not in variant_nodes}
    only_variant = {k: v for k, v in variant_nodes.items() if k not in base_nodes}
    result: list[NodeDeviation] = []
    for node in variant.nodes:
        old = base_nodes.get(node.id)
        if old is None:
            result.append(NodeDeviation(node.id, node.title, node.kind, "added"))
            continue
        aspects = _aspects(old, node, only_base, only_variant)
        result.append(NodeDeviation(node.id, node.title, node.kind, "changed" if aspects else "unchanged", aspects))
    # each removed node goes where it stood in the base: after the node before it there (and
    # after the nodes added right behind that one, which took its place)
    order = [n.id for n in base.nodes]
    for index, node_id in enumerate(order):
        if node_id not in only_base:
            continue
        removed = NodeDeviation(node_id, base_nodes[node_id].title, base_nodes[node_id].kind, "removed")
        before = order[index - 1] if index else None
        at = next((i + 1 for i, r in enumerate(result) if r.id == before), 0) if before else 0
        while at < len(result) and result[at].status == "added":
            at += 1
        result.insert(at, removed)
    return BlueprintDeviation(base.id, variant.id, tuple(result))


@attrs.frozen
class Municipality:
    """One municipality in a site: its folder name, display name and deviations per base blueprint
    (plain data: no blueprint of the model, so a worker's record is small to send back)."""

    name: str  # the folder name, also its folder in the site (``gemeenten/<name>/``)
    title: str
    #: national blueprint id → deviation, for every national blueprint in the site's order
    deviations: tuple[BlueprintDeviation, ...]
    #: national blueprint id → id of the municipality's variant page
    pages: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class MatrixRow:
    """One row of the matrix: a node of a national blueprint, or one a municipality added."""

    blueprint: Blueprint
    id: str
    title: str
    kind: str
    national: bool
    cells: tuple[NodeDeviation | None, ...]  # per municipality; None: not in that municipality


def matrix_rows(national: Sequence[Blueprint], municipalities: Sequence[Municipality]) -> list[MatrixRow]:
    """The matrix's rows: per national blueprint its nodes in base order, each added node after
    the node it follows in the first municipality that adds it."""
    rows: list[MatrixRow] = []
    for bp in national:
        per_muni = []
        for muni in municipalities:
            dev = next((d for d in muni.deviations if d.base == bp.id), None)
            per_muni.append({n.id: n for n in dev.nodes} if dev is not None else {})
        order = [(n.id, n.title, n.kind, True) for n in bp.nodes]
        known = {n.id for n in bp.nodes}
        for muni, dev in zip(municipalities, per_muni):
            previous = None
            for node in dev.values():
                if node.status == "added" and node.id not in known:
                    at = next((i + 1 for i, o in enumerate(order) if o[0] == previous), 0) if previous else 0
                    order.insert(at, (node.id, node.title, node.kind, False))
                    known.add(node.id)
                previous = node.id
        for node_id, title, kind, national_node in order:
            cells = tuple(dev.get(node_id) for dev in per_muni)
            rows.append(MatrixRow(bp, node_id, title, kind, national_node, cells))
    return rows


#: The CSV's header, in English so that it stays the same whatever the site's language.
CSV_HEADER = ("municipality", "blueprint", "node", "kind", "title", "national", "status", "aspects")


def matrix_csv(rows: Iterable[MatrixRow], municipalities: Sequence[Municipality]) -> bytes:
    """The matrix as RFC 4180 CSV: one line per municipality × node, CRLF line ends, quoted
    where a field holds a comma, quote or line break; by municipality, each in matrix order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_HEADER)
    rows = list(rows)
    for muni_index, muni in enumerate(municipalities):
        for row in rows:
            cell = row.cells[muni_index]
            if cell is None:
                continue
            writer.writerow((
                muni.name, row.blueprint.id, row.id, row.kind, cell.title,
                "yes" if row.national else "no", cell.status, " ".join(cell.aspects),
            ))
    return buffer.getvalue().encode("utf-8")


@attrs.frozen(eq=False)
class National:
    """What a municipality's site knows of the national site it is part of: the national
    blueprints and the href of the national site's root from the municipality's root."""

    blueprints: tuple[Blueprint, ...]
    href: str | None = None  # None: the national pages are not in this site

    def base_of(self, bp: Blueprint) -> Blueprint | None:
        return base_of(bp, self.blueprints)


def base_id(bp: Blueprint) -> str:
    """The id of the national blueprint ``bp`` varies: its variant origin's base (the last
    part of the qualified name), else its own id (a full copy of a national blueprint)."""
    origin = getattr(bp, "variant", None)
    base = getattr(origin, "base", None)
    return base.rsplit(".", 1)[-1] if base else bp.id


def base_of(bp: Blueprint, national: Sequence[Blueprint]) -> Blueprint | None:
    wanted = base_id(bp)
    return next((b for b in national if b.id == wanted), None)


def municipality(name: str, title: str, national: Sequence[Blueprint], own: Sequence[Blueprint]) -> Municipality:
    """A municipality's deviations from every national blueprint (``not-varied`` where it has
    no blueprint of its own for it); blueprints of its own that vary none are left out."""
    by_base: dict[str, Blueprint] = {}
    for bp in own:
        base = base_of(bp, national)
        if base is not None:
            by_base.setdefault(base.id, bp)
    return Municipality(
        name,
        title,
        tuple(compare(base, by_base.get(base.id)) for base in national),
        tuple((base_id, bp.id) for base_id, bp in sorted(by_base.items())),
    )
