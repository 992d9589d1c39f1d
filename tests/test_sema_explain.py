"""Every semantic rule has an explanation page whose examples really behave as the page says.

Page format: ``# PBnnn: rule-name``, a ``severity:`` line, prose, then two ``blueprint`` fences:
the failing example and the fixed version. A fence may hold several files, each introduced by a
``# file: PATH`` line (``../`` paths land outside the workspace folder) and ``# link: NAME ->
TARGET`` lines make symbolic links. The failing example must produce the page's code; the
fixed version must produce no error or warning and not that code.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from pwib_dsl.driver import compile_paths
from pwib_dsl.resources import data_dir
from pwib_dsl.sema.rules import RULES

PAGES = data_dir() / "explain"
FENCE = re.compile(r"^```blueprint\n(.*?)^```", re.S | re.M)


def page(code: str) -> str:
    return (PAGES / f"{code}.md").read_text(encoding="utf-8")


def materialize(text: str, folder: Path) -> Path:
    """Write an example into ``folder/ws`` (the workspace); return the workspace folder."""
    ws = folder / "ws"
    ws.mkdir()
    current = "example.blueprint"
    chunks: dict[str, list[str]] = {}
    for line in text.splitlines(keepends=True):
        m = re.match(r"# file: (\S+)\s*$", line)
        if m:
            current = m.group(1)
            continue
        m = re.match(r"# link: (\S+) -> (\S+)\s*$", line)
        if m:
            os.symlink(m.group(2), ws / m.group(1))
            continue
        chunks.setdefault(current, []).append(line)
    for name, lines in chunks.items():
        body = "".join(lines).strip("\n")
        if not body:
            continue
        path = ws / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body + "\n", encoding="utf-8")
    return ws


@pytest.mark.parametrize("code", sorted(RULES))
def test_page_header_matches_the_rule(code):
    lines = page(code).splitlines()
    rule = RULES[code]
    assert lines[0] == f"# {code}: {rule.name}"
    assert f"severity: {rule.severity.value}" in lines[:4]
    assert len(FENCE.findall(page(code))) == 2, "a failing example and a fixed version"


@pytest.mark.parametrize("code", sorted(RULES))
def test_examples_behave_as_documented(code, tmp_path, monkeypatch):
    bad, good = FENCE.findall(page(code))
    for kind, text in (("bad", bad), ("good", good)):
        folder = tmp_path / kind
        folder.mkdir()
        ws = materialize(text, folder)
        monkeypatch.chdir(ws)
        result = compile_paths(["."])
        codes = [d.code for d in result.diagnostics]
        if kind == "bad":
            assert code in codes, f"failing example of {code} gives {codes}"
        else:
            loud = [f"{d.code} {d.message}" for d in result.diagnostics if d.severity.value != "info"]
            assert code not in codes and not loud, f"fixed example of {code} gives {loud or codes}"
