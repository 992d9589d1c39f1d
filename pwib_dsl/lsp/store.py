"""The documents the server knows: open editors, workspace files on disk, the standard library.

Every document is one :class:`Doc`, keyed by its absolute file path (or by its URI when it has
no file, e.g. an unsaved ``untitled:`` buffer). An open document holds the editor's text; a
closed one holds the file's text, re-read when its modification time changes (checked at most
every :data:`STAT_INTERVAL` seconds). A document is parsed when first needed and only again
after its text changed, through the store's :class:`~pwib_dsl.driver.ParseCache` — the one
the compiles of :mod:`pwib_dsl.lsp.analysis` use — so an edit re-parses the edited document
alone, and of it, when the text before the edit was clean, only the edited block; the
standard library is parsed once per process.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import attrs

from pwib_dsl import resources
from pwib_dsl.driver import ParseCache
from pwib_dsl.workspace.reading import read_source
from pwib_dsl.lsp.index import FileIndex, build_index
from pwib_dsl.workspace.roots import inside
from pwib_dsl.source import SourceFile
from pwib_dsl.syntax.parser import ParseResult

#: Seconds between two checks of a closed file's modification time.
STAT_INTERVAL = 2.0
#: Folders never searched for .blueprint files (besides hidden ones).
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "site-packages"})
#: At most this many workspace files are indexed (a guard against opening a home folder).
MAX_FILES = 20_000


def uri_to_path(uri: str) -> Path | None:
    from pygls.uris import to_fs_path

    fs = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(os.path.abspath(fs)) if fs else None


def path_to_uri(path: Path) -> str:
    from pygls.uris import from_fs_path

    return from_fs_path(str(path)) or path.as_uri()


@attrs.define(eq=False)
class Doc:
    """One document: its text, and its parse and index computed on demand."""

    key: str
    uri: str
    path: Path | None
    origin: str  # "workspace" | "stdlib"
    source: SourceFile
    cache: ParseCache = attrs.field(repr=False)
    version: int | None = None
    is_open: bool = False
    mtime_ns: int | None = None
    checked: float = 0.0
    _parsed: ParseResult | None = None
    _index: FileIndex | None = None
    #: the index of the last text that parsed cleanly, and that text, for while it has errors
    _last_good: FileIndex | None = None
    _last_good_text: str = ""
    #: the text last compiled and what its references resolved to then
    #: (:class:`pwib_dsl.sema.resolution.Resolution`, see :mod:`pwib_dsl.lsp.analysis`)
    recorded: tuple[str, dict] | None = None
    #: the text last compiled and the names it could write then (:class:`pwib_dsl.sema.names.Names`),
    #: and those of the last compile the document took part in
    names: tuple[str, object] | None = None
    good_names: object = None

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def parsed(self) -> ParseResult:
        if self._parsed is None:
            self._parsed = self.cache.parse(self.source)
        return self._parsed

    @property
    def index(self) -> FileIndex | None:
        """Declarations and references of the text.

        While the text has syntax errors, the parser's recovered tree may miss what is being
        edited; the last clean index, moved over the edit, is used when it knows more names.
        """
        if self._index is None:
            parsed = self.parsed
            # after too many errors the parse has only the tree read until it gave up: still
            # an outline, where the last clean index shifted over scattered edits has nothing
            tree = parsed.file if parsed.file is not None else parsed.partial
            current = build_index(tree) if tree is not None else None
            if current is not None and parsed.ok:
                self._last_good, self._last_good_text = current, self.source.text
            elif self._last_good is not None:
                moved = self._last_good.shifted(self._last_good_text, self.source)
                if current is None or len(moved.decls) > len(current.decls):
                    current = moved
            self._index = current
        return self._index

    def set_text(self, text: str, version: int | None) -> bool:
        """Replace the text; True when it changed."""
        self.version = version
        if text == self.source.text:
            return False
        self.source = SourceFile(self.source.path, text)
        self._parsed = None
        self._index = None
        return True


class Store:
    """Every document of the session, by key."""

    def __init__(self, stdlib: Path | None = None) -> None:
        self.stdlib = (stdlib or resources.stdlib_dir()).resolve()
        self.folders: list[Path] = []
        self.docs: dict[str, Doc] = {}
        self.cache = ParseCache()
        self._listing: list[Path] | None = None
        self._listed_from: list[Path] = []
        self._stdlib_docs: list[Doc] | None = None

    # -- folders

    def set_folders(self, folders) -> None:
        self.folders = [Path(os.path.abspath(f)) for f in folders]
        self._listing = None

    def forget_listing(self) -> None:
        """Files were created or deleted: list the workspace again when next needed."""
        self._listing = None

    def search_folders(self) -> list[Path]:
        """The workspace folders; without any, the folders of the open documents."""
        if self.folders:
            return self.folders
        return sorted({d.path.parent for d in self.docs.values() if d.is_open and d.path is not None
                       and d.origin == "workspace"})

    def listing(self) -> list[Path]:
        """Every .blueprint file under the workspace folders, sorted."""
        folders = self.search_folders()
        if self._listing is None or self._listed_from != folders:
            self._listed_from = folders
            found: set[Path] = set()
            for folder in folders:
                for dirpath, dirnames, filenames in os.walk(folder):
                    dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
                    for name in filenames:
                        path = Path(dirpath) / name
                        # a link to a file outside the folder is never read (see workspace.roots)
                        if name.endswith(".blueprint") and (not path.is_symlink() or inside(path, folder)):
                            found.add(path)
                    if len(found) >= MAX_FILES:
                        break
            self._listing = sorted(found)[:MAX_FILES]
        return self._listing

    # -- documents by URI (the editor's view)

    def _new(self, key: str, uri: str, path: Path | None, text: str) -> Doc:
        origin = "stdlib" if path is not None and path.parent == self.stdlib else "workspace"
        shown = str(path) if path is not None else uri
        doc = Doc(key, uri, path, origin, SourceFile(shown, text), self.cache)
        self.docs[key] = doc
        return doc

    @staticmethod
    def _key(uri: str) -> tuple[str, Path | None]:
        path = uri_to_path(uri)
        return (str(path) if path is not None else uri), path

    def open(self, uri: str, text: str, version: int | None) -> Doc:
        key, path = self._key(uri)
        doc = self.docs.get(key)
        if doc is None:
            doc = self._new(key, uri, path, text)
            if path is not None and path.suffix == ".blueprint" and self._listing is not None:
                if path not in self._listing and any(path.is_relative_to(f) for f in self.search_folders()):
                    self._listing = None
        doc.uri = uri  # the client's spelling of the URI is the one to publish to
        doc.is_open = True
        doc.set_text(text, version)
        return doc

    def update(self, uri: str, text: str, version: int | None) -> Doc:
        key, _ = self._key(uri)
        doc = self.docs.get(key)
        if doc is None:
            return self.open(uri, text, version)
        doc.set_text(text, version)
        return doc

    def close(self, uri: str) -> Doc | None:
        """The editor closed the document: from now on the file on disk counts."""
        key, path = self._key(uri)
        doc = self.docs.get(key)
        if doc is None:
            return None
        doc.is_open = False
        doc.version = None
        if path is None or not path.is_file():
            del self.docs[key]
            self.cache.forget(doc.source.path)
            return doc
        # the editor may have held unsaved text: the file is what counts now
        src = read_source(path, str(path))
        if isinstance(src, SourceFile):
            doc.set_text(src.text, None)
        doc.mtime_ns = _mtime(path)
        doc.checked = time.monotonic()
        return doc

    def get(self, uri: str) -> Doc | None:
        key, path = self._key(uri)
        doc = self.docs.get(key)
        if doc is not None:
            return self._refresh(doc)
        return self.by_path(path) if path is not None else None

    # -- documents by path (files on disk)

    def by_path(self, path: Path) -> Doc | None:
        path = Path(os.path.abspath(path))
        doc = self.docs.get(str(path))
        if doc is not None:
            return self._refresh(doc)
        src = read_source(path, str(path))
        if not isinstance(src, SourceFile):
            return None
        doc = self._new(str(path), path_to_uri(path), path, src.text)
        doc.mtime_ns = _mtime(path)
        doc.checked = time.monotonic()
        return doc

    def _refresh(self, doc: Doc) -> Doc:
        if doc.is_open or doc.path is None:
            return doc
        now = time.monotonic()
        if now - doc.checked < STAT_INTERVAL:
            return doc
        doc.checked = now
        mtime = _mtime(doc.path)
        if mtime is None or mtime == doc.mtime_ns:
            return doc
        src = read_source(doc.path, str(doc.path))
        if isinstance(src, SourceFile):
            doc.set_text(src.text, None)
            doc.mtime_ns = mtime
        return doc

    def file_changed(self, uri: str) -> None:
        """A watched file changed on disk: re-read it next time (open editors keep their text)."""
        key, _ = self._key(uri)
        doc = self.docs.get(key)
        if doc is not None and not doc.is_open:
            doc.checked = 0.0

    def file_deleted(self, uri: str) -> None:
        key, _ = self._key(uri)
        doc = self.docs.get(key)
        if doc is not None and not doc.is_open:
            del self.docs[key]
            self.cache.forget(doc.source.path)
        self._listing = None

    # -- collections

    def workspace_docs(self) -> list[Doc]:
        """Workspace files and open documents (not the standard library), in path order."""
        out: dict[str, Doc] = {}
        for path in self.listing():
            doc = self.by_path(path)
            if doc is not None and doc.origin == "workspace":
                out[doc.key] = doc
        for doc in self.docs.values():
            if doc.is_open and doc.origin == "workspace":
                out[doc.key] = doc
        return [out[k] for k in sorted(out)]

    def stdlib_docs(self) -> list[Doc]:
        if self._stdlib_docs is None:
            docs = []
            for path in sorted(self.stdlib.glob("*.blueprint")):
                doc = self.by_path(path)
                if doc is not None:
                    docs.append(doc)
            self._stdlib_docs = docs
        return [self._refresh(d) for d in self._stdlib_docs]

    def all_docs(self) -> list[Doc]:
        return self.workspace_docs() + self.stdlib_docs()

    def open_docs(self) -> list[Doc]:
        return [d for _, d in sorted(self.docs.items()) if d.is_open]

    def uri_for_file(self, shown: str) -> str | None:
        """The URI of a file as named in a diagnostic (a path, or ``<stdlib>/NAME``)."""
        if not shown or shown.startswith("<") and not shown.startswith("<stdlib>/"):
            return None
        doc = self.docs.get(shown)
        if doc is not None:
            return doc.uri
        if shown.startswith("<stdlib>/"):
            return path_to_uri(self.stdlib / shown[len("<stdlib>/"):])
        if "://" in shown or shown.startswith("untitled:"):
            return shown
        return path_to_uri(Path(os.path.abspath(shown)))

    def doc_for_file(self, shown: str) -> Doc | None:
        """The document of a file as named in a diagnostic."""
        doc = self.docs.get(shown)
        if doc is not None:
            return doc
        if shown.startswith("<stdlib>/"):
            return self.by_path(self.stdlib / shown[len("<stdlib>/"):])
        if shown.startswith("<") or "://" in shown:
            return None
        return self.by_path(Path(shown))


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None
