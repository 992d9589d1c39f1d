"""Diagnostics as data: the record, the code registry, renderers and "did you mean"."""

from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity, Suggestion

__all__ = ["Diagnostic", "Label", "Severity", "Suggestion"]
