"""Semantic checks, case by case: ``tests/cases/<rule-name>/{good,bad}/``.

Each ``<rule-name>`` folder is named after a rule of :mod:`pwib_dsl.sema.rules`. A case is the
``good``/``bad`` folder itself when it holds ``.blueprint`` files (or a ``pwib.toml``), else each
of its sub-folders. A case is compiled as a workspace (``compile_paths(["."])`` from inside the
case folder) against the standard-library stand-ins in ``tests/cases/_stdlib``.

* good cases produce no diagnostics at all;
* bad cases produce at least one diagnostic of their rule, and their rendered diagnostics
  match the goldens ``expected.txt`` (short format with labels, notes, help and fixes) and
  ``expected.json`` — regenerate with ``pytest --update-goldens``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden import check_golden

from pwib_dsl.driver import compile_paths
from pwib_dsl.sema.rules import BY_NAME, RULES

CASES = Path(__file__).resolve().parent / "cases"
STDLIB = CASES / "_stdlib"


def _is_case(folder: Path) -> bool:
    return any(folder.glob("*.blueprint")) or (folder / "pwib.toml").exists()


def _cases(kind: str) -> list[Path]:
    out = []
    for check in sorted(p for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_")):
        folder = check / kind
        if not folder.is_dir():
            continue
        if _is_case(folder):
            out.append(folder)
        out.extend(
            sorted(sub for sub in folder.iterdir() if sub.is_dir() and not sub.is_symlink() and _is_case(sub))
        )
    return out


def _id(path: Path) -> str:
    return path.relative_to(CASES).as_posix()


def compile_case(folder: Path, monkeypatch):
    monkeypatch.chdir(folder)
    return compile_paths(["."], stdlib=STDLIB)


def _pos(span) -> str:
    return f"{span.line}:{span.col}"


def render_short(diagnostics) -> str:
    lines = []
    for d in diagnostics:
        p = d.primary
        where = f"{p.file}:{_pos(p.span)}" if p else "pwib"
        lines.append(f"{where}: {d.severity.value}[{d.code}]: {d.message}")
        if p and p.message:
            lines.append(f"  label: {p.message}")
        for s in d.secondary:
            lines.append(f"  --> {s.file}:{_pos(s.span)}: {s.message}")
        for note in d.notes:
            lines.append(f"  note: {note}")
        if d.help:
            lines.append(f"  help: {d.help}")
        for fix in d.suggestions:
            rng = f"{_pos(fix.span)}-{fix.span.end_line}:{fix.span.end_col}"
            lines.append(f"  fix: {fix.file}:{rng} {fix.replacement!r}")
    return "\n".join(lines) + "\n"


def _span(span) -> dict:
    return {"line": span.line, "col": span.col, "end_line": span.end_line, "end_col": span.end_col}


def render_json(diagnostics) -> str:
    out = []
    for d in diagnostics:
        label = (lambda lb: {"file": lb.file, **_span(lb.span), "message": lb.message})
        out.append({
            "code": d.code,
            "severity": d.severity.value,
            "message": d.message,
            "primary": label(d.primary) if d.primary else None,
            "secondary": [label(s) for s in d.secondary],
            "notes": list(d.notes),
            "help": d.help,
            "suggestions": [
                {"file": s.file, **_span(s.span), "replacement": s.replacement} for s in d.suggestions
            ],
        })
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def test_every_rule_has_a_good_and_a_bad_case():
    missing = []
    for r in RULES.values():
        for kind in ("good", "bad"):
            folder = CASES / r.name / kind
            if not folder.is_dir() or not (_is_case(folder) or any(_is_case(s) for s in folder.iterdir())):
                missing.append(f"{r.name}/{kind}")
    assert not missing, missing
    unknown = [p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_") and p.name not in BY_NAME]
    assert not unknown, f"case folders not named after a rule: {unknown}"


@pytest.mark.parametrize("case", _cases("good"), ids=_id)
def test_good_case_is_clean(case, monkeypatch):
    result = compile_case(case, monkeypatch)
    assert result.workspace is not None
    assert not result.diagnostics, render_short(result.diagnostics)


@pytest.mark.parametrize("case", _cases("bad"), ids=_id)
def test_bad_case_matches_goldens(case, monkeypatch, update_goldens):
    rule = BY_NAME[case.relative_to(CASES).parts[0]]
    result = compile_case(case, monkeypatch)
    codes = {d.code for d in result.diagnostics}
    assert rule.code in codes, f"expected {rule.code} ({rule.name}); got:\n{render_short(result.diagnostics)}"
    check_golden(case / "expected.txt", render_short(result.diagnostics), update_goldens)
    check_golden(case / "expected.json", render_json(result.diagnostics), update_goldens)
