"""Content hashes of base blueprints and the snapshots ``pwib variant lock`` keeps.

A base blueprint's content hash is ``sha256:`` and the SHA-256 of its text as written, from
its keyword to its closing ``}``, with line ends as LF (so a checkout with CRLF line ends
hashes the same). Comments and layout inside the blueprint count: a hash names a text, and
``pwib variant status`` compares texts.

A hash cannot give back the text it was taken of, so ``pwib variant lock`` also keeps a
*snapshot*: the base blueprint's whole file as it was at the lock, in
``.pwib/variants/<variant>.base.blueprint`` under the variant's workspace root (a hidden folder,
so no compile ever reads it as part of the workspace). Commit it with the variant: it is what
the drift status compares the current base against.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

LOCK_PREFIX = "sha256:"
_LOCK = re.compile(r"^sha256:[0-9a-f]{64}$")
#: Where snapshots live, relative to the workspace root.
SNAPSHOT_FOLDER = Path(".pwib") / "variants"


def text_hash(text: str) -> str:
    return LOCK_PREFIX + hashlib.sha256(text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")).hexdigest()


def blueprint_hash(source_text: str, decl) -> str:
    """The content hash of a blueprint (or variant) declaration in the text it was parsed from."""
    return text_hash(source_text[decl.span.start : decl.span.end])


def valid_lock(value: str) -> bool:
    return bool(_LOCK.match(value))


def snapshot_path(root: Path, variant: str) -> Path:
    return root / SNAPSHOT_FOLDER / f"{variant}.base.blueprint"
