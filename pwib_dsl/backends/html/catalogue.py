"""The cross-cutting pages: impact matrix, measures, laws, law index, systems, components.

Each function returns a :class:`~pwib_dsl.backends.html.pages.Page` whose context holds
plain view objects (titles, hrefs, counts) so the templates stay free of lookups.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import attrs

from pwib_dsl.backends.html.grid import CitationView, Link
from pwib_dsl.backends.html.labels import Labels
from pwib_dsl.backends.html.pages import Page, blueprint_href
from pwib_dsl.backends.html.safe import frag, safe_href
from pwib_dsl.backends.xref import NodeRef, Site, article_label, named_system, natural_key
from pwib_dsl.sema.model import Citation, Provenance


@attrs.frozen
class Source:
    """Provenance as shown: a link (http(s) only, else plain text) and whether it was checked."""

    text: str | None
    href: str | None
    verified: bool | None


def source(prov: Provenance) -> Source:
    """A linkable source is shown by its host name (``gemmaonline.nl``); anything else as written."""
    href = safe_href(prov.source)
    text = urlsplit(href).netloc.removeprefix("www.") if href else prov.source
    return Source(text, href, prov.verified)


def step_link(ref: NodeRef) -> Link:
    return Link(ref.node.title, blueprint_href(ref.blueprint.id) + "#" + frag("step", ref.node.id))


def citation_view(cit: Citation) -> CitationView:
    return CitationView(cit.label, safe_href(cit.url), cit.article_title, cit.note, cit.law_title)


def article_anchor(law_id: str, number: str) -> str:
    return frag("article", f"{law_id}/{number}")


# ------------------------------------------------------------------------------ impact


@attrs.frozen
class MatrixCell:
    count: int
    implements: bool
    text: str  # "3 stappen", for screen readers and print


@attrs.frozen
class ImpactStep:
    blueprint: Link
    step: Link
    systems: tuple[str, ...]
    articles: tuple[CitationView, ...]


@attrs.frozen
class MeasureImpact:
    id: str
    anchor: str
    title: str
    href: str
    gloss: str | None
    theme: str | None
    phase: int | None
    changes: tuple[CitationView, ...]
    implementers: tuple[Link, ...]
    steps: tuple[ImpactStep, ...]
    systems: tuple[Link, ...]
    articles: tuple[Link, ...]
    cells: tuple[MatrixCell, ...]


def impact_page(site: Site, L: Labels) -> Page:
    columns = [bp for bp in site.ws.blueprints if not bp.is_master]
    measures = []
    for measure_id in site.all_measure_ids():
        measure = site.measures.get(measure_id)
        refs = site.measure_refs(measure_id)
        implementers = site.implementers(measure_id)
        cells = []
        for bp in columns:
            n = sum(1 for r in refs if r.blueprint is bp)
            cells.append(MatrixCell(n, bp in implementers, L.count("n_steps", n)))
        steps, systems, articles = [], {}, {}
        for ref in refs:
            bp_systems = {s.id: s for s in ref.blueprint.systems}
            names = []
            for sid in ref.node.systems:
                system = bp_systems.get(sid)
                if system is None:
                    names.append(sid)
                    continue
                names.append(system.title)
                comp = site.component_of(system)
                key = site.group_key(system)
                title = named_system(system.title, comp.title if comp else None)
                systems.setdefault(key, Link(title, f"systems.html#{frag('system', key)}"))
            for cit in ref.node.legal:
                law = site.laws.get(cit.law)
                label = article_label(law.name if law else cit.law_name, cit.article)
                art_title = cit.article_title
                articles.setdefault(
                    (cit.law, cit.article),
                    Link(f"{label} {art_title}" if art_title else label,
                         f"law-index.html#{article_anchor(cit.law, cit.article)}"),
                )
            steps.append(
                ImpactStep(
                    Link(ref.blueprint.title, blueprint_href(ref.blueprint.id)),
                    step_link(ref),
                    tuple(names),
                    tuple(citation_view(c) for c in ref.node.legal),
                )
            )
        measures.append(
            MeasureImpact(
                id=measure_id,
                anchor=frag("impact", measure_id),
                title=measure.title if measure else measure_id,
                href=f"measures.html#{frag('measure', measure_id)}",
                gloss=measure.gloss if measure else None,
                theme=measure.theme if measure else None,
                phase=measure.phase if measure else None,
                changes=tuple(citation_view(c) for c in measure.changes) if measure else (),
                implementers=tuple(Link(bp.title, blueprint_href(bp.id)) for bp in implementers),
                steps=tuple(steps),
                systems=tuple(systems.values()),
                articles=tuple(articles[k] for k in sorted(articles, key=lambda k: (k[0], natural_key(k[1])))),
                cells=tuple(cells),
            )
        )
    context = dict(
        root="",
        current="nav_impact",
        title=L.impact_title,
        columns=[Link(bp.title, blueprint_href(bp.id)) for bp in columns],
        measures=measures,
    )
    return Page("impact.html", "impact.html.j2", context)


# ------------------------------------------------------------------------------ measures


def measures_page(site: Site, L: Labels) -> Page:
    entries = []
    for m in site.ws.catalogue.measures:
        refs = site.measure_refs(m.id)
        entries.append(
            dict(
                m=m,
                anchor=frag("measure", m.id),
                changes=[citation_view(c) for c in m.changes],
                effective=[(L.date(e.date), e.note) for e in m.effective],
                steps=len(refs),
                blueprints=len({id(r.blueprint) for r in refs}),
                impact_href=f"impact.html#{frag('impact', m.id)}",
                implementers=[Link(bp.title, blueprint_href(bp.id)) for bp in site.implementers(m.id)],
                source=source(m.provenance),
            )
        )
    context = dict(root="", current="nav_measures", title=L.measures_title, entries=entries)
    return Page("measures.html", "measures.html.j2", context)


# ------------------------------------------------------------------------------ laws


def laws_page(site: Site, L: Labels) -> Page:
    laws = []
    for law in site.ws.catalogue.laws:
        articles = []
        for art in law.articles:
            terms = [
                (L.term(t.amount, t.unit, t.is_max), t.note) for t in art.terms
            ]
            articles.append(
                dict(
                    label=article_label(law.name, art.number),
                    art=art,
                    href=safe_href(art.url),
                    terms=terms,
                    cited=site.citation_count(law.id, art.number),
                    index_href=f"law-index.html#{article_anchor(law.id, art.number)}",
                    source=source(art.provenance),
                )
            )
        laws.append(
            dict(
                law=law,
                anchor=frag("law", law.id),
                href=safe_href(law.url),
                articles=articles,
                source=source(law.provenance),
            )
        )
    context = dict(root="", current="nav_laws", title=L.laws_title, laws=laws)
    return Page("laws.html", "laws.html.j2", context)


def law_index_page(site: Site, L: Labels) -> Page:
    laws = []
    for law in site.law_uses:
        articles = []
        for art in law.articles:
            uses = [
                dict(
                    blueprint=Link(u.ref.blueprint.title, blueprint_href(u.ref.blueprint.id)),
                    step=step_link(u.ref),
                    citation=citation_view(u.citation),
                )
                for u in art.uses
            ]
            articles.append(
                dict(anchor=article_anchor(law.law, art.article), art=art, href=safe_href(art.url), uses=uses)
            )
        laws.append(dict(law=law, anchor=frag("law", law.law), articles=articles))
    context = dict(root="", current="nav_law_index", title=L.law_index_title, laws=laws)
    return Page("law-index.html", "law_index.html.j2", context)


# ------------------------------------------------------------------------------ systems


def systems_page(site: Site, L: Labels) -> Page:
    groups = []
    for group in site.system_groups:
        comp = group.component
        groups.append(
            dict(
                anchor=frag("system", group.key),
                title=group.title,
                component_href=f"components.html#{frag('component', comp.id)}" if comp else None,
                kind=L[f"component_{comp.kind}"] if comp else None,
                free=not group.key.startswith("component:"),
                uses=[
                    dict(
                        blueprint=Link(u.blueprint.title, blueprint_href(u.blueprint.id)),
                        system=u.system,
                        href=safe_href(u.system.url),
                        personal_data=u.system.personal_data or bool(comp and comp.personal_data),
                        steps=[step_link(r) for r in u.refs],
                    )
                    for u in group.uses
                ],
            )
        )
    context = dict(root="", current="nav_systems", title=L.systems_title, groups=groups)
    return Page("systems.html", "systems.html.j2", context)


def components_page(site: Site, L: Labels) -> Page:
    rows = []
    for comp in site.ws.catalogue.components:
        group = site.systems_of_component(comp.id)
        rows.append(
            dict(
                c=comp,
                anchor=frag("component", comp.id),
                kind=L[f"component_{comp.kind}"],
                href=safe_href(comp.url),
                systems=len(group.uses) if group else 0,
                blueprints=group.blueprint_count if group else 0,
                systems_href=f"systems.html#{frag('system', group.key)}" if group else None,
                source=source(comp.provenance),
            )
        )
    context = dict(root="", current="nav_components", title=L.components_title, rows=rows)
    return Page("components.html", "components.html.j2", context)
