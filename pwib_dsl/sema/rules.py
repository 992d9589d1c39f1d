"""The semantic rules: one code, one rule name, one default severity per check.

This registry is what ``pwib.toml`` ``[rules]`` keys are validated against (a key is a code
``PB201`` or a rule name ``legal-basis``) and where every semantic diagnostic takes its default
severity. It is read from the explanation pages (``pwib_dsl/data/explain``), the one place a
code's name, severity and summary are written: a page's ``configurable: no`` line marks the rules
whose absence would leave holes in the resolved model (an unknown name, a duplicate, a cycle);
they are always errors. The semantic families are PB1xx (names, modules, workspace), PB2xx
(legal), PB3xx (systems), PB4xx (measures and tiles), PB5xx (flow), PB6xx (provenance) and
PB8xx–PB9xx; PB0xx is syntax and PB7xx the formatter and diff.
"""

from __future__ import annotations

import re

import attrs

from pwib_dsl import resources
from pwib_dsl.diagnostics import codes as _codes
from pwib_dsl.diagnostics.model import Severity

_SEMANTIC = re.compile(r"PB[1-689]\d\d")


@attrs.frozen
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    configurable: bool = True


def _load() -> tuple[Rule, ...]:
    rules = []
    for code in _codes.codes():
        if not _SEMANTIC.fullmatch(code):
            continue
        text = resources.read_text(_codes.pages_dir() / f"{code}.md")
        name, severity, configurable, summary = _codes.parse_header(text, code)
        rules.append(Rule(code, name, severity, summary, configurable))
    return tuple(rules)


_RULES = _load()

#: Every semantic rule by code.
RULES: dict[str, Rule] = {r.code: r for r in _RULES}
#: Every semantic rule by rule name.
BY_NAME: dict[str, Rule] = {r.name: r for r in _RULES}


def rule(key: str) -> Rule | None:
    """The rule named by a code (``PB201``, any case) or a rule name (``legal-basis``)."""
    return RULES.get(key.upper()) or BY_NAME.get(key)


#: Checks that conclude something is missing, unused or unreachable. In a file the parser had
#: to skip statements of, that conclusion rests on what was skipped (a `branch` line misspelt
#: leaves a decision "without branches"), so these wait until the file's syntax is fixed.
ABSENCE_CHECKS = frozenset({"PB112", "PB113", "PB201", "PB302", "PB304", "PB502", "PB503", "PB504", "PB505"})


def after_syntax_errors(semantic, syntax) -> list:
    """``semantic`` diagnostics without the absence checks of files that have syntax errors."""
    broken = {d.file for d in syntax if d.severity is Severity.ERROR}
    if not broken:
        return list(semantic)
    return [d for d in semantic if not (d.code in ABSENCE_CHECKS and d.file in broken)]
