"""``pwib variant status`` on a deliberately stale variant: every drift status, and exit 1.

The fixture (``tests/data/variants/stale/``, see its README) is a municipality whose variant
was locked to version 1 of the national blueprint, which has since moved to version 2: one
change is clean, one conflicts, one is an orphan, one is redundant, and two base changes are
inherited untouched.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "data" / "variants" / "stale"

EXPECTED = {
    "change step aanmelden: add policy": "clean",
    "change step uitnodigen: replace deadline": "conflict",
    "change step voorbereiden: remove toolkit": "orphan",
    "change step herinneren: add policy": "redundant",
}


def pwib(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pwib_dsl", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture()
def stale(tmp_path) -> Path:
    """A copy of the fixture, so that no run can touch the checked-in files."""
    shutil.copytree(FIXTURE, tmp_path / "stale")
    return tmp_path / "stale"


def _status_of(changes: list[dict]) -> dict[str, str]:
    found = {}
    for change in changes:
        for prefix in EXPECTED:
            if change["change"].startswith(prefix):
                found[prefix] = change["status"]
    return found


def test_json_reports_every_status_and_the_inherited_changes(stale):
    proc = pwib("variant", "status", "--format", "json", "gemeente", cwd=stale)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    doc = json.loads(proc.stdout)
    [variant] = doc["variants"]
    assert variant["base"] == "aanmelding.aanmelding"
    assert variant["locked_hash"] != variant["base_hash"]
    assert _status_of(variant["changes"]) == EXPECTED
    reasons = {c["status"]: c["reason"] for c in variant["changes"]}
    assert "4 weeks" in reasons["conflict"] and "3 weeks" in reasons["conflict"]
    assert "`voorbereiden` is gone" in reasons["orphan"]
    inherited = {(c["aspect"], tuple(p["name"] for p in c["path"])) for c in variant["inherited"]}
    assert inherited == {("version", ()), ("frontstage lane", ("gesprek",))}


def test_text_and_markdown_say_the_same(stale):
    text = pwib("variant", "status", "gemeente", cwd=stale)
    assert text.returncode == 1
    for prefix, status in EXPECTED.items():
        assert re.search(rf"^\s*{status}\s+\S+:\d+: {re.escape(prefix)}", text.stdout, re.M), (prefix, text.stdout)
    assert "5 changes: 2 clean, 1 conflict, 1 orphan, 1 redundant" in text.stdout
    assert "inherited from the base unchanged" in text.stdout
    md = pwib("variant", "status", "--format", "markdown", "gemeente", cwd=stale)
    assert md.returncode == 1
    for status in EXPECTED.values():
        assert status in md.stdout


def test_the_fixture_is_what_its_readme_says(stale):
    """The lock is the hash of the snapshot (version 1); the base is version 2; check warns."""
    from pwib_dsl.source import SourceFile
    from pwib_dsl.surface import nodes as n
    from pwib_dsl.syntax.parser import parse
    from pwib_dsl.variants.lock import blueprint_hash

    snapshot = (stale / "gemeente" / ".pwib" / "variants" / "aanmelding.base.blueprint").read_text(encoding="utf-8")
    tree = parse(SourceFile("snapshot", snapshot)).file
    decl = next(d for d in tree.items if isinstance(d, n.Blueprint))
    lock = re.search(r'lock "([^"]+)"', (stale / "gemeente" / "voorbeeld.blueprint").read_text(encoding="utf-8"))
    assert lock.group(1) == blueprint_hash(snapshot, decl)
    assert 'version "1"' in snapshot
    assert 'version "2"' in (stale / "landelijk" / "aanmelding.blueprint").read_text(encoding="utf-8")
    check = pwib("check", "--format", "short", "gemeente", cwd=stale)
    assert "PB806" in check.stdout


def test_relocking_makes_every_change_apply_cleanly_or_fail(stale):
    """After `variant lock` against version 2 the orphan is an error of the variant itself:
    its change addresses a step that no longer exists."""
    lock = pwib("variant", "lock", "gemeente", cwd=stale)
    assert lock.returncode == 1  # the file with the orphaned change is left alone
    assert "PB805" in lock.stdout + lock.stderr


# ------------------------------------------------- the national root: every municipality on it


@pytest.fixture()
def national(tmp_path) -> Path:
    """The fixture's national workspace with the stale municipality below it, a clean copy of
    that municipality beside it (relocked), and a workspace below it built on another base."""
    root = tmp_path / "landelijk"
    shutil.copytree(FIXTURE / "landelijk", root)
    stale = root / "gemeenten" / "stale"
    shutil.copytree(FIXTURE / "gemeente", stale)
    (stale / "pwib.toml").write_text('[base]\npath = "../.."\n', encoding="utf-8")
    clean = root / "gemeenten" / "schoon"
    clean.mkdir()
    (clean / "pwib.toml").write_text('[base]\npath = "../.."\n', encoding="utf-8")
    (clean / "voorbeeld.blueprint").write_text(
        'use aanmelding\n\nvariant aanmelding "Aanmelden in Schoon" of aanmelding.aanmelding {\n'
        '  owner "Gemeente Schoon"\n}\n', encoding="utf-8")
    assert pwib("variant", "lock", "gemeenten/schoon", cwd=root).returncode == 0
    other = root / "gemeenten" / "elders"
    shutil.copytree(FIXTURE / "gemeente", other)
    (other / "pwib.toml").write_text('[base]\npath = "../../../nergens"\n', encoding="utf-8")
    return root


def test_the_national_root_reports_every_municipality_built_on_it(national):
    each = [json.loads(pwib("variant", "status", "--format", "json", f"gemeenten/{name}", cwd=national).stdout)
            for name in ("schoon", "stale")]
    proc = pwib("variant", "status", "--format", "json", ".", cwd=national)
    assert proc.returncode == 1, proc.stdout + proc.stderr  # the stale one has a conflict and an orphan
    doc = json.loads(proc.stdout)
    assert [v["file"] for v in doc["variants"]] == ["gemeenten/schoon/voorbeeld.blueprint",
                                                     "gemeenten/stale/voorbeeld.blueprint"]
    assert doc["variants"] == each[0]["variants"] + each[1]["variants"]
    assert [c["status"] for c in doc["variants"][0]["changes"]] == ["clean"]


def test_the_national_root_in_text_is_each_municipality_in_turn(national):
    each = [pwib("variant", "status", f"gemeenten/{name}", cwd=national).stdout for name in ("schoon", "stale")]
    assert pwib("variant", "status", ".", cwd=national).stdout == "\n".join(each)


def test_a_folder_below_the_root_is_not_the_root(national):
    proc = pwib("variant", "status", "gemeenten", cwd=national)
    assert proc.stdout == "no variants\n", proc.stdout + proc.stderr


def test_one_text_is_parsed_once_and_lends_no_diagnostics():
    from pwib_dsl.source import SourceFile
    from pwib_dsl.variants.surface import Parses

    parses = Parses()
    text = (FIXTURE / "landelijk" / "aanmelding.blueprint").read_text(encoding="utf-8")
    first = parses.parse(SourceFile("a/x.blueprint", text))
    again = parses.parse(SourceFile("b/x.blueprint", text))
    assert again.file is first.file and again.source.path == "b/x.blueprint"
    broken = "blueprint b \"B\" {\n  step s \"S\" {\n"
    one = parses.parse(SourceFile("a/broken.blueprint", broken))
    other = parses.parse(SourceFile("b/broken.blueprint", broken))
    assert one.diagnostics and other.diagnostics
    assert {d.primary.file for d in other.diagnostics if d.primary is not None} == {"b/broken.blueprint"}
