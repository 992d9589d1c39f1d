"""The records of a semantic diff: one :class:`Change` per changed fact.

A change sits in a *section* (legal basis first, then blueprints, the catalogue, files), belongs
to an *owner* (a blueprint, a catalogue entry, a file) and points at a *path* inside it (a phase,
a step, an article). ``old`` and ``new`` hold the facts as the language spells them
(``customer inwoner "Vult in"``), or citations in the legal section; renderers only arrange them.
"""

from __future__ import annotations

import attrs

#: Sections in the order they are reported: legal basis comes first.
SECTIONS = ("legal", "blueprints", "catalogue", "files")


@attrs.frozen
class Ref:
    """A named thing: ``Ref("step", "gesprek")``."""

    kind: str
    name: str


@attrs.frozen
class Change:
    """One changed fact (see the module docstring)."""

    section: str
    owner: Ref
    path: tuple[Ref, ...]
    action: str
    #: the kind of fact that changed: "legal basis", "customer lane", "title", "version", ...;
    #: empty when the thing named by ``path`` (or the owner) was itself added, removed or moved
    aspect: str = ""
    old: tuple[str, ...] = ()
    new: tuple[str, ...] = ()
    #: extra context: "in phase `plannen`", "now after `gesprek`", "from file `a.blueprint`"
    note: str = ""


def presence(section: str, owner: Ref, path: tuple[Ref, ...], old, new, text: tuple[str, ...], note: str = "") -> Change:
    """A named thing only in the new version (``old`` is None: added) or only in the old (removed)."""
    if old is None:
        return Change(section, owner, path, "added", new=text, note=note)
    return Change(section, owner, path, "removed", old=text, note=note)


@attrs.frozen
class DiffResult:
    """Every change between two sides, grouped by section in :data:`SECTIONS` order."""

    old_label: str
    new_label: str
    changes: tuple[Change, ...] = ()

    @property
    def equal(self) -> bool:
        return not self.changes

    def section(self, name: str) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.section == name)
