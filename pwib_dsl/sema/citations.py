"""Resolving legal references (``wgs art 4 lid 1``) into model citations with their links.

The law must be a catalogue law visible from the file (PB202). Where the law lists articles,
the cited article must be one of them (PB203, with the listed numbers as suggestions); where it
lists none, the article cannot be checked (PB204, once per law and article per file).
"""

from __future__ import annotations

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Label, Suggestion
from pwib_dsl.sema import links
from pwib_dsl.sema import model as m
from pwib_dsl.sema.scope import Scope
from pwib_dsl.diagnostics.suggest import did_you_mean, phrase
from pwib_dsl.sema.units import Symbol, Unit
from pwib_dsl.surface import nodes as n


def _natural(label: str) -> tuple:
    """``4:13`` after ``4:5``, ``47a`` after ``47``: digits compared as numbers."""
    import re

    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.findall(r"\d+|[^\d]+", label))


def nearby(number: str, numbers: list[str], each_side: int = 2) -> list[str]:
    """The listed article numbers just before and after ``number`` in the law's order."""
    ordered = sorted(numbers, key=_natural)
    key = _natural(number)
    at = next((i for i, x in enumerate(ordered) if _natural(x) > key), len(ordered))
    return ordered[max(0, at - each_side): at + each_side]


class Citer:
    """Turns legal targets into citations; remembers what it reported once per file."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.reporter = scope.reporter
        self._unlisted: set[tuple[str, str, str]] = set()

    def cite(
        self, unit: Unit, target: n.LegalTarget, note: str | None = None
    ) -> tuple[m.Citation | None, Symbol | None, object]:
        """The citation, the law symbol and the cited article entry (or None) of a target."""
        law_sym = self.scope.lookup(unit, target.law, ("law",), "PB202")
        if law_sym is None or law_sym.model is None:
            return None, None, None
        law: m.Law = law_sym.model
        number = target.article.text
        entry = law_sym.articles.get(number) if law_sym.articles else None
        if entry is None:
            self._missing_article(unit, target, law_sym)
        else:
            self.reporter.references.append(
                (unit.path, target.article.span, 0, entry[3], entry[1].number.span, "article", f"{law_sym.id} art {number}")
            )
        article = entry[0] if entry else None
        lid = target.lid.text if target.lid else None
        onderdeel = target.onderdeel.text if target.onderdeel else None
        jci = links.jci(law.bwb, number, lid)
        citation = m.Citation(
            law=law.id,
            law_name=law.name,
            law_title=law.title,
            article=number,
            label=links.citation_label(law.name, number, lid, onderdeel),
            url=links.jci_url(jci, law.url),
            jci=jci,
            bwb=law.bwb,
            article_title=article.title if article else None,
            lid=lid,
            onderdeel=onderdeel,
            note=note,
        )
        return citation, law_sym, entry

    def _missing_article(self, unit: Unit, target: n.LegalTarget, law_sym: Symbol) -> None:
        law: m.Law = law_sym.model
        number = target.article.text
        if not law_sym.articles:
            key = (unit.path, law.id, number)
            if key in self._unlisted:
                return
            self._unlisted.add(key)
            self.reporter.add(
                "PB204",
                msg("PB204.no-articles", law=law.id, number=number),
                unit.path,
                target.article.span,
                label="not checked",
                secondary=(Label(law_sym.unit.path, law_sym.node.name.span, "the law, without articles"),),
                help=f"add `article {number} \"...\"` to the law in module `{law_sym.unit.module}`",
            )
            return
        numbers = list(law_sym.articles)
        close = did_you_mean(number, numbers)
        near = nearby(number, numbers)
        notes = [f"the catalogue lists, near art {number}: {', '.join(near)}"] if near else []
        if close:
            notes.append(f"or is it a typing error for art {phrase(close)}?")
        source = law.url or "https://..."
        self.reporter.add(
            "PB203",
            msg("PB203.no-article", law=law.id, number=number),
            unit.path,
            target.article.span,
            label="unknown article",
            secondary=(Label(law_sym.unit.path, law_sym.node.name.span, "the law's catalogue entry"),),
            notes=tuple(notes),
            help=(
                f"if art {number} is cited correctly, add it to the catalogue from a workspace file: "
                f'`extend {law.id} {{ article {number} "Title" {{ source "{source}" }} }}`'
            ),
            suggestions=tuple(Suggestion(unit.path, target.article.span, c, f"replace with `{c}`") for c in close),
        )
