"""Self-test of tests/checkers.py: each wrapper must accept the hand-written valid samples and
catch the specific defect planted in each broken sample (tests/data/checkers/*.bpmn).

If these fail, the checkers themselves are broken and no other BPMN/HTML test can be trusted.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

import checkers
from checkers import (
    REPO_ROOT,
    SpiffPathError,
    bpmn_end_event_ids,
    bpmn_xsd_errors,
    bpmnlint_reports,
    browser_fixture,  # noqa: F401  (provides the `browser` fixture)
    moddle_warnings,
    require_tool,
    spiff_parse,
    spiff_run,
    spiff_run_all_paths,
)

DATA = Path(__file__).parent / "data" / "checkers"
ARTIFACTS = REPO_ROOT / "tests" / "artifacts" / "checkers"

VALID = DATA / "valid_blueprint.bpmn"
CALL_ACTIVITY = DATA / "call_activity.bpmn"
DANGLING = DATA / "broken_dangling_ref.bpmn"
SCHEMA = DATA / "broken_schema.bpmn"
LINT = DATA / "broken_lint.bpmn"
EXTENSION = DATA / "broken_extension.bpmn"

EXT_NS = "https://pwib-dsl.example/ns/checker-sample"
EXT_XSD = {EXT_NS: DATA / "checker-sample-ext.xsd"}


def variant(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    """Copy of ``source`` with exactly one occurrence of ``old`` replaced."""
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {source.name}"
    out = tmp_path / f"variant_{source.name}"
    out.write_text(text.replace(old, new), encoding="utf-8")
    return out


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


# ---------------------------------------------------------------------------------------------
# Availability policy
# ---------------------------------------------------------------------------------------------


def test_require_tool_fails_in_ci_and_skips_locally(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="frobnicator"):
        require_tool("frobnicator", False)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="frobnicator"):
        require_tool("frobnicator", False, "apt-get install frobnicator")
    assert require_tool("frobnicator", True) is None


@pytest.mark.node
def test_missing_node_modules_is_a_failure_in_ci(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(checkers, "NODE_MODULES", tmp_path / "node_modules")
    with pytest.raises(pytest.fail.Exception, match="npm ci"):
        bpmnlint_reports([VALID])


# ---------------------------------------------------------------------------------------------
# OMG BPMN 2.0 XSD
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", [VALID, CALL_ACTIVITY, LINT, EXTENSION], ids=lambda p: p.stem)
def test_xsd_accepts_schema_valid_samples(sample):
    assert bpmn_xsd_errors(sample) == []


def test_xsd_accepts_bytes_and_text():
    assert bpmn_xsd_errors(VALID.read_bytes()) == []
    assert bpmn_xsd_errors(VALID.read_text(encoding="utf-8")) == []


def test_xsd_resolves_idrefs():
    errors = bpmn_xsd_errors(DANGLING)
    assert len(errors) == 1
    assert "IDREF 'EndEvent_Missing' not found" in errors[0]


def test_xsd_catches_child_order_and_enumeration():
    errors = bpmn_xsd_errors(SCHEMA)
    assert any("Sideways" in e for e in errors), errors
    assert any("Unexpected child" in e and "bpmn:incoming" in e for e in errors), errors
    assert all(e.startswith("line ") for e in errors)


def test_xsd_rejects_non_bpmn_and_malformed_input():
    assert bpmn_xsd_errors(b"<x/>") != []
    assert bpmn_xsd_errors(b"<bpmn:definitions")[0].startswith("not well-formed XML")


def test_xsd_validates_extension_elements_only_with_their_schema():
    assert bpmn_xsd_errors(EXTENSION) == []  # extensionElements are processContents="lax"
    errors = bpmn_xsd_errors(EXTENSION, EXT_XSD)
    assert len(errors) == 1
    assert "sb:touchpoint" in errors[0] and "'fax'" in errors[0]
    assert bpmn_xsd_errors(VALID, EXT_XSD) == []


def test_xsd_extension_schema_path_relative_or_missing(monkeypatch):
    monkeypatch.chdir(DATA)  # relative paths are resolved, never silently ignored
    assert len(bpmn_xsd_errors(EXTENSION, {EXT_NS: "checker-sample-ext.xsd"})) == 1
    with pytest.raises(FileNotFoundError):
        bpmn_xsd_errors(VALID, {EXT_NS: "no-such.xsd"})


# ---------------------------------------------------------------------------------------------
# SpiffWorkflow
# ---------------------------------------------------------------------------------------------


def test_spiff_parse_registers_stub_data_stores():
    parser = spiff_parse(VALID)
    assert parser.get_process_ids() == ["Process_Aanvraag"]
    assert [s.bpmn_name for s in parser.data_stores.values()] == ["dossiers"]


def test_spiff_parse_validates_extension_schema():
    from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException

    spiff_parse(VALID, extension_xsds=EXT_XSD)
    with pytest.raises(ValidationException, match="fax"):
        spiff_parse(EXTENSION, extension_xsds=EXT_XSD)


def test_spiff_all_paths_reach_every_end_event():
    paths = spiff_run_all_paths(VALID)
    by_end = {p.end_events: p for p in paths}
    assert set(by_end) == {("EndEvent_Toegekend",), ("EndEvent_Verlopen",), ("EndEvent_Afgewezen",)}
    assert {e for p in paths for e in p.end_events} == bpmn_end_event_ids(VALID)

    granted = by_end[("EndEvent_Toegekend",)]
    assert granted.choices == (("Gateway_Besluit", "Flow_Ja"),)
    assert granted.completed == (
        "StartEvent_Aanvraag", "UserTask_Intake", "ManualTask_Gesprek", "Gateway_Besluit",
        "ServiceTask_Registreer", "EndEvent_Toegekend",
    )
    assert granted.store_log == (("set", "dossiers", "ServiceTask_Registreer"),)
    assert granted.data["route_Gateway_Besluit"] == "Flow_Ja"

    expired = by_end[("EndEvent_Verlopen",)]
    assert expired.choices == (("BoundaryEvent_Termijn", "fired"),)
    assert "Gateway_Besluit" not in expired.completed  # interrupting timer cancelled the task
    assert expired.store_log == ()

    rejected = by_end[("EndEvent_Afgewezen",)]
    assert rejected.choices == (("Gateway_Besluit", "Flow_Nee"),)


def test_spiff_timers_do_not_fire_unless_asked():
    paths = spiff_run_all_paths(VALID, fire_timers=False)
    assert sorted(p.end_events for p in paths) == [("EndEvent_Afgewezen",), ("EndEvent_Toegekend",)]


def test_spiff_all_paths_through_call_activity_parallel_and_timer():
    paths = spiff_run_all_paths(CALL_ACTIVITY)
    assert len(paths) == 3 * 2  # three-way decision in the called process x two in the caller
    assert len({p.choices for p in paths}) == 6
    assert {e for p in paths for e in p.end_events} == bpmn_end_event_ids(CALL_ACTIVITY)
    for p in paths:
        assert len(p.end_events) == 2  # one end in the called process, then one in the caller
        # both parallel branches, the intermediate timer and the call activity completed
        for node in ("UserTask_Inventarisatie", "ServiceTask_BKR", "Gateway_Join",
                     "TimerEvent_Wachttijd", "CallActivity_Schuldhulp"):
            assert node in p.completed, (node, p.completed)
        assert p.completed.index("TimerEvent_Wachttijd") > p.completed.index("Gateway_Join")
    default_paths = [p for p in paths if ("Gateway_Vervolg", "Flow_Klaar") in p.choices]
    assert len(default_paths) == 3
    assert all(p.end_events[-1] == "EndEvent_Klaar" for p in default_paths)


def test_spiff_run_follows_named_choices():
    assert spiff_run(VALID).end_events == ("EndEvent_Toegekend",)  # first flow, no timer
    assert spiff_run(VALID, {"Gateway_Besluit": "Flow_Nee"}).end_events == ("EndEvent_Afgewezen",)
    fired = spiff_run(VALID, {"BoundaryEvent_Termijn": "fired"})
    assert fired.end_events == ("EndEvent_Verlopen",)
    with pytest.raises(SpiffPathError, match="Flow_Bestaat_Niet"):
        spiff_run(VALID, {"Gateway_Besluit": "Flow_Bestaat_Niet"})


def test_spiff_rejects_conditions_outside_the_convention(tmp_path):
    path = variant(tmp_path, VALID, 'route_Gateway_Besluit == "Flow_Ja"', "approved == True")
    with pytest.raises(SpiffPathError, match="branch variable 'route_Gateway_Besluit'"):
        spiff_run_all_paths(path)


def test_spiff_generic_conditions_without_branch_var(tmp_path):
    path = variant(tmp_path, VALID, 'route_Gateway_Besluit == "Flow_Ja"', "approved")
    path.write_text(path.read_text().replace('route_Gateway_Besluit == "Flow_Nee"', "not approved"))
    ends = {p.end_events for p in spiff_run_all_paths(path, branch_var=None)}
    assert ends == {("EndEvent_Toegekend",), ("EndEvent_Verlopen",), ("EndEvent_Afgewezen",)}


def test_spiff_detects_overlapping_conditions(tmp_path):
    # both branches test for "Flow_Ja": selecting Flow_Nee cannot work
    path = variant(tmp_path, VALID, 'route_Gateway_Besluit == "Flow_Nee"',
                   'route_Gateway_Besluit == "Flow_Ja"')
    with pytest.raises(SpiffPathError, match="led to"):
        spiff_run_all_paths(path)


def test_spiff_rejects_unconditioned_non_default_branch():
    with pytest.raises(SpiffPathError, match="Flow_Nee .* neither a condition"):
        spiff_run_all_paths(LINT)


def test_spiff_uses_default_flow(tmp_path):
    path = variant(tmp_path, VALID,
                   '<bpmn:exclusiveGateway id="Gateway_Besluit" name="Recht op bijstand?">',
                   '<bpmn:exclusiveGateway id="Gateway_Besluit" name="Recht op bijstand?" '
                   'default="Flow_Nee">')
    text = path.read_text()
    path.write_text(text.replace(
        '\n      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">'
        'route_Gateway_Besluit == "Flow_Nee"</bpmn:conditionExpression>', ""))
    assert bpmn_xsd_errors(path) == []
    ends = {p.end_events for p in spiff_run_all_paths(path)}
    assert ("EndEvent_Afgewezen",) in ends and ("EndEvent_Toegekend",) in ends


def test_spiff_loop_terminates(tmp_path):
    # "nee" loops back to the conversation: explored once, then the exit is forced
    path = variant(tmp_path, VALID,
                   'sourceRef="Gateway_Besluit" targetRef="EndEvent_Afgewezen"',
                   'sourceRef="Gateway_Besluit" targetRef="ManualTask_Gesprek"')
    paths = spiff_run_all_paths(path, fire_timers=False)
    assert [p.choices for p in paths] == [
        (("Gateway_Besluit", "Flow_Ja"),),
        (("Gateway_Besluit", "Flow_Nee"), ("Gateway_Besluit", "Flow_Ja")),
    ]
    assert all(p.end_events == ("EndEvent_Toegekend",) for p in paths)
    assert paths[1].completed.count("ManualTask_Gesprek") == 2
    twice = spiff_run_all_paths(path, fire_timers=False, max_loop_visits=2)
    assert max(p.completed.count("ManualTask_Gesprek") for p in twice) == 3


# ---------------------------------------------------------------------------------------------
# Node: bpmnlint and bpmn-moddle
# ---------------------------------------------------------------------------------------------


@pytest.mark.node
def test_bpmnlint_clean_and_broken():
    # valid files around a broken one in one batch: no rule state may leak between files
    batch = [VALID, LINT, EXTENSION, DANGLING]
    reports = bpmnlint_reports(batch)
    assert list(reports) == [str(p) for p in batch]
    for clean in (VALID, EXTENSION):
        assert reports[str(clean)] == {"importWarnings": [], "reports": []}

    found = {(r["rule"], r["id"]) for r in reports[str(LINT)]["reports"]}
    assert found == {
        ("conditional-flows", "Flow_Nee"),
        ("label-required", "UserTask_Intake"),
        ("no-bpmndi", "EndEvent_Afgewezen"),
        ("no-bpmndi", "Flow_Nee"),
    }
    assert reports[str(DANGLING)]["importWarnings"] == ["unresolved reference <EndEvent_Missing>"]


@pytest.mark.node
def test_bpmnlint_single_path_and_custom_config(tmp_path):
    config = tmp_path / "lintrc.json"
    config.write_text('{"extends": "bpmnlint:recommended", "rules": {"label-required": "off"}}')
    rules = {r["rule"] for r in bpmnlint_reports(LINT, config=config)[str(LINT)]["reports"]}
    assert rules == {"conditional-flows", "no-bpmndi"}


@pytest.mark.node
def test_moddle_import_warnings():
    result = moddle_warnings([VALID, DANGLING, SCHEMA])
    assert result[str(VALID)]["warnings"] == []
    assert result[str(VALID)]["elements"] > 40
    assert result[str(DANGLING)]["warnings"] == ["unresolved reference <EndEvent_Missing>"]
    assert result[str(SCHEMA)]["warnings"] == []  # order/enums are the XSD's job


# ---------------------------------------------------------------------------------------------
# Browser: bpmn-js, axe-core, self-containment
# ---------------------------------------------------------------------------------------------

GOOD_HTML = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Goed</title></head>
<body><main><h1>Aanvraag</h1>
<p>Een toegankelijke pagina.</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="leeg">
<button type="button">Verstuur</button>
<table><caption>Stappen</caption><tr><th scope="col">Stap</th></tr><tr><td>Intake</td></tr></table>
</main></body></html>
"""

BAD_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Fout</title></head>
<body><div style="color:#ccc;background:#fff">grijs op wit</div>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button><a href="#x"></a>
</body></html>
"""

EXTERNAL_HTML = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Extern</title>
<link rel="stylesheet" href="https://cdn.example.com/style.css">
<script src="http://cdn.example.com/lib.js"></script></head>
<body><main><img src="https://img.example.com/logo.png" alt="logo"></main></body></html>
"""


@pytest.mark.browser
def test_bpmn_js_draws_every_element(browser):
    png = ARTIFACTS / "valid_blueprint.png"
    png.unlink(missing_ok=True)
    result = browser.render_bpmn(VALID.read_text(encoding="utf-8"), png)
    assert result["error"] is None
    assert result["warnings"] == []
    assert result["missing"] == []
    # pool, 2 lanes, 3 tasks, gateway, boundary + 4 other events, data store, annotation
    assert result["shapes"] == 14
    # 7 sequence flows, data association, association
    assert result["connections"] == 9
    assert result["drawn"] == result["elements"] == 23
    width, height = png_size(png)
    assert width > 600 and height > 300


@pytest.mark.browser
def test_bpmn_js_reports_missing_di_and_bad_references(browser):
    lint = browser.render_bpmn(LINT.read_text(encoding="utf-8"))
    assert lint["error"] is None and lint["warnings"] == []  # bpmn-js says nothing...
    assert lint["missing"] == ["EndEvent_Afgewezen", "Flow_Nee"]  # ...so we count
    assert lint["drawn"] == lint["elements"] - 2

    dangling = browser.render_bpmn(DANGLING.read_text(encoding="utf-8"))
    assert any("EndEvent_Missing" in w for w in dangling["warnings"])

    no_di = browser.render_bpmn(CALL_ACTIVITY.read_text(encoding="utf-8"))
    assert "no diagram to display" in no_di["error"]


@pytest.mark.browser
def test_bpmn_js_modeler_roundtrip_keeps_semantics(browser, tmp_path):
    saved = browser.modeler_roundtrip(VALID.read_text(encoding="utf-8"))
    assert '<sb:touchpoint channel="web" />' in saved
    assert 'route_Gateway_Besluit == "Flow_Ja"' in saved
    assert bpmn_xsd_errors(saved, EXT_XSD) == []
    # what Camunda Modeler would save still executes along every path
    roundtripped = tmp_path / "roundtripped.bpmn"
    roundtripped.write_text(saved, encoding="utf-8")
    ends = {e for p in spiff_run_all_paths(roundtripped) for e in p.end_events}
    assert ends == bpmn_end_event_ids(VALID)


@pytest.mark.browser
def test_axe_good_and_bad_page(browser, tmp_path):
    good, bad = tmp_path / "good.html", tmp_path / "bad.html"
    good.write_text(GOOD_HTML, encoding="utf-8")
    bad.write_text(BAD_HTML, encoding="utf-8")
    assert browser.axe(good) == []
    ids = {v["id"] for v in browser.axe(bad)}
    assert {"html-has-lang", "image-alt", "button-name", "link-name", "color-contrast"} <= ids


@pytest.mark.browser
def test_open_page_records_and_blocks_external_requests(browser, tmp_path):
    good, external = tmp_path / "good.html", tmp_path / "external.html"
    good.write_text(GOOD_HTML, encoding="utf-8")
    external.write_text(EXTERNAL_HTML, encoding="utf-8")

    visit = browser.open_page(good)
    assert visit.external_requests == [] and visit.console_errors == [] and visit.page_errors == []
    visit.page.close()

    visit = browser.open_page(external)
    assert sorted(visit.external_requests) == [
        "http://cdn.example.com/lib.js",
        "https://cdn.example.com/style.css",
        "https://img.example.com/logo.png",
    ]
    assert visit.console_errors  # the aborted loads surface as console errors too
    visit.page.close()


@pytest.mark.browser
def test_screenshot(browser, tmp_path):
    page = tmp_path / "good.html"
    page.write_text(GOOD_HTML, encoding="utf-8")
    png = ARTIFACTS / "good_page.png"
    browser.screenshot(page, png)
    width, _ = png_size(png)
    assert width == 1400
