"""Modules: resolving ``use`` lines against the workspace and the standard library.

``use NAME`` (or ``use folder.NAME``) is looked up, in this order:

1. a workspace file whose module name is ``NAME`` (its ``module`` declaration, or its
   workspace-relative path with dots: ``regio.wet`` for ``regio/wet.blueprint``);
2. the file ``<root>/NAME.blueprint`` (dots are folders), loaded on demand when it was not
   part of the compile; a file that resolves (through a symbolic link) outside the workspace
   root is refused (PB103);
3. a standard-library module of that name (``wet``, ``pwib``, ``gemma``, ``rollen``, ``organisaties``,
   ``schuldenlandschap``), parsed once per process.

Modules reached through ``use`` are loaded transitively. Cycles in the ``use`` graph are
reported once per cycle (PB102); two workspace files with one module name are PB104; a
workspace module named like a standard-library module hides it (PB111).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Protocol

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Diagnostic, Label
from pwib_dsl.sema.graph import shortest_cycle, sccs
from pwib_dsl.sema.report import Reporter
from pwib_dsl.sema.units import Unit, declare, module_name
from pwib_dsl.source import SourceFile
from pwib_dsl.surface import nodes as n

#: Parses a source into an AST (None when it cannot be recovered) plus diagnostics.
ParseFn = Callable[[SourceFile], tuple]

class Files(Protocol):
    """What the analysis may ask of the input (the driver's source provider answers): it
    reads no file itself."""

    def is_file(self, path) -> bool:
        """Is there a file at ``path`` (False where a folder cannot be searched)?"""

    def read_module(self, path: Path) -> SourceFile | Diagnostic:
        """The text of a workspace module loaded on demand (``use NAME``)."""

    def stdlib_files(self, folder: Path | None) -> dict[str, Path]:
        """The standard-library files of a folder, by module name."""

    def stdlib_parse(self, path: Path, display: str, parse: ParseFn) -> tuple:
        """(source or None, AST or None, diagnostics) of a standard-library file."""


class ModuleIndex:
    """Every unit of a compile, by module name, loading context and stdlib modules on demand."""

    def __init__(
        self,
        units: list[Unit],
        reporter: Reporter,
        parse: ParseFn,
        root: Path | None,
        stdlib: Path | None,
        files: Files,
    ) -> None:
        self.reporter = reporter
        self.parse = parse
        self.files = files
        self.root = root.resolve() if root is not None else None
        self.stdlib = stdlib.resolve() if stdlib is not None else None
        self.units: list[Unit] = []
        self.by_module: dict[str, Unit] = {}
        self.by_real: dict[Path, Unit] = {}
        #: module names of files that failed to parse: a `use` of them is not reported again
        self.broken: set[str] = set()
        self._stdlib_paths: dict[str, Path] | None = None
        self._stdlib_loaded: dict[str, Unit | None] = {}
        self._stdlib_broken: dict[str, int] = {}
        for unit in units:
            self._register(unit)

    # -- registration

    def _register(self, unit: Unit) -> None:
        if not unit.module:
            unit.module = module_name(unit.file, unit.rel)
        self.units.append(unit)
        if unit.real is not None:
            self.by_real.setdefault(unit.real, unit)
        first = self.by_module.get(unit.module)
        if first is None:
            self.by_module[unit.module] = unit
        elif unit.origin == "base" and first.origin == "workspace":
            from pwib_dsl.variants.resolve import report_base_clash

            unit.shadowed = True
            report_base_clash(self.reporter, first, unit)
        else:
            unit.shadowed = True
            decl = unit.file.module
            span = decl.name.span if decl else unit.file.span
            secondary = ()
            if first.file.module is not None:
                secondary = (Label(first.path, first.file.module.name.span, "first declared here"),)
            self.reporter.add(
                "PB104",
                msg("PB104.module-declared-twice", module=unit.module),
                unit.path,
                span,
                label="second module of this name",
                secondary=secondary,
                notes=(f"`{first.rel}` declares it too",),
                help="give each module its own name",
            )
        declare(unit, self.reporter)

    def mark_broken(self, name: str) -> None:
        self.broken.add(name)

    # -- the standard library

    def stdlib_paths(self) -> dict[str, Path]:
        """Standard-library files by module name (a stdlib file is named after its module)."""
        if self._stdlib_paths is None:
            self._stdlib_paths = self.files.stdlib_files(self.stdlib)
        return self._stdlib_paths

    def stdlib_unit(self, name: str) -> Unit | None:
        """One standard-library module, parsed on first use (cached per process)."""
        if name not in self._stdlib_loaded:
            path = self.stdlib_paths().get(name)
            unit = None
            if path is not None:
                display = f"<stdlib>/{path.name}"
                src, file, diags = self.files.stdlib_parse(path, display, self.parse)
                if file is None:
                    self._stdlib_broken[name] = len(diags)
                else:
                    unit = Unit(src, file, display, "stdlib", False, path.resolve())
                    unit.module = module_name(file, path.name)
                    declare(unit, Reporter())  # a stdlib file's own problems are not the user's
            self._stdlib_loaded[name] = unit
        return self._stdlib_loaded[name]

    def stdlib_units(self) -> dict[str, Unit]:
        """Every standard-library module (parses them all: for hints on the error path)."""
        out = {}
        for name in self.stdlib_paths():
            unit = self.stdlib_unit(name)
            if unit is not None:
                out[name] = unit
        return out

    def stdlib_loaded(self) -> list[Unit]:
        """The standard-library modules this compile has parsed so far."""
        return [u for u in self._stdlib_loaded.values() if u is not None]

    def stdlib_names(self) -> list[str]:
        return sorted(self.stdlib_paths())

    # -- lookup

    def find(self, name: str, use: n.Use | None = None, user: Unit | None = None) -> Unit | None:
        """The unit for module ``name``; loads a context or stdlib file when needed."""
        found = self.by_module.get(name)
        if found is not None:
            return found
        if self.root is not None and all(p and p not in (".", "..") for p in name.split(".")):
            candidate = self.root.joinpath(*name.split(".")).with_suffix(".blueprint")
            if self.files.is_file(candidate):
                real = candidate.resolve()
                if not _inside(real, self.root):
                    if use is not None and user is not None:
                        self.reporter.add(
                            "PB103",
                            msg("PB103.reaches-file-outside", name=name),
                            user.path,
                            use.target.span,
                            label="resolves outside the workspace",
                            notes=(f"`{name.replace('.', '/')}.blueprint` is a link to a file outside the workspace",),
                            help="copy the module into the workspace, or move the workspace root (pwib.toml) up",
                        )
                    return None
                loaded = self.by_real.get(real)
                if loaded is not None:
                    return loaded
                return self._load_context(candidate, real)
        std = self.stdlib_unit(name)
        if std is not None:
            if std.real is not None and std.real in self.by_real:
                return self.by_real[std.real]
            self._register(std)
            return std
        return None

    def _load_context(self, path: Path, real: Path) -> Unit | None:
        src = self.files.read_module(path)
        if not isinstance(src, SourceFile):
            return None
        file, _diags = self.parse(src)
        rel = real.relative_to(self.root).as_posix()
        if file is None:
            self.broken.add(rel[: -len(".blueprint")].replace("/", "."))
            return None
        unit = Unit(src, file, rel, "workspace", False, real)
        self._register(unit)
        return unit

    def known_names(self) -> list[str]:
        return sorted(set(self.by_module) | set(self.stdlib_names()))

    # -- resolving every use

    def resolve_uses(self) -> None:
        """Resolve the ``use`` lines of every unit, loading modules transitively."""
        i = 0
        while i < len(self.units):  # the list grows as modules are loaded
            unit = self.units[i]
            i += 1
            for use in unit.file.uses:
                self._resolve_use(unit, use)

    def _resolve_use(self, unit: Unit, use: n.Use) -> None:
        name = use.target.dotted
        if name in unit.use_nodes:
            first = unit.use_nodes[name]
            self.reporter.add(
                "PB105",
                msg("PB105.module-used-twice", name=name),
                unit.path,
                use.span,
                label="repeated `use`",
                secondary=(Label(unit.path, first.span, "first used here"),),
                help="remove the repeated line",
            )
            return
        unit.use_nodes[name] = use
        target = self.find(name, use, unit)
        if target is None:
            if name in self.broken or name in self._stdlib_broken:
                if name in self._stdlib_broken:
                    self.reporter.add(
                        "PB101",
                        msg("PB101.standard-library-module", name=name),
                        unit.path,
                        use.target.span,
                        help="reinstall pwib; the standard library should always compile",
                    )
                return
            if self.root is not None and self._outside(name):
                return  # PB103 was reported by find()
            self.reporter.unknown(
                "PB101",
                msg("PB101.no-module-named", name=name),
                unit.path,
                use.target.span,
                name,
                self.known_names(),
                label="unknown module",
                notes=(
                    "a module is a workspace file with `module NAME` (or named NAME.blueprint) "
                    "or a standard-library module: " + ", ".join(self.stdlib_names()),
                ),
            )
            return
        if target.shadowed and not target.requested:
            first = self.by_module[target.module]
            self.reporter.add(
                "PB104",
                msg("PB104.used-module-declared-twice", file=target.rel, module=target.module, first=first.rel),
                unit.path,
                use.target.span,
                label="this module is not usable",
                help="give each module its own name",
            )
            return
        unit.imports[name] = target
        from pwib_dsl.sema.resolution import module

        self.reporter.references.append((unit.path, use.target.span, 0, *module(target)))

    def _outside(self, name: str) -> bool:
        candidate = self.root.joinpath(*name.split(".")).with_suffix(".blueprint")
        return self.files.is_file(candidate) and not _inside(candidate.resolve(), self.root)

    # -- whole-graph checks

    def check_cycles(self) -> None:
        """PB102 once per cycle of ``use`` edges (a module using itself included)."""
        index_of = {id(u): i for i, u in enumerate(self.units)}
        edges = [
            sorted({index_of[id(t)] for t in u.imports.values() if id(t) in index_of}) for u in self.units
        ]
        for comp in sccs(edges):
            members = set(comp)
            if len(comp) == 1 and comp[0] not in edges[comp[0]]:
                continue
            units = sorted((self.units[i] for i in comp), key=lambda u: (not u.requested, u.rel))
            start = units[0]
            cycle = shortest_cycle(index_of[id(start)], edges, members)
            names = [self.units[i].module for i in cycle] + [start.module]
            hops = []
            for a, b in zip(cycle, cycle[1:] + cycle[:1]):
                ua, ub = self.units[a], self.units[b]
                q = next(q for q, t in ua.imports.items() if t is ub)
                hops.append((ua, ua.use_nodes[q]))
            first_unit, first_use = hops[0]
            self.reporter.add(
                "PB102",
                msg("PB102.import-cycle", cycle=" → ".join(f"`{x}`" for x in names)),
                first_unit.path,
                first_use.span,
                label="this `use` closes the cycle" if len(hops) == 1 else "the cycle starts here",
                secondary=tuple(Label(u.path, use.span, f"`{u.module}` uses `{use.target.dotted}`") for u, use in hops[1:]),
                help="move the shared declarations into a module that both can use",
            )

    def check_shadowing(self) -> None:
        """PB111 for a workspace module named like a standard-library module."""
        std = self.stdlib_paths()
        for unit in self.units:
            if unit.origin != "workspace" or not unit.requested:
                continue
            other = std.get(unit.module)
            if other is None or other.resolve() == unit.real:
                continue
            decl = unit.file.module
            self.reporter.add(
                "PB111",
                msg("PB111.hides-stdlib", module=unit.module),
                unit.path,
                decl.name.span if decl else unit.file.span,
                label="shadows the standard library",
                notes=(f"every `use {unit.module}` in this workspace now reads this file",),
                help="give the module its own name (for example a municipal prefix)",
            )

    def check_unused(self) -> None:
        """PB112 for a ``use`` through which no name was resolved."""
        for unit in self.units:
            if not unit.requested:
                continue
            for q, use in unit.use_nodes.items():
                if q in unit.imports and q not in unit.used and unit.imports[q] is not unit:
                    self.reporter.add(
                        "PB112",
                        msg("PB112.unused-use", module=q),
                        unit.path,
                        use.span,
                        label="unused",
                        help="remove this line",
                    )


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def relpath(path: Path, root: Path | None) -> str:
    """``path`` relative to ``root`` with forward slashes (or as given, when outside)."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    norm = Path(os.path.normpath(str(path)))
    return norm.name if norm.is_absolute() else norm.as_posix()
