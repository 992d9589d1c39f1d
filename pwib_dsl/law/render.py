"""Impact reports as text, Markdown and JSON. Deterministic: the report's order, no clock."""

from __future__ import annotations

import json
import textwrap

import attrs

from pwib_dsl.law.impact import KIND_WORDS, Report


def render(report: Report, fmt: str) -> str:
    return {"text": text, "markdown": markdown, "json": as_json}[fmt](report)


def _headline(report: Report) -> str:
    scope = f" ({report.scope})" if report.scope else ""
    named = [m for m in report.measures if m.blueprints or m.steps]
    taking = (f"; {len(named)} measure{'s' if len(named) != 1 else ''} that blueprints name take{'s' if len(named) == 1 else ''} effect"
              if named else "")
    if not report.changes:
        return f"Impact {report.date_from} → {report.date_to}{scope}: no cited article changed{taking}"
    bps = {a.blueprint for c in report.changes for a in c.affected}
    n, k = len(report.changes), report.affected_count
    return (f"Impact {report.date_from} → {report.date_to}{scope}: {n} cited article{'s' if n != 1 else ''} changed, "
            f"{k} step{'s' if k != 1 else ''} in {len(bps)} blueprint{'s' if len(bps) != 1 else ''} affected{taking}")


def text(report: Report) -> str:
    out = [_headline(report), ""]
    for c in report.changes:
        out.append(f"{KIND_WORDS[c.kind]}: {c.label} ({c.bwb}, text of {c.old.version or '-'} → {c.new.version or '-'})")
        out.append(f"  {c.detail}")
        for a in c.affected:
            out.append(f"  - {a.blueprint} {a.kind} `{a.node}` \"{a.node_title}\" ({a.file})")
            if a.pinned:
                out.append(f"      pinned as of {a.pinned}")
            if a.systems:
                out.append("      systems: " + ", ".join(a.systems))
            for letter in a.letters:
                out.append(f"      letter: {letter}")
            out.append(f"      process: {a.process}")
            if a.measures:
                out.append("      measures: " + ", ".join(a.measures))
        for name, side in (("old", c.old), ("new", c.new)):
            shown = side.text if side.text is not None else "(not in this version)"
            lines = textwrap.wrap(shown, 96) or [""]
            out.append(f"  {name} ({side.version or '-'}{', art ' + side.number if side.number else ''}):")
            out.extend(f"    {line}" for line in lines)
        out.append("")
    out.extend(_footer(report))
    return "\n".join(out).rstrip() + "\n"


def _footer(report: Report) -> list[str]:
    out = []
    for m in report.measures:
        who = ", ".join(m.blueprints + m.steps) or "no blueprint names it"
        retro = f"; retroactive to {', '.join(m.retroactive)}" if m.retroactive else ""
        phase = f"phase {m.phase}, " if m.phase is not None else ""
        out.append(f"measure {m.id} ({phase}in effect {', '.join(m.dates)}{retro}): {who}")
    if report.unchecked:
        out.append("no snapshots, not compared: " + ", ".join(report.unchecked))
    if report.not_in_excerpt:
        out.append("not in the excerpt snapshots, not compared: " + ", ".join(report.not_in_excerpt))
    return out


def markdown(report: Report) -> str:
    out = [f"# {_headline(report)}", ""]
    for c in report.changes:
        out.append(f"## {KIND_WORDS[c.kind].capitalize()}: {c.label}")
        out.append("")
        out.append(f"{c.detail} ({c.bwb}, text of {c.old.version or '-'} → {c.new.version or '-'})")
        out.append("")
        out.append("| Blueprint | Step | Systems | Letters | Process |")
        out.append("|---|---|---|---|---|")
        for a in c.affected:
            pin = f" (as of {a.pinned})" if a.pinned else ""
            out.append(f"| {_cell(a.blueprint_title)} (`{a.file}`) | {_cell(a.node_title)} (`{a.node}`){pin} | "
                       f"{_cell(', '.join(a.systems))} | {_cell('; '.join(a.letters))} | `{a.process}` |")
        out.append("")
        out.append(f"| Old ({c.old.version or '-'}) | New ({c.new.version or '-'}) |")
        out.append("|---|---|")
        out.append(f"| {_cell(c.old.text or '(not in this version)')} | {_cell(c.new.text or '(not in this version)')} |")
        out.append("")
    foot = _footer(report)
    if foot:
        out.extend(f"- {line}" for line in foot)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_json(report: Report) -> str:
    data = attrs.asdict(report)
    data["affected_count"] = report.affected_count
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
