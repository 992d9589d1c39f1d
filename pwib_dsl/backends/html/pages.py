"""The blueprint pages and the overview page: their template contexts.

Each function returns a :class:`Page` (output path, template, context); ``site.build``
renders them. Paths come from :func:`pwib_dsl.backends.output_path`; every link is relative
so the site works from ``file://`` and from any web server folder.
"""

from __future__ import annotations

import attrs

from pwib_dsl.backends import BuildOptions, output_path
from pwib_dsl.backends.html.grid import Link, build_grid
from pwib_dsl.backends.html.labels import Labels
from pwib_dsl.backends.html.safe import blueprint_file, frag, json_for_script, safe_href, target_href
from pwib_dsl.backends.xref import Site
from pwib_dsl.sema.model import Blueprint

#: The site navigation: label key → page (relative to the site root), in menu order.
NAV = (
    ("nav_overview", "index.html"),
    ("nav_journey", "journey.html"),
    ("nav_impact", "impact.html"),
    ("nav_measures", "measures.html"),
    ("nav_law_index", "law-index.html"),
    ("nav_laws", "laws.html"),
    ("nav_systems", "systems.html"),
    ("nav_components", "components.html"),
)

#: The other outputs a blueprint page links to, when they are built.
_DOWNLOADS = (("bpmn", "bp_download_bpmn"), ("json", "bp_download_json"))


@attrs.frozen(eq=False)
class Page:
    path: str
    template: str
    context: dict


@attrs.frozen
class SystemRow:
    title: str
    component: str | None
    component_href: str | None
    personal_data: bool
    href: str | None
    description: str | None
    steps: tuple[Link, ...]


def blueprint_href(bp_id: str, root: str = "") -> str:
    """Href of a blueprint page from a page at the site root (``root=""``)."""
    return f"{root}blueprints/{blueprint_file(bp_id)}"


def blueprint_page(site: Site, bp: Blueprint, L: Labels, options: BuildOptions) -> Page:
    grid = build_grid(site, bp, L)
    root = "../"
    refs = site.refs[bp.id]
    systems = []
    for system in bp.systems:
        comp = site.component_of(system)
        systems.append(
            SystemRow(
                title=system.title,
                component=comp.title if comp else system.component,
                component_href=f"{root}components.html#{frag('component', comp.id)}" if comp else None,
                personal_data=system.personal_data or bool(comp and comp.personal_data),
                href=safe_href(system.url),
                description=system.description,
                steps=tuple(
                    Link(r.node.title, "#" + frag("step", r.node.id)) for r in refs if system.id in r.node.systems
                ),
            )
        )
    actors = [
        (
            a.title,
            site.roles[a.role].title if a.role in site.roles else a.role,
            site.organisations[a.organisation].title if a.organisation in site.organisations else a.organisation,
        )
        for a in bp.actors
    ]
    # what each measure changes, for the presentation's slides
    measure_notes = {
        f"{root}measures.html#{frag('measure', m)}": site.measures[m].description or site.measures[m].gloss
        for col in grid.columns for m in col.node.measures if m in site.measures
    }
    context = dict(
        root=root,
        current=None,
        title=bp.title,
        bp=bp,
        grid=grid,
        tile=site.tile_title(bp.tile),
        status=L.status(bp.status) if bp.status else None,
        implements=[
            Link(site.measure_title(m), f"{root}measures.html#{frag('measure', m)}") for m in bp.implements
        ],
        downloads=[
            Link(L[key], target_href(target, bp.id, root)) for target, key in _DOWNLOADS if target in options.targets
        ],
        actors=actors,
        actor_orgs=any(org for _, _, org in actors),
        systems=systems,
        measure_notes=[(k, v) for k, v in sorted(measure_notes.items()) if v],
        variant=_variant_view(bp, options, L, root),
    )
    return Page(output_path("html", bp.id), "blueprint.html.j2", context)


def _variant_view(bp: Blueprint, options: BuildOptions, L: Labels, root: str):
    """The local changes of a municipality's variant, when its site is part of a national one."""
    if options.national is None:
        return None
    from pwib_dsl.backends.html.variants import variant_view

    return variant_view(bp, options.national, L, root)


@attrs.frozen
class JourneyCard:
    number: int
    step: str
    step_href: str
    title: str | None
    href: str | None
    tile: str | None
    tile_order: int | None
    status: str | None


@attrs.frozen
class BlueprintRow:
    title: str
    href: str
    tile: str | None
    status: str | None
    version: str | None
    owner: str | None
    steps: int
    measures: tuple[Link, ...]
    is_master: bool


def index_page(site: Site, L: Labels) -> Page:
    journeys = []
    for master in site.master_blueprints():
        cards = []
        for i, stop in enumerate(site.journey(master), 1):
            target = stop.blueprint
            cards.append(
                JourneyCard(
                    number=i,
                    step=stop.ref.node.title,
                    step_href=blueprint_href(master.id) + "#" + frag("step", stop.ref.node.id),
                    title=target.title if target else stop.ref.node.journey,
                    href=blueprint_href(target.id) if target else None,
                    tile=stop.tile.title if stop.tile else (site.tile_title(target.tile) if target else None),
                    tile_order=stop.tile.order if stop.tile else None,
                    status=L.status(target.status) if target and target.status else None,
                )
            )
        journeys.append((Link(master.title, blueprint_href(master.id)), master.description, cards))
    tiles = [
        (tile, [Link(bp.title, blueprint_href(bp.id)) for bp in bps]) for tile, bps in site.ordered_tiles()
    ]
    rows = [
        BlueprintRow(
            title=bp.title,
            href=blueprint_href(bp.id),
            tile=site.tile_title(bp.tile),
            status=L.status(bp.status) if bp.status else None,
            version=bp.version,
            owner=bp.owner,
            steps=sum(1 for n in bp.nodes if n.kind != "end"),
            measures=tuple(Link(site.measure_title(m), f"measures.html#{frag('measure', m)}") for m in bp.implements),
            is_master=bp.is_master,
        )
        for bp in site.ws.blueprints
    ]
    context = dict(
        root="",
        current="nav_overview",
        title=L.index_title,
        stats=site.stats(),
        journeys=journeys,
        tiles=tiles,
        rows=rows,
        search_data=json_for_script(search_index(site, L)),
    )
    return Page("index.html", "index.html.j2", context)


def search_index(site: Site, L: Labels) -> list[list[str]]:
    """Rows ``[kind, title, context, href, text]`` for the overview's client-side search."""
    rows: list[list[str]] = []
    for bp in site.ws.blueprints:
        href = blueprint_href(bp.id)
        rows.append([L.kind_blueprint, bp.title, site.tile_title(bp.tile) or "", href, bp.description or ""])
        for ref in site.refs[bp.id]:
            node = ref.node
            texts = [e.text for e in node.lanes]
            texts += [c.label for c in node.legal]
            texts += [c.text for c in node.communication]
            texts += [site.measure_title(m) for m in node.measures]
            for field in ("policy", "functionality", "toolkit", "pains", "opportunities", "kpis", "notes"):
                texts += getattr(node, field)
            rows.append(
                [L.node_kind(node.kind), node.title, bp.title, href + "#" + frag("step", node.id), " ".join(texts)]
            )
    for m in site.ws.catalogue.measures:
        rows.append(
            [L.kind_measure, m.title, m.theme or "", f"measures.html#{frag('measure', m.id)}",
             " ".join(filter(None, (m.gloss, m.description)))]
        )
    for law in site.law_uses:
        for art in law.articles:
            rows.append(
                [L.kind_article, f"{art.label} {art.title or ''}".strip(), law.title,
                 f"law-index.html#{frag('article', law.law + '/' + art.article)}", ""]
            )
    for group in site.system_groups:
        names = " ".join(dict.fromkeys(use.system.title for use in group.uses))
        rows.append([L.kind_system, group.title, "", f"systems.html#{frag('system', group.key)}", names])
    for comp in site.ws.catalogue.components:
        rows.append(
            [L.kind_component, comp.title, L[f"component_{comp.kind}"],
             f"components.html#{frag('component', comp.id)}", comp.gloss or ""]
        )
    return rows


