"""Where a workspace keeps its law snapshots and at what date it reads its citations.

``pwib.toml``::

    [law]
    date = 2027-01-01     # citations are read at this date (a TOML date or "YYYY-MM-DD")
    snapshots = "law"     # the snapshot folder, relative to the root (the default)
"""

from __future__ import annotations

from pathlib import Path


def snapshot_folder(start: Path, config=None, root: Path | None = None) -> Path:
    """The snapshot folder of the workspace that ``start`` is in."""
    from pwib_dsl.workspace import config as cfg
    from pwib_dsl.law.store import DEFAULT_FOLDER
    from pwib_dsl.workspace.roots import find_root

    if root is None:
        root, toml = find_root([str(start)])
        if toml is not None and config is None:
            config, _diags, _src = cfg.load(toml)
    root = root or start
    sub = (config.law_snapshots if config is not None else None) or DEFAULT_FOLDER
    return root / sub
