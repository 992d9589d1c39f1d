"""The ``pwib:`` extension elements: blueprint facts BPMN has no place for.

Described by ``pwib_dsl/data/xsd/pwib-blueprint.xsd`` (namespace :data:`NS`); each function
returns the XML of one element for a ``bpmn:extensionElements``, already escaped. Lane entries,
layers, measures, tiles, evidence, emotion and the exact legal terms travel here, so a tool that
reads the BPMN loses nothing of the blueprint.
"""

from __future__ import annotations

from pwib_dsl.backends.bpmn.text import esc_attr, esc_text
from pwib_dsl.sema import model as m

NS = "https://pwib-dsl.nl/schema/blueprint/1"
XSD_NAME = "pwib-blueprint.xsd"


def _attrs(pairs) -> str:
    return "".join(f' {k}="{esc_attr(v)}"' for k, v in pairs if v is not None)


def _el(tag: str, pairs=(), text: str | None = None) -> str:
    head = f"<pwib:{tag}{_attrs(pairs)}"
    if text is None:
        return head + "/>"
    return f"{head}>{esc_text(text)}</pwib:{tag}>"


def blueprint(bp: m.Blueprint, titles: dict[str, str]) -> str:
    """On the process: identity and metadata of the blueprint."""
    inner = []
    if bp.description is not None:
        inner.append(_el("description", (), bp.description))
    if bp.tile is not None:
        inner.append(_el("tile", (("ref", bp.tile), ("title", titles.get(bp.tile)))))
    for measure in bp.implements:
        inner.append(_el("implements", (("ref", measure), ("title", titles.get(measure)))))
    head = _attrs(
        (
            ("name", bp.id),
            ("title", bp.title),
            ("file", bp.file),
            ("version", bp.version),
            ("status", bp.status),
            ("owner", bp.owner),
        )
    )
    if not inner:
        return f"<pwib:blueprint{head}/>"
    return f"<pwib:blueprint{head}>{''.join(inner)}</pwib:blueprint>"


def actor(actor_: m.Actor | None, synthetic: str | None, role_title: str | None) -> str:
    """On a lane: the actor it stands for (or ``synthetic`` resident/organisation lane)."""
    if actor_ is None:
        return _el("actor", (("synthetic", synthetic),))
    return _el("actor", (("name", actor_.id), ("role", actor_.role), ("roleTitle", role_title)))


def system(sys_: m.System) -> str:
    """On a data store: the blueprint system and the GEMMA component it realises."""
    pairs = (
        ("name", sys_.id),
        ("component", sys_.component),
        ("personalData", "true" if sys_.personal_data else None),
        ("url", sys_.url),
    )
    return _el("system", pairs, sys_.description)


def phase(ph: m.Phase) -> str:
    """On a group: the phase it draws."""
    return _el("phase", (("name", ph.id),))


def deadline(dl: m.Deadline, duration: str, approximate: bool) -> str:
    """On a timer boundary event: the exact term, and the ISO duration the timer uses."""
    pairs = (
        ("amount", str(dl.amount)),
        ("unit", dl.unit),
        ("duration", duration),
        ("approximate", "true" if approximate else None),
        ("target", dl.target),
    )
    return _el("deadline", pairs, dl.note)


def term(t: m.TermSpan, duration: str, approximate: bool) -> str:
    """On a named term's timer: the term as written, its span, suspension and situation."""
    inner = [_el("suspendedBy", (("node", n),)) for n in t.suspended_by]
    if t.condition is not None:
        inner.append(_el("situation", (), t.condition))
    inner.extend(citation(c) for c in t.legal)
    if t.note is not None:
        inner.append(_el("note", (), t.note))
    head = _attrs((
        ("name", t.id),
        ("amount", str(t.amount)),
        ("unit", t.unit),
        ("duration", duration),
        ("approximate", "true" if approximate else None),
        ("from", t.start),
        ("to", t.end),
    ))
    if not inner:
        return f"<pwib:term{head}/>"
    return f"<pwib:term{head}>{''.join(inner)}</pwib:term>"


def citation(c: m.Citation) -> str:
    pairs = (
        ("law", c.law),
        ("lawName", c.law_name),
        ("article", c.article),
        ("lid", c.lid),
        ("onderdeel", c.onderdeel),
        ("label", c.label),
        ("url", c.url),
        ("jci", c.jci),
        ("bwb", c.bwb),
    )
    return _el("legal", pairs, c.note)


def node(
    n: m.FlowNode,
    titles: dict[str, str],
    durations: list[tuple[str, bool]],
    journey_process: str | None,
) -> str:
    """On the element that carries a step, decision or end: every lane entry and layer."""
    inner = []
    for entry in n.lanes:
        inner.append(_el("lane", (("lane", entry.lane), ("actor", entry.actor)), entry.text))
    for c in n.legal:
        inner.append(citation(c))
    for text in n.policy:
        inner.append(_el("policy", (), text))
    for comm in n.communication:
        inner.append(_el("communication", (("channel", comm.channel),), comm.text))
    for text in n.functionality:
        inner.append(_el("functionality", (), text))
    for sys_id in n.systems:
        inner.append(_el("uses", (("system", sys_id),)))
    for measure in n.measures:
        inner.append(_el("measure", (("ref", measure), ("title", titles.get(measure)))))
    for tag, texts in (
        ("toolkit", n.toolkit),
        ("pain", n.pains),
        ("opportunity", n.opportunities),
        ("kpi", n.kpis),
        ("note", n.notes),
    ):
        for text in texts:
            inner.append(_el(tag, (), text))
    if n.emotion is not None:
        inner.append(_el("emotion", (), str(n.emotion)))
    wait = getattr(n, "wait", None)
    if wait is not None:
        inner.append(_el("wait", (("party", wait.party), ("partyKind", wait.party_kind)),
                         wait.event))
    for dl, (duration, approximate) in zip(n.deadlines, durations):
        inner.append(deadline(dl, duration, approximate))
    if n.outcome is not None:
        inner.append(_el("outcome", (), n.outcome))
    if n.journey is not None:
        inner.append(_el("journey", (("ref", n.journey), ("process", journey_process))))
    head = _attrs((("name", n.id), ("kind", n.kind), ("phase", n.phase)))
    if not inner:
        return f"<pwib:node{head}/>"
    return f"<pwib:node{head}>{''.join(inner)}</pwib:node>"
