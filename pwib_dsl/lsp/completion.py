"""Completion: the keywords the grammar accepts at the cursor, and the names that fit there.

Keywords come from Lark itself: the text up to the cursor (shortened by
:mod:`pwib_dsl.lsp.cursor`) is fed to the interactive LALR parser, whose ``accepts()`` lists
the terminals that may come next. Where a name may come next, the statement being written
says which names fit: the laws after ``legal``, the articles of that law (with their titles)
after ``legal wgs art``, measures after ``implements`` or ``measure``, GEMMA components after
``system x "…" =``, roles after ``actor x =``, organisations after ``actor x … of``, tiles, actors, systems, the steps of the
blueprint after ``next`` or ``->``, actors and organisations after ``wait``, blueprints after ``journey``, modules after ``use``.
A name from a module the file does not use yet comes qualified, with the ``use`` line added.
In a variant: ``MODULE.BLUEPRINT`` after ``of``, and the nodes, phases, systems and actors of
its base where its changes name them — what the compile that resolved the variant found in
the base (:class:`~pwib_dsl.sema.names.VariantNames`).
"""

from __future__ import annotations

import functools

from lsprotocol import types as T

from pwib_dsl.lsp.cursor import FLOW_NODES, LANES, CursorContext, scan
from pwib_dsl.lsp.hover import decl_detail, hover_markdown
from pwib_dsl.lsp.positions import offsets_range, position
from pwib_dsl.lsp.store import Doc
from pwib_dsl.lsp.targets import Resolver, Target
from pwib_dsl.sema.names import Visible
from pwib_dsl.syntax import keywords

_ITEM_KIND = {
    "law": T.CompletionItemKind.Module, "article": T.CompletionItemKind.Field,
    "measure": T.CompletionItemKind.Constant, "component": T.CompletionItemKind.Interface,
    "facility": T.CompletionItemKind.Interface, "role": T.CompletionItemKind.Class,
    "tile": T.CompletionItemKind.Struct, "system": T.CompletionItemKind.Variable,
    "actor": T.CompletionItemKind.Variable, "blueprint": T.CompletionItemKind.Class,
    "organisation": T.CompletionItemKind.Class,
    "step": T.CompletionItemKind.Function, "decision": T.CompletionItemKind.Function,
    "end": T.CompletionItemKind.Event, "fork": T.CompletionItemKind.Function,
    "join": T.CompletionItemKind.Function, "module": T.CompletionItemKind.Module,
}


def accepted_terminals(ctx: CursorContext) -> set[str] | None:
    """Terminal names the grammar accepts at the cursor (None when the text before does not parse)."""
    from lark.exceptions import LarkError

    from pwib_dsl.syntax.parser import parser

    for prefix in ctx.parse_prefixes():
        try:
            ip = parser().parse_interactive(prefix)
            ip.exhaust_lexer()
            return set(ip.accepts())
        except LarkError:
            continue
        except Exception:  # noqa: BLE001 - lowering a half-written prefix must not break completion
            continue
    return None


@functools.cache
def terminal_words() -> dict[str, tuple[str, ...]]:
    """Terminal name → the keywords it stands for (``KW_LEGAL`` → legal, ``UNIT`` → days, ...)."""
    return {name: tuple(sorted(keywords.of_terminal(name))) for name in keywords.terminals()}


def complete(
    resolver: Resolver, doc: Doc, offset: int, encoding: str, markdown: bool = True
) -> T.CompletionList:
    ctx = scan(doc.text, offset)
    if ctx.in_string or ctx.in_comment:
        return T.CompletionList(is_incomplete=False, items=[])
    replace = offsets_range(doc.source, ctx.word_start, offset, encoding)
    items: list[T.CompletionItem] = []
    accepted = accepted_terminals(ctx)
    words_of = terminal_words()
    if accepted is not None:
        keywords = sorted({w for t in accepted for w in words_of.get(t, ())})
        for w in keywords:
            items.append(
                T.CompletionItem(
                    label=w,
                    kind=T.CompletionItemKind.Keyword,
                    sort_text=f"2{w}",
                    text_edit=T.TextEdit(range=replace, new_text=w),
                )
            )
    if accepted is None or accepted & {"NAME", "ARTNUM"}:
        items.extend(_names(resolver, doc, ctx, replace, encoding))
    if not markdown:
        for item in items:
            if isinstance(item.documentation, T.MarkupContent):
                item.documentation = item.documentation.value
    return T.CompletionList(is_incomplete=False, items=items)


def _names(resolver: Resolver, doc: Doc, ctx: CursorContext, replace: T.Range, encoding: str):
    last = ctx.last
    words = ctx.stmt_words
    inner = ctx.innermost
    bp = ctx.enclosing("blueprint")
    if last is None:
        return []
    if ctx.stmt_keyword == "variant" and last == "of" and not ctx.frames:
        return _qualified_blueprints(resolver, doc, replace, encoding)
    var = ctx.enclosing("variant")
    if var is not None:
        found = _variant_names(resolver, doc, ctx, var, replace, encoding)
        if found is not None:
            return found
    if last == "use":
        return _modules(resolver, doc, replace)
    if last in ("legal", "changes"):
        return _visible(resolver, doc, ("law",), replace, encoding)
    if last == "art" and len(words) >= 3 and words[-3] in ("legal", "changes"):
        return _articles(resolver, doc, words[-2], replace)
    if last == "implements" or (last == "measure" and inner in FLOW_NODES):
        return _visible(resolver, doc, ("measure",), replace, encoding)
    if (last == "tile" and inner == "blueprint") or last == "parent":
        return _visible(resolver, doc, ("tile",), replace, encoding)
    if last == "=" and ctx.stmt_keyword == "system":
        return _visible(resolver, doc, ("component", "facility"), replace, encoding)
    if last == "=" and ctx.stmt_keyword == "actor":
        return _visible(resolver, doc, ("role",), replace, encoding)
    if last == "of" and ctx.stmt_keyword == "actor":
        return _visible(resolver, doc, ("organisation",), replace, encoding)
    if last == "system" and inner in FLOW_NODES:
        return _local(resolver, doc, bp, ("system",), replace) + _visible(resolver, doc, ("system",), replace, encoding)
    if last in LANES and len(words) == 1:
        return _local(resolver, doc, bp, ("actor",), replace) + _visible(resolver, doc, ("actor",), replace, encoding)
    if last == "wait" and inner == "step":
        return (_local(resolver, doc, bp, ("actor",), replace)
                + _visible(resolver, doc, ("actor", "organisation"), replace, encoding))
    if last in ("next", "->", "from", "to", "suspended-by"):
        return _local(resolver, doc, bp, FLOW_NODES, replace)
    if last == "journey":
        return _blueprints(resolver, doc, replace)
    if last == "status":
        from pwib_dsl.sema.blueprints import STATUSES

        return [_plain(s, T.CompletionItemKind.EnumMember, "blueprint status", replace) for s in STATUSES]
    if last == "outcome":
        from pwib_dsl.sema.checks.legal import FORMAL_OUTCOMES

        return [_plain(s, T.CompletionItemKind.EnumMember, "formal outcome: needs a legal basis", replace)
                for s in FORMAL_OUTCOMES]
    return []


def _base_decls(resolver: Resolver, doc: Doc, frame, kinds, replace: T.Range) -> list[T.CompletionItem]:
    """What the base blueprint of the variant ``frame`` declares, of these kinds (its nodes,
    phases, systems or actors), as the compile that resolved the variant found them."""
    if frame is None or not frame.name:
        return []
    base = _first(resolver, doc, lambda names, file: names.base(file, frame.name))
    if not base:
        return []
    out = []
    for decl in _first(resolver, doc, lambda names, file: names.base_local(file, frame.name, kinds)):
        target = resolver.target(decl)
        if target is not None:
            out.append(_item(resolver, target.decl.name, target, replace, 0, detail=f"in `{base.id}`"))
    return out


def _variant_names(resolver: Resolver, doc: Doc, ctx: CursorContext, var, replace: T.Range, encoding: str):
    """Names that fit in a variant: the base's nodes after ``change step``, ``remove end``,
    ``after``, ``before``, ``reroute`` and ``->``; its phases after ``in``; its systems and actors
    after ``swap``; None where the ordinary rules apply (inside an added node's body)."""
    words, last, inner = ctx.stmt_words, ctx.last, ctx.innermost
    head = words[0] if words else None
    if inner == "variant":
        if head in ("change", "remove") and len(words) == 2 and last in FLOW_NODES:
            return _base_decls(resolver, doc, var, (last,), replace)
        if head == "add" and last in ("after", "before"):
            return _base_decls(resolver, doc, var, FLOW_NODES, replace)
        if head == "add" and last == "in":
            return _base_decls(resolver, doc, var, ("phase",), replace)
        if head == "reroute" and len(words) == 1:
            return _base_decls(resolver, doc, var, FLOW_NODES, replace)
        if head == "swap" and len(words) == 2 and last in ("system", "actor"):
            return _base_decls(resolver, doc, var, (last,), replace)
        if head == "swap" and last == "->" and len(words) >= 2:
            kind = words[1] if words[1] in ("system", "actor") else "system"
            return _local(resolver, doc, var, (kind,), replace) + _visible(resolver, doc, (kind,), replace, encoding)
        if last == "->":
            return _local(resolver, doc, var, FLOW_NODES, replace) + _base_decls(resolver, doc, var, FLOW_NODES, replace)
        return None
    if inner == "change":
        if head in ("replace", "remove", "add") and len(words) == 2 and words[1] in LANES:
            return _local(resolver, doc, var, ("actor",), replace) + _base_decls(resolver, doc, var, ("actor",), replace)
        if last in ("->", "next"):
            return _local(resolver, doc, var, FLOW_NODES, replace) + _base_decls(resolver, doc, var, FLOW_NODES, replace)
        if last == "system":
            return _local(resolver, doc, var, ("system",), replace) + _base_decls(resolver, doc, var, ("system",), replace)
    return None


def _qualified_blueprints(resolver: Resolver, doc: Doc, replace: T.Range, encoding: str) -> list[T.CompletionItem]:
    """``MODULE.BLUEPRINT`` for every blueprint a variant's ``of`` line may name (the
    compile's modules, the base workspace's included), adding the ``use`` line it needs."""
    out = []
    for v in _first(resolver, doc, lambda names, file: names.bases(file)):
        target = resolver.target(v.target)
        if target is None:
            continue
        edit = _use_edit(doc, v.add_use, encoding) if v.add_use is not None else None
        detail = f"{decl_detail(target.decl)} (adds `use {v.add_use}`)" if v.add_use is not None else None
        out.append(_item(resolver, v.text, target, replace, 0 if v.add_use is None else 3,
                         [edit] if edit else None, detail))
    return out


def _plain(label: str, kind, detail: str, replace: T.Range) -> T.CompletionItem:
    return T.CompletionItem(label=label, kind=kind, detail=detail, sort_text=f"0{label}",
                            text_edit=T.TextEdit(range=replace, new_text=label))


def _item(resolver: Resolver, label: str, target: Target, replace: T.Range, rank: int,
          extra: list[T.TextEdit] | None = None, detail: str | None = None) -> T.CompletionItem:
    return T.CompletionItem(
        label=label,
        kind=_ITEM_KIND.get(target.decl.kind, T.CompletionItemKind.Reference),
        detail=detail or decl_detail(target.decl),
        documentation=T.MarkupContent(kind=T.MarkupKind.Markdown, value=hover_markdown(resolver, target)),
        sort_text=f"{rank}{label}",
        filter_text=label,
        text_edit=T.TextEdit(range=replace, new_text=label),
        additional_text_edits=extra,
    )


def _first(resolver: Resolver, doc: Doc, ask) -> list:
    """What ``ask(names, file)`` answers from the document's compile, else from its last
    compile that had the document (its text may not recover while being typed)."""
    for names in resolver.analyzer.names(doc):
        found = ask(names, doc.source.path)
        if found:
            return found
    return []


def _visible(resolver: Resolver, doc: Doc, kinds, replace: T.Range, encoding: str) -> list[T.CompletionItem]:
    out = []
    visible = _first(resolver, doc, lambda names, file: names.visible(file, kinds))
    known = {v.add_use for v in visible if v.add_use is not None}
    # modules of the workspace the compile of this file did not load: by the workspace's compile
    workspace = _workspace_names(resolver, doc)
    if workspace is not None:
        used = set(_first(resolver, doc, lambda names, file: names.uses(file)))
        mine = resolver.module_name(doc)
        for q in workspace.modules():
            if q in known or q in used or q == mine:
                continue
            visible += [Visible(f"{q}.{d.id.rpartition('.')[2]}", d, q) for d in workspace.declared(q, kinds)
                        if d.file != doc.source.path]
    docs: dict = {}
    for v in visible:
        target = resolver.target(v.target, docs)
        if target is None:
            continue
        if v.add_use is None:
            out.append(_item(resolver, v.text, target, replace, 0 if "." not in v.text else 1))
        else:
            edit = _use_edit(doc, v.add_use, encoding)
            detail = f"{decl_detail(target.decl)} (adds `use {v.add_use}`)"
            out.append(_item(resolver, v.text, target, replace, 3, [edit] if edit else None, detail))
    return out


def _workspace_names(resolver: Resolver, doc: Doc):
    """The names of the last compile of the document's whole workspace (other files'
    declarations do not change while this one is typed)."""
    if doc.path is None or doc.origin == "stdlib":
        return None
    return resolver.analyzer.workspace(doc, fresh=False).names


def _use_edit(doc: Doc, module: str, encoding: str) -> T.TextEdit | None:
    """An edit adding ``use MODULE`` after the file's last ``use`` line (or its module line)."""
    file = doc.parsed.file
    anchor = None
    if file is not None:
        anchor = file.uses[-1] if file.uses else file.module
    if anchor is None:
        at = position(doc.source, 0, encoding)
        return T.TextEdit(range=T.Range(start=at, end=at), new_text=f"use {module}\n")
    at = position(doc.source, anchor.span.end, encoding)
    return T.TextEdit(range=T.Range(start=at, end=at), new_text=f"\nuse {module}")


def _articles(resolver: Resolver, doc: Doc, law: str, replace: T.Range) -> list[T.CompletionItem]:
    out = []
    docs: dict = {}
    for decl in _first(resolver, doc, lambda names, file: names.articles(file, tuple(law.split(".")))):
        art = resolver.target(decl, docs)
        if art is None:
            continue
        d = art.decl
        detail = f"art {d.name} — {d.title}" if d.title else f"art {d.name}"
        out.append(_item(resolver, d.name, art, replace, 0, detail=detail))
    # keep the law's order: article 2 before article 10
    for i, item in enumerate(out):
        item.sort_text = f"0{i:05d}"
    return out


def _local(resolver: Resolver, doc: Doc, frame, kinds, replace: T.Range) -> list[T.CompletionItem]:
    if frame is None or frame.name is None:
        return []
    out = []
    for decl in _first(resolver, doc, lambda names, file: names.local(file, frame.name, kinds)):
        target = resolver.target(decl)
        if target is not None:
            out.append(_item(resolver, target.decl.name, target, replace, 0))
    return out


def _blueprints(resolver: Resolver, doc: Doc, replace: T.Range) -> list[T.CompletionItem]:
    out = []
    seen = set()
    workspace = _workspace_names(resolver, doc)
    sources = [names.blueprints() for names in resolver.analyzer.names(doc)]
    if workspace is not None:
        sources.append(workspace.blueprints())
    for found in sources:
        for name, decl in found:
            target = resolver.target(decl) if name not in seen else None
            if target is not None:
                seen.add(name)
                out.append(_item(resolver, name, target, replace, 0))
    return out


def _modules(resolver: Resolver, doc: Doc, replace: T.Range) -> list[T.CompletionItem]:
    used = set(_first(resolver, doc, lambda names, file: names.uses(file)))
    mine = resolver.module_name(doc)
    modules: dict = {}
    workspace = _workspace_names(resolver, doc)
    for names in resolver.analyzer.names(doc) + ([workspace] if workspace is not None else []):
        for q, found in names.modules().items():
            modules.setdefault(q, found)
    out = []
    for name, (decl, origin) in sorted(modules.items()):
        if name in used or name == mine or decl.file == doc.source.path:
            continue
        target = resolver.target(decl)
        if target is None:
            continue
        out.append(_item(resolver, name, target, replace, 0 if origin == "stdlib" else 1,
                         detail="standard library" if origin == "stdlib" else "workspace module"))
    return out
