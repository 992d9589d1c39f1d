"""Rendering diagnostics: goldens for every format, and the excerpt arithmetic behind them.

Each folder of ``tests/goldens/diagnostics/`` holds deliberately broken ``.blueprint`` files.
The folder is checked as a workspace and its diagnostics rendered as ``human`` (colour off
and, for one case, on), ``short`` and ``json``; the results are compared with the golden
files beside the input (``pytest --update-goldens`` rewrites them for review).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from golden import check_golden

from pwib_dsl.diagnostics.cells import Line, sanitize, width
from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity, Suggestion
from pwib_dsl.diagnostics.render import (
    Sources,
    render,
    render_human,
    render_json,
    render_short,
    summary,
    use_color,
)
from pwib_dsl.driver import compile_paths
from pwib_dsl.source import NO_SPAN, SourceFile
from pwib_dsl.workspace.reading import quoted

GOLDENS = Path(__file__).resolve().parent / "goldens" / "diagnostics"
CASES = sorted(p.name for p in GOLDENS.iterdir() if p.is_dir())


def _compile(case: str, monkeypatch):
    monkeypatch.chdir(GOLDENS / case)
    result = compile_paths(["."])
    return result, Sources({**result.aux_sources, **result.sources}, read=quoted)


@pytest.mark.parametrize("case", CASES)
def test_goldens(case, monkeypatch, update_goldens):
    result, sources = _compile(case, monkeypatch)
    assert result.diagnostics
    folder = GOLDENS / case
    check_golden(folder / "expected.human.txt", render(result.diagnostics, "human", sources), update_goldens)
    check_golden(folder / "expected.short.txt", render(result.diagnostics, "short"), update_goldens)
    check_golden(folder / "expected.json", render(result.diagnostics, "json"), update_goldens)
    if case == "syntax-mixed":
        coloured = render(result.diagnostics, "human", sources, color=True)
        check_golden(folder / "expected.human.color.txt", coloured, update_goldens)
        assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == render(result.diagnostics, "human", sources)


@pytest.mark.parametrize("case", CASES)
def test_rendering_is_deterministic_and_terminal_safe(case, monkeypatch):
    result, sources = _compile(case, monkeypatch)
    human = render(result.diagnostics, "human", sources)
    assert human == render(result.diagnostics, "human", Sources({**result.aux_sources, **result.sources}, read=quoted))
    assert "\x1b" not in human and "\r" not in human and "\u202e" not in human
    assert "\x1b" not in render(result.diagnostics, "short")


# ---------------------------------------------------------------- excerpt arithmetic


def _caret_column(rendered: str) -> tuple[str, int]:
    """The source row above the first marks row, and the display column of its first ``^``."""
    rows = rendered.splitlines()
    for i, row in enumerate(rows):
        if re.match(r"^\s*\|\s*\^", row):
            return rows[i - 1], row.index("^")  # the marks row is ASCII: index == column
    raise AssertionError(rendered)


def _diag(src: SourceFile, start: int, end: int, message: str = "here") -> Diagnostic:
    return Diagnostic("PB001", Severity.ERROR, "m", Label(src.path, src.span(start, end), message))


@pytest.mark.parametrize(
    "line",
    ["\tstep\tx legel", "漢字漢字 legel", "e\u0301e\u0301 legel", "\x07\x1b legel", "\u202e\u200b legel", "ｆｕｌｌ legel"],
    ids=["tabs", "wide", "combining", "controls", "bidi", "fullwidth"],
)
def test_caret_stays_under_the_word(line):
    src = SourceFile("x.blueprint", line + "\n")
    start = line.index("legel")
    out = render_human([_diag(src, start, start + 5)], Sources({src.path: src}))
    row, col = _caret_column(out)
    # the caret is exactly as far right as the displayed text before the word is wide
    assert col == width(row[: row.index("legel")])
    assert width(row[row.index("|") + 2 : row.index("legel")]) == width(sanitize(line[:start]).replace("\t", "    "))


def test_crlf_and_bom_columns():
    data = "\ufeffblueprint b \"B\" {\r\n  legel x\r\n}\r\n".encode()
    from pwib_dsl.workspace.reading import source_from_bytes

    src = source_from_bytes(data, "x.blueprint")
    start = src.text.index("legel")
    span = src.span(start, start + 5)
    assert (span.line, span.col, span.end_col) == (2, 3, 8)
    out = render_human([_diag(src, start, start + 5)], Sources({src.path: src}))
    assert "\r" not in out
    assert "2 |   legel x\n  |   ^^^^^ here\n" in out


def test_zero_width_and_end_of_line_labels():
    src = SourceFile("x.blueprint", "step a\n")
    out = render_human([_diag(src, 6, 6, "expected `{` here")], Sources({src.path: src}))
    assert "1 | step a\n  |       ^ expected `{` here\n" in out


def test_long_line_is_cut_around_the_label():
    text = "x" * 5000 + " legel " + "y" * 5000
    src = SourceFile("x.blueprint", text + "\n")
    out = render_human([_diag(src, 5001, 5006)], Sources({src.path: src}))
    row, col = _caret_column(out)
    assert len(row) < 140 and row.rstrip().endswith("…") and "…" in row[:12]
    assert col == width(row[: row.index("legel")])


def test_multi_line_span_is_marked_to_the_end_of_its_first_line():
    src = SourceFile("x.blueprint", 'step a "A" {\n  customer "x"\n}\n')
    out = render_human([_diag(src, 0, len(src.text) - 1, "this step")], Sources({src.path: src}))
    assert '1 | step a "A" {\n  | ^^^^^^^^^^^^ this step\n' in out


def test_labels_in_other_files_and_missing_sources():
    a = SourceFile("a.blueprint", "blueprint reis \"A\" {}\n")
    d = Diagnostic(
        "PB105", Severity.ERROR, "duplicate", Label("a.blueprint", a.span(10, 14), "second"),
        (Label("gone.blueprint", a.span(10, 14), "first"),), notes=("n1", "n2"), help="rename one",
    )
    out = render_human([d], Sources({"a.blueprint": a}))
    assert " --> a.blueprint:1:11\n" in out and " ::: gone.blueprint:1:11\n" in out
    assert out.endswith("  = note: n1\n  = note: n2\n  = help: rename one\n\n")


def test_diagnostic_without_position():
    d = Diagnostic("PB010", Severity.ERROR, "no such file or folder: `x`", Label("x", NO_SPAN), help="check the path")
    assert render_human([d]) == "error[PB010]: no such file or folder: `x`\n --> x\n  |\n  = help: check the path\n\n"
    assert render_short([d]) == "x: error[PB010]: no such file or folder: `x`\n"
    assert json.loads(render_json([d]))[0]["span"] is None


def test_short_format():
    src = SourceFile("dir/x.blueprint", "a\nbb legel\n")
    d = _diag(src, 5, 10)
    assert render_short([d, d.with_severity(Severity.WARNING)]) == (
        "dir/x.blueprint:2:4: error[PB001]: m\ndir/x.blueprint:2:4: warning[PB001]: m\n"
    )


def test_json_shape():
    src = SourceFile("x.blueprint", "a\nbb legel\n")
    d = Diagnostic(
        "PB005", Severity.ERROR, "unknown", Label(src.path, src.span(5, 10), "here"),
        (Label(src.path, src.span(0, 1), "there"),), ("a note",), "a help",
        (Suggestion(src.path, src.span(5, 10), "legal", "replace"),),
    )
    (obj,) = json.loads(render_json([d]))
    assert list(obj) == ["code", "severity", "message", "file", "span", "labels", "notes", "help", "suggestions"]
    assert obj["span"] == {"start": 5, "end": 10, "line": 2, "col": 4, "end_line": 2, "end_col": 9}
    assert [(lb["primary"], lb["message"]) for lb in obj["labels"]] == [(True, "here"), (False, "there")]
    assert obj["suggestions"] == [
        {"file": "x.blueprint", "span": obj["span"], "replacement": "legal", "message": "replace"}
    ]
    assert render_json([]) == "[]\n"


def test_summary():
    e = Diagnostic("PB001", Severity.ERROR, "m")
    w = e.with_severity(Severity.WARNING)
    i = e.with_severity(Severity.INFO)
    assert summary([e, e, w], 3) == "2 errors, 1 warning in 3 files"
    assert summary([w, i], 1) == "1 warning, 1 info note in 1 file"
    assert summary([], 2) == "no problems in 2 files"


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


def test_colour_only_on_a_terminal_without_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(_Stream(True)) and not use_color(_Stream(False))
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(_Stream(True))


def test_sanitize_and_line_cells():
    assert sanitize("a\x1b[31mb\u202e") == "a\u241b[31mb\ufffd"
    line = Line("\t漢a")
    assert line.at(1) == 0 and line.at(2) == 4 and line.at(3) == 6 and line.at(4) == 7 and line.at(6) == 9
