"""Building the catalogue: laws with their articles, measures, components, roles and tiles.

Catalogue ids are ``module.name``. Laws are built first (citations in measures need them), then
the other entries. An article without its own ``source``/``verified`` takes the law's
(field by field). The catalogue lists modules by name and, within a module, entries in the
author's order; a module declared twice contributes only its first file (PB104).
"""

from __future__ import annotations

import attrs

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Label
from pwib_dsl.sema import links
from pwib_dsl.sema import model as m
from pwib_dsl.sema.citations import Citer
from pwib_dsl.sema.report import Reporter
from pwib_dsl.sema.scope import Scope
from pwib_dsl.sema.units import Symbol, Unit
from pwib_dsl.surface import nodes as n
from pwib_dsl.syntax import keywords
from pwib_dsl.urls import web_or_none

#: Fields that may repeat; every other field holds one value.
_MULTI = (n.Article, n.Term, n.LidField, n.ChangesField, n.EffectiveField, n.RetroactiveField)


def props(reporter: Reporter, path: str, items, owner: str) -> dict:
    """First item per single-valued field class (repeats are PB109); lists for the others."""
    out: dict = {}
    for item in items:
        cls = type(item)
        if cls in _MULTI:
            out.setdefault(cls, []).append(item)
            continue
        first = out.get(cls)
        if first is None:
            out[cls] = item
            continue
        kw = keywords.node_word(cls)
        if cls is n.VerifiedField:
            kw = "verified` or `unverified"
        reporter.add(
            "PB109",
            msg("PB109.repeated-field", owner=owner, kw=kw),
            path,
            item.span,
            label="repeated",
            secondary=(Label(path, first.span, "first given here"),),
            help="this field holds one value: keep one line",
        )
    return out


def _text(p: dict, cls) -> str | None:
    f = p.get(cls)
    if f is None:
        return None
    return f.text.value if hasattr(f, "text") else f.url.value


def provenance(p: dict, inherit: m.Provenance | None = None) -> m.Provenance:
    src = p.get(n.SourceField)
    ver = p.get(n.VerifiedField)
    source = web_or_none(src.url.value) if src else None  # PB019 for anything else
    verified = ver.verified if ver else None
    if inherit is not None:
        source = source if source is not None else inherit.source
        verified = verified if verified is not None else inherit.verified
    return m.Provenance(source, verified)


def _terms(terms) -> tuple[m.Term, ...]:
    return tuple(
        m.Term(t.amount, links.UNITS[t.unit], t.is_max, t.note.value if t.note else None) for t in terms
    )


class CatalogueBuilder:
    def __init__(self, scope: Scope, citer: Citer) -> None:
        self.scope = scope
        self.reporter = scope.reporter
        self.citer = citer
        #: symbol id → the parsed props of its body (for the provenance checks)
        self.props: dict[int, dict] = {}

    def units(self) -> list[Unit]:
        """Every unit, by module name (a second module of one name after the first)."""
        return sorted(self.scope.index.units, key=lambda u: (u.module, u.shadowed, u.rel))

    def build(self) -> m.Catalogue:
        """Resolve every entry; the catalogue lists those of the first file of each module.
        (Entries of a second module of the same name (PB104) are resolved too, so that
        references to them stay consistent, but they are not listed.)"""
        units = self.units()
        for unit in units:
            for sym in unit.symbols.values():
                if sym.kind == "law":
                    self._law(sym)
        for unit in units:
            if not unit.shadowed:
                for ext in unit.extensions:
                    self._extend(unit, ext)
        builders = {
            "measure": self._measure, "component": self._component, "facility": self._component,
            "role": self._role, "tile": self._tile, "organisation": self._organisation,
        }
        #: kind → the catalogue list it goes into (components and facilities share one)
        lists: dict[str, list] = {
            "law": [], "measure": [], "component": [], "role": [], "tile": [], "organisation": [],
        }
        target = {**{k: lists[k] for k in lists}, "facility": lists["component"]}
        for unit in units:
            for sym in unit.symbols.values():
                kind = sym.kind
                build = builders.get(kind)
                if build is not None:
                    build(sym)
                elif kind == "actor":
                    if sym.node.alias is not None:
                        sym.alias = self.scope.lookup(unit, sym.node.alias, ("role",), "PB107")
                    if sym.node.organisation is not None:
                        sym.organisation = self.scope.lookup(unit, sym.node.organisation, ("organisation",), "PB114")
                elif kind == "system":
                    self._system_props(sym)
                if kind in target and not unit.shadowed:
                    target[kind].append(sym.model)
        return m.Catalogue(
            tuple(lists["law"]), tuple(lists["measure"]), tuple(lists["component"]),
            tuple(lists["role"]), tuple(lists["tile"]), tuple(lists["organisation"]),
        )

    def _props(self, sym: Symbol, owner: str) -> dict:
        p = props(self.reporter, sym.unit.path, sym.node.items, owner)
        self.props[id(sym)] = p
        return p

    def _law(self, sym: Symbol) -> None:
        node: n.Law = sym.node
        p = self._props(sym, f"law `{sym.name}`")
        bwb_f = p.get(n.BwbField)
        bwb = bwb_f.id if bwb_f else None
        cvdr_f = p.get(n.CvdrField)
        cvdr = cvdr_f.id if cvdr_f else None
        prov = provenance(p)
        law_id = sym.id
        articles: dict = {}
        out = []
        for art in p.get(n.Article, ()):
            number = art.number.text
            if number in articles:
                first = articles[number][1]
                self.reporter.add(
                    "PB105",
                    msg("PB105.article-listed-twice", number=number, law=sym.name),
                    sym.unit.path,
                    art.number.span,
                    label="second entry",
                    secondary=(Label(sym.unit.path, first.number.span, "first listed here"),),
                    help="merge the two entries",
                )
                continue
            ap = props(self.reporter, sym.unit.path, art.items, f"article `{number}` of `{sym.name}`")
            jci = links.jci(bwb, number)
            article = m.Article(
                law=law_id,
                number=number,
                title=art.title.value,
                url=links.jci_url(jci, links.law_url(bwb, prov.source, cvdr)),
                jci=jci,
                terms=_terms(ap.get(n.Term, ())),
                gloss=_text(ap, n.GlossField),
                description=_text(ap, n.DescriptionField),
                provenance=provenance(ap, prov),
            )
            articles[number] = (article, art, n.VerifiedField in ap, sym.unit.path)
            out.append(article)
        sym.articles = articles
        sym.model = m.Law(
            id=law_id,
            name=sym.name,
            title=node.title.value,
            bwb=bwb,
            url=links.law_url(bwb, prov.source, cvdr),
            articles=tuple(out),
            gloss=_text(p, n.GlossField),
            description=_text(p, n.DescriptionField),
            provenance=prov,
            cvdr=cvdr,
        )

    def _extend(self, unit: Unit, ext: n.LawExtension) -> None:
        """Articles a workspace adds to a law declared elsewhere: listed as the law's own."""
        sym = self.scope.lookup(unit, ext.target, ("law",), "PB202")
        if sym is None or sym.model is None:
            return
        law: m.Law = sym.model
        p = props(self.reporter, unit.path, ext.items, f"the extension of law `{sym.name}`")
        prov = provenance(p, law.provenance)
        added = []
        for art in p.get(n.Article, ()):
            number = art.number.text
            first = sym.articles.get(number)
            if first is not None:
                self.reporter.add(
                    "PB105", msg("PB105.article-listed-twice", number=number, law=sym.name), unit.path,
                    art.number.span, label="already in the catalogue",
                    secondary=(Label(first[3], first[1].number.span, "first listed here"),),
                    help="an extension adds articles the law does not list yet; cite this one as it is",
                )
                continue
            ap = props(self.reporter, unit.path, art.items, f"article `{number}` of `{sym.name}`")
            jci = links.jci(law.bwb, number)
            article = m.Article(
                law=law.id, number=number, title=art.title.value,
                url=links.jci_url(jci, links.law_url(law.bwb, prov.source, law.cvdr)), jci=jci,
                terms=_terms(ap.get(n.Term, ())), gloss=_text(ap, n.GlossField),
                description=_text(ap, n.DescriptionField), provenance=provenance(ap, prov),
            )
            sym.articles[number] = (article, art, n.VerifiedField in ap or n.VerifiedField in p, unit.path)
            added.append(article)
        if added:
            sym.model = attrs.evolve(law, articles=law.articles + tuple(added))

    def _measure(self, sym: Symbol) -> m.Measure:
        p = self._props(sym, f"measure `{sym.name}`")
        changes = []
        for ch in p.get(n.ChangesField, ()):
            citation, _, _ = self.citer.cite(sym.unit, ch.target)
            if citation is not None:
                changes.append(citation)
        phase = p.get(n.PhaseField)
        sym.model = m.Measure(
            id=sym.id,
            name=sym.name,
            title=sym.node.title.value,
            gloss=_text(p, n.GlossField),
            theme=_text(p, n.ThemeField),
            phase=phase.number if phase else None,
            changes=tuple(changes),
            effective=tuple(
                m.Effective(e.date, e.note.value if e.note else None) for e in p.get(n.EffectiveField, ())
            ),
            description=_text(p, n.DescriptionField),
            provenance=provenance(p),
            retroactive=tuple(
                m.Effective(e.date, e.note.value if e.note else None) for e in p.get(n.RetroactiveField, ())
            ),
        )
        return sym.model

    def _component(self, sym: Symbol) -> m.Component:
        p = self._props(sym, f"{sym.kind} `{sym.name}`")
        url = p.get(n.UrlField)
        sym.model = m.Component(
            id=sym.id,
            name=sym.name,
            title=sym.node.title.value,
            kind=sym.kind,
            url=web_or_none(url.url.value) if url else None,
            personal_data=n.PersonalDataField in p,
            gloss=_text(p, n.GlossField),
            description=_text(p, n.DescriptionField),
            provenance=provenance(p),
        )
        return sym.model

    def _role(self, sym: Symbol) -> m.Role:
        p = self._props(sym, f"role `{sym.name}`")
        sym.model = m.Role(
            id=sym.id,
            name=sym.name,
            title=sym.node.title.value,
            gloss=_text(p, n.GlossField),
            description=_text(p, n.DescriptionField),
            provenance=provenance(p),
        )
        return sym.model

    def _tile(self, sym: Symbol) -> m.Tile:
        p = self._props(sym, f"tile `{sym.name}`")
        order = p.get(n.OrderField)
        parent_f = p.get(n.ParentField)
        parent = None
        if parent_f is not None:
            found = self.scope.lookup(sym.unit, parent_f.ref, ("tile",), "PB402")
            parent = found.id if found else None
        sym.model = m.Tile(
            id=sym.id,
            name=sym.name,
            title=sym.node.title.value,
            order=order.number if order else None,
            parent=parent,
            gloss=_text(p, n.GlossField),
            description=_text(p, n.DescriptionField),
            provenance=provenance(p),
        )
        return sym.model

    def _organisation(self, sym: Symbol) -> m.Organisation:
        p = self._props(sym, f"organisation `{sym.name}`")
        url = p.get(n.UrlField)
        sym.model = m.Organisation(
            id=sym.id,
            name=sym.name,
            title=sym.node.title.value,
            url=web_or_none(url.url.value) if url else None,  # PB019 for anything else
            gloss=_text(p, n.GlossField),
            description=_text(p, n.DescriptionField),
            provenance=provenance(p),
        )
        return sym.model

    def _system_props(self, sym: Symbol) -> None:
        """A top-level system: its body fields and its component alias, resolved once."""
        self._props(sym, f"system `{sym.name}`")
        if sym.node.alias is not None:
            sym.alias = self.scope.lookup(sym.unit, sym.node.alias, ("component", "facility"), "PB303")
