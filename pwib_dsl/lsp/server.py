"""The pygls language server: protocol handlers wired to the feature modules.

Diagnostics are computed on open and, debounced by :data:`DEBOUNCE` seconds, after each
change (a burst of keystrokes costs one compile); other open documents are re-checked a
little later, since they may use what was edited. Everything runs on the server's event
loop, one request at a time, so the parser and the caches are never shared between threads.

Positions use the encoding negotiated in ``initialize`` (UTF-16 unless the client prefers
UTF-8 or UTF-32). stdout carries the protocol only: :func:`serve` hands the real stdout to
pygls and points ``sys.stdout`` at stderr, so a stray ``print`` cannot corrupt the stream.
"""

from __future__ import annotations

import asyncio
import logging
import sys

from lsprotocol import types as T
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer

from pwib_dsl import __version__
from pwib_dsl.lsp import actions, completion, diagnostics, formatting, hover, navigation, outline
from pwib_dsl.lsp.analysis import Analyzer
from pwib_dsl.lsp.positions import offset as to_offset
from pwib_dsl.lsp.positions import span_range
from pwib_dsl.lsp.targets import Resolver
from pwib_dsl.lsp.store import Doc, Store, uri_to_path

log = logging.getLogger("pwib.lsp")

#: Seconds after the last change before a document is compiled again.
DEBOUNCE = 0.01
#: Seconds after a change before the *other* open documents are compiled again.
DEPENDENTS_DELAY = 0.4
#: LSP error code for a request that is valid but cannot be carried out (e.g. a rename).
REQUEST_FAILED = -32803


class PwibLanguageServer(LanguageServer):
    """The server with its document store, resolver and analyzer."""

    def __init__(self) -> None:
        super().__init__("pwib", __version__, text_document_sync_kind=T.TextDocumentSyncKind.Incremental)
        self.store = Store()
        self.analyzer = Analyzer(self.store)
        self.resolver = Resolver(self.store, self.analyzer)
        self.debounce = DEBOUNCE
        self._timers: dict[str, asyncio.TimerHandle] = {}
        #: the diagnostics last published, by URI (for quick fixes when a client drops `data`)
        self.published: dict[str, list[T.Diagnostic]] = {}

    def start_io(self, stdin=None, stdout=None):  # type: ignore[override]
        """Serve over stdio, framing with :class:`~pwib_dsl.lsp.framing.FrameReader`, which
        finds the next message again after one with a wrong ``Content-Length``."""
        import threading

        from pygls.io_ import StdoutWriter

        from pwib_dsl.lsp import framing

        self._stop_event = threading.Event()
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        reader = framing.FrameReader(stdin or sys.stdin.buffer)
        try:
            asyncio.run(framing.run(self._stop_event, reader, self.protocol, self.thread_pool, self.report_server_error))
        except BrokenPipeError:
            logging.getLogger("pwib_dsl.lsp").error("the connection to the client is lost; stopping")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()

    def supports(self, field: str, value=None) -> bool:
        """Whether the client declared a capability (``value``: one of a list of values)."""
        from pygls.capabilities import get_capability

        found = get_capability(self.client_capabilities, field, None)
        if value is None:
            return bool(found)
        return found is not None and value in found

    @property
    def encoding(self) -> str:
        enc = self.workspace.position_encoding
        return str(enc.value if hasattr(enc, "value") else enc or "utf-16")

    # -- documents

    def doc(self, uri: str) -> Doc | None:
        doc = self.store.get(uri)
        if doc is not None and doc.is_open:
            # pygls has applied the edits already; keep the store in step with it
            current = self.workspace.get_text_document(uri)
            if current.source != doc.text:
                self.store.update(uri, current.source, current.version)
        return doc

    def sync_folders(self) -> None:
        folders = [uri_to_path(f.uri) for f in self.workspace.folders.values()]
        folders = [f for f in folders if f is not None]
        if not folders and self.workspace.root_path:
            folders = [uri_to_path(self.workspace.root_uri) or self.workspace.root_path]
        self.store.set_folders(folders)

    # -- diagnostics

    def schedule(self, doc: Doc, delay: float, cascade: bool = False) -> None:
        old = self._timers.pop(doc.key, None)
        if old is not None:
            old.cancel()
        loop = asyncio.get_running_loop()
        self._timers[doc.key] = loop.call_later(delay, self._check, doc.key, cascade)

    def _check(self, key: str, cascade: bool) -> None:
        self._timers.pop(key, None)
        doc = self.store.docs.get(key)
        if doc is None or not doc.is_open:
            return
        try:
            found = self.analyzer.diagnostics(doc)
            lsp = diagnostics.convert(found, doc, self.store, self.encoding)
        except Exception:  # noqa: BLE001 - a compiler bug must not take the editor session down
            log.exception("checking %s failed", doc.uri)
            return
        self.published[doc.uri] = lsp
        self.text_document_publish_diagnostics(
            T.PublishDiagnosticsParams(uri=doc.uri, version=doc.version, diagnostics=lsp)
        )
        if cascade:
            for other in self.store.open_docs():
                if other.key != key and other.key not in self._timers:
                    self.schedule(other, DEPENDENTS_DELAY)

    def recheck_all(self) -> None:
        for doc in self.store.open_docs():
            self.schedule(doc, DEPENDENTS_DELAY)

    def forget_disk(self) -> None:
        self.store.forget_listing()
        self.analyzer.forget()


def _fail(message: str) -> JsonRpcException:
    return JsonRpcException(message=message, code=REQUEST_FAILED)


#: Parsed once when the session starts, so the first document opened does not also pay for
#: loading the compiler and for Lark building the lexers of the common parser states.
_WARM_UP = """\
use wet
blueprint warm "Warm" {
  actor a "A"
  phase p "P" {
    step s "S" {
      customer a "C"
      legal wet.pw art 1 lid 1
      deadline 8 weeks
      next e
    }
  }
  end e "E"
}
"""


def _warm_up() -> None:
    from pwib_dsl.sema import analyze  # noqa: F401 - imported for its cost, not its names
    from pwib_dsl.syntax.parser import parse_text

    parse_text(_WARM_UP, "<warm-up>")


def create_server() -> PwibLanguageServer:
    """A server with every feature registered (not started)."""
    server = PwibLanguageServer()

    @server.feature(T.INITIALIZED)
    def initialized(ls: PwibLanguageServer, params: T.InitializedParams) -> None:
        _warm_up()
        ls.sync_folders()
        dynamic = ls.client_capabilities.workspace
        watch = dynamic.did_change_watched_files if dynamic is not None else None
        if watch is not None and watch.dynamic_registration:
            options = T.DidChangeWatchedFilesRegistrationOptions(
                watchers=[
                    T.FileSystemWatcher(glob_pattern="**/*.blueprint"),
                    T.FileSystemWatcher(glob_pattern="**/pwib.toml"),
                ]
            )
            ls.client_register_capability(
                T.RegistrationParams(
                    registrations=[
                        T.Registration(
                            id="pwib-watch-files",
                            method=T.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=options,
                        )
                    ]
                )
            )

    @server.feature(T.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def folders_changed(ls: PwibLanguageServer, params: T.DidChangeWorkspaceFoldersParams) -> None:
        ls.sync_folders()
        ls.forget_disk()

    @server.feature(T.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: PwibLanguageServer, params: T.DidChangeWatchedFilesParams) -> None:
        for change in params.changes:
            if change.type == T.FileChangeType.Changed:
                ls.store.file_changed(change.uri)
            else:
                if change.type == T.FileChangeType.Deleted:
                    ls.store.file_deleted(change.uri)
                ls.forget_disk()
            if change.uri.endswith("pwib.toml"):
                ls.forget_disk()
        ls.recheck_all()

    @server.feature(T.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PwibLanguageServer, params: T.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        doc = ls.store.open(item.uri, item.text, item.version)
        ls.schedule(doc, 0.0, cascade=True)

    @server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PwibLanguageServer, params: T.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        current = ls.workspace.get_text_document(uri)
        doc = ls.store.update(uri, current.source, params.text_document.version)
        ls.schedule(doc, ls.debounce, cascade=True)

    @server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PwibLanguageServer, params: T.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        doc = ls.store.close(uri)
        if doc is not None:
            timer = ls._timers.pop(doc.key, None)
            if timer is not None:
                timer.cancel()
        ls.published.pop(uri, None)
        ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        ls.recheck_all()

    @server.feature(T.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: PwibLanguageServer, params: T.HoverParams) -> T.Hover | None:
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return None
        enc = ls.encoding
        at = to_offset(doc.source, params.position, enc)
        occ = ls.resolver.at(doc, at)
        if occ is None:
            return None
        targets = ls.resolver.targets_at(doc, at)
        if not targets:
            return None
        text = "\n\n---\n\n".join(hover.hover_markdown(ls.resolver, t, occ.ref) for t in targets[:3])
        markdown = ls.supports("text_document.hover.content_format", T.MarkupKind.Markdown)
        return T.Hover(
            contents=T.MarkupContent(kind=T.MarkupKind.Markdown if markdown else T.MarkupKind.PlainText, value=text),
            range=span_range(doc.source, occ.span, enc),
        )

    @server.feature(T.TEXT_DOCUMENT_DEFINITION)
    def on_definition(ls: PwibLanguageServer, params: T.DefinitionParams):
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return None
        enc = ls.encoding
        found = navigation.definition(ls.resolver, doc, to_offset(doc.source, params.position, enc), enc)
        return found or None

    @server.feature(T.TEXT_DOCUMENT_REFERENCES)
    def on_references(ls: PwibLanguageServer, params: T.ReferenceParams):
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return None
        enc = ls.encoding
        at = to_offset(doc.source, params.position, enc)
        return navigation.references(ls.resolver, doc, at, enc, params.context.include_declaration) or None

    @server.feature(T.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
    def on_highlight(ls: PwibLanguageServer, params: T.DocumentHighlightParams):
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return None
        enc = ls.encoding
        return navigation.highlights(ls.resolver, doc, to_offset(doc.source, params.position, enc), enc) or None

    @server.feature(T.TEXT_DOCUMENT_PREPARE_RENAME)
    def on_prepare_rename(ls: PwibLanguageServer, params: T.PrepareRenameParams):
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return None
        enc = ls.encoding
        try:
            return navigation.prepare_rename(ls.resolver, doc, to_offset(doc.source, params.position, enc), enc)
        except navigation.RenameError as exc:
            raise _fail(str(exc)) from None

    @server.feature(T.TEXT_DOCUMENT_RENAME)
    def on_rename(ls: PwibLanguageServer, params: T.RenameParams):
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return None
        enc = ls.encoding
        try:
            at = to_offset(doc.source, params.position, enc)
            return navigation.rename(ls.resolver, doc, at, params.new_name, enc)
        except navigation.RenameError as exc:
            raise _fail(str(exc)) from None

    @server.feature(
        T.TEXT_DOCUMENT_COMPLETION,
        T.CompletionOptions(trigger_characters=[".", " "], resolve_provider=False),
    )
    def on_completion(ls: PwibLanguageServer, params: T.CompletionParams):
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return None
        enc = ls.encoding
        markdown = ls.supports(
            "text_document.completion.completion_item.documentation_format", T.MarkupKind.Markdown
        )
        at = to_offset(doc.source, params.position, enc)
        result = completion.complete(ls.resolver, doc, at, enc, markdown)
        ctx = params.context
        if ctx is not None and ctx.trigger_kind == T.CompletionTriggerKind.TriggerCharacter \
                and ctx.trigger_character == " ":
            # after a space, offer names only (laws after `legal `), not every keyword
            result.items = [i for i in result.items if i.kind != T.CompletionItemKind.Keyword]
        return result

    @server.feature(T.TEXT_DOCUMENT_FORMATTING)
    def on_format(ls: PwibLanguageServer, params: T.DocumentFormattingParams):
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return None
        edits = formatting.format_document(doc, ls.encoding)
        if edits is None:
            ls.window_show_message(
                T.ShowMessageParams(
                    type=T.MessageType.Warning,
                    message="pwib: the file has syntax errors and was not formatted",
                )
            )
            return None
        return edits

    @server.feature(T.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def on_symbols(ls: PwibLanguageServer, params: T.DocumentSymbolParams):
        doc = ls.doc(params.text_document.uri)
        if doc is None:
            return None
        symbols = outline.document_symbols(doc, ls.encoding)
        if ls.supports("text_document.document_symbol.hierarchical_document_symbol_support"):
            return symbols
        return outline.flatten(symbols, doc.uri)

    @server.feature(
        T.TEXT_DOCUMENT_CODE_ACTION,
        T.CodeActionOptions(code_action_kinds=[T.CodeActionKind.QuickFix]),
    )
    def on_code_action(ls: PwibLanguageServer, params: T.CodeActionParams):
        uri = params.text_document.uri
        return actions.quick_fixes(uri, params.context, ls.published.get(uri, [])) or None

    return server


def serve() -> int:
    """Run the server over stdio until the client says exit."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    # Only the protocol may reach stdout: stray prints (ours or a library's) go to stderr.
    sys.stdout = sys.stderr
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="pwib lsp: %(levelname)s %(message)s")
    server = create_server()
    server.start_io(stdin, stdout)
    return 0
