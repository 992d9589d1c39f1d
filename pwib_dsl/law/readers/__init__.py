"""Readers of law-text formats: each turns one file into one :class:`~pwib_dsl.law.model.Snapshot`.

A reader is a module-level object with a ``name``, a ``sniff(path, head)`` that says whether a
file is in its format (from the name and the first bytes), and a ``read(path, data)`` that
returns the snapshot or raises :class:`LawInputError` with a position. The regelrecht YAML
reader is the one shipped; an official BWB XML reader is added by writing one more module
and listing it in :data:`READERS`.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Protocol

import attrs

from pwib_dsl.law.model import Snapshot


@attrs.frozen
class LawInputError(Exception):
    """A law file that cannot be read: what is wrong, and where (1-based; 0 when unknown)."""

    message: str
    line: int = 0
    column: int = 0
    help: str | None = None

    def __str__(self) -> str:
        return self.message


class Reader(Protocol):
    name: str

    def sniff(self, path: Path, head: bytes) -> bool: ...

    def read(self, path: Path, data: bytes) -> Snapshot: ...


#: Reader modules, tried in this order; each defines ``READER``.
READERS = ("pwib_dsl.law.readers.regelrecht",)


def readers() -> list[Reader]:
    return [importlib.import_module(name).READER for name in READERS]


def reader_for(path: Path, data: bytes) -> Reader | None:
    head = data[:4096]
    for reader in readers():
        if reader.sniff(path, head):
            return reader
    return None
