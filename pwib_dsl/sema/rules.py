"""The semantic rules: one code, one rule name, one default severity per check.

This registry is what ``pwib.toml`` ``[rules]`` keys are validated against (a key is a code
``PB201`` or a rule name ``legal-basis``) and where every semantic diagnostic takes its default
severity. Rules whose absence would leave holes in the resolved model (an unknown name, a
duplicate, a cycle) are not configurable: they are always errors.
"""

from __future__ import annotations

import attrs

from pwib_dsl.diagnostics.model import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


@attrs.frozen
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    configurable: bool = True


_RULES = (
    # PB1xx: names, modules, workspace, configuration
    Rule("PB101", "unknown-module", E, "a `use` names no module of the workspace or the standard library", False),
    Rule("PB102", "import-cycle", E, "modules `use` each other in a cycle", False),
    Rule("PB103", "use-outside-root", E, "a `use` or a folder walk reaches a file outside the workspace root", False),
    Rule("PB104", "duplicate-module", E, "two files declare the same module name", False),
    Rule("PB105", "duplicate-name", E, "a name is declared twice in one scope", False),
    Rule("PB106", "ambiguous-name", E, "a bare name matches declarations of several modules", False),
    Rule("PB107", "unknown-actor", E, "an actor or role name does not resolve", False),
    Rule("PB108", "unknown-status", E, "a blueprint status is not concept, review, approved or retired"),
    Rule("PB109", "repeated-field", E, "a field that holds one value is given more than once", False),
    Rule("PB110", "config", E, "pwib.toml has bad syntax, an unknown key or a bad value", False),
    Rule("PB111", "shadowed-module", W, "a workspace module hides a standard-library module of the same name"),
    Rule("PB112", "unused-use", W, "a `use` whose module is never referenced"),
    # PB2xx: legal
    Rule("PB201", "legal-basis", E, "a decision, formal outcome or use of personal data cites no legal basis"),
    Rule("PB202", "unknown-law", E, "a legal reference names no law of a catalogue", False),
    Rule("PB203", "unknown-article", E, "a cited article is not among the articles the catalogue lists"),
    Rule("PB204", "unlisted-article", W, "a cited law lists no articles, so the article cannot be checked"),
    Rule("PB205", "deadline-exceeds-term", E, "a deadline is longer than the maximum term of a cited article"),
    # PB3xx: systems
    Rule("PB301", "unknown-system", E, "a `system` use names no declared system", False),
    Rule("PB302", "unused-system", W, "a system declared in a blueprint is used by none of its steps"),
    Rule("PB303", "unknown-component", E, "a system alias names no GEMMA component or national facility", False),
    # PB4xx: measures and tiles
    Rule("PB401", "unknown-measure", E, "an `implements` or `measure` names no measure", False),
    Rule("PB402", "unknown-tile", E, "a `tile` or `parent` names no tile", False),
    # PB5xx: flow
    Rule("PB501", "unknown-target", E, "a `next`, `when` or `otherwise` names no step, decision or end", False),
    Rule("PB502", "unreachable", W, "a step cannot be reached from the start of the blueprint"),
    Rule("PB503", "no-end", E, "a path through the blueprint never reaches an `end`", False),
    Rule("PB504", "dead-end", E, "a step has nothing after it and no `next`", False),
    Rule("PB505", "decision-branches", E, "a decision needs two branches, or one branch and `otherwise`", False),
    Rule("PB506", "emotion-range", E, "an `emotion` is outside -2..2"),
    Rule("PB507", "unknown-journey", E, "a `journey` names no blueprint of the workspace", False),
    Rule("PB508", "journey-cycle", E, "blueprints carry each other out through `journey` in a cycle", False),
    # PB6xx: provenance
    Rule("PB601", "missing-source", W, "a catalogue entry has no `source`"),
    Rule("PB602", "unverified", I, "a blueprint relies on a catalogue entry marked `unverified`"),
    Rule("PB603", "missing-bwb", W, "a law has no `bwb` identifier, so citations of it cannot link"),
)

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
ABSENCE_CHECKS = frozenset({"PB112", "PB201", "PB302", "PB502", "PB503", "PB504", "PB505"})


def after_syntax_errors(semantic, syntax) -> list:
    """``semantic`` diagnostics without the absence checks of files that have syntax errors."""
    broken = {d.file for d in syntax if d.severity is Severity.ERROR}
    if not broken:
        return list(semantic)
    return [d for d in semantic if not (d.code in ABSENCE_CHECKS and d.file in broken)]
