"""Compiler diagnostics → LSP diagnostics.

The range is the primary label's span; a diagnostic without a span, or one whose primary
label is in another file (``pwib.toml``), sits at the start of the document and points at its
real place through ``relatedInformation``. Secondary labels become ``relatedInformation`` too.
Notes and the help line follow the message. "Did you mean" suggestions travel in ``data`` as
ready-made edits, for the quick fixes of :mod:`pwib_dsl.lsp.actions`.
"""

from __future__ import annotations

from lsprotocol import types as T

from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity
from pwib_dsl.lsp.positions import span_range
from pwib_dsl.lsp.store import Doc, Store

SOURCE = "pwib"

_SEVERITY = {
    Severity.ERROR: T.DiagnosticSeverity.Error,
    Severity.WARNING: T.DiagnosticSeverity.Warning,
    Severity.INFO: T.DiagnosticSeverity.Information,
}
#: Codes of diagnostics about something that can be deleted (shown faded by editors).
_UNNECESSARY = frozenset({"PB112", "PB113", "PB302", "PB304"})


def message(d: Diagnostic) -> str:
    lines = [d.message]
    lines += [f"note: {note}" for note in d.notes]
    if d.help:
        lines.append(f"help: {d.help}")
    return "\n".join(lines)


def convert(diags, doc: Doc, store: Store, encoding: str) -> list[T.Diagnostic]:
    return [to_lsp(d, doc, store, encoding) for d in diags]


def to_lsp(d: Diagnostic, doc: Doc, store: Store, encoding: str) -> T.Diagnostic:
    primary = d.primary
    here = primary is not None and primary.file == doc.source.path
    rng = span_range(doc.source, primary.span if here else None, encoding)
    related: list[T.DiagnosticRelatedInformation] = []
    if primary is not None and not here:
        loc = location(primary, store, encoding)
        if loc is not None:
            related.append(T.DiagnosticRelatedInformation(location=loc, message=primary.message or d.message))
    for label in d.secondary:
        loc = location(label, store, encoding, doc)
        if loc is not None:
            related.append(T.DiagnosticRelatedInformation(location=loc, message=label.message or "see here"))
    suggestions = []
    for s in d.suggestions:
        target = doc if s.file == doc.source.path else store.doc_for_file(s.file)
        if target is None:
            continue
        suggestions.append(
            {
                "title": s.message or f"replace with `{s.replacement}`",
                "uri": target.uri,
                "range": _range_json(span_range(target.source, s.span, encoding)),
                "newText": s.replacement,
            }
        )
    return T.Diagnostic(
        range=rng,
        message=message(d),
        severity=_SEVERITY[d.severity],
        code=d.code,
        source=SOURCE,
        related_information=related or None,
        tags=[T.DiagnosticTag.Unnecessary] if d.code in _UNNECESSARY else None,
        data={"suggestions": suggestions} if suggestions else None,
    )


def location(label: Label, store: Store, encoding: str, doc: Doc | None = None) -> T.Location | None:
    if doc is not None and label.file == doc.source.path:
        return T.Location(uri=doc.uri, range=span_range(doc.source, label.span, encoding))
    target = store.doc_for_file(label.file)
    if target is not None:
        return T.Location(uri=target.uri, range=span_range(target.source, label.span, encoding))
    uri = store.uri_for_file(label.file)
    if uri is None:
        return None
    start = T.Position(line=max(label.span.line - 1, 0), character=0)
    return T.Location(uri=uri, range=T.Range(start=start, end=start))


def _range_json(rng: T.Range) -> dict:
    return {
        "start": {"line": rng.start.line, "character": rng.start.character},
        "end": {"line": rng.end.line, "character": rng.end.character},
    }
