"""The text of every diagnostic message, by a stable key.

A message is written at its call site as ``msg("PB106.ambiguous", name=..., count=...)``: a
key — the code, a dot and a short name — and its arguments. The English text is the
template in :data:`MESSAGES`, filled in with :meth:`str.format`; the diagnostic keeps the key
and the arguments (:class:`~pwib_dsl.diagnostics.model.Diagnostic` ``key``/``args``), so a
translation is another table of the same keys (:func:`translate`), not an edit at every call
site. ``tests/test_diagnostic_messages.py`` checks that every key used is in the table, every
entry is used, and each call gives exactly the fields its template names.

Arguments are turned into text when the message is made (names, numbers, phrases already
joined), so a table only arranges them.
"""

from __future__ import annotations

from typing import Iterable, Mapping

import attrs

from pwib_dsl.diagnostics.message_table import MESSAGES


@attrs.frozen
class Message:
    """A message not yet rendered: its key and its arguments (as text)."""

    key: str
    args: tuple[tuple[str, str], ...] = ()

    def text(self, table: Mapping[str, str] | None = None) -> str:
        """The message in ``table`` (default: the English one)."""
        template = (table or MESSAGES).get(self.key)
        return render(template if template is not None else MESSAGES[self.key], self.args)


def msg(key: str, /, **args) -> Message:
    """The message ``key`` with its arguments."""
    if key not in MESSAGES:
        raise KeyError(f"no message {key!r} in pwib_dsl/diagnostics/message_table.py")
    return Message(key, tuple((k, str(v)) for k, v in args.items()))


def render(template: str, args: Iterable[tuple[str, str]]) -> str:
    return template.format(**dict(args))


def translate(diagnostics, table: Mapping[str, str]) -> tuple:
    """The diagnostics with their messages rendered from ``table`` (key → template; keys it
    lacks keep the English text)."""
    return tuple(d.translated(table) for d in diagnostics)
