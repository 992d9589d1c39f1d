"""What a compile learnt from the filesystem, recorded, and whether all of it still holds.

The result cache of ``pwib check`` (:mod:`pwib_dsl.check_cache`) may hand back the diagnostics
of an earlier run only when every input of that run is unchanged. Rather than a list of the
inputs kept by hand — the files given and their workspace, ``pwib.toml`` files, base
workspaces, modules loaded on demand, the standard library, law snapshots, symbolic links on
the way, folders searched and found empty — the compile runs inside :func:`recording`, which
notes every answer the filesystem gives it through :mod:`os` and :func:`open`:

* ``stat``/``lstat`` of a path: the file type and permission bits, and a regular file's size
  (or the error);
* a folder listing (``scandir``/``listdir``): the names, and for each entry whether it is a
  link, a folder or a file;
* ``readlink`` (how ``Path.resolve`` follows links): the target;
* a file opened for reading: a hash of its bytes (read from the same open file);
* ``importlib.util.find_spec`` (``[base] package``): where the package was found.

:func:`still_holds` asks each question again. The compile is a function of those answers, the
working folder and the compiler's code (both in the entry's name), so when every answer is the
same, so are its diagnostics. Whatever the process reads below the cache folder or the package
itself is not noted (the cache reads its own entries; the package is named by its
fingerprint). A file opened for writing outside the cache, or a question asked in a form not
noted here (by file descriptor, relative to a folder descriptor), makes the run not reusable
(:attr:`Recording.reusable` false): its result is simply not kept. (Writing through a file
descriptor, as :func:`pwib_dsl.atomic.write_atomic` does with the temporary file it made,
learns nothing and is let through: where it lands is not an input.)

Only one compile records at a time (the commands run one; the language server never records).
"""

from __future__ import annotations

import builtins
import io
import os
import stat as _stat
import sys

#: the functions recorded, as the compile finds them
_REAL = {
    "stat": os.stat,
    "lstat": os.lstat,
    "scandir": os.scandir,
    "listdir": os.listdir,
    "readlink": os.readlink,
    "open": io.open,
}


def _error(exc: OSError) -> tuple:
    return ("error", type(exc).__name__, exc.errno)


def _stat_fact(st) -> tuple:
    mode = st.st_mode
    return (mode, st.st_size if _stat.S_ISREG(mode) else 0)


def _entry_fact(entry) -> tuple:
    def ask(fn, **kwargs):
        try:
            return fn(**kwargs)
        except OSError:
            return None

    return (
        entry.name,
        ask(entry.is_symlink),
        ask(entry.is_dir, follow_symlinks=False),
        ask(entry.is_dir),
        ask(entry.is_file),
    )


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _read_fd(fd: int) -> bytes:
    """Every byte of an open file, read without moving its position."""
    chunks, offset = [], 0
    while True:
        chunk = os.pread(fd, 1 << 20, offset)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        offset += len(chunk)


def ask(question: tuple):
    """The filesystem's answer to ``question`` now, in the form it is recorded in."""
    op, path = question[0], question[1]
    if op in ("stat", "lstat"):
        try:
            return _stat_fact(_REAL[op](path))
        except OSError as exc:
            return _error(exc)
    if op == "scandir":
        try:
            with _REAL["scandir"](path) as it:
                return tuple(_entry_fact(e) for e in it)
        except OSError as exc:
            return _error(exc)
    if op == "listdir":
        try:
            return tuple(_REAL["listdir"](path))
        except OSError as exc:
            return _error(exc)
    if op == "readlink":
        try:
            return _REAL["readlink"](path)
        except OSError as exc:
            return _error(exc)
    if op == "read":
        try:
            with _REAL["open"](path, "rb") as fh:
                return _digest(_read_fd(fh.fileno()))
        except OSError as exc:
            return _error(exc)
    if op == "module":  # a file of third-party code: replaced whole by an upgrade
        try:
            st = _REAL["stat"](path)
        except OSError as exc:
            return _error(exc)
        return (st.st_size, st.st_mtime_ns)
    if op == "spec":
        import importlib.util

        try:
            spec = importlib.util.find_spec(path)
        except (ImportError, ValueError):
            return None
        if spec is None:
            return None
        return (spec.origin, tuple(spec.submodule_search_locations or ()))
    return ("unknown question",)


def still_holds(facts) -> bool:
    """Whether every recorded answer is what the filesystem answers now."""
    for question, answer in facts:
        if ask(question) != answer:
            return False
    return True


class Recording:
    """The answers noted during one compile (:func:`recording`)."""

    def __init__(self, skip: tuple[str, ...]) -> None:
        self.facts: dict[tuple, object] = {}
        self.reusable = True
        #: above 0 while the cache reads or writes its own entries (:func:`paused`)
        self.paused = 0
        self._skip = skip

    def _skipped(self, path) -> bool:
        return os.path.join(os.path.abspath(path), "").startswith(self._skip)

    def _note(self, question: tuple, answer) -> None:
        if not self.paused and not self._skipped(question[1]):
            self.facts.setdefault(question, answer)

    def _plain(self, path, dir_fd=None) -> str | None:
        """``path`` as text when the call names a path plainly; else the run is not reusable."""
        if dir_fd is None and not isinstance(path, (int, bytes)):
            try:
                name = os.fspath(path)
            except TypeError:
                name = None
            if isinstance(name, str):
                return name
        self.reusable = False
        return None

    # the stand-ins

    def stat(self, path, *, dir_fd=None, follow_symlinks=True):
        return self._stat("stat" if follow_symlinks else "lstat", path, dir_fd)

    def lstat(self, path, *, dir_fd=None):
        return self._stat("lstat", path, dir_fd)

    def _stat(self, op, path, dir_fd):
        name = self._plain(path, dir_fd)
        if name is None:
            return _REAL["stat"](path, dir_fd=dir_fd, follow_symlinks=op == "stat")
        try:
            st = _REAL[op](path)
        except OSError as exc:
            self._note((op, name), _error(exc))
            raise
        self._note((op, name), _stat_fact(st))
        return st

    def scandir(self, path="."):
        name = self._plain(path)
        if name is None:
            return _REAL["scandir"](path)
        try:
            with _REAL["scandir"](path) as it:
                entries = list(it)
        except OSError as exc:
            self._note(("scandir", name), _error(exc))
            raise
        self._note(("scandir", name), tuple(_entry_fact(e) for e in entries))
        return _Listing(entries)

    def listdir(self, path="."):
        name = self._plain(path)
        if name is None:
            return _REAL["listdir"](path)
        try:
            names = _REAL["listdir"](path)
        except OSError as exc:
            self._note(("listdir", name), _error(exc))
            raise
        self._note(("listdir", name), tuple(names))
        return names

    def readlink(self, path, *, dir_fd=None):
        name = self._plain(path, dir_fd)
        if name is None:
            return _REAL["readlink"](path, dir_fd=dir_fd)
        try:
            target = _REAL["readlink"](path)
        except OSError as exc:
            self._note(("readlink", name), _error(exc))
            raise
        self._note(("readlink", name), target)
        return target

    def open(self, file, mode="r", *args, **kwargs):
        real = _REAL["open"]
        writing = any(c in mode for c in "wax+")
        if self.paused:
            return real(file, mode, *args, **kwargs)
        if isinstance(file, int) and writing and "+" not in mode:
            # ``os.fdopen`` of a file just made (``tempfile.mkstemp``: the cache writing its
            # entries atomically) writes, and reads nothing the compile learns from
            return real(file, mode, *args, **kwargs)
        name = self._plain(file)
        if name is None or kwargs.get("opener") is not None:
            self.reusable = False
            return real(file, mode, *args, **kwargs)
        if writing:
            if not self._skipped(name):
                self.reusable = False
            return real(file, mode, *args, **kwargs)
        try:
            fh = real(file, mode, *args, **kwargs)
        except OSError as exc:
            self._note(("read", name), _error(exc))
            raise
        if not self._skipped(name):
            try:
                self._note(("read", name), _digest(_read_fd(fh.fileno())))
            except OSError:
                self.reusable = False
        return fh

    def find_spec(self, name, package=None):
        spec = self._real_find_spec(name, package)
        if self.paused:
            return spec
        if package is not None or "." in name:
            self.reusable = False
        else:
            self._note(("spec", name), None if spec is None else
                       (spec.origin, tuple(spec.submodule_search_locations or ())))
        return spec


class paused:
    """``with paused():`` — what the code inside asks is its own business, not the compile's
    (the cache reading and writing its entries); nothing when no compile is recorded."""

    def __enter__(self) -> None:
        if _active:
            _active[-1].paused += 1

    def __exit__(self, *exc) -> None:
        if _active:
            _active[-1].paused -= 1


#: the recording in progress (at most one)
_active: list[Recording] = []


class _Listing:
    """What ``os.scandir`` returns, for entries already read: an iterator and a context manager."""

    def __init__(self, entries) -> None:
        self._it = iter(entries)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._it)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._it = iter(())


class recording:
    """``with recording(skip) as rec:`` notes the filesystem's answers to the code inside
    (paths below a folder in ``skip`` excepted) in ``rec``; everything is put back after."""

    def __init__(self, skip=()) -> None:
        self._skip = tuple(os.path.join(os.path.abspath(s), "") for s in skip)

    def __enter__(self) -> Recording:
        import importlib.util

        rec = Recording(self._skip)
        rec._real_find_spec = importlib.util.find_spec
        self._saved = [
            (os, "stat", os.stat),
            (os, "lstat", os.lstat),
            (os, "scandir", os.scandir),
            (os, "listdir", os.listdir),
            (os, "readlink", os.readlink),
            (io, "open", io.open),
            (builtins, "open", builtins.open),
            (importlib.util, "find_spec", importlib.util.find_spec),
        ]
        os.stat, os.lstat, os.scandir, os.listdir, os.readlink = rec.stat, rec.lstat, rec.scandir, rec.listdir, rec.readlink
        io.open = builtins.open = rec.open
        importlib.util.find_spec = rec.find_spec
        _active.append(rec)
        return rec

    def __exit__(self, *exc) -> None:
        _active.clear()
        for owner, name, value in self._saved:
            setattr(owner, name, value)


def third_party_modules(package) -> tuple:
    """A fact for each imported module of code from outside Python and ``package``: the size
    and modification time of its top-level file (an upgrade rewrites it)."""
    package = os.path.join(os.fspath(package), "")
    stdlib = sys.stdlib_module_names
    facts = {}
    for name, module in list(sys.modules.items()):
        if "." in name or name in stdlib or name.startswith("_frozen"):
            continue
        file = getattr(module, "__file__", None)
        if not isinstance(file, str) or os.path.join(os.path.abspath(file), "").startswith(package):
            continue
        question = ("module", file)
        facts[question] = ask(question)
    return tuple(sorted(facts.items()))
