"""The VS Code extension in editors/vscode: grammar assertions, type check and packaging.

Runs the real tools from ``editors/vscode/node_modules`` (``npm ci`` there); with ``CI`` set a
missing toolchain fails the test, locally it is skipped.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from checkers import require_tool

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "editors" / "vscode"


@pytest.fixture(scope="module")
def npx() -> str:
    exe = shutil.which("npx")
    require_tool("npx", exe is not None, "install Node.js >= 20")
    require_tool(
        "editors/vscode/node_modules",
        all((EXT / "node_modules" / ".bin" / tool).exists() for tool in ("tsc", "vsce", "vscode-tmgrammar-test")),
        "run `npm ci` in editors/vscode",
    )
    return exe  # type: ignore[return-value]


def run(npx: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [npx, "--no-install", *args], cwd=EXT, capture_output=True, text=True, timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def test_grammar_assertions_pass(npx):
    files = sorted(p.relative_to(EXT).as_posix() for p in (EXT / "test" / "grammar").glob("*.syntax-test"))
    assert len(files) >= 2
    proc = run(npx, "vscode-tmgrammar-test", "-c", "-g", "syntaxes/pwib-blueprint.tmLanguage.json", *files)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("successfuly") == len(files)


def test_grammar_test_runner_catches_a_wrong_scope(npx, tmp_path):
    bad = tmp_path / "bad.blueprint"
    bad.write_text('# SYNTAX TEST "source.pwib-blueprint" "wrong on purpose"\nstep a "b" {}\n'
                   "# <---- keyword.control.flow.pwib-blueprint\n", encoding="utf-8")
    proc = run(npx, "vscode-tmgrammar-test", "-c", "-g", "syntaxes/pwib-blueprint.tmLanguage.json", str(bad))
    assert proc.returncode != 0
    assert "Missing required scopes" in proc.stdout


def test_client_type_checks(npx):
    proc = run(npx, "tsc", "-p", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_vsix_packages(npx, tmp_path):
    out = tmp_path / "pwib-blueprint.vsix"
    proc = run(npx, "vsce", "package", "--out", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with zipfile.ZipFile(out) as vsix:
        names = set(vsix.namelist())
        manifest = json.loads(vsix.read("extension/package.json"))
    assert {
        "extension/package.json",
        "extension/out/extension.js",
        "extension/language-configuration.json",
        "extension/syntaxes/pwib-blueprint.tmLanguage.json",
        "extension/snippets/pwib-blueprint.code-snippets",
    } <= names
    assert not any(n.startswith("extension/node_modules/") or n.startswith("extension/src/") for n in names)
    assert manifest["contributes"]["languages"][0]["id"] == "pwib-blueprint"
    assert manifest["contributes"]["configuration"]["properties"]["pwibBlueprint.server.command"]["default"] == [
        "pwib", "lsp",
    ]


def test_types_are_pinned_to_the_engine_floor():
    package = json.loads((EXT / "package.json").read_text(encoding="utf-8"))
    floor = package["engines"]["vscode"].lstrip("^~")
    assert package["devDependencies"]["@types/vscode"] == floor
    assert package["devDependencies"]["@vscode/vsce"].startswith("^3")
    lock = json.loads((EXT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/@types/vscode"]["version"] == floor


def test_snippets_parse_as_blueprint_fragments():
    """Each snippet, with its placeholders filled by their defaults, is valid source."""
    import re

    from pwib_dsl.syntax.parser import parse_text

    snippets = json.loads((EXT / "snippets" / "pwib-blueprint.code-snippets").read_text(encoding="utf-8"))
    wrap = {
        "Blueprint": "{}",
        "Phase": 'blueprint b "B" {{\n{}\n}}',
        "Step": 'blueprint b "B" {{\n{}\n}}',
        "Decision": 'blueprint b "B" {{\n{}\n}}',
        "End": 'blueprint b "B" {{\n{}\n}}',
        "Legal reference": 'blueprint b "B" {{\nstep s "S" {{\n{}\n}}\n}}',
        "Deadline": 'blueprint b "B" {{\nstep s "S" {{\n{}\n}}\n}}',
    }
    assert set(snippets) == set(wrap)
    for name, snippet in snippets.items():
        body = "\n".join(snippet["body"])
        body = re.sub(r"\$\{\d+\|([^,|]*)[^}]*\}", r"\1", body)  # choices: the first one
        while re.search(r"\$\{\d+:[^{}]*\}", body):
            body = re.sub(r"\$\{\d+:([^{}]*)\}", r"\1", body)
        body = re.sub(r"\$\d+", "", body)
        result = parse_text(wrap[name].format(body))
        assert result.ok, (name, [d.message for d in result.diagnostics])


def test_language_configuration_patterns(npx):
    """Word, indentation and comment settings, evaluated by Node's own RegExp (as VS Code does)."""
    script = r"""
    const c = require("./language-configuration.json");
    const word = new RegExp(c.wordPattern.pattern, c.wordPattern.flags + "g");
    const inc = new RegExp(c.indentationRules.increaseIndentPattern);
    const dec = new RegExp(c.indentationRules.decreaseIndentPattern);
    console.log(JSON.stringify({
      words: "legal wgs art 4:13 lid 2 direct-aanvragen café 3°".match(word),
      increase: ['  step a "A" {', '  note "a { b"', "  }", '  law x "y" { bwb X }', "  phase p \"P\" { # open"].map(l => inc.test(l)),
      decrease: ["  }", "  step a {"].map(l => dec.test(l)),
      comment: c.comments.lineComment,
    }));
    """
    node = shutil.which("node")
    proc = subprocess.run([node, "-e", script], cwd=EXT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert got["words"] == ["legal", "wgs", "art", "4:13", "lid", "2", "direct-aanvragen", "café", "3°"]
    assert got["increase"] == [True, False, False, False, True]
    assert got["decrease"] == [True, False]
    assert got["comment"] == "#"
