"""End-to-end tests of ``pwib lsp`` over stdio, driven by pytest-lsp.

Each test runs against the capability sets of real clients replayed by pytest-lsp (Neovim
0.11, which negotiates UTF-8 positions, and VS Code, which uses UTF-16), and pytest-lsp checks
every response against the client's declared capabilities (a mismatch is a warning, turned
into an error here).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_asyncio
import pytest_lsp
from lsprotocol import types as T
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from pwib_dsl.resources import stdlib_dir

pytestmark = [
    # one server per client capability set for the whole module (starting one takes seconds)
    pytest.mark.asyncio(loop_scope="module"),
    pytest.mark.filterwarnings("error::pytest_lsp.checks.LspSpecificationWarning"),
]

REGELS = """\
module regels "Gemeentelijke regels"

# Lokale beleidsregel: snelle hulp bij schulden.
measure snelle-hulp "Snelle hulp" {
  theme "Schulden"
  phase 1
  source "https://example.org/snelle-hulp"
  verified
}
"""

AANMELDING = """\
use wet
use gemma
use rollen
use regels

blueprint aanmelding "Aanmelden" {
  implements snelle-hulp
  actor inwoner = rollen.inwoner
  system zaken "Zaaksysteem" = gemma.zaakregistratiecomponent
  phase melden "Melden" {
    step aanmelden "Aanmelden 😀" { customer inwoner "Vult 😀 in" next besluit }
    decision besluit "Toelaten?" {
      system zaken
      legal wgs art 4 lid 1
      outcome beschikking
      when "ja" -> klaar
      otherwise -> afgewezen
    }
  }
  end klaar "Klaar"
  end afgewezen "Afgewezen"
}
"""

CLIENTS = ["neovim@v0.11.0", "visual-studio-code"]
#: seconds any single exchange may take before the test fails
TIMEOUT = 60


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "pwib_dsl", "lsp", "--stdio"]),
    params=CLIENTS,
    scope="module",
)
async def client(request, lsp_client: LanguageClient, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("ws")
    (tmp_path / "pwib.toml").write_text('lang = "nl"\n', encoding="utf-8")
    (tmp_path / "regels.blueprint").write_text(REGELS, encoding="utf-8")
    (tmp_path / "aanmelding.blueprint").write_text(AANMELDING, encoding="utf-8")
    lsp_client.registrations = []
    lsp_client.diagnostic_versions = {}
    features = lsp_client.protocol.fm.features
    store_diagnostics = features[T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def publish(params: T.PublishDiagnosticsParams):  # also remember which version they are for
        lsp_client.diagnostic_versions[params.uri] = params.version
        return store_diagnostics(params)

    features[T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish

    @lsp_client.feature(T.CLIENT_REGISTER_CAPABILITY)
    def register(params: T.RegistrationParams) -> None:  # as real editors do: accept and remember
        lsp_client.registrations.extend(params.registrations)

    params = T.InitializeParams(
        capabilities=client_capabilities(request.param),
        root_uri=tmp_path.as_uri(),
        workspace_folders=[T.WorkspaceFolder(uri=tmp_path.as_uri(), name="ws")],
    )
    result = await lsp_client.initialize_session(params)
    lsp_client.init_result = result
    lsp_client.root = tmp_path
    yield
    try:
        await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)
    except asyncio.TimeoutError:  # a stuck server must fail its tests, not hang the run
        lsp_client._server.kill()


@pytest_asyncio.fixture(loop_scope="module", autouse=True)
async def fresh(client: LanguageClient):
    """Each test starts with no open documents and no diagnostics."""
    yield
    # (diagnostics published later for the closed documents carry no version, so the next
    # test's wait for "version N" cannot mistake them for its own)
    for uri in list(client.diagnostics):
        client.text_document_did_close(T.DidCloseTextDocumentParams(text_document=T.TextDocumentIdentifier(uri=uri)))
    client.diagnostics.clear()
    client.diagnostic_versions.clear()


def encoding_of(client: LanguageClient) -> str:
    return str(client.init_result.capabilities.position_encoding or "utf-16")


def pos(client: LanguageClient, text: str, needle: str, delta: int = 0) -> T.Position:
    """The LSP position of ``needle`` (plus ``delta`` code points) in the client's encoding."""
    offset = text.index(needle) + delta
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    prefix = text[start:offset]
    enc = encoding_of(client)
    if enc == "utf-8":
        char = len(prefix.encode("utf-8"))
    elif enc == "utf-32":
        char = len(prefix)
    else:
        char = len(prefix.encode("utf-16-le")) // 2
    return T.Position(line=line, character=char)


async def open_doc(client: LanguageClient, name: str, text: str, version: int = 1) -> str:
    uri = (client.root / name).as_uri()
    client.text_document_did_open(
        T.DidOpenTextDocumentParams(
            text_document=T.TextDocumentItem(uri=uri, language_id="pwib-blueprint", version=version, text=text)
        )
    )
    await wait_diagnostics(client, uri, version)
    return uri


async def wait_diagnostics(client: LanguageClient, uri: str, version: int) -> list[T.Diagnostic]:
    """Diagnostics published for this version of the document."""
    for _ in range(50):
        await asyncio.wait_for(client.wait_for_notification(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), TIMEOUT)
        if client.diagnostics.get(uri) is not None and client.diagnostic_versions.get(uri) == version:
            return list(client.diagnostics[uri])
    raise AssertionError(f"no diagnostics for {uri} version {version}")


async def test_initialize_advertises_features_and_encoding(client: LanguageClient, request):
    caps = client.init_result.capabilities
    assert client.init_result.server_info.name == "pwib"
    assert caps.hover_provider and caps.definition_provider and caps.references_provider
    assert caps.rename_provider and caps.document_symbol_provider and caps.document_formatting_provider
    assert caps.code_action_provider
    assert "." in caps.completion_provider.trigger_characters
    expected = "utf-8" if "neovim" in request.node.callspec.params["client"] else "utf-16"
    assert encoding_of(client) == expected


async def test_file_watchers_are_registered_when_the_client_allows(client: LanguageClient):
    await open_doc(client, "aanmelding.blueprint", AANMELDING)  # by now `initialized` was handled
    dynamic = client.capabilities.workspace.did_change_watched_files
    if dynamic is None or not dynamic.dynamic_registration:
        assert client.registrations == []
        return
    [reg] = client.registrations
    assert reg.method == T.WORKSPACE_DID_CHANGE_WATCHED_FILES
    globs = [w["globPattern"] if isinstance(w, dict) else w.glob_pattern for w in reg.register_options["watchers"]]
    assert globs == ["**/*.blueprint", "**/pwib.toml"]


async def test_diagnostics_quick_fix_and_clearing(client: LanguageClient):
    text = AANMELDING.replace("legal wgs art 4", "legal wgz art 4")
    uri = (client.root / "aanmelding.blueprint").as_uri()
    client.text_document_did_open(
        T.DidOpenTextDocumentParams(
            text_document=T.TextDocumentItem(uri=uri, language_id="pwib-blueprint", version=1, text=text)
        )
    )
    diags = await wait_diagnostics(client, uri, 1)
    [unknown] = [d for d in diags if d.code == "PB202"]
    assert unknown.source == "pwib"
    assert unknown.severity == T.DiagnosticSeverity.Error
    assert "unknown law `wgz`" in unknown.message and "did you mean `wgs`" in unknown.message
    start = pos(client, text, "wgz")
    assert unknown.range == T.Range(start=start, end=T.Position(line=start.line, character=start.character + 3))

    actions = await client.text_document_code_action_async(
        T.CodeActionParams(
            text_document=T.TextDocumentIdentifier(uri=uri),
            range=unknown.range,
            context=T.CodeActionContext(diagnostics=[unknown]),
        )
    )
    [fix] = [a for a in actions if isinstance(a, T.CodeAction)]
    assert fix.kind == T.CodeActionKind.QuickFix and fix.title == "Replace with `wgs`"
    [edit] = fix.edit.changes[uri]
    assert edit.new_text == "wgs" and edit.range == unknown.range

    # apply the fix as the editor would: an incremental change
    client.text_document_did_change(
        T.DidChangeTextDocumentParams(
            text_document=T.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[T.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)],
        )
    )
    diags = await wait_diagnostics(client, uri, 2)
    assert [d.code for d in diags] == []


async def test_related_information_points_at_the_first_declaration(client: LanguageClient):
    text = AANMELDING.replace('end afgewezen "Afgewezen"', 'end klaar "Nog eens"')
    text = text.replace("otherwise -> afgewezen", "otherwise -> klaar")
    uri = (client.root / "aanmelding.blueprint").as_uri()
    client.text_document_did_open(
        T.DidOpenTextDocumentParams(
            text_document=T.TextDocumentItem(uri=uri, language_id="pwib-blueprint", version=1, text=text)
        )
    )
    diags = await wait_diagnostics(client, uri, 1)
    [dup] = [d for d in diags if d.code == "PB105"]
    assert dup.range.start == pos(client, text, 'klaar "Nog eens"')
    [related] = dup.related_information
    assert related.location.uri == uri
    assert related.location.range.start == pos(client, text, 'klaar "Klaar"')
    assert related.message == "first declared here"


async def test_hover_article_system_actor_and_measure(client: LanguageClient):
    uri = await open_doc(client, "aanmelding.blueprint", AANMELDING)

    async def hover(needle, delta=0):
        result = await client.text_document_hover_async(
            T.HoverParams(text_document=T.TextDocumentIdentifier(uri=uri), position=pos(client, AANMELDING, needle, delta))
        )
        assert result is not None, needle
        return result.contents.value

    article = await hover("4 lid 1")
    assert "Wgs art. 4 lid 1" in article and "Eerste gesprek" in article
    assert "https://wetten.overheid.nl/jci1.3:c:BWBR0031331&artikel=4&lid=1" in article
    system = await hover("zaken\n")
    assert "Zaaksysteem" in system and "gemma.zaakregistratiecomponent" in system
    actor = await hover("inwoner \"Vult")
    assert "rollen.inwoner" in actor and "Role:" in actor
    measure = await hover("snelle-hulp")
    assert "Snelle hulp" in measure and "phase 1" in measure
    assert "Lokale beleidsregel: snelle hulp bij schulden." in measure  # the doc comment
    law = await hover("wgs art")
    assert "Wet gemeentelijke schuldhulpverlening" in law and "https://wetten.overheid.nl/BWBR0031331" in law
    # after the emoji on the same line: positions must be counted in the negotiated encoding
    node = await hover("besluit }")
    assert "Toelaten?" in node


async def test_definition_into_stdlib_and_references_across_files(client: LanguageClient):
    uri = await open_doc(client, "aanmelding.blueprint", AANMELDING)
    ident = T.TextDocumentIdentifier(uri=uri)
    found = await client.text_document_definition_async(
        T.DefinitionParams(text_document=ident, position=pos(client, AANMELDING, "wgs art"))
    )
    [loc] = found
    wet = stdlib_dir() / "wet.blueprint"
    assert Path(loc.uri.removeprefix("file://")).resolve() == wet.resolve()
    wet_text = wet.read_text(encoding="utf-8")
    assert loc.range.start.line == wet_text[: wet_text.index("law wgs ")].count("\n")

    found = await client.text_document_definition_async(
        T.DefinitionParams(text_document=ident, position=pos(client, AANMELDING, "besluit }"))
    )
    assert [(x.uri, x.range.start) for x in found] == [(uri, pos(client, AANMELDING, 'besluit "Toelaten'))]

    refs = await client.text_document_references_async(
        T.ReferenceParams(
            text_document=ident,
            position=pos(client, AANMELDING, "snelle-hulp"),
            context=T.ReferenceContext(include_declaration=True),
        )
    )
    regels = (client.root / "regels.blueprint").as_uri()
    assert sorted((r.uri, r.range.start.line) for r in refs) == sorted([(uri, 6), (regels, 3)])


async def test_rename_across_files(client: LanguageClient):
    uri = await open_doc(client, "aanmelding.blueprint", AANMELDING)
    ident = T.TextDocumentIdentifier(uri=uri)
    at = pos(client, AANMELDING, "snelle-hulp")
    prepared = await client.text_document_prepare_rename_async(T.PrepareRenameParams(text_document=ident, position=at))
    assert prepared.placeholder == "snelle-hulp"
    edit = await client.text_document_rename_async(
        T.RenameParams(text_document=ident, position=at, new_name="vlotte-hulp")
    )
    regels = (client.root / "regels.blueprint").as_uri()
    assert set(edit.changes) == {uri, regels}
    assert all(e.new_text == "vlotte-hulp" for edits in edit.changes.values() for e in edits)

    with pytest.raises(Exception, match="standard library"):
        await client.text_document_rename_async(
            T.RenameParams(text_document=ident, position=pos(client, AANMELDING, "wgs art"), new_name="x")
        )


async def test_completion_keywords_and_catalogue(client: LanguageClient):
    base = AANMELDING
    marker = "      outcome beschikking"

    async def complete(insert: str) -> list[T.CompletionItem]:
        i = base.index(marker)
        text = base[:i] + insert + "\n" + base[i:]
        uri = (client.root / "aanmelding.blueprint").as_uri()
        version = complete.version = getattr(complete, "version", 0) + 1
        if version == 1:
            client.text_document_did_open(
                T.DidOpenTextDocumentParams(
                    text_document=T.TextDocumentItem(uri=uri, language_id="pwib-blueprint", version=1, text=text)
                )
            )
        else:
            client.text_document_did_change(
                T.DidChangeTextDocumentParams(
                    text_document=T.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[T.TextDocumentContentChangeWholeDocument(text=text)],
                )
            )
        request = client.text_document_completion_async(
            T.CompletionParams(
                text_document=T.TextDocumentIdentifier(uri=uri),
                position=pos(client, text, insert + "\n", len(insert)),
            )
        )
        result = await asyncio.wait_for(request, TIMEOUT)
        return result.items

    items = await complete("      ")
    labels = {i.label for i in items}
    assert {"customer", "legal", "next", "when", "otherwise", "system", "pain"} <= labels
    assert "bwb" not in labels and "blueprint" not in labels

    items = await complete("      legal ")
    by_label = {i.label: i for i in items}
    assert "wgs" in by_label and "wet.wgs" in by_label
    assert "Wet gemeentelijke schuldhulpverlening" in by_label["wgs"].detail

    items = await complete("      legal wgs art ")
    by_label = {i.label: i for i in items}
    assert by_label["4"].detail == "art 4 — Eerste gesprek"
    assert by_label["4a"].detail.startswith("art 4a — ")

    items = await complete("      when \"nee\" -> ")
    assert {i.label for i in items} == {"aanmelden", "besluit", "klaar", "afgewezen"}


async def test_document_symbols_outline(client: LanguageClient):
    uri = await open_doc(client, "aanmelding.blueprint", AANMELDING)
    symbols = await client.text_document_document_symbol_async(
        T.DocumentSymbolParams(text_document=T.TextDocumentIdentifier(uri=uri))
    )
    [bp] = symbols
    assert (bp.name, bp.kind) == ("aanmelding", T.SymbolKind.Class)
    children = [(c.name, c.kind) for c in bp.children]
    assert children == [
        ("inwoner", T.SymbolKind.Variable),
        ("zaken", T.SymbolKind.Object),
        ("melden", T.SymbolKind.Namespace),
        ("klaar", T.SymbolKind.Event),
        ("afgewezen", T.SymbolKind.Event),
    ]
    phase = bp.children[2]
    assert [(c.name, c.detail) for c in phase.children] == [("aanmelden", "Aanmelden 😀"), ("besluit", "Toelaten?")]


async def test_formatting_returns_the_formatter_output(client: LanguageClient):
    from pwib_dsl.fmt import format_source
    from pwib_dsl.source import SourceFile

    messy = AANMELDING.replace("  implements snelle-hulp", "      implements     snelle-hulp")
    uri = await open_doc(client, "aanmelding.blueprint", messy)
    edits = await client.text_document_formatting_async(
        T.DocumentFormattingParams(
            text_document=T.TextDocumentIdentifier(uri=uri),
            options=T.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert edits
    expected = format_source(SourceFile("x.blueprint", messy)).text
    assert apply_edits(messy, edits, encoding_of(client)) == expected


def apply_edits(text: str, edits: list[T.TextEdit], encoding: str) -> str:
    from pwib_dsl.source import SourceFile

    src = SourceFile("x", text)
    spans = []
    for e in edits:
        start = src.from_lsp(e.range.start.line, e.range.start.character, encoding)
        end = src.from_lsp(e.range.end.line, e.range.end.character, encoding)
        spans.append((start, end, e.new_text))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text
