"""Legal checks: a legal basis where rights are decided (PB201), deadlines within terms (PB205),
cited leden and onderdelen that the catalogue lists (PB210)."""

from __future__ import annotations

from fractions import Fraction

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Label
from pwib_dsl.sema import links
from pwib_dsl.sema.blueprints import BlueprintInfo
from pwib_dsl.sema.report import Reporter
from pwib_dsl.surface import nodes as n
from pwib_dsl.syntax import keywords

#: Outcomes that are decisions on someone's rights (Awb: a beschikking is a besluit).
FORMAL_OUTCOMES = ("beschikking", "besluit")


def check_legal_basis(info: BlueprintInfo, rep: Reporter) -> None:
    """PB201: decisions, formal outcomes and uses of personal data cite at least one article."""
    for ninfo in info.nodes:
        node = ninfo.ast
        if any(type(item) is n.LegalRef for item in node.items):
            continue
        reasons = []
        if type(node) is n.Decision:
            reasons.append("it is a decision")
        outcome = ninfo.model.outcome
        if outcome in FORMAL_OUTCOMES:
            reasons.append(f"its outcome is a `{outcome}`")
        personal = []
        for sinfo, _use in ninfo.systems:
            if sinfo.model.personal_data and sinfo.model.id not in personal:
                personal.append(sinfo.model.id)
        if personal:
            names = ", ".join(f"`{p}`" for p in personal)
            reasons.append(f"it uses {names}, which {'holds' if len(personal) == 1 else 'hold'} personal data")
        if not reasons:
            continue
        word = keywords.node_word(node)
        rep.add(
            "PB201",
            msg("PB201.needs-legal-basis", word=word, name=node.name.text, reasons="; ".join(reasons)),
            info.path,
            node.name.span,
            label="no `legal` reference",
            help="add a line `legal LAW art N` naming the article that allows this",
        )


def _largest_maximum(entry) -> tuple[n.Term, Fraction] | None:
    """The largest maximum term of a cited article's catalogue entry and its length in days."""
    maxima = [t for t in entry[1].find_all(n.Term) if t.is_max]
    if not maxima:
        return None
    term = max(maxima, key=lambda t: links.in_days(t.amount, t.unit))
    return term, links.in_days(term.amount, term.unit)


def check_deadlines(info: BlueprintInfo, rep: Reporter) -> None:
    """PB205: a deadline may not exceed the largest maximum term of an article the node cites."""
    for ninfo in info.nodes:
        deadlines = [item for item in ninfo.ast.items if type(item) is n.Deadline]
        if not deadlines or not ninfo.citations:
            continue
        for citation, ref, entry in ninfo.citations:
            if entry is None:
                continue
            found = _largest_maximum(entry)
            if found is None:
                continue
            term, limit = found
            for d in deadlines:
                if links.in_days(d.amount, d.unit) <= limit:
                    continue
                shown = links.describe(term.amount, term.unit)
                rep.add(
                    "PB205",
                    msg("PB205.deadline-too-long", term=links.describe(d.amount, d.unit), citation=citation.label, shown=shown),
                    info.path,
                    d.span,
                    label=f"exceeds {shown}",
                    secondary=(
                        Label(info.path, ref.target.span, "cited here"),
                        Label(entry[3], term.span, "the maximum term in the catalogue"),
                    ),
                    notes=(
                        "terms are compared in calendar days: a week is 7 days or 5 workdays, "
                        "a month 365/12 days, a year 365 days",
                    ),
                    help=f"shorten the deadline to at most {shown}, or cite the article that allows longer",
                )


def check_term_span_maxima(info: BlueprintInfo, rep: Reporter) -> None:
    """PB205 for named terms: a statutory maximum holds for the whole span it cites."""
    for span in info.spans:
        for citation, ref, entry in info.span_citations.get(span.name.text, ()):
            if entry is None:
                continue
            found = _largest_maximum(entry)
            if found is None:
                continue
            term, limit = found
            if links.in_days(span.amount, span.unit) <= limit:
                continue
            shown = links.describe(term.amount, term.unit)
            rep.add(
                "PB205",
                msg("PB205.term-too-long", name=span.name.text, term=links.describe(span.amount, span.unit), citation=citation.label, shown=shown, start=span.start.text, end=span.end.text),
                info.path, span.name.span, label=f"exceeds {shown}",
                secondary=(
                    Label(info.path, ref.target.span, "cited here"),
                    Label(entry[3], term.span, "the maximum term in the catalogue"),
                ),
                help=f"shorten the term to at most {shown}, or cite the article that allows longer",
            )


def check_listed_leden(info: BlueprintInfo, rep: Reporter, law=None) -> None:
    """PB210: a cited lid (or onderdeel) must be one the catalogue lists, once the article lists any.

    A step's citation of a law with snapshots in the workspace is left to PB207, which reads
    the leden of the text in force (``law``: the dated checks' context, or None)."""
    store = law.store if law is not None else None
    refs = [c for ninfo in info.nodes for c in ninfo.citations if store is None or not store.has(c[0].bwb)]
    refs += [c for span in info.spans for c in info.span_citations.get(span.name.text, ())]
    for citation, ref, entry in refs:
        target = ref.target
        if entry is None or target.lid is None:
            continue
        listed = entry[1].find_all(n.LidField)
        if not listed:
            continue  # the catalogue does not say which leden the article has
        leden = list(dict.fromkeys(f.lid.text for f in listed))
        lid = target.lid.text
        law = f"{citation.law_name} art {citation.article}"
        secondary = (Label(entry[3], entry[1].number.span, "the article's leden in the catalogue"),)
        if lid not in leden:
            rep.add(
                "PB210",
                msg("PB210.no-such-lid", law=law, lid=lid, listed=_listing("lid", leden, "and")),
                info.path, target.lid.span, label="no such lid", secondary=secondary,
                help=f"cite {_listing('lid', leden, 'or', plural=False)}" + _extend_help(entry, f"lid {lid}"),
            )
            continue
        if target.onderdeel is None:
            continue
        parts = list(dict.fromkeys(f.onderdeel.text for f in listed if f.lid.text == lid and f.onderdeel))
        if parts and target.onderdeel.text not in parts:
            rep.add(
                "PB210",
                msg("PB210.no-such-onderdeel", law=law, lid=lid, onderdeel=target.onderdeel.text,
                    listed=_listing("onderdeel", parts, "and")),
                info.path, target.onderdeel.span, label="no such onderdeel", secondary=secondary,
                help=f"cite {_listing('onderdeel', parts, 'or', plural=False)}"
                + _extend_help(entry, f"lid {lid} onderdeel {target.onderdeel.text}"),
            )


def _extend_help(entry, line: str) -> str:
    """How to record a lid the catalogue lacks: in the workspace's own law, or not at all when
    the article is the standard library's (a workspace cannot change it)."""
    if entry[3].startswith("<stdlib>"):
        return (f"; the standard library lists the leden from the text of the law; if the law does have "
                f"`{line}`, the catalogue is incomplete: set `unlisted-lid = \"warning\"` in `pwib.toml` "
                "while it is corrected")
    return f", or, if the article has it, add `{line}` (with the article's source) to the article"


def _listing(word: str, labels: list[str], last: str, plural: bool = True) -> str:
    """``lid 1`` / ``leden 1, 2 and 3`` / ``lid 1, 2 or 3``."""
    if len(labels) == 1:
        return f"{word} {labels[0]}"
    head = {"lid": "leden", "onderdeel": "onderdelen"}[word] if plural else word
    return f"{head} {', '.join(labels[:-1])} {last} {labels[-1]}"
