"""What people read for the language's words, in Dutch and English: lanes, layers, units, flow nodes.

One table for every output that names these things: the HTML site
(:mod:`pwib_dsl.backends.html.labels`: row headings, units in deadlines), the BPMN files
(:mod:`pwib_dsl.backends.bpmn.labels`: lane names, documentation lines) and the language
server's hover (units of a legal term). Each entry has two forms: ``short``, the label itself
(a BPMN lane, a line's prefix), and ``heading``, the prose an HTML row header or list uses;
they are the same where one form serves both. A unit's forms are ``singular|plural``.

Keys are ``lane.<lane>``, ``layer.<layer>`` (the text layers, and the other rows of a
blueprint: ``legal``, ``communication``, ``measures``, ``deadline``, ``emotion``,
``systems``), ``unit.<unit>`` (the plural, as the model keeps it) and ``node.<kind>``.
``tests/test_labels.py`` checks that both languages have the same keys and that every lane,
text layer and unit of the word table has its entry.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Name:
    """A thing's name in one language: the label, and the heading (prose) form."""

    short: str
    heading: str


def _n(short: str, heading: str | None = None) -> Name:
    return Name(short, short if heading is None else heading)


_NL: dict[str, Name] = {
    "lane.evidence": _n("Bewijs", "Fysiek bewijs"),
    "lane.customer": _n("Klant", "Klantacties"),
    "lane.frontstage": _n("Frontstage", "Frontstage-acties"),
    "lane.backstage": _n("Backstage", "Backstage-acties"),
    "lane.support": _n("Ondersteuning", "Ondersteunende processen"),
    "layer.legal": _n("Juridisch"),
    "layer.policy": _n("Beleid"),
    "layer.communication": _n("Communicatie"),
    "layer.functionality": _n("Functionaliteit"),
    "layer.systems": _n("Systemen"),
    "layer.measures": _n("Maatregelen"),
    "layer.toolkit": _n("Toolkit"),
    "layer.deadline": _n("Termijn", "Termijnen"),
    "layer.emotion": _n("Emotie"),
    "layer.pain": _n("Pijnpunt", "Pijnpunten"),
    "layer.opportunity": _n("Kans", "Kansen"),
    "layer.kpi": _n("KPI", "KPI’s"),
    "layer.note": _n("Notitie", "Notities"),
    "unit.days": _n("dag|dagen"),
    "unit.workdays": _n("werkdag|werkdagen"),
    "unit.weeks": _n("week|weken"),
    "unit.months": _n("maand|maanden"),
    "unit.years": _n("jaar|jaar"),
    "node.step": _n("Stap"),
    "node.decision": _n("Beslissing"),
    "node.end": _n("Einde"),
    "node.fork": _n("Tegelijk"),
    "node.join": _n("Samenkomst"),
}

_EN: dict[str, Name] = {
    "lane.evidence": _n("Evidence", "Physical evidence"),
    "lane.customer": _n("Customer", "Customer actions"),
    "lane.frontstage": _n("Frontstage", "Frontstage actions"),
    "lane.backstage": _n("Backstage", "Backstage actions"),
    "lane.support": _n("Support", "Support processes"),
    "layer.legal": _n("Legal", "Legal basis"),
    "layer.policy": _n("Policy"),
    "layer.communication": _n("Communication"),
    "layer.functionality": _n("Functionality"),
    "layer.systems": _n("Systems"),
    "layer.measures": _n("Measures"),
    "layer.toolkit": _n("Toolkit"),
    "layer.deadline": _n("Deadline", "Deadlines"),
    "layer.emotion": _n("Emotion"),
    "layer.pain": _n("Pain point", "Pain points"),
    "layer.opportunity": _n("Opportunity", "Opportunities"),
    "layer.kpi": _n("KPI", "KPIs"),
    "layer.note": _n("Note", "Notes"),
    # a workday, as the language writes it; "working day" in running prose
    "unit.days": _n("day|days"),
    "unit.workdays": _n("workday|workdays", "working day|working days"),
    "unit.weeks": _n("week|weeks"),
    "unit.months": _n("month|months"),
    "unit.years": _n("year|years"),
    "node.step": _n("Step"),
    "node.decision": _n("Decision"),
    "node.end": _n("End"),
    "node.fork": _n("Parallel start"),
    "node.join": _n("Parallel end"),
}

#: Language → its table. Dutch is the default: blueprints are written in Dutch.
TABLES: dict[str, dict[str, Name]] = {"nl": _NL, "en": _EN}


def table(lang: str) -> dict[str, Name]:
    """The names of one language (Dutch for a language without a table)."""
    return TABLES.get(lang, _NL)


def short(lang: str, key: str) -> str:
    return table(lang)[key].short


def heading(lang: str, key: str) -> str:
    return table(lang)[key].heading


def unit_forms(lang: str, unit: str, prose: bool = False) -> tuple[str, str]:
    """``("week", "weken")``: the singular and plural of a unit (``prose``: the heading form)."""
    name = table(lang)[f"unit.{unit}"]
    one, many = (name.heading if prose else name.short).split("|")
    return one, many


def amount(lang: str, count: int, unit: str, prose: bool = False) -> str:
    """``4 weken`` / ``1 week``: a number of units as read aloud."""
    one, many = unit_forms(lang, unit, prose)
    return f"{count} {one if count == 1 else many}"
