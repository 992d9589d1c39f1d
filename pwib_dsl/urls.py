"""What counts as a web address: the one rule for ``url`` and ``source`` values.

An address is kept only when it is absolute ``http://`` or ``https://`` with a host and no
white space. Lowering reports any other value (PB019), and the model drops it as well, so an
address in a file whose diagnostics are not shown (a context module of the workspace) cannot
reach an output as a link either.
"""

from __future__ import annotations

import re

_WEB = re.compile(r"https?://[^\s/?#]+[^\s]*", re.I)


def is_web(value: str) -> bool:
    """Whether ``value`` is an absolute http(s) address with a host."""
    return _WEB.fullmatch(value.strip()) is not None


def web_or_none(value: str | None) -> str | None:
    """``value`` when it is a web address, else None (for the model)."""
    return value if value is not None and is_web(value) else None
