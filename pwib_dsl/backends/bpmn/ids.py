"""BPMN ids derived from DSL names: stable, valid NCNames and Python identifiers.

An id depends only on the names it is built from (never on a counter over the file), so adding
a step elsewhere changes no other id. Every id is ASCII ``[A-Za-z0-9_]`` starting with a letter:
a valid XML NCName and a valid Python identifier (gateway ids become the branch variable
``route_<gateway id>`` that SpiffWorkflow evaluates as Python, see ``semantic.py``).

A DSL name maps to a *key*:

* a plain name (ASCII letters and digits, single ``-`` between them) maps to itself with ``-``
  turned into ``_``: ``eerste-gesprek`` → ``eerste_gesprek``. Such keys never contain ``__``
  and never start or end with ``_``.
* a qualified name of plain parts (``rollen.klantmanager``, an actor declared in a module)
  joins the keys of its parts with ``__``: ``rollen__klantmanager``. It never contains ``___``.
* any other name (``_``, a doubled or trailing ``-``, non-ASCII letters) maps to a readable ASCII
  slug, ``___`` and 8 hex digits of the SHA-1 of the name: ``beëindigen`` → ``beeindigen___1b2c…``.
  The ``___`` keeps these apart from the other two kinds; the hash keeps them apart from each
  other.

Ids are ``<Kind>_<key>`` (``Task_gesprek``) or, for parts of a node, ``<Kind>_<key>_<n>``
(``Deadline_gesprek_1``); a key never starts with ``_``, so the kinds can never be confused.
SpiffWorkflow's reserved task names ``Start``, ``End`` and ``<process>.EndJoin`` cannot occur.
An :class:`IdScheme` prefixes every id of an embedded process (a tile inside a master journey)
with ``<tile key>__``, and a last-resort registry makes any collision that slipped through
deterministic instead of silent.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\Z")
_NON_WORD = re.compile(r"[^A-Za-z0-9]+")

@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The id fragment of a DSL name (see the module docstring for the mapping)."""
    parts = name.split(".")
    if all(_PLAIN.match(part) for part in parts):
        return "__".join(part.replace("-", "_") for part in parts)
    # NFKD splits "ë" into "e" + a combining mark, which the slug then drops.
    ascii_form = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _NON_WORD.sub("_", ascii_form).strip("_")
    if not slug or not slug[0].isalpha():
        slug = "x" + ("_" + slug if slug else "")
    digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug}___{digest}"


class IdScheme:
    """Hands out the ids of one process; ``prefix`` namespaces an embedded process."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self._issued: set[str] = set()

    def make(self, kind: str, *names: str, part: int | None = None) -> str:
        """``<prefix><kind>_<key>[__<key>...][_<part>]``, unique within this scheme."""
        text = f"{self.prefix}{kind}_" + "__".join(name_key(n) for n in names)
        if part is not None:
            text = f"{text}_{part}"
        return self.claim(text)

    def claim(self, candidate: str) -> str:
        """Register an id; a (theoretical) duplicate gets ``_dup<n>`` in claim order."""
        if candidate not in self._issued:
            self._issued.add(candidate)
            return candidate
        n = 2
        while f"{candidate}_dup{n}" in self._issued:
            n += 1
        unique = f"{candidate}_dup{n}"
        self._issued.add(unique)
        return unique


def embed_prefix(blueprint_id: str) -> str:
    """Prefix of every id of a tile process embedded in a master journey's file."""
    return f"{name_key(blueprint_id)}__"


def process_id(blueprint_id: str) -> str:
    """The process id of a blueprint: the same in its own file and in a master journey."""
    return f"Process_{name_key(blueprint_id)}"
