"""Go to definition, find references, document highlights and rename.

Every answer is the compiler's (:mod:`pwib_dsl.lsp.targets`): a definition is where the
reference resolved to, references and rename are the references the compile of the whole
workspace recorded (of names local to a blueprint — its actors, systems and flow nodes — and
for highlights: those of the one file's compile).
Rename refuses standard-library declarations (they are not the user's to change), modules
named by their path, new names the lexer would not read as one name, and a new name already
declared in the same scope.
"""

from __future__ import annotations

import re

from lsprotocol import types as T

from pwib_dsl.lsp.index import FLOW_KINDS
from pwib_dsl.lsp.positions import span_range
from pwib_dsl.lsp.targets import Resolver, Target
from pwib_dsl.lsp.store import Doc

NAME_RE = re.compile(r"[^\W\d][\w-]*\Z")
ARTNUM_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z:.°]*\Z")


class RenameError(Exception):
    """A rename that cannot be done; the message says why."""


def location(target: Target, encoding: str) -> T.Location:
    return T.Location(uri=target.doc.uri, range=span_range(target.doc.source, target.decl.span, encoding))


def definition(resolver: Resolver, doc: Doc, offset: int, encoding: str) -> list[T.Location]:
    return [location(t, encoding) for t in resolver.targets_at(doc, offset)]


def references(
    resolver: Resolver, doc: Doc, offset: int, encoding: str, include_declaration: bool = True
) -> list[T.Location]:
    out: list[T.Location] = []
    seen = set()
    for target in resolver.targets_at(doc, offset):
        for where, span in resolver.references(target, include_declaration, asked=doc):
            key = (where.key, span.start)
            if key in seen:
                continue
            seen.add(key)
            out.append(T.Location(uri=where.uri, range=span_range(where.source, span, encoding)))
    return out


def highlights(resolver: Resolver, doc: Doc, offset: int, encoding: str) -> list[T.DocumentHighlight]:
    """Occurrences of the name under the cursor in this document."""
    out = []
    for target in resolver.targets_at(doc, offset)[:1]:
        for where, span in resolver.references(target, True, within=doc):
            if where.key != doc.key:
                continue
            kind = T.DocumentHighlightKind.Write if (target.doc.key == doc.key and span == target.decl.span) \
                else T.DocumentHighlightKind.Read
            out.append(T.DocumentHighlight(range=span_range(doc.source, span, encoding), kind=kind))
    return out


def _rename_target(resolver: Resolver, doc: Doc, offset: int) -> tuple[Target, object]:
    occ = resolver.at(doc, offset)
    if occ is None:
        raise RenameError("no name to rename here")
    targets = resolver.targets_at(doc, offset)
    if not targets:
        raise RenameError("this name does not resolve to a declaration")
    if len(targets) > 1:
        raise RenameError("this name is ambiguous: qualify it first")
    target = targets[0]
    if target.doc.origin == "stdlib":
        raise RenameError("declarations of the standard library cannot be renamed")
    if target.decl.kind == "module" and (target.doc.index is None or target.doc.index.module is None):
        raise RenameError("this module is named by its file path: rename the file instead")
    if target.decl.kind == "module" and "." in target.decl.name:
        raise RenameError("dotted module names cannot be renamed")
    return target, occ


def prepare_rename(resolver: Resolver, doc: Doc, offset: int, encoding: str) -> T.PrepareRenamePlaceholder:
    target, occ = _rename_target(resolver, doc, offset)
    return T.PrepareRenamePlaceholder(
        range=span_range(doc.source, occ.span, encoding), placeholder=target.decl.name
    )


def rename(resolver: Resolver, doc: Doc, offset: int, new_name: str, encoding: str) -> T.WorkspaceEdit:
    target, _occ = _rename_target(resolver, doc, offset)
    decl = target.decl
    pattern = ARTNUM_RE if decl.kind == "article" else NAME_RE
    if not pattern.match(new_name):
        what = "an article number (letters, digits, `:`, `.`, `°`)" if decl.kind == "article" else (
            "a name (letters, digits, `_` and `-`, starting with a letter or `_`)"
        )
        raise RenameError(f"`{new_name}` is not {what}")
    if new_name == decl.name:
        return T.WorkspaceEdit(changes={})
    _check_free(target, new_name)
    changes: dict[str, list[T.TextEdit]] = {}
    for where, span in resolver.references(target, True, asked=doc):
        if where.origin == "stdlib":
            continue
        edit = T.TextEdit(range=span_range(where.source, span, encoding), new_text=new_name)
        changes.setdefault(where.uri, []).append(edit)
    for edits in changes.values():
        edits.sort(key=lambda e: (e.range.start.line, e.range.start.character))
    return T.WorkspaceEdit(changes=changes)


def _check_free(target: Target, new_name: str) -> None:
    decl = target.decl
    index = target.doc.index
    if index is None or decl.kind == "module":
        return
    if decl.container is not None:
        kinds = FLOW_KINDS if decl.kind in FLOW_KINDS else (decl.kind,)
        clash = index.local_decl(decl.container, kinds, new_name)
    elif decl.kind == "blueprint":
        clash = index.blueprints.get(new_name)
    else:
        clash = index.top.get(new_name)
    if clash is not None:
        raise RenameError(f"`{new_name}` is already declared here (line {clash.span.line})")
