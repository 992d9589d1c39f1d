"""Cross-references over a whole workspace, computed once per site build.

The site pages answer questions that cut across blueprints: which steps does a measure
change, which steps rely on an article, which blueprints use a system. This module answers
them from the resolved model, in a deterministic order: blueprints and catalogue entries in
model order, steps in file order, articles in natural order (4, 4a, 4:13, 10).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from pwib_dsl.sema.model import (
    Article,
    Blueprint,
    Citation,
    Component,
    FlowNode,
    Law,
    Measure,
    System,
    Tile,
    Workspace,
)


@attrs.frozen(eq=False)
class NodeRef:
    """A flow node in its blueprint; ``number`` is its 1-based column in the grid."""

    blueprint: Blueprint
    node: FlowNode
    number: int


@attrs.frozen(eq=False)
class CitationUse:
    ref: NodeRef
    citation: Citation


@attrs.frozen(eq=False)
class ArticleUses:
    """Every citation of one article (any lid or onderdeel)."""

    law: str
    article: str
    label: str  # "Wgs art. 4"
    title: str | None
    url: str | None
    uses: tuple[CitationUse, ...]


@attrs.frozen(eq=False)
class LawUses:
    law: str
    name: str
    title: str
    articles: tuple[ArticleUses, ...]


@attrs.frozen(eq=False)
class SystemUse:
    """One blueprint's system and the steps that use it."""

    blueprint: Blueprint
    system: System
    refs: tuple[NodeRef, ...]


@attrs.frozen(eq=False)
class SystemGroup:
    """Systems grouped by their GEMMA component or, without one, by title."""

    key: str
    title: str
    component: Component | None
    uses: tuple[SystemUse, ...]

    @property
    def blueprint_count(self) -> int:
        return len({id(use.blueprint) for use in self.uses})


@attrs.frozen(eq=False)
class JourneyStop:
    """One tile of the master journey: the journey node and the blueprint it carries out."""

    ref: NodeRef
    blueprint: Blueprint | None
    tile: Tile | None


_NATURAL = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort key that orders ``2 < 4 < 4a < 4:13 < 10``."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _NATURAL.split(text) if part)


def article_label(law_name: str, number: str) -> str:
    """``Wgs art. 4``: the short name of the law, capitalised, and the article number."""
    return f"{law_name[:1].upper()}{law_name[1:]} art. {number}"


def named_system(system_title: str, component_title: str | None) -> str:
    """A system with its component, each name once.

    ``Zaaksysteem (Zaakregistratiecomponent)``; but when one name already contains the other
    (system ``Basisregistratie Personen``, component ``Basisregistratie Personen (BRP)``) the
    longer one alone, never ``Basisregistratie Personen (Basisregistratie Personen (BRP))``.
    """
    if not component_title:
        return system_title
    a, b = system_title.casefold(), component_title.casefold()
    if b in a:
        return system_title
    if a in b:
        return component_title
    return f"{system_title} ({component_title})"


class Site:
    """Lookups and cross-references for one workspace."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        cat = ws.catalogue
        self.laws: dict[str, Law] = {law.id: law for law in cat.laws}
        self.articles: dict[tuple[str, str], Article] = {
            (law.id, art.number): art for law in cat.laws for art in law.articles
        }
        self.measures: dict[str, Measure] = {m.id: m for m in cat.measures}
        self.components: dict[str, Component] = {c.id: c for c in cat.components}
        self.roles = {r.id: r for r in cat.roles}
        self.organisations = {o.id: o for o in cat.organisations}
        self.tiles: dict[str, Tile] = {t.id: t for t in cat.tiles}
        self.blueprints: dict[str, Blueprint] = {bp.id: bp for bp in ws.blueprints}
        self.refs: dict[str, tuple[NodeRef, ...]] = {
            bp.id: tuple(NodeRef(bp, node, i) for i, node in enumerate(bp.nodes, 1)) for bp in ws.blueprints
        }
        self._measure_uses = self._index_measures()
        self.law_uses = self._index_citations()
        self.system_groups = self._index_systems()

    # -- simple lookups -------------------------------------------------------------------
    def all_refs(self) -> Iterable[NodeRef]:
        for bp in self.ws.blueprints:
            yield from self.refs[bp.id]

    def measure_title(self, measure_id: str) -> str:
        m = self.measures.get(measure_id)
        return m.title if m else measure_id

    def tile_title(self, tile_id: str | None) -> str | None:
        if tile_id is None:
            return None
        tile = self.tiles.get(tile_id)
        return tile.title if tile else tile_id

    def component_of(self, system: System) -> Component | None:
        return self.components.get(system.component) if system.component else None

    # -- measures -------------------------------------------------------------------------
    def _index_measures(self) -> dict[str, list[NodeRef]]:
        uses: dict[str, list[NodeRef]] = {}
        for ref in self.all_refs():
            for measure_id in dict.fromkeys(ref.node.measures):
                uses.setdefault(measure_id, []).append(ref)
        return uses

    def measure_refs(self, measure_id: str) -> tuple[NodeRef, ...]:
        return tuple(self._measure_uses.get(measure_id, ()))

    def all_measure_ids(self) -> list[str]:
        """Catalogue measures first (catalogue order), then any other id a blueprint uses."""
        ids = list(self.measures)
        extra = set()
        for bp in self.ws.blueprints:
            extra.update(bp.implements)
        extra.update(self._measure_uses)
        ids.extend(sorted(extra - set(self.measures)))
        return ids

    def implementers(self, measure_id: str) -> tuple[Blueprint, ...]:
        return tuple(bp for bp in self.ws.blueprints if measure_id in bp.implements)

    # -- citations ------------------------------------------------------------------------
    def _index_citations(self) -> tuple[LawUses, ...]:
        by_law: dict[str, dict[str, list[CitationUse]]] = {}
        first: dict[str, Citation] = {}
        for ref in self.all_refs():
            for cit in ref.node.legal:
                by_law.setdefault(cit.law, {}).setdefault(cit.article, []).append(CitationUse(ref, cit))
                first.setdefault(cit.law, cit)
        order = [law_id for law_id in self.laws if law_id in by_law]
        order += sorted(set(by_law) - set(self.laws))
        result = []
        for law_id in order:
            law = self.laws.get(law_id)
            name = law.name if law else first[law_id].law_name
            title = law.title if law else first[law_id].law_title
            articles = []
            for number in sorted(by_law[law_id], key=natural_key):
                uses = tuple(by_law[law_id][number])
                art = self.articles.get((law_id, number))
                url = art.url if art else uses[0].citation.url
                articles.append(
                    ArticleUses(
                        law=law_id,
                        article=number,
                        label=article_label(name, number),
                        title=art.title if art else uses[0].citation.article_title,
                        url=url,
                        uses=uses,
                    )
                )
            result.append(LawUses(law_id, name, title, tuple(articles)))
        return tuple(result)

    def citation_count(self, law_id: str, article: str) -> int:
        for law in self.law_uses:
            if law.law == law_id:
                for art in law.articles:
                    if art.article == article:
                        return len(art.uses)
        return 0

    def terms_for(self, node: FlowNode) -> list[tuple[Citation, Article]]:
        """The cited articles of ``node`` that carry legal terms, once per article."""
        seen: set[tuple[str, str]] = set()
        out = []
        for cit in node.legal:
            key = (cit.law, cit.article)
            art = self.articles.get(key)
            if art is not None and art.terms and key not in seen:
                seen.add(key)
                out.append((cit, art))
        return out

    # -- systems --------------------------------------------------------------------------
    def _index_systems(self) -> tuple[SystemGroup, ...]:
        groups: dict[str, list[SystemUse]] = {}
        titles: dict[str, str] = {}
        for bp in self.ws.blueprints:
            refs = self.refs[bp.id]
            for system in bp.systems:
                using = tuple(r for r in refs if system.id in r.node.systems)
                key = self.group_key(system)
                comp = self.component_of(system)
                title = comp.title if comp else (system.component or system.title)
                groups.setdefault(key, []).append(SystemUse(bp, system, using))
                titles.setdefault(key, title)
        # Components in catalogue order, then unknown component ids, then free systems by title.
        comp_order = {f"component:{c}": i for i, c in enumerate(self.components)}

        def sort_key(key: str) -> tuple:
            if key in comp_order:
                return (0, comp_order[key], "")
            if key.startswith("component:"):
                return (1, 0, key)
            return (2, 0, titles[key].casefold(), key)

        return tuple(
            SystemGroup(
                key=key,
                title=titles[key],
                component=self.components.get(key.split(":", 1)[1]) if key.startswith("component:") else None,
                uses=tuple(groups[key]),
            )
            for key in sorted(groups, key=sort_key)
        )

    @staticmethod
    def group_key(system: System) -> str:
        """Systems referring to the same component are one group; others group by title."""
        if system.component:
            return f"component:{system.component}"
        return f"title:{system.title.casefold()}"

    def systems_of_component(self, component_id: str) -> SystemGroup | None:
        for group in self.system_groups:
            if group.key == f"component:{component_id}":
                return group
        return None

    # -- tiles and the master journey -----------------------------------------------------
    def master_blueprints(self) -> tuple[Blueprint, ...]:
        return tuple(bp for bp in self.ws.blueprints if bp.is_master)

    def journey(self, master: Blueprint) -> tuple[JourneyStop, ...]:
        stops = []
        for ref in self.refs[master.id]:
            if ref.node.journey:
                target = self.blueprints.get(ref.node.journey)
                tile = self.tiles.get(target.tile) if target is not None and target.tile else None
                stops.append(JourneyStop(ref, target, tile))
        return tuple(stops)

    def ordered_tiles(self) -> list[tuple[Tile, tuple[Blueprint, ...]]]:
        """Catalogue tiles by ``order`` (unordered last), each with its blueprints."""
        tiles = sorted(
            self.ws.catalogue.tiles,
            key=lambda t: (t.order is None, t.order if t.order is not None else 0),
        )
        return [
            (t, tuple(bp for bp in self.ws.blueprints if bp.tile == t.id and not bp.is_master)) for t in tiles
        ]

    # -- counts ---------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        steps = sum(1 for r in self.all_refs() if r.node.kind != "end")
        measures = set(self._measure_uses)
        for bp in self.ws.blueprints:
            measures.update(bp.implements)
        return {
            "blueprints": len(self.ws.blueprints),
            "steps": steps,
            "measures": len(measures),
            "articles": sum(len(law.articles) for law in self.law_uses),
            "systems": sum(1 for g in self.system_groups for use in g.uses if use.refs),
        }
