"""Renderers: diagnostics (data) → text for people, for grep and for tools.

* ``human`` — rustc/codespan style: ``error[PB002]: message``, an arrow to ``file:line:col``,
  a numbered excerpt with ``^^^`` under the primary span and ``---`` under secondary ones
  (each with its caption), then ``= note:`` and ``= help:`` lines. Colour only when asked
  (the caller decides: a TTY and no ``NO_COLOR``).
* ``short`` — one line each: ``file:line:col: error[PB001]: message``.
* ``json`` — a list of objects with every field, spans as offsets and 1-based line/column
  (code points), and the suggestions; the shape is documented in ``docs/architecture.md``.

Renderers never change or drop a diagnostic; the order is the order given.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping

from pwib_dsl.diagnostics.cells import Line, sanitize
from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity
from pwib_dsl.source import SourceFile, Span

FORMATS = ("human", "short", "json")

# ---------------------------------------------------------------- sources


class Sources:
    """The texts a report quotes: the compile's sources, else what ``read`` gives for a path
    (the command hands in the workspace's reader, :func:`pwib_dsl.workspace.reading.quoted`;
    without one, a file not given is quoted without excerpt). The renderer reads no file."""

    def __init__(
        self,
        known: Mapping[str, SourceFile] | None = None,
        read: Callable[[str], SourceFile | None] | None = None,
    ):
        self._known: dict[str, SourceFile | None] = dict(known or {})
        self._read = read

    def __call__(self, path: str) -> SourceFile | None:
        if path not in self._known:
            self._known[path] = self._read(path) if self._read is not None else None
        return self._known[path]


# ---------------------------------------------------------------- colour

_RESET = "\x1b[0m"
_SEVERITY_STYLE = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m"}
_GUTTER = "\x1b[1;34m"
_BOLD = "\x1b[1m"


def use_color(stream) -> bool:
    """Colour when ``stream`` is a terminal and ``NO_COLOR`` is not set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class _Paint:
    def __init__(self, on: bool):
        self.on = on

    def __call__(self, style: str, text: str) -> str:
        return f"{style}{text}{_RESET}" if self.on and text else text


# ---------------------------------------------------------------- human


def _where(label: Label) -> str:
    s = label.span
    return f"{label.file}:{s.line}:{s.col}" if s else label.file


def render_human(
    diagnostics: Iterable[Diagnostic],
    sources: Callable[[str], SourceFile | None] | None = None,
    color: bool = False,
) -> str:
    """Every diagnostic as a rich report, separated by blank lines."""
    lookup = sources or Sources()
    return "".join(_human(d, lookup, _Paint(color)) + "\n" for d in diagnostics)


def _human(d: Diagnostic, lookup, paint: _Paint) -> str:
    sev = _SEVERITY_STYLE[d.severity]
    out = [paint(sev, f"{d.severity.value}[{d.code}]") + paint(_BOLD, f": {sanitize(d.message)}")]
    labels = [(d.primary, True)] if d.primary else []
    labels += [(s, False) for s in d.secondary]
    # group labels by file, the primary's file first
    groups: dict[str, list[tuple[Label, bool]]] = {}
    for label, primary in labels:
        groups.setdefault(label.file, []).append((label, primary))
    numbers = [lb.span.line for lb, _ in labels if lb.span]
    pad = " " * len(str(max(numbers, default=1)))
    bar = paint(_GUTTER, "|")
    for i, (file, group) in enumerate(groups.items()):
        first = group[0][0]
        arrow = "-->" if i == 0 else ":::"
        out.append(f"{pad}{paint(_GUTTER, arrow)} {sanitize(_where(first))}")
        src = lookup(file) if any(lb.span for lb, _ in group) else None
        if src is not None:
            out.append(f"{pad} {bar}")
            out.extend(_excerpt(src, group, pad, paint, sev))
    if d.notes or d.help:
        if len(out) > 1:
            out.append(f"{pad} {bar}")
        for note in d.notes:
            out.append(f"{pad} {paint(_GUTTER, '=')} {paint(_BOLD, 'note')}: {_indent(sanitize(note), pad)}")
        if d.help:
            out.append(f"{pad} {paint(_GUTTER, '=')} {paint(_BOLD, 'help')}: {_indent(sanitize(d.help), pad)}")
    return "\n".join(out) + "\n"


def _indent(text: str, pad: str) -> str:
    return text.replace("\n", "\n" + pad + "         ")


def _excerpt(src: SourceFile, group, pad: str, paint: _Paint, sev: str) -> list[str]:
    """The numbered source lines of one file with their marks and captions."""
    by_line: dict[int, list[tuple[Label, bool]]] = {}
    for label, primary in group:
        if label.span:
            line = min(label.span.line, len(src.line_starts))
            by_line.setdefault(line, []).append((label, primary))
    shown = sorted(by_line)
    bar = paint(_GUTTER, "|")
    out: list[str] = []
    previous = None
    for number in shown:
        if previous is not None:
            if number - previous == 2:
                out.append(_source_row(src, previous + 1, pad, paint, None))
            elif number - previous > 2:
                out.append(paint(_GUTTER, "..."))
        marks = sorted(by_line[number], key=lambda lp: (not lp[1], lp[0].span.col))
        line = _line(src, number, marks)
        out.append(_source_row(src, number, pad, paint, marks, line))
        start, end = line.window(_columns(line.length, number, marks)[0])
        prefix = 1 if start > 1 else 0
        for label, primary in marks:
            first, last = _label_columns(line.length, number, label.span)
            lo = max(first, start)
            hi = max(min(last, end), lo + 1)
            indent = line.at(lo) - line.at(start) + prefix
            size = max(1, line.at(hi) - line.at(lo))
            mark = ("^" if primary else "-") * size
            caption = f" {sanitize(label.message)}" if label.message else ""
            style = sev if primary else _GUTTER
            out.append(f"{pad} {bar} " + " " * indent + paint(style, mark + caption))
        previous = number
    return out


def _line(src: SourceFile, number: int, marks) -> Line:
    """Source line ``number``, measured only around its marks when it is long."""
    text = src.line_text(number)
    if not marks:
        return Line.around(text, 1, 1)
    return Line.around(text, *_columns(len(text), number, marks))


def _columns(length: int, number: int, marks) -> tuple[int, int]:
    cols = [_label_columns(length, number, lb.span) for lb, _ in marks]
    return min(c[0] for c in cols), max(c[1] for c in cols)


def _label_columns(length: int, number: int, span: Span) -> tuple[int, int]:
    """The 1-based, end-exclusive columns a span covers on its first line (``length``: of the line)."""
    first = span.col if span.line == number else 1
    if span.end_line == span.line:
        last = max(span.end_col, first + 1)
    else:  # a span over several lines is marked to the end of its first line
        last = max(length + 1, first + 1)
    return first, last


def _source_row(src: SourceFile, number: int, pad: str, paint: _Paint, marks, line: Line | None = None) -> str:
    line = line or _line(src, number, marks)
    if marks:
        start, end = line.window(_columns(line.length, number, marks)[0])
    else:
        start, end = line.window(1)
    text = line.render(start, end)
    if start > 1:
        text = "…" + text
    if end <= line.length:
        text += "…"
    gutter = paint(_GUTTER, f"{number:>{len(pad)}} |")
    return f"{gutter} {text}".rstrip()


# ---------------------------------------------------------------- short


def render_short(diagnostics: Iterable[Diagnostic]) -> str:
    """``file:line:col: error[PB001]: message``, one line per diagnostic."""
    lines = []
    for d in diagnostics:
        where = _where(d.primary) if d.primary else "pwib"
        lines.append(sanitize(f"{where}: {d.severity.value}[{d.code}]: {d.message}"))
    return "".join(line + "\n" for line in lines)


# ---------------------------------------------------------------- json


def span_json(span: Span) -> dict | None:
    """A span as JSON: code-point offsets and 1-based lines and columns; None for no position."""
    if not span:
        return None
    return {
        "start": span.start,
        "end": span.end,
        "line": span.line,
        "col": span.col,
        "end_line": span.end_line,
        "end_col": span.end_col,
    }


def diagnostic_json(d: Diagnostic) -> dict:
    """One diagnostic as a JSON object (keys in a fixed order)."""
    labels = [(d.primary, True)] if d.primary else []
    labels += [(s, False) for s in d.secondary]
    p = d.primary
    return {
        "code": d.code,
        "severity": d.severity.value,
        "message": d.message,
        "file": p.file if p else None,
        "span": span_json(p.span) if p else None,
        "labels": [
            {"file": lb.file, "primary": primary, "message": lb.message, "span": span_json(lb.span)}
            for lb, primary in labels
        ],
        "notes": list(d.notes),
        "help": d.help,
        "suggestions": [
            {"file": s.file, "span": span_json(s.span), "replacement": s.replacement, "message": s.message}
            for s in d.suggestions
        ],
    }


def render_json(diagnostics: Iterable[Diagnostic]) -> str:
    """A JSON array of :func:`diagnostic_json` objects, indented, with a final newline."""
    import json  # only this format needs it

    return json.dumps([diagnostic_json(d) for d in diagnostics], indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- dispatch and summary


def render(
    diagnostics: Iterable[Diagnostic],
    fmt: str = "human",
    sources: Callable[[str], SourceFile | None] | None = None,
    color: bool = False,
) -> str:
    """Render in one of :data:`FORMATS`."""
    diagnostics = list(diagnostics)
    if fmt == "human":
        return render_human(diagnostics, sources, color)
    if fmt == "short":
        return render_short(diagnostics)
    if fmt == "json":
        return render_json(diagnostics)
    raise ValueError(f"unknown format {fmt!r}")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(diagnostics: Iterable[Diagnostic], files: int) -> str:
    """``2 errors, 1 warning in 3 files`` (or ``no problems in 3 files``, or ``1 error; no file
    was checked`` when no path could be read)."""
    counts = {s: 0 for s in Severity}
    for d in diagnostics:
        counts[d.severity] += 1
    parts = []
    if counts[Severity.ERROR]:
        parts.append(_count(counts[Severity.ERROR], "error"))
    if counts[Severity.WARNING]:
        parts.append(_count(counts[Severity.WARNING], "warning"))
    if counts[Severity.INFO]:
        parts.append(_count(counts[Severity.INFO], "info note"))
    found = ", ".join(parts) or "no problems"
    if not files:  # only paths that could not be read: nothing was checked
        return f"{found}; no file was checked"
    return f"{found} in {_count(files, 'file')}"
