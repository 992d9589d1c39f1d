"""Municipal variants in the site: the deviation matrix and the marks on a variant's page.

A national site that holds municipalities (``options.municipalities``, filled in by
:mod:`pwib_dsl.municipalities`) gets ``gemeenten/index.html``: one row per step of a national
blueprint (and per step a municipality added), one column per municipality, each cell saying
in words and a sign — never by colour alone — whether that municipality leaves the step
unchanged, changes it (and what), adds it or leaves it out; and ``gemeenten/deviations.csv``
with the same cells. A municipality's site inside a national one (``options.national``) marks
on each variant page the steps it adds or changes, lists the steps it leaves out and links to
the national page.
"""

from __future__ import annotations

import attrs

from pwib_dsl.backends.deviation import STATUSES, BlueprintDeviation, National, compare, matrix_csv, matrix_rows
from pwib_dsl.backends.html.grid import Link
from pwib_dsl.backends.html.labels import Labels
from pwib_dsl.backends.html.pages import Page, blueprint_href
from pwib_dsl.backends.html.safe import frag
from pwib_dsl.backends.xref import Site
from pwib_dsl.sema.model import Blueprint

#: The matrix and its CSV, relative to the site root.
MATRIX_PATH = "gemeenten/index.html"
CSV_PATH = "gemeenten/deviations.csv"

#: The label of each aspect a changed step can differ in (deviation.py), mostly the grid's rows.
_ASPECT_LABELS = {
    "title": "dev_aspect_title", "phase": "bp_phase_corner", "lanes": "dev_aspect_lanes",
    "legal": "layer_legal", "policy": "layer_policy", "communication": "layer_communication",
    "functionality": "layer_functionality", "systems": "row_systems", "measures": "layer_measures",
    "toolkit": "layer_toolkit", "pains": "layer_pains", "opportunities": "layer_opportunities",
    "kpis": "layer_kpis", "notes": "layer_notes", "emotion": "layer_emotion", "deadline": "layer_deadlines",
    "outcome": "dev_aspect_outcome", "journey": "bp_journey", "wait": "dev_aspect_wait",
    "kind": "dev_aspect_kind", "flow": "bp_flow",
}


@attrs.frozen
class Mark:
    """How a cell or a grid column shows a status: a sign, its word and the details."""

    status: str
    sign: str
    word: str
    detail: str | None = None


def mark(L: Labels, status: str, aspects: tuple[str, ...] = ()) -> Mark:
    detail = L.fmt("dev_aspects", aspects=", ".join(L[_ASPECT_LABELS[a]] for a in aspects)) if aspects else None
    return Mark(status, L[f"dev_mark_{status}"], L[f"dev_status_{status}"], detail)


@attrs.frozen
class MatrixLine:
    blueprint: Link
    step: Link | None
    title: str
    national: bool
    first: bool  # the first row of its blueprint (the blueprint's name spans its rows)
    span: int
    cells: tuple[tuple[Mark, str | None] | None, ...]  # per municipality: the mark, a link to the step


def nav(options) -> tuple[tuple[str, str], ...]:
    """The menu items a site of several municipalities adds: the matrix on the national site;
    the national site and the matrix on a municipality's site inside it."""
    if options.municipalities:
        return (("nav_municipalities", MATRIX_PATH),)
    national = options.national
    if national is not None and national.href is not None:
        return (("nav_national", f"{national.href}index.html"), ("nav_municipalities", f"{national.href}{MATRIX_PATH}"))
    return ()


def _muni_href(name: str, bp_id: str | None = None) -> str:
    base = f"{name}/"
    return base + (blueprint_href(bp_id) if bp_id else "index.html")


def matrix_page(site: Site, L: Labels, municipalities) -> Page:
    national = site.ws.blueprints
    rows = matrix_rows(national, municipalities)
    lines: list[MatrixLine] = []
    spans: dict[str, int] = {}
    for row in rows:
        spans[row.blueprint.id] = spans.get(row.blueprint.id, 0) + 1
    seen: set[str] = set()
    for row in rows:
        first = row.blueprint.id not in seen
        seen.add(row.blueprint.id)
        step = Link(row.title, blueprint_href(row.blueprint.id, "../") + "#" + frag("step", row.id)) if row.national else None
        cells = []
        for muni, cell in zip(municipalities, row.cells):
            if cell is None:
                cells.append(None)
                continue
            page = dict(muni.pages).get(row.blueprint.id)
            href = (
                _muni_href(muni.name, page) + "#" + frag("step", row.id)
                if page is not None and cell.status in ("unchanged", "changed", "added")
                else None
            )
            cells.append((mark(L, cell.status, cell.aspects), href))
        lines.append(
            MatrixLine(
                Link(row.blueprint.title, blueprint_href(row.blueprint.id, "../")),
                step, row.title, row.national, first, spans[row.blueprint.id], tuple(cells),
            )
        )
    columns = []
    for muni in municipalities:
        changed = sum(d.count("changed") for d in muni.deviations)
        added = sum(d.count("added") for d in muni.deviations)
        removed = sum(d.count("removed") for d in muni.deviations)
        columns.append(
            (Link(muni.title, _muni_href(muni.name)), L.fmt("dev_counts", changed=changed, added=added, removed=removed))
        )
    context = dict(
        root="../",
        current="nav_municipalities",
        title=L.dev_title,
        columns=columns,
        lines=lines,
        legend=[mark(L, s) for s in STATUSES],
        csv_href="deviations.csv",
    )
    return Page(MATRIX_PATH, "municipalities.html.j2", context)


def matrix_bytes(site: Site, municipalities) -> bytes:
    return matrix_csv(matrix_rows(site.ws.blueprints, municipalities), municipalities)


@attrs.frozen
class VariantView:
    """What a variant's page shows beyond an ordinary blueprint page."""

    base: Link  # the national blueprint (href None when its page is not in this site)
    marks: dict  # node id → Mark, for the nodes added or changed
    removed: tuple[Link, ...]  # the national steps left out (linking to the national page)
    changed: bool


def variant_view(bp: Blueprint, national: National | None, L: Labels, root: str) -> VariantView | None:
    """The deviation of ``bp`` from its national blueprint, as the page shows it; None when
    the page is not a variant of a national blueprint in this site."""
    if national is None:
        return None
    base = national.base_of(bp)
    if base is None:
        return None
    dev: BlueprintDeviation = compare(base, bp)
    base_href = f"{root}{national.href}{blueprint_href(base.id)}" if national.href is not None else None
    marks = {n.id: mark(L, n.status, n.aspects) for n in dev.nodes if n.status in ("added", "changed")}
    removed = tuple(
        Link(n.title, f"{base_href}#{frag('step', n.id)}" if base_href else None) for n in dev.removed
    )
    return VariantView(Link(base.title, base_href), marks, removed, bool(marks or removed))
