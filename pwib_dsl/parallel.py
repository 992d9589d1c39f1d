"""Work spread over processes: parsing many files, and rendering a build's targets side by side.

The work items are pure functions of data the parent already holds (the source texts, the
resolved workspace), so the workers are forked from the parent: they inherit that data and
the loaded parser instead of receiving it, and send back only their results. Results are
taken in the order of the items, never in the order they finish, so the output of ``-j N``
is byte-identical to ``-j 1``.

Processes are used only where forking is available and safe (Linux); elsewhere, and for
work too small to repay starting workers, everything runs in this process. Callers see
the same results either way.
"""

from __future__ import annotations

import os
import sys
from typing import Callable, Sequence

#: What the workers read: set just before forking them, cleared after (inherited by fork).
_items: Sequence = ()
_work: Callable | None = None


def default_jobs() -> int:
    """The processors this process may run on (the default of ``pwib build -j``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether workers can be forked: Linux only (macOS forks badly, Windows not at all)."""
    if not sys.platform.startswith("linux"):
        return False
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _run_one(index: int):
    return _work(_items[index])


def ordered_map(work: Callable, items: Sequence, jobs: int, progress: Callable[[int], None] | None = None) -> list:
    """``[work(item) for item in items]``, over ``jobs`` forked workers when that is possible.

    ``work`` must be a module-level function whose result can be pickled. ``progress`` is
    called with the number of items finished, as they finish (in order).
    """
    global _items, _work
    jobs = min(jobs, len(items))
    if jobs <= 1 or not can_fork():
        out = []
        for item in items:
            out.append(work(item))
            if progress is not None:
                progress(1)
        return out
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _items, _work = items, work
    try:
        # Chunks of a few items: fewer round trips than one item each, and enough chunks for
        # the workers to even out the load.
        chunk = max(1, len(items) // (jobs * 4))
        ctx = multiprocessing.get_context("fork")
        out = []
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            for result in pool.map(_run_one, range(len(items)), chunksize=chunk):
                out.append(result)
                if progress is not None:
                    progress(1)
        return out
    finally:
        _items, _work = (), None
