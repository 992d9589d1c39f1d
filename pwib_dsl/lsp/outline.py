"""Document symbols: the outline of a file, hierarchical.

Blueprints hold their actors and systems, their phases (holding their steps, decisions and
ends) and the flow nodes outside any phase; laws hold their articles; every other catalogue
entry is a leaf. While the document has a syntax error the outline of its last good parse is
shown (entries whose name moved are left out).
"""

from __future__ import annotations

from lsprotocol import types as T

from pwib_dsl.lsp.index import FLOW_KINDS, Decl
from pwib_dsl.lsp.positions import span_range
from pwib_dsl.lsp.store import Doc

_KIND = {
    "module": T.SymbolKind.Module, "law": T.SymbolKind.Package, "article": T.SymbolKind.Field,
    "measure": T.SymbolKind.Constant, "component": T.SymbolKind.Interface,
    "facility": T.SymbolKind.Interface, "role": T.SymbolKind.TypeParameter,
    "tile": T.SymbolKind.Struct, "system": T.SymbolKind.Object, "actor": T.SymbolKind.Variable,
    "organisation": T.SymbolKind.Class, "blueprint": T.SymbolKind.Class, "phase": T.SymbolKind.Namespace, "step": T.SymbolKind.Function,
    "decision": T.SymbolKind.Operator, "end": T.SymbolKind.Event, "fork": T.SymbolKind.Operator,
    "join": T.SymbolKind.Operator,
}


def document_symbols(doc: Doc, encoding: str) -> list[T.DocumentSymbol]:
    index = doc.index
    if index is None:
        return []
    source = doc.source
    size = len(source.text)

    def symbol(d: Decl, children=None) -> T.DocumentSymbol:
        sel = span_range(source, d.span, encoding)
        ext = d.extent if d.extent and d.extent.start <= d.span.start and d.extent.end <= size else d.span
        if ext.end < d.span.end:
            ext = d.span
        name = f"art {d.name}" if d.kind == "article" else d.name
        return T.DocumentSymbol(
            name=name,
            detail=d.title or "",
            kind=_KIND.get(d.kind, T.SymbolKind.Object),
            range=span_range(source, ext, encoding),
            selection_range=sel,
            children=children or None,
        )

    out: list[T.DocumentSymbol] = []
    for d in index.decls:
        if d.container is not None:
            continue
        if d.kind == "law":
            arts = [symbol(a) for a in index.decls if a.kind == "article" and a.container == d.name]
            out.append(symbol(d, arts))
        elif d.kind == "blueprint":
            out.append(symbol(d, _blueprint_children(index.decls, d.name, symbol)))
        else:
            out.append(symbol(d))
    return out


def _blueprint_children(decls, bp: str, symbol) -> list[T.DocumentSymbol]:
    children = []
    for d in decls:
        if d.container != bp:
            continue
        if d.kind == "phase":
            nodes = [symbol(x) for x in decls if x.container == bp and x.phase == d.name
                     and x.kind in FLOW_KINDS]
            children.append(symbol(d, nodes))
        elif d.kind in FLOW_KINDS and d.phase is None:
            children.append(symbol(d))
        elif d.kind in ("actor", "system"):
            children.append(symbol(d))
    return children


def flatten(symbols: list[T.DocumentSymbol], uri: str, container: str | None = None) -> list[T.SymbolInformation]:
    """The outline as a flat list, for clients without hierarchical symbol support."""
    out: list[T.SymbolInformation] = []
    for sym in symbols:
        out.append(
            T.SymbolInformation(
                name=sym.name,
                kind=sym.kind,
                location=T.Location(uri=uri, range=sym.range),
                container_name=container,
            )
        )
        out.extend(flatten(sym.children or [], uri, sym.name))
    return out
