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
from pwib_dsl.syntax import keywords

LANES = keywords.of_kind("lane")

#: Step items whose aspect is the flow (where the journey goes next), not their keyword.
_FLOW_ITEMS = (n.Next, n.Branch, n.Otherwise, n.ParallelBranch)
#: The order aspects are reported in: lanes top to bottom, then layers, then the flow.
STEP_ASPECT_ORDER = tuple(f"{lane} lane" for lane in LANES) + (
    "system", "measure", "policy", "communication", "functionality", "toolkit", "pain",
    "opportunity", "emotion", "kpi", "note", "wait", "deadline", "outcome", "journey", "flow",
)


def field_aspect(item: n.Node) -> str:
    """The aspect of a catalogue or blueprint field: its keyword (``legal as-of`` for the date)."""
    if isinstance(item, n.LegalDateField):
        return "legal as-of"
    return keywords.node_word(item)


def kind(node: n.Node | type) -> str:
    """What a named thing is called: the keyword that declares it (``step``, ``extend``)."""
    return keywords.node_word(node)


def step_aspect(item: n.Node) -> str:
    if isinstance(item, n.LaneEntry):
        return f"{item.lane} lane"
    if isinstance(item, n.TextLayer):
        return item.layer
    if isinstance(item, _FLOW_ITEMS):
        return "flow"
    return keywords.node_word(item)


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
