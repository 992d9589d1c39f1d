"""Input: where a workspace is, how it is configured, which files take part, and their text.

* :mod:`.roots` — the root (the nearest ``pwib.toml`` upwards) and the files of a workspace;
* :mod:`.config` — ``pwib.toml``: its format, checked with diagnostics;
* :mod:`.reading` — paths given on the command line expanded into ``.blueprint`` files
  (discovery), and files read and decoded into :class:`~pwib_dsl.source.SourceFile`;
* :mod:`.stdlib` — the standard-library files, read and parsed once (per process and in the
  per-user cache).

Only this package and the commands read input. The phases below it are handed what they need:
``sema`` gets sources and a :class:`pwib_dsl.sema.modules.Files` (the driver's source
provider) for the modules it loads on demand, the diagnostics renderer gets the sources it
quotes. ``tests/test_workspace_layers.py`` keeps ``syntax/``, ``surface/``, ``sema/`` and
``diagnostics/`` from importing this package or reading files.
"""
