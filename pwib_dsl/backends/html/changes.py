"""The pages "Wat verandert er per <datum>": one per date on which the law or a measure changes.

The reports are computed by ``pwib build`` from the workspace's law snapshots and measures
(:func:`pwib_dsl.law.impact.reports_by_date`) and handed in through ``BuildOptions.law_changes``,
so this module stays a pure function of its input. Each page lists the cited articles that
change on that date (old and new text side by side) with the steps, systems, letters and
processes that cite them, then the measures that take effect and the blueprints they concern.
A timeline page lists, per blueprint, the measures it implements or names by date of effect,
with their phase and retroactive effect. The overview links every page. Labels are kept here
(Dutch and English).
"""

from __future__ import annotations

import attrs

from pwib_dsl.backends.html.grid import Link
from pwib_dsl.backends.html.labels import Labels
from pwib_dsl.backends.html.pages import Page, blueprint_href
from pwib_dsl.backends.html.safe import frag, safe_href
from pwib_dsl.backends.xref import Site

_LABELS = {
    "nl": {
        "title": "Wat verandert er per {date}",
        "intro": "De artikelen die de klantreizen aanhalen en die per deze datum een andere tekst krijgen, "
                 "met de stappen, systemen, brieven en processen die erop steunen; daarna de maatregelen "
                 "die per deze datum ingaan.",
        "heading": "Wat verandert er per datum",
        "changes": "Gewijzigde artikelen",
        "none": "Geen aangehaald artikel verandert per deze datum (voor zover de wetsteksten in de werkruimte reiken).",
        "blueprint": "Klantreis", "step": "Stap", "systems": "Systemen", "letters": "Brieven en berichten",
        "process": "Proces (BPMN)", "old": "Oud ({version})", "new": "Nieuw ({version})",
        "absent": "(niet in deze versie)", "measures": "Maatregelen die ingaan", "phase": "fase {n}",
        "retroactive": "terugwerkende kracht tot {date}", "nobody": "geen klantreis noemt deze maatregel",
        "unchecked": "Zonder wetstekst in de werkruimte, niet vergeleken: {laws}",
        "pinned": "vastgezet op {date}",
        "timeline": "Tijdlijn van de maatregelen per klantreis",
        "timeline_intro": "Per klantreis de maatregelen die zij uitvoert of noemt, op volgorde van de datum "
                          "waarop ze ingaan, met hun fase en terugwerkende kracht.",
        "no_date": "datum onbekend", "date_col": "Datum", "measure_col": "Maatregel",
        "kinds": {"repealed": "vervallen", "renumbered": "vernummerd", "lid-removed": "lid vervallen",
                  "leden-changed": "leden gewijzigd", "text-changed": "tekst gewijzigd",
                  "in-force": "treedt in werking"},
    },
    "en": {
        "title": "What changes on {date}",
        "intro": "The articles the journeys cite whose text changes on this date, with the steps, systems, "
                 "letters and processes that rely on them; then the measures that take effect on this date.",
        "heading": "What changes by date",
        "changes": "Changed articles",
        "none": "No cited article changes on this date (as far as the workspace's law texts go).",
        "blueprint": "Journey", "step": "Step", "systems": "Systems", "letters": "Letters and messages",
        "process": "Process (BPMN)", "old": "Old ({version})", "new": "New ({version})",
        "absent": "(not in this version)", "measures": "Measures taking effect", "phase": "phase {n}",
        "retroactive": "retroactive to {date}", "nobody": "no journey names this measure",
        "unchecked": "No law text in the workspace, not compared: {laws}",
        "pinned": "pinned to {date}",
        "timeline": "Timeline of the measures per journey",
        "timeline_intro": "Per journey, the measures it implements or names, in the order of the date they take "
                          "effect, with their phase and retroactive effect.",
        "no_date": "date unknown", "date_col": "Date", "measure_col": "Measure",
        "kinds": {"repealed": "repealed", "renumbered": "renumbered", "lid-removed": "lid removed",
                  "leden-changed": "leden changed", "text-changed": "text changed", "in-force": "comes into force"},
    },
}


@attrs.frozen
class Row:
    blueprint: Link
    step: Link
    pinned: str | None
    systems: str
    letters: tuple[str, ...]
    process: Link


@attrs.frozen
class ChangeView:
    anchor: str
    kind: str
    label: str
    href: str | None
    detail: str
    old_head: str
    old_text: str
    new_head: str
    new_text: str
    rows: tuple[Row, ...]


@attrs.frozen
class MeasureView:
    title: Link
    facts: str
    who: tuple[Link, ...]


def path_of(date: str) -> str:
    return f"changes-{date}.html"


TIMELINE = "timeline.html"


def links(L: Labels, options) -> tuple[str, tuple[Link, ...]]:
    """(heading, one link per date and the timeline) for the overview; no links when there are no
    reports (the site of a workspace without dates of change is as before)."""
    T = _LABELS.get(L.lang, _LABELS["nl"])
    if not options.law_changes:
        return T["heading"], ()
    dates = tuple(Link(T["title"].format(date=L.date(r.date_to)), path_of(r.date_to)) for r in options.law_changes)
    return T["heading"], dates + (Link(T["timeline"], TIMELINE),)


@attrs.frozen
class TimelineRow:
    date: str
    measure: Link
    facts: str


def timeline_page(site: Site, L: Labels) -> Page:
    """Per blueprint, the measures it implements or names, by date of effect."""
    T = _LABELS.get(L.lang, _LABELS["nl"])
    measures = {m.id: m for m in site.ws.catalogue.measures}
    journeys = []
    for bp in site.ws.blueprints:
        named = list(bp.implements)
        for node in bp.nodes:
            named += [m for m in node.measures if m not in named]
        rows = []
        for mid in named:
            meas = measures.get(mid)
            if meas is None:
                continue
            facts = [T["phase"].format(n=meas.phase)] if meas.phase is not None else []
            facts += [T["retroactive"].format(date=L.date(e.date)) for e in meas.retroactive]
            link = Link(meas.title, f"measures.html#{frag('measure', meas.id)}")
            dates = [e.date for e in meas.effective] or [""]
            rows += [TimelineRow(d, link, " · ".join(facts)) for d in dates]
        if rows:
            rows.sort(key=lambda r: (r.date or "9999", r.measure.text))
            rows = [attrs.evolve(r, date=L.date(r.date) if r.date else T["no_date"]) for r in rows]
            journeys.append((Link(bp.title, blueprint_href(bp.id)), tuple(rows)))
    context = dict(root="", current=None, title=T["timeline"], T=T, journeys=journeys)
    return Page(TIMELINE, "timeline.html.j2", context)


def pages(site: Site, L: Labels, options) -> list[Page]:
    T = _LABELS.get(L.lang, _LABELS["nl"])
    out = []
    bps = {bp.id: bp for bp in site.ws.blueprints}
    for report in options.law_changes:
        date = L.date(report.date_to)
        changes = []
        for i, c in enumerate(report.changes, 1):
            rows = tuple(
                Row(
                    blueprint=Link(a.blueprint_title, blueprint_href(a.blueprint)),
                    step=Link(a.node_title, blueprint_href(a.blueprint) + "#" + frag("step", a.node)),
                    pinned=T["pinned"].format(date=L.date(a.pinned)) if a.pinned else None,
                    systems=", ".join(a.systems),
                    letters=a.letters,
                    process=Link(a.process, a.process if "bpmn" in options.targets else None),
                )
                for a in c.affected
                if a.blueprint in bps
            )
            changes.append(
                ChangeView(
                    anchor=f"change-{i}", kind=T["kinds"][c.kind], label=c.label,
                    href=safe_href(c.new.url or c.old.url), detail=c.detail,
                    old_head=T["old"].format(version=L.date(c.old.version) if c.old.version else "–"),
                    old_text=c.old.text or T["absent"],
                    new_head=T["new"].format(version=L.date(c.new.version) if c.new.version else "–"),
                    new_text=c.new.text or T["absent"],
                    rows=rows,
                )
            )
        measures = []
        for m in report.measures:
            facts = [T["phase"].format(n=m.phase)] if m.phase is not None else []
            facts += [T["retroactive"].format(date=L.date(d)) for d in m.retroactive]
            who = [Link(bps[b].title, blueprint_href(b)) for b in m.blueprints if b in bps]
            for ref in m.steps:
                bp_id, node_id = ref.split("/", 1)
                if bp_id in bps and bp_id not in m.blueprints:
                    who.append(Link(bps[bp_id].node(node_id).title, blueprint_href(bp_id) + "#" + frag("step", node_id)))
            measures.append(MeasureView(Link(m.title, f"measures.html#{frag('measure', m.id)}"), " · ".join(facts),
                                        tuple(who)))
        context = dict(
            root="", current=None, title=T["title"].format(date=date), T=T, changes=changes, measures=measures,
            unchecked=T["unchecked"].format(laws=", ".join(report.unchecked)) if report.unchecked else None,
        )
        out.append(Page(path_of(report.date_to), "changes.html.j2", context))
    if options.law_changes:
        out.append(timeline_page(site, L))
    return out
