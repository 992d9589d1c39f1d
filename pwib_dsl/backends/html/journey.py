"""The master journey overview (``journey.html``): the whole journey readable on one screen.

The blueprint grid of a master journey is as wide as its steps are many; this page instead
shows its tiles in order as a journey map, phase by phase, wrapping like text. Per tile: the
goal (the description of the blueprint that carries it out), what the resident does and how
it feels (the emotion at the tile and the curve through its blueprint, a line per path), the hand-over (what
the organisation does at the tile and where the journey goes next), the statutory terms on
the way and the measures that change it. Each tile links to its blueprint page; decisions of
the master journey are route cards between the tiles; the detailed grid stays on the master's
own blueprint page.
"""

from __future__ import annotations

import attrs

from pwib_dsl.backends.html.grid import Link
from pwib_dsl.backends.html.labels import Labels
from pwib_dsl.backends.html.pages import Page, blueprint_href
from pwib_dsl.backends.html.paths import journey_paths
from pwib_dsl.backends.html.safe import frag, safe_href
from pwib_dsl.backends.xref import NodeRef, Site, article_label
from pwib_dsl.sema.model import Blueprint, FlowNode

#: Lanes that say what the organisation does at a tile, including the hand-over.
_HANDOVER_LANES = ("frontstage", "backstage", "support")


@attrs.frozen
class Mood:
    text: str | None  # the emotion at this tile of the master journey: "−1 negatief"
    #: the tile blueprint's emotion curve in a 100×40 box: one polyline per way through it,
    #: so alternative outcomes are drawn apart instead of joined into one line
    points: tuple[str, ...]
    summary: str | None  # "verloop in de blueprint: −2 tot +1"


@attrs.frozen
class Route:
    label: str | None
    target: str
    href: str


@attrs.frozen(eq=False)
class Card:
    """One node of the master journey: a tile (step with a journey), a decision or an end."""

    kind: str
    number: int
    anchor: str
    title: str
    tile: str | None
    href: str | None  # the blueprint page that carries the tile out
    blueprint: str | None
    goal: str | None
    resident: tuple[str, ...]
    handover: tuple[str, ...]
    mood: Mood | None
    terms: tuple[Link, ...]  # "Wgs art. 4: 4 weken"
    measures: tuple[Link, ...]
    routes: tuple[Route, ...]


@attrs.frozen(eq=False)
class PhaseBand:
    title: str | None
    cards: tuple[Card, ...]


@attrs.frozen(eq=False)
class JourneyMap:
    title: str
    href: str
    description: str | None
    phases: tuple[PhaseBand, ...]
    tiles: int


def _signed(value: int) -> str:
    return f"+{value}" if value > 0 else ("\u2212" + str(-value) if value < 0 else "0")


def _curves(bp: Blueprint) -> tuple[str, ...]:
    """One polyline per path through ``bp`` over its nodes with an emotion, in a 100×40 box;
    a node keeps its place (its rank in file order), so paths that share it meet there."""
    ranked = [n.id for n in bp.nodes if n.emotion is not None]
    if len(ranked) < 2:
        return ()
    x = {nid: i * 100 / (len(ranked) - 1) for i, nid in enumerate(ranked)}
    value = {n.id: n.emotion for n in bp.nodes if n.emotion is not None}
    lines: dict[str, None] = {}
    for path in journey_paths(bp).paths:
        on = [nid for nid in path.nodes if nid in value]
        if len(on) >= 2:
            lines[" ".join(f"{x[nid]:g},{4 + (2 - max(-2, min(2, value[nid]))) * 8:g}" for nid in on)] = None
    return tuple(lines)


def _mood(node: FlowNode, target: Blueprint | None, site: Site, L: Labels) -> Mood | None:
    curve = [r.node.emotion for r in site.refs[target.id] if r.node.emotion is not None] if target else []
    if node.emotion is None and not curve:
        return None
    text = f"{_signed(node.emotion)} {L.emotion(node.emotion)}" if node.emotion is not None else None
    summary = L.fmt("jm_mood_range", low=_signed(min(curve)), high=_signed(max(curve))) if curve else None
    return Mood(text, _curves(target) if target else (), summary)


def _terms(nodes: list[FlowNode], site: Site, L: Labels) -> tuple[Link, ...]:
    seen: dict[tuple[str, str], Link] = {}
    for node in nodes:
        for cit, art in site.terms_for(node):
            key = (cit.law, cit.article)
            if key in seen or not art.terms:
                continue
            texts = [L.term(t.amount, t.unit, t.is_max) for t in art.terms]
            seen[key] = Link(f"{article_label(cit.law_name, cit.article)}: {'; '.join(texts)}", safe_href(art.url))
    return tuple(seen.values())


def _measures(nodes: list[FlowNode], target: Blueprint | None, site: Site) -> tuple[Link, ...]:
    ids = list(target.implements) if target else []
    for node in nodes:
        ids += node.measures
    return tuple(
        Link(site.measure_title(m), f"measures.html#{frag('measure', m)}") for m in dict.fromkeys(ids)
    )


def _card(ref: NodeRef, site: Site, L: Labels, titles: dict[str, str]) -> Card:
    node = ref.node
    target = site.blueprints.get(node.journey) if node.journey else None
    inner = [r.node for r in site.refs[target.id]] if target else []
    if node.kind == "decision":
        routes = tuple(
            Route(b.label or (L.bp_otherwise if b.is_default else None), titles.get(b.target, b.target),
                  "#" + frag("jm", b.target))
            for b in node.branches
        )
    elif node.kind in ("step", "join") and node.next:
        routes = (Route(None, titles.get(node.next, node.next), "#" + frag("jm", node.next)),)
    elif node.kind == "fork":
        routes = tuple(Route(None, titles.get(t, t), "#" + frag("jm", t)) for t in node.branches)
    else:
        routes = ()
    tile = None
    if target is not None:
        tile = site.tile_title(target.tile)
    return Card(
        kind="tile" if node.journey else node.kind,
        number=ref.number,
        anchor=frag("jm", node.id),
        title=node.title,
        tile=tile,
        href=blueprint_href(target.id) if target else None,
        blueprint=target.title if target else node.journey,
        goal=target.description if target else None,
        resident=tuple(e.text for e in node.lanes if e.lane == "customer"),
        handover=tuple(e.text for e in node.lanes if e.lane in _HANDOVER_LANES),
        mood=_mood(node, target, site, L),
        terms=_terms([node, *inner], site, L),
        measures=_measures([node, *inner], target, site),
        routes=routes,
    )


def journey_map(site: Site, master: Blueprint, L: Labels) -> JourneyMap:
    refs = site.refs[master.id]
    titles = {r.node.id: r.node.title for r in refs}
    phase_titles = {p.id: p.title for p in master.phases}
    bands: list[tuple[str | None, list[Card]]] = []
    for ref in refs:
        card = _card(ref, site, L, titles)
        phase = ref.node.phase
        if bands and bands[-1][0] == phase:
            bands[-1][1].append(card)
        else:
            bands.append((phase, [card]))
    return JourneyMap(
        title=master.title,
        href=blueprint_href(master.id),
        description=master.description,
        phases=tuple(PhaseBand(phase_titles.get(p, p) if p else None, tuple(cards)) for p, cards in bands),
        tiles=sum(1 for r in refs if r.node.journey),
    )


def journey_page(site: Site, L: Labels) -> Page:
    tiles = [(tile, [Link(bp.title, blueprint_href(bp.id)) for bp in bps]) for tile, bps in site.ordered_tiles()]
    context = dict(
        root="",
        current="nav_journey",
        title=L.jm_title,
        maps=[journey_map(site, m, L) for m in site.master_blueprints()],
        tiles=tiles,
    )
    return Page("journey.html", "journey.html.j2", context)

