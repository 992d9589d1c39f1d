"""Work spread over processes: parsing many files, and rendering the parts of a build.

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

#: Below this much source text (some 17,000 lines), starting workers costs more than they save.
MIN_CHARS = 400_000

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


def meanwhile(work: Callable[[], None]) -> None:
    """Have this process run ``work`` while the workers of the next spread
    :func:`ordered_map` run, instead of waiting idle for them: loading what a later phase
    needs costs nothing then. Work that never found workers to wait for is dropped by
    :func:`forget_meanwhile` (it only saves time, so nothing depends on it having run)."""
    _meanwhile.append(work)


def forget_meanwhile() -> None:
    _meanwhile.clear()


#: What :func:`meanwhile` was given and has not run yet.
_meanwhile: list[Callable[[], None]] = []


def worth_spreading(sources) -> bool:
    """Whether work over these sources (:class:`pwib_dsl.source.SourceFile`) is large enough
    to spread over processes (:data:`MIN_CHARS`)."""
    return sum(len(s.text) for s in sources) >= MIN_CHARS


def _run_one(index: int):
    return _work(_items[index])


def ordered_map(
    work: Callable,
    items: Sequence,
    jobs: int,
    progress: Callable[[int], None] | None = None,
    order: Sequence[int] | None = None,
) -> list:
    """``[work(item) for item in items]``, over ``jobs`` forked workers when that is possible.

    ``work`` runs in the workers, which inherit it (a closure will do); its result must
    pickle. ``progress`` is called with the number of items finished, as they finish.
    ``order`` (indexes of ``items``) is the order to hand the items out in — the costliest
    first, so that the workers finish together; the results stay in the order of the items.
    When items fail, the exception of the first failing item (in item order) is raised, as
    in a one-process run.
    """
    global _items, _work
    if order is not None and sorted(order) != list(range(len(items))):
        raise ValueError("order must name every item once")
    jobs = min(jobs, len(items))
    if jobs <= 1 or not can_fork():
        out = []
        for item in items:
            out.append(work(item))
            if progress is not None:
                progress(1)
        return out
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    _items, _work = items, work
    try:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            if order is None:
                # Chunks of a few items: fewer round trips than one item each, and enough
                # chunks for the workers to even out the load.
                chunk = max(1, len(items) // (jobs * 4))
                out = []
                results = pool.map(_run_one, range(len(items)), chunksize=chunk)
                while _meanwhile:  # the workers are forked and busy: this process is free
                    _meanwhile.pop(0)()
                for result in results:
                    out.append(result)
                    if progress is not None:
                        progress(1)
                return out
            futures = {pool.submit(_run_one, i): i for i in order}
            while _meanwhile:  # the workers are forked and busy: this process is free
                _meanwhile.pop(0)()
            for future in as_completed(futures):
                if progress is not None and future.exception() is None:
                    progress(1)
            by_index = sorted(futures.items(), key=lambda kv: kv[1])
            return [future.result() for future, _ in by_index]
    finally:
        _items, _work = (), None
