"""Semantic analysis never crashes: whatever lines are removed from a rich workspace, the
result is diagnostics and a consistent model (every flow target and id resolves)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pwib_dsl.driver import compile_sources
from pwib_dsl.source import SourceFile

CASES = Path(__file__).resolve().parent / "cases"
STDLIB = CASES / "_stdlib"
TEXTS = {
    "aanmelding": (CASES / "unknown-module" / "good" / "aanmelding.blueprint").read_text(encoding="utf-8"),
    "legal": (CASES / "legal-basis" / "bad" / "reis.blueprint").read_text(encoding="utf-8"),
    "systemen": (CASES / "legal-basis" / "bad" / "systemen.blueprint").read_text(encoding="utf-8"),
    "lus": (CASES / "unreachable" / "bad" / "reis.blueprint").read_text(encoding="utf-8").replace("blueprint b ", "blueprint lus "),
    "wet2": (STDLIB / "wet.blueprint").read_text(encoding="utf-8").replace("module wet", "module wet2"),
}


def _check_model(ws) -> None:
    for bp in ws.blueprints:
        ids = {n.id for n in bp.nodes}
        assert len(ids) == len(bp.nodes)
        assert bp.start is None or bp.start in ids
        for node in bp.nodes:
            if node.kind == "step":
                assert node.next is None or node.next in ids
            if node.kind == "decision":
                assert all(b.target in ids for b in node.branches)
            assert set(node.systems) <= {s.id for s in bp.systems}
        for phase in bp.phases:
            assert set(phase.nodes) <= ids


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_removing_lines_never_crashes(data):
    sources = []
    for name, text in TEXTS.items():
        lines = text.splitlines(keepends=True)
        keep = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)), label=name)
        # lines that open or close a block stay, so the file still parses and sema runs
        kept = "".join(line for line, k in zip(lines, keep) if k or "{" in line or "}" in line)
        sources.append(SourceFile(f"{name}.blueprint", kept))
    result = compile_sources(sources, stdlib=STDLIB)
    assert all(d.code != "PB001" for d in result.diagnostics)
    assert result.workspace is not None
    _check_model(result.workspace)
