"""Citations read at a date, against the workspace's law snapshots (PB206 to PB209).

A citation is read at its own ``as-of`` date, else at its blueprint's ``legal as-of`` date,
else at the workspace's ``[law] date``, else in the newest snapshot of its law. The version in
force on that date is the latest snapshot from on or before it. Then: the article must be in
that version (PB206: repealed, or not yet in force), the cited lid must be one of its leden
(PB207), and every term the catalogue gives the article must be stated in its text (PB208, a
warning: the catalogue may be out of date). Laws without snapshots keep the catalogue checks
only; an excerpt snapshot (``partial``) says nothing about the articles it lacks. A snapshot
file that cannot be read is PB209.
"""

from __future__ import annotations

import re

import attrs

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Label
from pwib_dsl.sema.blueprints import BlueprintInfo
from pwib_dsl.sema.report import Reporter
from pwib_dsl.surface import nodes as n


@attrs.define
class LawContext:
    """What the dated checks need: the snapshot store and the workspace's date (or None)."""

    store: object  # pwib_dsl.law.store.Store
    date: str | None = None
    #: (file, law, article, version) pairs whose terms were already compared
    compared: set = attrs.Factory(set)
    broken: set = attrs.Factory(set)


def reading_date(ref: n.LegalRef, info: BlueprintInfo, ctx: LawContext, bwb: str) -> tuple[str | None, str]:
    """(date, where it comes from) for one citation; date None means "the newest version"."""
    if ref.as_of:
        return ref.as_of, "the citation's `as-of`"
    if info.legal_date is not None:
        return info.legal_date.date, "the blueprint's `legal as-of`"
    if ctx.date:
        return ctx.date, "`[law] date` in pwib.toml"
    return None, "the newest snapshot"


def check_dated_citations(info: BlueprintInfo, rep: Reporter, ctx: LawContext) -> None:
    from pwib_dsl.law.store import SnapshotError

    store = ctx.store
    for ninfo in info.nodes:
        for citation, ref, entry in ninfo.citations:
            bwb = citation.bwb
            if not store.has(bwb):
                continue
            date, origin = reading_date(ref, info, ctx, bwb)
            version = store.in_force(bwb, date) if date else store.latest(bwb)
            if version is None:
                continue  # no snapshot that old: the version in force is not known
            try:
                snap = store.get(bwb, version)
            except SnapshotError as exc:
                if (info.path, str(exc.path)) not in ctx.broken:
                    ctx.broken.add((info.path, str(exc.path)))
                    shown_path = exc.path.relative_to(store.folder.parent).as_posix()
                    rep.add("PB209", msg("PB209.unreadable-snapshot", path=shown_path, error=exc), info.path, ref.target.span, label="not checked",
                            help="import the law version again with `pwib law import`")
                continue
            shown = date or version
            art = snap.article(citation.article)
            if art is None:
                if not snap.partial:
                    _not_in_force(rep, info, ref, citation, store, bwb, version, shown, origin)
                continue
            lid = ref.target.lid.text if ref.target.lid else None
            if lid is not None and art.lid(lid) is None:
                have = ", ".join(x.number for x in art.leden)
                rep.add(
                    "PB207",
                    msg("PB207.no-lid", law=citation.law_name, article=citation.article, lid=lid, shown=shown),
                    info.path, ref.target.lid.span, label="no such lid",
                    notes=(f"the version from {version} has " + (f"leden {have}" if have else "no leden"),
                           f"read at {shown}: {origin}"),
                    help="cite a lid the article has, or pin the citation with `as-of DATE` to the text it relies on",
                )
            if entry is not None:
                _terms(rep, info, ref, citation, entry, art, lid, version, shown, ctx)


def _not_in_force(rep, info, ref, citation, store, bwb, version, shown, origin) -> None:
    later = [d for d in store.versions[bwb] if d > version and _has(store, bwb, d, citation.article)]
    earlier = [d for d in store.versions[bwb] if d < version and _has(store, bwb, d, citation.article)]
    if later:
        what, note = "is not yet in force", f"it is in the text from {later[0]}"
    elif earlier:
        what, note = "is repealed", f"it was last in the text from {earlier[-1]}"
    else:
        what, note = "does not exist", "no imported version of the law has it"
    rep.add(
        "PB206",
        msg("PB206.article-changed", law=citation.law_name, article=citation.article, what=what, shown=shown),
        info.path, ref.target.article.span, label=what.replace("is ", ""),
        notes=(note, f"read at {shown}: {origin}; the version in force then is the one from {version}"),
        help="cite the article that holds the rule on that date, or pin the citation with `as-of DATE`",
    )


def _has(store, bwb: str, version: str, number: str) -> bool:
    from pwib_dsl.law.store import SnapshotError

    try:
        return store.get(bwb, version).article(number) is not None
    except SnapshotError:
        return False


_WORDS = {
    1: ("een", "één"), 2: ("twee",), 3: ("drie",), 4: ("vier",), 5: ("vijf",), 6: ("zes",), 7: ("zeven",),
    8: ("acht",), 9: ("negen",), 10: ("tien",), 11: ("elf",), 12: ("twaalf",), 13: ("dertien",),
    14: ("veertien",), 16: ("zestien",), 18: ("achttien",), 20: ("twintig",), 26: ("zesentwintig",),
    52: ("tweeënvijftig",),
}
_UNIT_WORDS = {
    "day": "dag(?:en)?", "days": "dag(?:en)?", "workday": "werkdag(?:en)?", "workdays": "werkdag(?:en)?",
    "week": "we(?:ek|ken)", "weeks": "we(?:ek|ken)", "month": "maand(?:en)?", "months": "maand(?:en)?",
    "year": "ja(?:ar|ren)", "years": "ja(?:ar|ren)",
}


def states_term(text: str, amount: int, unit: str) -> bool:
    """Whether a law text states ``amount unit`` ("vier weken", "12 maanden", "8 weken")."""
    numbers = "|".join(re.escape(w) for w in (str(amount), *_WORDS.get(amount, ())))
    return re.search(rf"\b(?:{numbers})\s+(?:{_UNIT_WORDS[unit]})\b", text, re.I) is not None


def _terms(rep, info, ref, citation, entry, art, lid, version, shown, ctx) -> None:
    key = (info.path, citation.law, citation.article, version)
    if key in ctx.compared:
        return
    ctx.compared.add(key)
    for term in entry[1].find_all(n.Term):
        if states_term(art.text, term.amount, term.unit):
            continue
        rep.add(
            "PB208",
            msg("PB208.term-not-in-text", law=citation.law_name, article=citation.article, amount=term.amount, unit=term.unit, shown=shown),
            info.path, ref.target.span, label="term not in the law text",
            secondary=(Label(entry[3], term.span, "the catalogue's term"),),
            notes=(f"compared with the text from {version}" + (f" (the whole article; lid {lid} cited)" if lid else ""),),
            help="check the term against the law text and correct the catalogue, or pin the citation with `as-of DATE`",
        )
