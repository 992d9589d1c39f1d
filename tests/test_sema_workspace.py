"""Workspaces on disk: the root, pwib.toml, context files, modules by path, determinism,
and the shipped standard library and examples checking clean."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pwib_dsl.driver import compile_paths
from pwib_dsl.workspace.roots import find_root

ROOT = Path(__file__).resolve().parent.parent
STDLIB = ROOT / "tests" / "cases" / "_stdlib"


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def codes(result) -> list[str]:
    return [d.code for d in result.diagnostics]


MASTER = """\
blueprint master "Master" {
  step a "A" { journey aanmelding }
  end e "E"
}
"""
AANMELDING = """\
use regels
blueprint aanmelding "Aanmelding" {
  actor c = coach
  step s "S" { frontstage c "helpt" }
  end e "E"
}
"""
REGELS = """\
module regels "Regels"
role coach "Coach" { source "https://example.org/coach" }
"""


def test_root_is_the_nearest_folder_with_pwib_toml(tmp_path):
    write(tmp_path, {"pwib.toml": "", "a/b/x.blueprint": ""})
    assert find_root([tmp_path / "a" / "b" / "x.blueprint"]) == (tmp_path, tmp_path / "pwib.toml")
    assert find_root([tmp_path / "a"]) == (tmp_path, tmp_path / "pwib.toml")


def test_root_without_pwib_toml_is_the_folder_given_and_stops_at_git(tmp_path):
    write(tmp_path, {"pwib.toml": "", "repo/.git/HEAD": "", "repo/sub/x.blueprint": ""})
    sub = tmp_path / "repo" / "sub"
    assert find_root([sub / "x.blueprint"]) == (sub, None)
    assert find_root([sub]) == (sub, None)
    assert find_root([sub, tmp_path / "repo"]) == (tmp_path / "repo", None)


def test_configured_workspace_loads_the_rest_as_context(tmp_path, monkeypatch):
    write(tmp_path, {
        "pwib.toml": "",
        "master/master.blueprint": MASTER,
        "tegels/aanmelding.blueprint": AANMELDING,
        "regels.blueprint": REGELS,
        "tegels/kapot.blueprint": "blueprint kapot {",  # not requested: its error is not shown
        "nested/pwib.toml": "",
        "nested/other.blueprint": 'blueprint master "Nog een master" { end e "E" }\n',
        ".hidden/x.blueprint": "garbage",
    })
    monkeypatch.chdir(tmp_path / "master")
    result = compile_paths(["."])
    assert codes(result) == []
    assert [bp.id for bp in result.workspace.blueprints] == ["master"]
    assert result.workspace.blueprints[0].file == "master/master.blueprint"
    assert result.root == tmp_path.resolve()
    assert [r.id for r in result.workspace.catalogue.roles] == ["regels.coach"]


def test_single_file_without_config_loads_used_modules_by_path(tmp_path):
    write(tmp_path, {
        "aanmelding.blueprint": AANMELDING.replace("use regels", "use gedeeld.regels"),
        "gedeeld/regels.blueprint": REGELS,
    })
    result = compile_paths([tmp_path / "aanmelding.blueprint"], stdlib=STDLIB)
    assert codes(result) == []
    assert result.workspace.blueprints[0].actors[0].role == "regels.coach"


def test_pwib_toml_sets_language_and_severities(tmp_path):
    write(tmp_path, {
        "pwib.toml": 'lang = "en"\n[rules]\nlegal-basis = "warning"\nPB302 = "off"\n',
        "reis.blueprint": """\
        blueprint reis "Reis" {
          system ongebruikt "Ongebruikt"
          decision d "D" { when "a" -> e  otherwise -> e }
          end e "E"
        }
        """,
    })
    result = compile_paths([tmp_path])
    assert [(d.code, d.severity.value) for d in result.diagnostics] == [("PB201", "warning")]
    assert result.workspace.lang == "en"
    assert result.config.out is None and not result.has_errors


def test_bad_toml_points_at_the_line(tmp_path, monkeypatch):
    write(tmp_path, {"pwib.toml": 'lang = "nl"\n[rules\n', "x.blueprint": ""})
    monkeypatch.chdir(tmp_path)
    result = compile_paths(["."])
    (diag,) = [d for d in result.diagnostics if d.code == "PB110"]
    assert diag.primary.file == "pwib.toml" and diag.primary.span.line == 2
    assert "pwib.toml" in result.aux_sources


def test_an_unparsable_module_does_not_cascade_into_unknown_module(tmp_path, monkeypatch):
    write(tmp_path, {"regels.blueprint": "module regels \"R\"\nrole {", "reis.blueprint": "use regels\n"})
    monkeypatch.chdir(tmp_path)
    result = compile_paths(["."])
    assert "PB101" not in codes(result)
    assert any(d.file == "regels.blueprint" and d.severity.value == "error" for d in result.diagnostics)


def test_add_use_suggestion_applies_cleanly(tmp_path, monkeypatch):
    text = 'blueprint reis "Reis" {\n  step s "S" { legal wgs art 4 }\n  end e "E"\n}\n'
    write(tmp_path, {"reis.blueprint": text})
    monkeypatch.chdir(tmp_path)
    result = compile_paths(["."], stdlib=STDLIB)
    (diag,) = result.diagnostics
    assert diag.code == "PB202" and "add `use wet`" in diag.help
    (fix,) = diag.suggestions
    fixed = text[: fix.span.start] + fix.replacement + text[fix.span.end :]
    (tmp_path / "reis.blueprint").write_text(fixed, encoding="utf-8")
    assert codes(compile_paths(["."], stdlib=STDLIB)) == []


def test_output_is_identical_across_hash_seeds():
    script = textwrap.dedent("""\
        import os, sys
        from pathlib import Path
        from pwib_dsl.driver import compile_paths
        cases = Path(sys.argv[1])
        for case in sorted(cases.glob("*/bad")):
            os.chdir(case)
            r = compile_paths(["."], stdlib=cases / "_stdlib")
            for d in r.diagnostics:
                print(repr(d))
            print(repr(r.workspace))
        """)
    outs = set()
    for seed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [sys.executable, "-c", script, str(ROOT / "tests" / "cases")],
            capture_output=True, text=True, env=env, check=True,
        )
        outs.add(proc.stdout)
    assert len(outs) == 1


def test_stdlib_checks_clean():
    result = compile_paths([ROOT / "stdlib"])
    errors = [f"{d.file}:{d.primary.span.line}: {d.code} {d.message}" for d in result.diagnostics
              if d.severity.value == "error"]
    assert not errors, errors
    assert result.workspace.catalogue.laws


def test_examples_check_clean():
    examples = ROOT / "examples"
    assert any(examples.rglob("*.blueprint"))
    result = compile_paths([examples])
    errors = [f"{d.file}:{d.primary.span.line}: {d.code} {d.message}" for d in result.diagnostics
              if d.severity.value == "error"]
    assert not errors, errors
    assert result.workspace.blueprints


def test_folders_expand_by_the_workspace_rules(tmp_path, monkeypatch):
    write(tmp_path, {
        "pwib.toml": '[build]\nout = "site"\n',
        "reis.blueprint": 'blueprint reis "Reis" { end e "E" }\n',
        "site/oud.blueprint": "kapot {",
        ".concept/x.blueprint": "kapot {",
        "ander/pwib.toml": "",
        "ander/reis.blueprint": 'blueprint reis "Andere reis" { end e "E" }\n',
    })
    monkeypatch.chdir(tmp_path)
    result = compile_paths(["."])
    assert codes(result) == [] and list(result.sources) == ["reis.blueprint"]
    explicit = compile_paths(["reis.blueprint", ".concept/x.blueprint"])
    assert "PB001" in codes(explicit) or any(d.file == ".concept/x.blueprint" for d in explicit.diagnostics)


def test_checking_one_file_sees_the_journeys_in_its_folder(tmp_path):
    write(tmp_path, {
        "master.blueprint": MASTER,
        "aanmelding.blueprint": AANMELDING,
        "regels.blueprint": REGELS,
    })
    result = compile_paths([tmp_path / "master.blueprint"])
    assert codes(result) == [] and len(result.files) == 1
    assert [bp.id for bp in result.workspace.blueprints] == ["master"]
    assert result.workspace.blueprints[0].node("a").journey == "aanmelding"


def test_without_pwib_toml_one_file_never_walks_the_folders_below_it(tmp_path, monkeypatch):
    """Context is bounded to what the file can reach: a shared folder's other projects (even
    broken ones) are not read, so they cannot slow the check down or break it."""
    write(tmp_path, {
        "master.blueprint": MASTER,
        "tegels/aanmelding.blueprint": AANMELDING,
        "regels.blueprint": REGELS,
        "ander-project/kapot.blueprint": "blueprint kapot {",
    })
    (tmp_path / "ander-project" / "l1.blueprint").symlink_to("l2.blueprint")
    (tmp_path / "ander-project" / "l2.blueprint").symlink_to("l1.blueprint")
    read = []
    import pwib_dsl.driver as driver

    real_read = driver.read_source
    monkeypatch.setattr(driver, "read_source", lambda p, *a: read.append(Path(p).name) or real_read(p, *a))
    result = compile_paths([tmp_path / "master.blueprint"])
    assert codes(result) == ["PB507"]  # the tile below is not seen without a pwib.toml ...
    assert "kapot.blueprint" not in read and "aanmelding.blueprint" not in read
    (tmp_path / "pwib.toml").write_text("")  # ... and is with one
    result = compile_paths([tmp_path / "master.blueprint"])
    assert codes(result) == [] and result.workspace.blueprints[0].node("a").journey == "aanmelding"


def test_a_context_file_never_takes_a_name_from_a_requested_one(tmp_path):
    write(tmp_path, {
        "a-oud.blueprint": 'module regels "Oud"\nblueprint reis "Oude reis" { end e "E" }\n',
        "b.blueprint": 'module regels "Nieuw"\nblueprint reis "Reis" { end e "E" }\n',
    })
    result = compile_paths([tmp_path / "b.blueprint"])
    assert codes(result) == []
    assert result.workspace.blueprints[0].title == "Reis"


def test_a_folder_given_on_the_command_line_leaves_hidden_folders_out(tmp_path):
    from pwib_dsl.workspace.reading import walk

    write(tmp_path, {
        "a.blueprint": "",
        "sub/b.blueprint": "",
        ".pwib/variants/x.base.blueprint": "",
        "sub/.git/c.blueprint": "",
    })
    found, diags = walk(tmp_path, "here")
    assert diags == []
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.blueprint", "sub/b.blueprint"]
