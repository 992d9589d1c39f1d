"""What a change of the law means for a workspace: the steps, systems, letters and processes
whose cited article changed between two dates.

For every citation of a law with snapshots, the text it relies on (the version in force on the
*from* date, or on its own ``as-of`` date or its blueprint's ``legal as-of``: a pinned citation
relies on the text of its pin) is compared with the version in force on the *to* date. What
can happen to a cited article, most serious first: it is repealed, it is renumbered (its text
now stands under another number), its cited lid is removed, its leden change, its text
changes, or it comes into force. A lid citation is affected only by a change of that lid.

Municipal variants do not exist in the language yet; every affected entry carries a
``variants`` list (empty) so that reports and their readers keep their shape when they come:
a variant of a blueprint will be listed under the entries of the blueprint it varies.
"""

from __future__ import annotations

import datetime
import difflib

import attrs

#: Kinds of change, most serious first.
KINDS = ("repealed", "renumbered", "lid-removed", "leden-changed", "text-changed", "in-force")
KIND_WORDS = {
    "repealed": "repealed",
    "renumbered": "renumbered",
    "lid-removed": "lid removed",
    "leden-changed": "leden changed",
    "text-changed": "text changed",
    "in-force": "comes into force",
}


@attrs.frozen
class Side:
    version: str | None  # the snapshot's valid-from date, None when the article is not in it
    number: str | None  # the article (with lid) as numbered in that version
    text: str | None
    url: str | None = None


@attrs.frozen
class Affected:
    """One flow node that cites the changed article, with what hangs on it."""

    blueprint: str
    blueprint_title: str
    file: str
    node: str
    node_title: str
    kind: str  # step | decision | end
    systems: tuple[str, ...] = ()  # system titles
    letters: tuple[str, ...] = ()  # communication lines ("brief: Ontvangstbevestiging")
    process: str = ""  # the BPMN file of the blueprint
    measures: tuple[str, ...] = ()
    pinned: str | None = None  # the citation's own as-of date
    variants: tuple[str, ...] = ()


@attrs.frozen
class Change:
    law: str  # law id (wet.wgs)
    label: str  # "Wgs art. 7 lid 2"
    bwb: str
    article: str
    lid: str | None
    kind: str
    detail: str
    old: Side
    new: Side
    affected: tuple[Affected, ...]

    @property
    def rank(self) -> int:
        return KINDS.index(self.kind)


@attrs.frozen
class MeasureNote:
    """A measure taking effect in the period, and the blueprints and steps that name it."""

    id: str
    title: str
    phase: int | None
    dates: tuple[str, ...]  # effective dates in the period
    retroactive: tuple[str, ...]
    blueprints: tuple[str, ...]
    steps: tuple[str, ...]  # "blueprint/step"


@attrs.frozen
class Report:
    date_from: str
    date_to: str
    changes: tuple[Change, ...]
    measures: tuple[MeasureNote, ...] = ()
    #: laws cited without snapshots: their changes cannot be seen
    unchecked: tuple[str, ...] = ()
    #: cited articles that excerpt snapshots do not hold: not compared either
    not_in_excerpt: tuple[str, ...] = ()
    scope: str | None = None  # "measure pwib.x" or "phase 2", when restricted

    @property
    def affected_count(self) -> int:
        return sum(len(c.affected) for c in self.changes)

    @property
    def any(self) -> bool:
        """Something is affected: a cited article changed, or a measure that a blueprint
        implements or names takes effect."""
        return bool(self.changes) or any(m.blueprints or m.steps for m in self.measures)


def day_before(date: str) -> str:
    return (datetime.date.fromisoformat(date) - datetime.timedelta(days=1)).isoformat()


def compute(workspace, pins: dict, store, date_from: str, date_to: str, *,
            only: set | None = None, measures=(), scope: str | None = None) -> Report:
    """The impact report. ``pins`` maps (blueprint, node, label) to the citation's pinned date
    and (blueprint,) to the blueprint's ``legal as-of``; ``only`` restricts to (law id,
    article) pairs (a measure's ``changes``)."""
    from pwib_dsl.backends import output_path

    found: dict[tuple, dict] = {}
    unchecked: set[str] = set()
    missing: set[str] = set()
    memo: dict[tuple, tuple] = {}
    for bp in workspace.blueprints:
        bp_pin = pins.get((bp.id,))
        systems = {s.id: s.title for s in bp.systems}
        for node in bp.nodes:
            for cit in node.legal:
                if only is not None and (cit.law, cit.article) not in only:
                    continue
                if not store.has(cit.bwb):
                    unchecked.add(cit.law)
                    continue
                pinned = pins.get((bp.id, node.id, cit.label))
                start = pinned or bp_pin or date_from
                memo_key = (cit.bwb, cit.article, cit.lid, start)
                if memo_key not in memo:  # many citations share an article: compare it once
                    change = _compare(store, cit, start, date_to)
                    outside = change is None and _outside_excerpt(store, cit, start, date_to)
                    memo[memo_key] = (change, outside)
                change, outside = memo[memo_key]
                if change is None:
                    if outside:
                        missing.add(f"{cit.law} art {cit.article}")
                    continue
                kind, detail, old, new = change
                key = (cit.law, cit.article, cit.lid, kind, old.version, new.version)
                entry = found.setdefault(key, {"cit": cit, "kind": kind, "detail": detail, "old": old, "new": new,
                                               "affected": []})
                entry["affected"].append(
                    Affected(
                        blueprint=bp.id, blueprint_title=bp.title, file=bp.file, node=node.id,
                        node_title=node.title, kind=node.kind,
                        systems=tuple(systems.get(s, s) for s in node.systems),
                        letters=tuple(f"{c.channel}: {c.text}" if c.channel else c.text for c in node.communication),
                        process=output_path("bpmn", bp.id), measures=node.measures, pinned=pinned,
                    )
                )
    changes = [
        Change(
            law=e["cit"].law, label=e["cit"].label, bwb=e["cit"].bwb, article=e["cit"].article, lid=e["cit"].lid,
            kind=e["kind"], detail=e["detail"], old=e["old"], new=e["new"], affected=tuple(e["affected"]),
        )
        for e in found.values()
    ]
    changes.sort(key=lambda c: (c.rank, c.law, _natural(c.article), _natural(c.lid or ""), c.old.version or ""))
    return Report(date_from, date_to, tuple(changes), tuple(measures), unchecked=tuple(sorted(unchecked)),
                  not_in_excerpt=tuple(sorted(missing, key=_natural)), scope=scope)


def _outside_excerpt(store, cit, start: str, end: str) -> bool:
    """Whether an excerpt snapshot of either date lacks the cited article."""
    from pwib_dsl.law.store import SnapshotError

    for date in (start, end):
        version = store.in_force(cit.bwb, date)
        if version is None:
            continue
        try:
            snap = store.get(cit.bwb, version)
        except SnapshotError:
            continue
        if snap.partial and snap.article(cit.article) is None:
            return True
    return False


def _natural(text: str) -> tuple:
    import re

    return tuple((int(p), "") if p.isdigit() else (10**9, p) for p in re.findall(r"\d+|\D+", text))


def _compare(store, cit, start: str, end: str):
    """(kind, detail, old side, new side) or None when the cited text is the same."""
    from pwib_dsl.law.store import SnapshotError

    bwb = cit.bwb
    v_old, v_new = store.in_force(bwb, start), store.in_force(bwb, end)
    if v_new is None or v_old == v_new:
        return None
    try:
        old_snap = store.get(bwb, v_old) if v_old else None
        new_snap = store.get(bwb, v_new)
    except SnapshotError:
        return None
    old_art = old_snap.article(cit.article) if old_snap else None
    new_art = new_snap.article(cit.article)
    lid = cit.lid
    label = cit.article + (f" lid {lid}" if lid else "")

    def side(snap, art):
        if art is None:
            return Side(snap.valid_from if snap else None, None, None)
        if lid is not None:
            part = art.lid(lid)
            return Side(snap.valid_from, label if part else None, part.text if part else None, art.url)
        return Side(snap.valid_from, art.number, art.text, art.url)

    old, new = side(old_snap, old_art), side(new_snap, new_art)
    if old_art is None:
        if old_snap is None or old_snap.partial or new_art is None:
            return None
        return "in-force", f"art {cit.article} is not in the text from {v_old}", old, new
    if new_art is None:
        if new_snap.partial:
            return None
        moved = [a for a in new_snap.articles if a.hash == old_art.hash and old_snap.article(a.number) is None]
        if moved:
            to = moved[0]
            new = Side(v_new, to.number, to.text if lid is None else (to.lid(lid).text if to.lid(lid) else None), to.url)
            return "renumbered", f"art {cit.article} is now art {to.number}", old, new
        return "repealed", f"art {cit.article} is not in the text from {v_new}", old, new
    if lid is not None:
        o, n = old_art.lid(lid), new_art.lid(lid)
        if o is None and n is None:
            return None
        if n is None:
            return "lid-removed", f"art {cit.article} has no lid {lid} from {v_new}", old, new
        if o is None:
            return "in-force", f"lid {lid} is new in the text from {v_new}", old, new
        if o.hash == n.hash:
            return None
        return "text-changed", word_change(o.text, n.text), old, new
    if old_art.hash == new_art.hash:
        return None
    before = [x.number for x in old_art.leden]
    after = [x.number for x in new_art.leden]
    if before != after:
        gained = [x for x in after if x not in before]
        lost = [x for x in before if x not in after]
        parts = ([f"lid {', '.join(gained)} added"] if gained else []) + ([f"lid {', '.join(lost)} removed"] if lost else [])
        return "leden-changed", "; ".join(parts) or "leden renumbered", old, new
    changed = [o.number for o, n in zip(old_art.leden, new_art.leden) if o.hash != n.hash]
    detail = word_change(old_art.text, new_art.text)
    if changed:
        detail = f"lid {', '.join(changed)}: " + detail
    return "text-changed", detail, old, new


def word_change(old: str, new: str) -> str:
    """The changed words, ``'3°' → '4°'``: a short account of a text change."""
    a, b = old.split(), new.split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        was, now = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if op == "replace":
            parts.append(f"'{was}' → '{now}'")
        elif op == "delete":
            parts.append(f"'{was}' removed")
        else:
            parts.append(f"'{now}' added")
    shown = "; ".join(parts[:4]) + ("; ..." if len(parts) > 4 else "")
    return shown or "white space only"


def pins_of(files) -> dict:
    """Pinned dates from the syntax trees: (blueprint,) → its ``legal as-of``, and (blueprint,
    node, citation label) → a citation's ``as-of``."""
    from pwib_dsl.sema import links
    from pwib_dsl.surface import nodes as n

    out: dict = {}
    for file in files:
        for bp in file.blueprints:
            for item in bp.items:
                if type(item) is n.LegalDateField:
                    out.setdefault((bp.name.text,), item.date)
            for _phase, node in bp.flow_nodes():
                for item in node.items:
                    if type(item) is n.LegalRef and item.as_of:
                        t = item.target
                        label = links.citation_label(t.law.parts[-1], t.article.text,
                                                     t.lid.text if t.lid else None,
                                                     t.onderdeel.text if t.onderdeel else None)
                        out[(bp.name.text, node.name.text, label)] = item.as_of
    return out


def reports_by_date(workspace, pins: dict, store) -> tuple[Report, ...]:
    """One report per date on which a cited law gets a new version or a measure takes effect:
    what changes from the day before to that day. Dates with nothing to say are left out."""
    measures = workspace.catalogue.measures
    dates = {e.date for m in measures for e in m.effective}
    if store is not None:
        for versions in store.versions.values():
            dates.update(versions[1:])  # the first version of a law is no change
    out = []
    for date in sorted(dates):
        before = day_before(date)
        notes = measure_notes(workspace, measures, before, date)
        if store is not None:
            report = compute(workspace, pins, store, before, date, measures=notes)
        else:
            report = Report(before, date, (), notes)
        if report.changes or report.measures:
            out.append(report)
    return tuple(out)


def measure_notes(workspace, measures, date_from: str, date_to: str) -> tuple[MeasureNote, ...]:
    """The measures taking effect after ``date_from`` up to ``date_to``, and who names them."""
    out = []
    for meas in measures:
        dates = tuple(e.date for e in meas.effective if date_from < e.date <= date_to)
        retro = tuple(e.date for e in getattr(meas, "retroactive", ()))
        if not dates:
            continue
        bps, steps = [], []
        for bp in workspace.blueprints:
            if meas.id in bp.implements:
                bps.append(bp.id)
            for node in bp.nodes:
                if meas.id in node.measures:
                    steps.append(f"{bp.id}/{node.id}")
        out.append(MeasureNote(meas.id, meas.title, meas.phase, dates, retro, tuple(bps), tuple(steps)))
    return tuple(out)
