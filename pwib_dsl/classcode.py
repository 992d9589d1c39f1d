"""The methods attrs writes for the package's classes, kept compiled between processes.

attrs makes ``__init__``, ``__eq__``, ``__hash__``, ``__repr__`` and ``__setattr__`` of every
frozen class by writing their source and compiling it when the class statement runs. The AST
and the model are about a hundred such classes, and that compiling is a tenth of what a small
``pwib check`` costs. The source attrs writes depends only on the class and the attrs
version, so its compiled form (a code object, saved with :mod:`marshal` as ``.pyc`` files
save theirs) is kept in the per-user cache (:mod:`pwib_dsl.cache`), keyed by attrs' class
builder and the exact Python version; a later process takes the code object instead of compiling.

Only ``compile`` inside attrs' class builder is replaced, and only for attrs' generated
methods of this package's classes; what attrs does with the code is unchanged. An entry that
is missing, damaged or holds a code object for another file is ignored and the source
compiled as before. New code objects are written once, when the process ends.
"""

from __future__ import annotations

import builtins
import hashlib
import marshal
import sys
import types
from pathlib import Path

#: filename prefix of attrs' generated methods for this package's classes
_OURS = "<attrs generated "
_PACKAGE = " pwib_dsl."

#: past this many code objects an entry is pruned to those the writing process used
_MAX_ENTRIES = 2000

_state: dict = {}


def _unsalted(source: str, filename: str) -> str:
    """The source without the one thing that differs between processes: ``__hash__`` mixes
    in ``hash()`` of a name, which string-hash randomisation changes in every process.

    A code object made in another process keeps that process's number; any number serves,
    since every instance of the class in this process hashes with the same one.
    """
    salt = str(hash(filename.replace("<attrs generated methods ", "<attrs generated hash ", 1)))
    return source.replace(salt, "<salt>")


def install() -> None:
    """Route attrs' compiling of generated methods through the cache (once per process)."""
    if _state:
        return
    _state["done"] = True
    try:
        from attr import _make
    except ImportError:
        return
    if "compile" in vars(_make) or not hasattr(_make, "_compile_and_eval"):
        return  # not the attrs layout this module knows: leave it alone
    from pwib_dsl import cache

    if cache.directory() is None:
        return
    try:
        # attrs' ``__version__`` is read through importlib.metadata, which costs more than
        # what this module saves; the builder's own source says as much about its output
        builder = Path(_make.__file__).read_bytes()
    except (OSError, TypeError):
        return
    name = cache.key("attrs-methods", builder, sys.version)
    stored = cache.load("classes", name)
    if not isinstance(stored, dict):
        stored = {}
    new: dict[str, bytes] = {}
    used: set[str] = set()
    real = builtins.compile

    def compile(source, filename, mode, *args, **kwargs):  # noqa: A001 - stands in for the builtin
        if args or kwargs or mode != "exec" or not isinstance(source, str) or not isinstance(filename, str):
            return real(source, filename, mode, *args, **kwargs)
        if not (filename.startswith(_OURS) and _PACKAGE in filename):
            return real(source, filename, mode)
        key = hashlib.sha256(f"{filename}\0{_unsalted(source, filename)}".encode("utf-8", "surrogatepass")).hexdigest()
        data = stored.get(key)
        if isinstance(data, bytes):
            try:
                code = marshal.loads(data)
            except Exception:  # noqa: BLE001 - a damaged entry: compile instead
                code = None
            if isinstance(code, types.CodeType) and code.co_filename == filename:
                used.add(key)
                return code
        code = real(source, filename, mode)
        new[key] = marshal.dumps(code)
        return code

    def keep() -> None:
        if new:
            # classes changed between versions leave entries no one reads: past a bound,
            # keep only what this process used
            old = stored if len(stored) < _MAX_ENTRIES else {k: stored[k] for k in used}
            cache.store("classes", name, {**old, **new})

    _make.compile = compile
    _state["compiled"] = new  # what this process compiled (read by the tests)
    import atexit

    atexit.register(keep)
