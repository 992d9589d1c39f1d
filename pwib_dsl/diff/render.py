"""Renderers of a :class:`DiffResult`: ``text`` (terminal), ``markdown`` (a review comment), ``json``.

All three list the legal-basis section first, then one group per blueprint, then the catalogue
and the files. ``json`` is stable: sorted keys, two-space indent, a final newline, and changes
in the same order as the other formats.
"""

from __future__ import annotations

import json
import re

from pwib_dsl.diff.model import Change, DiffResult

FORMATS = ("text", "markdown", "json")
_SECTION_TITLES = {"legal": "Legal basis", "catalogue": "Catalogue", "files": "Files"}


def render(result: DiffResult, fmt: str) -> str:
    return {"text": text, "markdown": markdown, "json": to_json}[fmt](result)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _groups(result: DiffResult) -> list[tuple[str, list[Change], bool]]:
    """(heading, changes, lines name their owner) in report order."""
    groups: list[tuple[str, list[Change], bool]] = []
    legal = list(result.section("legal"))
    if legal:
        groups.append((_SECTION_TITLES["legal"], legal, True))
    per_blueprint: dict[str, list[Change]] = {}
    for c in result.section("blueprints"):
        per_blueprint.setdefault(c.owner.name, []).append(c)
    for name, changes in per_blueprint.items():
        groups.append((f"Blueprint `{name}`", changes, False))
    for section in ("catalogue", "files"):
        changes = list(result.section(section))
        if changes:
            groups.append((_SECTION_TITLES[section], changes, True))
    return groups


# ---------------------------------------------------------------- one change as a sentence


def _sentence(c: Change, with_owner: bool, code, cite) -> str:
    """``step `gesprek`: legal basis changed: A → B``; ``code``/``cite`` style the values."""
    refs = ((c.owner,) if with_owner else ()) + c.path
    subject = " › ".join(f"{r.kind} `{r.name}`" for r in refs)
    style = cite if c.aspect == "legal basis" else code
    old = "; ".join(style(v) for v in c.old)
    new = "; ".join(style(v) for v in c.new)
    aspect = c.aspect
    if c.action == "changed":
        what = f"{aspect} changed: {old} → {new}"
    elif c.action == "retitled":
        what = f"retitled: {old} → {new}"
    elif c.action == "added":
        what = f"{aspect} added" if aspect else "added"
        what += f": {new}" if c.new and c.new != (aspect,) else ""  # a flag says it all
    elif c.action == "removed":
        what = f"{aspect} removed" if aspect else "removed"
        what += f": {old}" if c.old and c.old != (aspect,) else ""
    elif c.action == "moved":
        what = "moved"
    else:  # reordered
        what = f"{aspect} reordered" if aspect else "reordered"
    if c.note and c.action == "moved":
        what += f" {c.note}"
    elif c.note and c.action == "reordered":
        what += f": {c.note}"
    elif c.note:
        what += f" ({c.note})"
    return f"{subject}: {what}" if subject else what


def _oneline(value: str) -> str:
    # A """ string spans lines; a diff line must not.
    return value.replace("\r\n", "\n").replace("\n", " ↵ ")


# ---------------------------------------------------------------- text


def text(result: DiffResult) -> str:
    if result.equal:
        return f"No semantic changes between {result.old_label} and {result.new_label}.\n"
    lines = [f"{_plural(len(result.changes), 'change')} from {result.old_label} to {result.new_label}"]
    for heading, changes, with_owner in _groups(result):
        lines.append("")
        lines.append(heading)
        for c in changes:
            lines.append("  " + _sentence(c, with_owner, _oneline, _oneline))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def _md_escape(value: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", _oneline(value))


def _md_code(value: str) -> str:
    value = _oneline(value)
    longest = max((len(m) for m in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or longest else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def markdown(result: DiffResult) -> str:
    title = f"### Semantic changes: {_md_code(result.old_label)} → {_md_code(result.new_label)}"
    if result.equal:
        return f"{title}\n\nNo semantic changes.\n"
    lines = [title, "", f"{_plural(len(result.changes), 'change')}."]
    for heading, changes, with_owner in _groups(result):
        lines += ["", f"#### {heading}", ""]
        lines += [f"- {_sentence(c, with_owner, _md_code, _md_escape)}" for c in changes]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- json


def to_json(result: DiffResult) -> str:
    doc = {
        "format": "pwib-diff",
        "version": 1,
        "old": result.old_label,
        "new": result.new_label,
        "equal": result.equal,
        "changes": [
            {
                "section": c.section,
                "owner": {"kind": c.owner.kind, "name": c.owner.name},
                "path": [{"kind": r.kind, "name": r.name} for r in c.path],
                "action": c.action,
                "aspect": c.aspect,
                "old": list(c.old),
                "new": list(c.new),
                "note": c.note,
            }
            for c in result.changes
        ],
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
