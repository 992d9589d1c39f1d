"""The words the BPMN backend writes itself, in Dutch (default) and English.

Everything else in a BPMN file is the author's text. Keys are stable; ``words(lang)`` falls back
to Dutch for an unknown language.
"""

from __future__ import annotations

from pwib_dsl.sema.model import Deadline

_NL = {
    "start": "Start",
    "otherwise": "anders",
    "term_expired": "Termijn verstreken",
    "resident": "Inwoner",
    "organisation": "Gemeente",
    "phase": "Fase",
    "lane.evidence": "Bewijs",
    "lane.customer": "Klant",
    "lane.frontstage": "Frontstage",
    "lane.backstage": "Backstage",
    "lane.support": "Ondersteuning",
    "legal": "Juridisch",
    "policy": "Beleid",
    "communication": "Communicatie",
    "functionality": "Functionaliteit",
    "systems": "Systemen",
    "measures": "Maatregelen",
    "toolkit": "Toolkit",
    "pain": "Pijnpunt",
    "opportunity": "Kans",
    "kpi": "KPI",
    "note": "Notitie",
    "emotion": "Emotie",
    "deadline": "Termijn",
    "outcome": "Uitkomst",
    "journey": "Klantreis",
    "tile": "Tegel",
    "owner": "Eigenaar",
    "version": "Versie",
    "status": "Status",
    "implements": "Maatregelen",
    "wait": "Wacht op",
    "work_arrives": "Verzoek ontvangen",
    "work_done": "Resultaat verstuurd",
    "loop_count": "Keer tellen",
    "loop_bound": "ten hoogste",
    "term": "Termijn",
    "term_from": "van",
    "term_to": "tot",
    "suspended_by": "opgeschort tijdens",
    "situation": "alleen als",
    "term_not_applicable": "Termijn niet van toepassing",
    "term_applies": "van toepassing",
    "approximate": "benadering: de meeste kalenderdagen die zoveel werkdagen beslaan, zonder feestdagen",
    "unit.days": ("dag", "dagen"),
    "unit.workdays": ("werkdag", "werkdagen"),
    "unit.weeks": ("week", "weken"),
    "unit.months": ("maand", "maanden"),
    "unit.years": ("jaar", "jaar"),
}

_EN = {
    "start": "Start",
    "otherwise": "otherwise",
    "term_expired": "Term expired",
    "resident": "Resident",
    "organisation": "Municipality",
    "phase": "Phase",
    "lane.evidence": "Evidence",
    "lane.customer": "Customer",
    "lane.frontstage": "Frontstage",
    "lane.backstage": "Backstage",
    "lane.support": "Support",
    "legal": "Legal",
    "policy": "Policy",
    "communication": "Communication",
    "functionality": "Functionality",
    "systems": "Systems",
    "measures": "Measures",
    "toolkit": "Toolkit",
    "pain": "Pain point",
    "opportunity": "Opportunity",
    "kpi": "KPI",
    "note": "Note",
    "emotion": "Emotion",
    "deadline": "Deadline",
    "outcome": "Outcome",
    "journey": "Journey",
    "tile": "Tile",
    "owner": "Owner",
    "version": "Version",
    "status": "Status",
    "implements": "Measures",
    "wait": "Waits for",
    "work_arrives": "Request received",
    "work_done": "Result sent",
    "loop_count": "Count the pass",
    "loop_bound": "at most",
    "term": "Term",
    "term_from": "from",
    "term_to": "to",
    "suspended_by": "suspended during",
    "situation": "only if",
    "term_not_applicable": "Term does not apply",
    "term_applies": "applies",
    "approximate": "approximation: the most calendar days that many workdays span, without public holidays",
    "unit.days": ("day", "days"),
    "unit.workdays": ("workday", "workdays"),
    "unit.weeks": ("week", "weeks"),
    "unit.months": ("month", "months"),
    "unit.years": ("year", "years"),
}


def words(lang: str) -> dict:
    """The word table of a language (``nl`` or ``en``)."""
    return _EN if lang == "en" else _NL


def term_text(deadline: Deadline, lang: str) -> str:
    """``4 weken`` / ``1 week``: a deadline as read aloud."""
    singular, plural = words(lang)[f"unit.{deadline.unit}"]
    return f"{deadline.amount} {singular if deadline.amount == 1 else plural}"
