"""Code actions: quick fixes that apply a diagnostic's suggestions.

A diagnostic carries its suggestions ("did you mean `wgs`?", "add `use wet`") as ready-made
edits in ``data`` (see :mod:`pwib_dsl.lsp.diagnostics`). Clients send the diagnostics back
with the request; when a client drops ``data``, the server's own last diagnostics of the
document are matched by code and range instead.
"""

from __future__ import annotations

from lsprotocol import types as T


def quick_fixes(uri: str, context: T.CodeActionContext, published: list[T.Diagnostic]) -> list[T.CodeAction]:
    actions: list[T.CodeAction] = []
    for diag in context.diagnostics:
        if diag.source not in (None, "pwib"):
            continue
        suggestions = _suggestions(diag) or _suggestions(_match(diag, published))
        preferred = len(suggestions) == 1
        for s in suggestions:
            rng = s["range"]
            edit = T.TextEdit(
                range=T.Range(
                    start=T.Position(line=rng["start"]["line"], character=rng["start"]["character"]),
                    end=T.Position(line=rng["end"]["line"], character=rng["end"]["character"]),
                ),
                new_text=s["newText"],
            )
            actions.append(
                T.CodeAction(
                    title=s["title"][:1].upper() + s["title"][1:],
                    kind=T.CodeActionKind.QuickFix,
                    diagnostics=[diag],
                    is_preferred=preferred,
                    edit=T.WorkspaceEdit(changes={s.get("uri") or uri: [edit]}),
                )
            )
    if context.only:
        wanted = tuple(context.only)
        actions = [a for a in actions if any(a.kind == w or a.kind.startswith(f"{w}.") for w in wanted)]
    return actions


def _suggestions(diag: T.Diagnostic | None) -> list[dict]:
    if diag is None or not isinstance(diag.data, dict):
        return []
    items = diag.data.get("suggestions")
    if not isinstance(items, list):
        return []
    return [s for s in items if isinstance(s, dict) and {"title", "range", "newText"} <= s.keys()]


def _match(diag: T.Diagnostic, published: list[T.Diagnostic]) -> T.Diagnostic | None:
    for p in published:
        if p.code == diag.code and p.range == diag.range:
            return p
    return None
