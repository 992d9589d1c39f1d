"""The snapshot folder of a workspace: ``<root>/law/<BWB id>/<valid from>.json``.

Writing is atomic for the whole import: every snapshot is first written to a temporary file
beside its target, and only when all are written are they renamed into place (a failure on the
way removes the temporary files and leaves the folder as it was). Reading is lazy: the folder
listing says which versions exist; a version's file is parsed when a check or the impact
report first needs it.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import attrs

from pwib_dsl.law.model import FORMAT, LawArticle, Lid, Reference, Snapshot, Source

#: The snapshot folder, relative to the workspace root, unless pwib.toml says otherwise
#: (also spelled out in :func:`pwib_dsl.driver.law_context`, which must not import this module).
DEFAULT_FOLDER = "law"
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.json$")
_BWB = re.compile(r"^BWB[RV]\d{7}$")


class SnapshotError(Exception):
    """A snapshot file in the folder that cannot be read (message names the file)."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


def dump(snapshot: Snapshot) -> bytes:
    """The snapshot as canonical JSON (sorted keys, two-space indent, final newline)."""
    data = {"format": FORMAT, **attrs.asdict(snapshot, recurse=True)}
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def load(path: Path) -> Snapshot:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SnapshotError(path, f"cannot read law snapshot: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SnapshotError(path, f"not a law snapshot of format {FORMAT}")
    try:
        return Snapshot(
            bwb=data["bwb"],
            valid_from=data["valid_from"],
            title=data.get("title"),
            articles=tuple(
                LawArticle(
                    number=a["number"], text=a["text"], hash=a["hash"], url=a.get("url"),
                    leden=tuple(Lid(**lid) for lid in a.get("leden", ())),
                    references=tuple(Reference(**r) for r in a.get("references", ())),
                )
                for a in data["articles"]
            ),
            source=Source(**data["source"]),
            partial=bool(data.get("partial", False)),
            url=data.get("url"),
        )
    except (KeyError, TypeError) as exc:
        raise SnapshotError(path, f"law snapshot is missing a field: {exc}") from None


def target(folder: Path, snapshot: Snapshot) -> Path:
    return folder / snapshot.bwb / f"{snapshot.valid_from}.json"


def write_all(folder: Path, snapshots: list[Snapshot]) -> list[Path]:
    """Write every snapshot, all or none (see the module docstring); the paths written."""
    staged: list[tuple[str, Path]] = []
    try:
        for snap in snapshots:
            path = target(folder, snap)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(dump(snap))
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
    except BaseException:
        for tmp, _ in staged:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
    return [p for _, p in staged]


@attrs.define
class Store:
    """The versions in a snapshot folder, by BWB id; snapshots load on first use."""

    folder: Path
    #: BWB id → sorted version dates
    versions: dict[str, list[str]]
    _cache: dict = attrs.field(factory=dict)

    @classmethod
    def open(cls, folder: Path) -> Store | None:
        """The store of a folder, or None when it holds no snapshots."""
        if not folder.is_dir():
            return None
        versions: dict[str, list[str]] = {}
        for law in sorted(os.scandir(folder), key=lambda e: e.name):
            if not (law.is_dir() and _BWB.match(law.name)):
                continue
            dates = sorted(m.group(1) for e in os.scandir(law.path) if (m := _NAME.match(e.name)))
            if dates:
                versions[law.name] = dates
        return cls(folder, versions) if versions else None

    def has(self, bwb: str | None) -> bool:
        return bwb in self.versions

    def get(self, bwb: str, valid_from: str) -> Snapshot:
        key = (bwb, valid_from)
        if key not in self._cache:
            self._cache[key] = load(self.folder / bwb / f"{valid_from}.json")
        return self._cache[key]

    def in_force(self, bwb: str, date: str) -> str | None:
        """The date of the version in force on ``date`` (the latest from on or before it)."""
        found = None
        for d in self.versions.get(bwb, ()):
            if d <= date:
                found = d
        return found

    def latest(self, bwb: str) -> str | None:
        dates = self.versions.get(bwb)
        return dates[-1] if dates else None
