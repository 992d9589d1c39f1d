"""pwib.toml: values, rule keys by name or code, and positions of problems."""

from __future__ import annotations

from pwib_dsl.workspace import config as cfg
from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity
from pwib_dsl.diagnostics.suggest import did_you_mean, distance
from pwib_dsl.source import NO_SPAN, SourceFile


def parse(text: str):
    return cfg.parse(SourceFile("pwib.toml", text))


def where(diag) -> tuple[int, int, str]:
    span = diag.primary.span
    return span.line, span.col, diag.message


def test_defaults_when_empty():
    config, diags = parse("")
    assert diags == [] and config == cfg.Config("pwib.toml")


def test_rules_by_name_and_code_and_inline_tables():
    config, diags = parse('lang = "en"\nrules = { legal-basis = "warning", "PB602" = "off" }\n[build]\nout = "site/html"\n')
    assert diags == []
    assert config.lang == "en" and config.out == "site/html"
    assert config.rules == (("PB201", "warning"), ("PB602", "off"))


def test_dotted_keys_are_located():
    config, diags = parse('rules.legal-basis = "loud"\n')
    (d,) = diags
    assert where(d) == (1, 21, 'the level of `legal-basis` must be one of error, warning, info, off, not "loud"')
    assert [s.replacement for s in d.suggestions] == []


def test_problems_point_at_their_line():
    text = '\n'.join([
        "# settings",
        "[rules]",
        '  "unused-systm" = "off"',
        "PB003 = 'off'",
        "legal-basis = 'warning'",
        "PB201 = 'error'",
        "[build]",
        "out = 3",
    ]) + "\n"
    config, diags = parse(text)
    got = [where(d) for d in diags]
    assert got == [
        (3, 3, "unknown rule `unused-systm` in `[rules]`"),
        (4, 1, "`PB003` cannot be configured: only the semantic checks (PB1xx–PB6xx) have configurable rules"),
        (6, 1, "rule PB201 (legal-basis) is set twice: as `legal-basis` and as `PB201`"),
        (8, 7, "`out` must be a folder name in quotes, not `3`"),
    ]
    assert diags[0].suggestions[0].replacement == "unused-system"
    assert config.rules == (("PB201", "warning"),)


def test_toml_syntax_error_position():
    _, (d,) = parse('lang = "nl"\nrules = [\n')
    assert d.code == "PB110" and d.primary.span.line >= 2 and "not valid TOML" in d.message


def test_apply_changes_severity_and_drops_off():
    config = cfg.Config(rules=(("PB201", "warning"), ("PB602", "off")))
    mk = lambda code: Diagnostic(code, Severity.ERROR, "m", Label("f", NO_SPAN))  # noqa: E731
    out = config.apply([mk("PB201"), mk("PB602"), mk("PB202")])
    assert [(d.code, d.severity) for d in out] == [("PB201", Severity.WARNING), ("PB202", Severity.ERROR)]


def test_did_you_mean():
    assert distance("wgs", "wsg", 3) == 1  # transposition
    assert did_you_mean("wgz", ["wgs", "awb", "pw"]) == ["wgs"]
    assert did_you_mean("Inwoner", ["inwoner", "wijkcoach"]) == ["inwoner"]
    assert did_you_mean("terugwerkende", ["terugwerkende-kracht", "bufferbudget"]) == ["terugwerkende-kracht"]
    assert did_you_mean("zzz", ["wgs", "awb"]) == []
