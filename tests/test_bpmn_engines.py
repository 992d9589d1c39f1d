"""The BPMN of every example, run in the Java engines municipalities deploy: Operaton (the
Camunda 7 line) and Flowable, embedded on in-memory H2 by the Maven harness in
``tests/engines``.

Per dialect the examples are built into a folder of their own; the harness deploys each file
alone and then the folder as one deployment (process ids must not clash), and drives every
process down every branch of its decisions, firing every legal-term timer, to an end. It writes a
JSON report per engine, printed here and kept in ``tests/artifacts/engines/``: per file
deployed, paths run, branches covered / total, timers fired, ends reached. Java or Maven missing
skips locally and fails under CI.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

import bpmn_fixtures as fx
from checkers import REPO_ROOT, require_tool

HARNESS = REPO_ROOT / "tests" / "engines"
ARTIFACTS = REPO_ROOT / "tests" / "artifacts" / "engines"


def _run_engine(engine: str, tmp_path, workspace=None, edit=None) -> dict:
    require_tool("java", shutil.which("java") is not None, "install a JDK >= 17")
    require_tool("mvn", shutil.which("mvn") is not None, "install Maven >= 3.8")
    folder = tmp_path / engine
    if workspace is None:
        paths = fx.render_workspace(fx.example_workspace(), folder, dialect=engine)
        assert len(paths) >= 10, "the examples should give at least ten BPMN files"
    else:
        paths = fx.render_workspace(workspace, folder, dialect=engine)
    if edit is not None:
        edit(paths)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report_file = ARTIFACTS / (f"{engine}.json" if workspace is None else f"{engine}-broken.json")
    report_file.unlink(missing_ok=True)
    proc = subprocess.run(
        ["mvn", "-q", "-B", "-f", str(HARNESS / "pom.xml"), "test",
         f"-Dbpmn.dir={folder / 'bpmn'}", f"-Dengine={engine}", f"-Dreport.file={report_file}"],
        capture_output=True, text=True, timeout=1200,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(f"{engine} ")]
    print("\n".join(lines))
    assert report_file.is_file(), f"the harness wrote no report:\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}"
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert set(report["files"]) == {p.name for p in paths.values()}
    return report | {"returncode": proc.returncode, "output": proc.stdout[-4000:]}


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["operaton", "flowable"])
def test_every_example_deploys_and_runs_down_every_branch(engine, tmp_path):
    report = _run_engine(engine, tmp_path)
    assert report["folder_error"] is None, report["folder_error"]
    for name, r in report["files"].items():
        assert r["deployed"] and r["error"] is None, (name, r["error"])
        assert r["branches_covered"] == r["branches"], (name, r)
        assert r["timers_fired"] == r["timers"], (name, r)
        assert r["ends_reached"] == r["ends"], (name, r)
        assert r["paths"] >= 1, name
    assert sum(r["branches"] for r in report["files"].values()) > 50
    assert report["returncode"] == 0, report["output"]


@pytest.mark.slow
def test_the_harness_fails_on_a_refused_deployment_and_an_untaken_branch(tmp_path):
    """The harness can fail: without historyTimeToLive Operaton refuses a file (enforced as in
    production), and conditions that are not mutually exclusive leave a branch uncovered."""

    def edit(paths):
        ttl = paths["stabilisatie"]
        ttl.write_text(ttl.read_text(encoding="utf-8").replace(' camunda:historyTimeToLive="180"', ""),
                       encoding="utf-8")
        # two conditions of one gateway made equal: the engine takes the first true one, so the
        # second branch can never be taken
        main = paths["aanmelding"]
        text = main.read_text(encoding="utf-8")
        found = re.findall(r'(\$\{route_\w+ == "(\w+)"\})', text)
        (first, _), (second, _) = found[0], next(f for f in found[1:] if f[0].split(" ==")[0]
                                                  == found[0][0].split(" ==")[0])
        main.write_text(text.replace(first, second, 1), encoding="utf-8")

    report = _run_engine("operaton", tmp_path, fx.workspace(), edit)
    files = report["files"]
    assert files["stabilisatie.bpmn"]["deployed"] is False
    assert "historyTimeToLive" in files["stabilisatie.bpmn"]["error"]
    assert report["folder_error"] is not None
    broken = files["aanmelding.bpmn"]
    assert broken["deployed"] and broken["error"] is None
    assert broken["branches_covered"] == broken["branches"] - 1, broken
    assert report["returncode"] != 0
