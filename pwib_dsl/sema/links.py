"""Links to the law and citation labels: wetten.overheid.nl and Juriconnect (JCI) identifiers.

The formats are the documented ones (Juriconnect BWB 1.3, as resolved by wetten.overheid.nl):

* a law: ``https://wetten.overheid.nl/{BWB}`` — the current consolidated text;
* an article: the JCI ``jci1.3:c:{BWB}&artikel={n}`` (plus ``&lid={l}`` for a member), and as a
  link the same id resolved by the site: ``https://wetten.overheid.nl/jci1.3:c:{BWB}&artikel={n}``.

The ``#Artikel{n}`` page anchor is not used: wetten.overheid.nl documents only the structured
anchor ``#Hoofdstuk{h}_Paragraaf{p}_Artikel{n}``, which needs the chapter and paragraph of the
article, and those are not part of a catalogue. No ``z``/``g`` dates are added, so links show
the text in force today. The Juriconnect parameter for an *onderdeel* is not established, so an
onderdeel appears in the label but not in the id (the link then points at the lid).

A law without a BWB id (not every regulation has one in the catalogue) links to its ``source``.
"""

from __future__ import annotations

from fractions import Fraction
from urllib.parse import quote

SITE = "https://wetten.overheid.nl/"

#: Surface unit keyword → the model's (plural) unit.
UNITS = {
    "day": "days", "days": "days", "workday": "workdays", "workdays": "workdays",
    "week": "weeks", "weeks": "weeks", "month": "months", "months": "months",
    "year": "years", "years": "years",
}

#: Calendar days per unit, for comparing a deadline with a legal term. A week has five
#: workdays (holidays are ignored), a month is a twelfth of a year of 365 days. Exact fractions,
#: so "4 weeks" equals "20 workdays" and "12 months" equals "1 year".
DAYS = {
    "days": Fraction(1), "workdays": Fraction(7, 5), "weeks": Fraction(7),
    "months": Fraction(365, 12), "years": Fraction(365),
}


def in_days(amount: int, unit: str) -> Fraction:
    return amount * DAYS[UNITS.get(unit, unit)]


#: Local regulations: the permanent address of a regulation in the CVDR.
CVDR_SITE = "https://lokaleregelgeving.overheid.nl/"


def law_url(bwb: str | None, source: str | None, cvdr: str | None = None) -> str | None:
    if bwb:
        return SITE + bwb
    return CVDR_SITE + cvdr if cvdr else source


def jci(bwb: str | None, article: str, lid: str | None = None) -> str:
    """The Juriconnect id of an article (or a lid of it); empty without a BWB id."""
    if not bwb:
        return ""
    out = f"jci1.3:c:{bwb}&artikel={article}"
    if lid:
        out += f"&lid={lid}"
    return out


def jci_url(jci_id: str, fallback: str | None) -> str:
    """The wetten.overheid.nl link resolving a JCI id (or ``fallback``, or empty)."""
    if not jci_id:
        return fallback or ""
    return SITE + quote(jci_id, safe=":&=.")


def law_label(name: str) -> str:
    """How a law is cited: its short name with a capital (``wgs`` → ``Wgs``, ``pw`` → ``Pw``)."""
    return name[:1].upper() + name[1:]


def citation_label(name: str, article: str, lid: str | None, onderdeel: str | None) -> str:
    out = f"{law_label(name)} art. {article}"
    if lid:
        out += f" lid {lid}"
    if onderdeel:
        out += f" onderdeel {onderdeel}"
    return out


def describe(amount: int, unit: str) -> str:
    """``8 weeks``, ``1 week``: a term as written in the language."""
    plural = UNITS.get(unit, unit)
    return f"{amount} {plural[:-1] if amount == 1 else plural}"
