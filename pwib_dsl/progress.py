"""A progress bar for long commands: on a terminal only, and only once a run passes a second.

Drawn with tqdm on standard error. Nothing is drawn when standard error is not a terminal
(CI logs, pipes, editors), when ``TERM=dumb``, with ``--quiet``, or for a run that ends
within a second, so short runs and every captured output stay exactly as they were. tqdm is
imported only when a bar may be drawn.
"""

from __future__ import annotations

import os
import sys
import time

#: A run shorter than this never shows a bar.
DELAY = 1.0


class Progress:
    """Stages of a run (``stage``), each counting items done (``advance``)."""

    def __init__(self, label: str, *, quiet: bool = False, stream=None) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = not quiet and _is_terminal(self.stream) and os.environ.get("TERM") != "dumb"
        self.started = time.monotonic()
        self._bar = None

    def stage(self, name: str, total: int | None = None, unit: str = "file") -> None:
        """Start counting a new stage (the bar of the previous one is replaced)."""
        if not self.enabled:
            return
        self.close()
        from tqdm import tqdm

        delay = max(0.0, DELAY - (time.monotonic() - self.started))
        self._bar = tqdm(
            total=total, desc=f"{self.label}: {name}", unit=unit, delay=delay, leave=False, file=self.stream
        )

    def advance(self, count: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def clear(self) -> None:
        """Erase the bar (before printing other text); the next ``advance`` draws it again."""
        if self._bar is not None:
            self._bar.clear()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
