"""Every explanation page follows the format, and its examples behave as the page says.

Generic over ``pwib_dsl/data/explain/PB*.md`` (format: :mod:`pwib_dsl.diagnostics.codes`), so
a page added for a new code is covered without touching this file: its failing example must
report the page's code, and its fixed version must report no error or warning. Also covers
``pwib explain`` itself.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from pwib_dsl.diagnostics import codes
from pwib_dsl.diagnostics.model import Severity
from pwib_dsl.driver import compile_paths

ALL = codes.codes()

#: Codes whose pages show the message only: no input makes a sound formatter report PB701, and
#: PB702 needs a file system that refuses writes (this suite runs as root in CI).
NO_EXAMPLE = {"PB701", "PB702", "PB704", "PB705"}  # file modes and links: tests/test_hardening.py


def _run(example: codes.Example, folder, monkeypatch):
    ws = example.materialize(folder / "ws")
    monkeypatch.chdir(ws)
    return compile_paths(list(example.args))


def _run_command(example: codes.Example, folder) -> str:
    """Run a command other than ``check`` on the example; its whole output."""
    ws = example.materialize(folder / "ws")
    proc = subprocess.run(
        [sys.executable, "-m", "pwib_dsl", example.command, *example.args],
        cwd=ws, capture_output=True, text=True, timeout=60,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout + proc.stderr


def test_codes_are_found():
    assert "PB001" in ALL and "PB014" in ALL
    assert len(ALL) == len(set(ALL))


@pytest.mark.parametrize("code", ALL)
def test_page_follows_the_format(code):
    page = codes.page(code)
    assert page is not None and page.code == code
    assert page.summary.endswith(".") and len(page.summary) < 200, "the summary is one sentence"
    if code in NO_EXAMPLE:
        assert page.example is None and f"error[{code}]" in page.text, "the page shows the message"
    else:
        assert page.example is not None, "a failing example"


@pytest.mark.parametrize("code", ALL)
def test_failing_example_reports_the_code(code, tmp_path, monkeypatch):
    page = codes.page(code)
    if code in NO_EXAMPLE:
        pytest.skip("the page shows the message only")
    if page.example.command != "check":
        assert f"error[{code}]" in _run_command(page.example, tmp_path)
        return
    result = _run(page.example, tmp_path, monkeypatch)
    found = [d for d in result.diagnostics if d.code == code]
    assert found, f"the example of {code} gives {[d.code for d in result.diagnostics]}"
    if page.severity is not Severity.ERROR:
        # a configurable rule may be set otherwise in a pwib.toml of the example; by default
        # the page's severity is the one reported
        assert any(d.severity is page.severity for d in found) or any(
            name == "pwib.toml" for name, _ in page.example.files
        )


@pytest.mark.parametrize("code", ALL)
def test_fixed_example_is_clean(code, tmp_path, monkeypatch):
    page = codes.page(code)
    if page.fixed is None:
        pytest.skip("the page fixes its example in prose only")
    result = _run(page.fixed, tmp_path, monkeypatch)
    loud = [f"{d.code} {d.message}" for d in result.diagnostics if d.severity is not Severity.INFO]
    assert code not in [d.code for d in result.diagnostics] and not loud, loud


def test_the_rule_registry_is_read_from_the_pages():
    from pwib_dsl.sema import rules

    semantic = [c for c in ALL if c[2] not in "07"]
    assert sorted(rules.RULES) == semantic, "every semantic code is a rule, and only those"
    for rule in rules.RULES.values():
        page = codes.page(rule.code)
        assert (page.name, page.severity, page.summary, page.configurable) == (
            rule.name, rule.severity, rule.summary, rule.configurable,
        ), rule.code
        assert rules.rule(rule.name) is rule and rules.rule(rule.code.lower()) is rule
    # the rules that keep the resolved model whole are fixed errors
    fixed = {r.code for r in rules.RULES.values() if not r.configurable}
    assert {"PB101", "PB501", "PB503"} <= fixed and "PB201" not in fixed
    assert all(rules.RULES[c].severity is Severity.ERROR for c in fixed)


def test_a_page_may_mark_its_rule_fixed():
    text = "# PB999: x\nseverity: error\nconfigurable: no\n\nSummary.\n\n## Example\n\n## Fixed\n"
    assert codes.parse_page(text, "PB999").configurable is False
    assert codes.parse_page(text.replace("configurable: no\n", ""), "PB999").configurable is True


def test_a_fixed_rule_cannot_be_set_in_pwib_toml():
    from pwib_dsl.workspace import config as cfg
    from pwib_dsl.source import SourceFile

    text = '[rules]\nunknown-module = "warning"\nlegal-basis = "warning"\n'
    config, diags = cfg.parse(SourceFile("pwib.toml", text))
    assert [d.code for d in diags] == ["PB110"] and "unknown-module" in diags[0].message
    assert config.rules == (("PB201", "warning"),)


def test_every_code_in_the_source_has_a_page(repo_root):
    import re

    used = set()
    for path in (repo_root / "pwib_dsl").rglob("*.py"):
        used.update(re.findall(r"\"(PB\d{3})\"", path.read_text(encoding="utf-8")))
    assert used <= set(ALL), f"codes without a page: {sorted(used - set(ALL))}"


def test_bad_page_is_rejected():
    with pytest.raises(codes.PageError):
        codes.parse_page("# PB999: x\n\nno severity\n", "PB999")
    with pytest.raises(codes.PageError):
        codes.parse_page("# PB999: x\nseverity: error\n\nSummary.\n\n## Example\n", "PB999")


def test_example_markers():
    text = (
        "# PB999: demo\nseverity: warning\n\nDemo.\n\n## Example\n\n```blueprint\n"
        "# file: a.blueprint (bytes)\nx\\xe9\n# folder: empty\n# file: b/c.blueprint\ny\n```\n\n"
        "```console\n$ pwib check a.blueprint empty\n```\n\n## Fixed\n\nRemove it.\n"
    )
    page = codes.parse_page(text, "PB999")
    assert page.severity is Severity.WARNING and page.summary == "Demo."
    assert page.example.files == (("a.blueprint", b"x\xe9\n"), ("b/c.blueprint", b"y\n"))
    assert page.example.folders == ("empty",)
    assert page.example.args == ("a.blueprint", "empty")
    assert page.fixed is None


def _explain(*args):
    return subprocess.run(
        [sys.executable, "-m", "pwib_dsl", "explain", *args], capture_output=True, text=True, timeout=60
    )


def test_explain_prints_the_page():
    proc = _explain("pb002")
    assert proc.returncode == 0
    assert proc.stdout == codes.page("PB002").text
    assert _explain("unclosed-block").stdout == proc.stdout


def test_explain_list():
    proc = _explain("--list")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert len(lines) == len(ALL)
    assert lines[1].startswith("PB002  unclosed-block")


def test_explain_unknown_code():
    proc = _explain("PB02")
    assert proc.returncode == 2
    assert "unknown code `PB02`; did you mean" in proc.stderr and "`PB002`" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert _explain().returncode == 2
