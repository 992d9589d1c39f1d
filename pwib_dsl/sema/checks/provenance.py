"""Provenance checks: catalogue entries say where they come from.

* PB601 — a catalogue entry (law, measure, component, facility, role, tile) without ``source``;
* PB603 — a law without a ``bwb`` id (its citations cannot link to wetten.overheid.nl);
* PB602 — a blueprint relies on an entry marked ``unverified``: one note per entry per
  blueprint, at its first use. An article with its own ``verified``/``unverified`` tag is an
  entry of its own; otherwise a citation relies on the law.
"""

from __future__ import annotations

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.sema.blueprints import BlueprintInfo
from pwib_dsl.sema.catalogue import CatalogueBuilder
from pwib_dsl.sema.report import Reporter
from pwib_dsl.sema.units import Unit
from pwib_dsl.surface import nodes as n

_CATALOGUE_KINDS = ("law", "measure", "component", "facility", "role", "tile", "organisation")
_KIND = {
    "law": "law", "measure": "measure", "component": "GEMMA component", "facility": "national facility",
    "role": "role", "tile": "tile", "organisation": "organisation",
}


def check_sources(unit: Unit, builder: CatalogueBuilder, rep: Reporter) -> None:
    """PB601 and PB603 for the catalogue entries declared in one file."""
    if unit.shadowed:
        return  # a second module of one name is not built (PB104 says so)
    for sym in unit.symbols.values():
        if sym.kind not in _CATALOGUE_KINDS:
            continue
        p = builder.props.get(id(sym), {})
        if n.SourceField not in p:
            rep.add(
                "PB601",
                msg("PB601.no-source", kind=_KIND[sym.kind], name=sym.name),
                unit.path,
                sym.node.name.span,
                label="where does this come from?",
                help='add `source "https://..."` naming the page this entry was taken from',
            )
        if sym.kind == "law" and n.CvdrField in p and n.BwbField in p:
            rep.add(
                "PB109", msg("PB109.bwb-and-cvdr", law=sym.name), unit.path,
                p[n.CvdrField].span, label="one of the two",
                help="a national law has a BWB id, a local regulation a CVDR id: keep the one that fits",
            )
        if sym.kind == "law" and n.BwbField not in p and n.CvdrField not in p:
            rep.add(
                "PB603",
                msg("PB603.no-bwb", law=sym.name),
                unit.path,
                sym.node.name.span,
                label="citations cannot link",
                notes=("without a BWB id a citation links to the law's `source` and has no Juriconnect id",),
                help=(
                    "add `bwb BWBR…` from the law's address on wetten.overheid.nl, or, for a local "
                    "regulation, `cvdr CVDR…` from its address on lokaleregelgeving.overheid.nl"
                ),
            )


def check_unverified(info: BlueprintInfo, rep: Reporter) -> None:
    """PB602: once per unverified entry the blueprint relies on, at the first use."""
    for key, (label, prov, path, span) in info.relied.items():
        if prov.verified is not False:
            continue
        notes = (f"source: {prov.source}",) if prov.source else ("the entry names no source",)
        rep.add(
            "PB602",
            msg("PB602.relies-on-unverified", blueprint=info.ast.name.text, label=label),
            path,
            span,
            label="unverified",
            notes=notes,
            help="check the entry against its source, then mark it `verified` in the catalogue",
        )
