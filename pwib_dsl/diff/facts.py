"""How facts are named and shown in a diff: aspects, citations and the language's own spelling.

A fact is shown as the formatter prints it (``customer inwoner "Vult in"``), so a reviewer sees
exactly the line to look for. A legal reference is also shown as a citation
(``Wgs art. 4 lid 1``) in the legal-basis section.
"""

from __future__ import annotations

from collections import Counter

from pwib_dsl.diff.lists import compare_facts
from pwib_dsl.diff.model import Change, Ref
from pwib_dsl.fmt.render import statement, string
from pwib_dsl.surface import nodes as n

LANES = ("evidence", "customer", "frontstage", "backstage", "support")

#: The aspect of a step item, for every item class but the legal reference (its own section).
_STEP_ASPECT = {
    n.SystemUse: "system",
    n.MeasureUse: "measure",
    n.Communication: "communication",
    n.Emotion: "emotion",
    n.Deadline: "deadline",
    n.Wait: "wait",
    n.Outcome: "outcome",
    n.Journey: "journey",
    n.Next: "flow",
    n.Branch: "flow",
    n.Otherwise: "flow",
    n.ParallelBranch: "flow",
    n.Wait: "wait",
}
#: The order aspects are reported in: lanes top to bottom, then layers, then the flow.
STEP_ASPECT_ORDER = tuple(f"{lane} lane" for lane in LANES) + (
    "system", "measure", "policy", "communication", "functionality", "toolkit", "pain",
    "opportunity", "emotion", "kpi", "note", "wait", "deadline", "outcome", "journey", "flow",
)

#: The aspect of a catalogue or blueprint field: its keyword.
FIELD_ASPECT = {
    n.BwbField: "bwb", n.CvdrField: "cvdr", n.Term: "term", n.LidField: "lid", n.ThemeField: "theme",
    n.PhaseField: "phase",
    n.ChangesField: "changes", n.EffectiveField: "effective", n.UrlField: "url",
    n.PersonalDataField: "personal-data", n.OrderField: "order", n.ParentField: "parent",
    n.SourceField: "source", n.VerifiedField: "verified", n.DescriptionField: "description",
    n.GlossField: "gloss", n.VersionField: "version", n.StatusField: "status", n.TileField: "tile",
    n.ImplementsField: "implements", n.OwnerField: "owner", n.RetroactiveField: "retroactive",
    n.LegalDateField: "legal as-of",
}

KIND = {
    n.Step: "step", n.Decision: "decision", n.End: "end", n.Fork: "fork", n.Join: "join", n.Phase: "phase", n.Blueprint: "blueprint",
    n.Law: "law", n.Article: "article", n.Measure: "measure", n.Component: "component",
    n.Facility: "facility", n.Role: "role", n.Tile: "tile", n.SystemDecl: "system", n.ActorDecl: "actor",
    n.Organisation: "organisation", n.LawExtension: "extend",
}


def step_aspect(item: n.Node) -> str:
    if isinstance(item, n.LaneEntry):
        return f"{item.lane} lane"
    if isinstance(item, n.TextLayer):
        return item.layer
    return _STEP_ASPECT[type(item)]


def cite(ref: n.LegalRef) -> str:
    """``Wgs art. 4 lid 1 onderdeel a``, with the note (if any) after it."""
    law = ref.target.law
    name = law.parts[0][:1].upper() + law.parts[0][1:] if len(law.parts) == 1 else law.dotted
    text = f"{name} art. {ref.target.article.text}"
    if ref.target.lid is not None:
        text += f" lid {ref.target.lid.text}"
    if ref.target.onderdeel is not None:
        text += f" onderdeel {ref.target.onderdeel.text}"
    if ref.as_of is not None:
        text += f" as of {ref.as_of}"
    if ref.note is not None:
        text += f" ({string(ref.note)})"
    return text


def title(node: n.Node) -> str:
    t = getattr(node, "title", None)
    return string(t) if t is not None else ""


def grouped(items, aspect_of) -> dict[str, list]:
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(aspect_of(item), []).append(item)
    return groups


def fact_changes(
    section: str, owner: Ref, path: tuple[Ref, ...], old_items, new_items, aspect_of, order=()
) -> list[Change]:
    """Changes between two lists of facts, aspect by aspect (``order`` first, then the rest sorted)."""
    old_groups, new_groups = grouped(old_items, aspect_of), grouped(new_items, aspect_of)
    aspects = [a for a in order if a in old_groups or a in new_groups]
    aspects += sorted((set(old_groups) | set(new_groups)) - set(aspects))
    out: list[Change] = []
    for aspect in aspects:
        for action, a, b in compare_facts(old_groups.get(aspect, []), new_groups.get(aspect, [])):
            out.append(
                Change(
                    section, owner, path, action, aspect,
                    old=(statement(a),) if a is not None else (),
                    new=(statement(b),) if b is not None else (),
                )
            )
    return out


def legal_change(owner: Ref, path: tuple[Ref, ...], old: list[n.LegalRef], new: list[n.LegalRef], note: str = ""):
    """The one legal-basis change of a step, or None: old and new citations in full."""
    if old == new:
        return None
    if not old:
        action = "added"
    elif not new:
        action = "removed"
    elif Counter(old) == Counter(new):
        action = "reordered"
    else:
        action = "changed"
    return Change(
        "legal", owner, path, action, "legal basis",
        old=tuple(map(cite, old)), new=tuple(map(cite, new)), note=note,
    )
