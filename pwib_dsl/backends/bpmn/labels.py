"""The words the BPMN backend writes itself, in Dutch (default) and English.

Everything else in a BPMN file is the author's text. The names of the language's own words
(lanes, layers, units) are the short forms of the table shared with the HTML site and the
language server, :mod:`pwib_dsl.labels`. Keys are stable; ``words(lang)`` falls back
to Dutch for an unknown language.
"""

from __future__ import annotations

from pwib_dsl import labels
from pwib_dsl.sema.model import Deadline
from pwib_dsl.syntax import keywords

_NL = {
    "start": "Start",
    "otherwise": "anders",
    "term_expired": "Termijn verstreken",
    "resident": "Inwoner",
    "organisation": "Gemeente",
    "phase": "Fase",
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
}

_EN = {
    "start": "Start",
    "otherwise": "otherwise",
    "term_expired": "Term expired",
    "resident": "Resident",
    "organisation": "Municipality",
    "phase": "Phase",
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
}


#: The rows of a step this backend names (keyed as in the shared table, without `layer.`).
_LAYERS = ("legal", "policy", "communication", "functionality", "systems", "measures", "toolkit", "pain",
           "opportunity", "kpi", "note", "emotion", "deadline")


def _words(lang: str) -> dict:
    """The short names of the language's own words, from the shared table :mod:`pwib_dsl.labels`."""
    names = labels.table(lang)
    out: dict = {f"lane.{lane}": names[f"lane.{lane}"].short for lane in keywords.of_kind("lane")}
    out.update({key: names[f"layer.{key}"].short for key in _LAYERS})
    for unit in ("days", "workdays", "weeks", "months", "years"):
        out[f"unit.{unit}"] = labels.unit_forms(lang, unit)
    return out


_NL.update(_words("nl"))
_EN.update(_words("en"))


def words(lang: str) -> dict:
    """The word table of a language (``nl`` or ``en``)."""
    return _EN if lang == "en" else _NL


def term_text(deadline: Deadline, lang: str) -> str:
    """``4 weken`` / ``1 week``: a deadline as read aloud."""
    singular, plural = words(lang)[f"unit.{deadline.unit}"]
    return f"{deadline.amount} {singular if deadline.amount == 1 else plural}"
