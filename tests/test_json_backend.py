"""The JSON backend: schema validity, round trip, determinism, and the shipped schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pwib_dsl.backends import BuildOptions, json_
from pwib_dsl.backends.json_schema import schema, schema_text
from pwib_dsl.resources import data_dir
from pwib_dsl.sema import model as m

from golden import check_golden

ROOT = Path(__file__).resolve().parent.parent
VALIDATOR = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def examples_workspace() -> m.Workspace:
    from pwib_dsl.driver import compile_paths

    result = compile_paths([ROOT / "examples"])
    errors = [d for d in result.diagnostics if d.severity.value == "error"]
    assert not errors, errors[:5]
    assert result.workspace is not None and result.workspace.blueprints
    return result.workspace


def test_shipped_schema_is_the_derived_schema(update_goldens):
    shipped = data_dir() / "schema" / "blueprint-document.schema.json"
    if update_goldens:
        shipped.write_text(schema_text(), encoding="utf-8")
    assert shipped.read_text(encoding="utf-8") == schema_text()
    jsonschema.Draft202012Validator.check_schema(schema())


def test_every_example_validates_and_round_trips(examples_workspace):
    files = json_.render(examples_workspace, BuildOptions())
    assert set(files) == {f"json/{bp.id}.json" for bp in examples_workspace.blueprints}
    for path, data in files.items():
        text = data.decode("utf-8")
        assert text.endswith("}\n") and not text.endswith("\n\n")
        doc = json.loads(text)
        errors = sorted(VALIDATOR.iter_errors(doc), key=str)
        assert not errors, f"{path}: {errors[0]}"
        assert doc["schema_version"] == m.SCHEMA_VERSION
        assert json_.dumps(json_.load_document(text)) == text, path


def test_every_example_matches_its_golden(examples_workspace, update_goldens):
    """The canonical model of every example, reviewed as a diff when it changes."""
    files = json_.render(examples_workspace, BuildOptions())
    folder = ROOT / "tests" / "goldens" / "json"
    for path, data in sorted(files.items()):
        check_golden(folder / Path(path).name, data, update_goldens)
    if not update_goldens:
        stale = {p.name for p in folder.glob("*.json")} - {Path(p).name for p in files}
        assert not stale, f"goldens of no example: {sorted(stale)}; run pytest --update-goldens"
    else:
        for p in folder.glob("*.json"):
            if f"json/{p.name}" not in files:
                p.unlink()


def test_document_carries_citations_with_links(examples_workspace):
    cited = [
        c
        for bp in examples_workspace.blueprints
        for node in bp.nodes
        for c in node.legal
    ]
    assert cited, "the examples cite articles"
    for c in cited:
        # the Juriconnect identifier, resolvable on wetten.overheid.nl down to the article (and lid)
        assert c.jci.startswith(f"jci1.3:c:{c.bwb}&") and f"artikel={c.article}" in c.jci, c.jci
        assert c.url == f"https://wetten.overheid.nl/{c.jci}", c.url
        assert c.jci.startswith("jci1.3:c:BWB") and f"artikel={c.article}" in c.jci, c.jci
    bp = next(b for b in examples_workspace.blueprints if any(n.legal for n in b.nodes))
    doc = json.loads(json_.dumps(json_.document(examples_workspace, bp)))
    cited_laws = {c.law for n in bp.nodes for c in n.legal}
    assert cited_laws <= {law["id"] for law in doc["catalogue"]["laws"]}


def test_no_absolute_paths_or_timestamps(examples_workspace):
    for data in json_.render(examples_workspace, BuildOptions()).values():
        text = data.decode("utf-8")
        assert str(ROOT) not in text
        assert "/tmp/" not in text and "\\\\" not in text


def _build(out: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    proc = subprocess.run(
        [sys.executable, "-m", "pwib_dsl", "build", str(ROOT / "examples"), "--target", "json", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=out.parent,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_build_is_byte_identical_across_hash_seeds(tmp_path):
    first = _build(tmp_path / "a", "1")
    second = _build(tmp_path / "b", "4242")
    assert first and first == second


def test_schema_command_prints_the_schema():
    proc = subprocess.run([sys.executable, "-m", "pwib_dsl", "schema"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["$id"] == json_.SCHEMA_ID


def test_unknown_target_is_a_usage_error(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pwib_dsl", "build", str(ROOT / "examples"), "--target", "json,pdf", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "unknown target `pdf`" in proc.stderr


# -- property: any model survives JSON → model → JSON

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_ids = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
_citation = st.builds(m.Citation, law=_ids, law_name=_ids, law_title=_text, article=_ids, label=_text, url=_text, jci=_text,
                      lid=st.none() | _ids, note=st.none() | _text)
_common = dict(
    id=_ids, title=_text, phase=st.none() | _ids,
    lanes=st.lists(st.builds(m.LaneEntry, lane=st.sampled_from(["evidence", "customer", "frontstage", "backstage", "support"]),
                             text=_text, actor=st.none() | _ids), max_size=3).map(tuple),
    legal=st.lists(_citation, max_size=2).map(tuple),
    pains=st.lists(_text, max_size=2).map(tuple),
    emotion=st.none() | st.integers(-2, 2),
    deadlines=st.lists(st.builds(m.Deadline, amount=st.integers(0, 99), unit=st.sampled_from(["days", "weeks"]),
                                 note=st.none() | _text), max_size=2).map(tuple),
)
_node = st.one_of(
    st.builds(m.Step, next=st.none() | _ids, **_common),
    st.builds(m.Decision, branches=st.lists(st.builds(m.Branch, label=_text, target=_ids, is_default=st.booleans()),
                                            max_size=3).map(tuple), **_common),
    st.builds(m.End, **_common),
)
_blueprint = st.builds(
    m.Blueprint, id=_ids, title=_text, file=_text, status=st.none() | _ids,
    actors=st.lists(st.builds(m.Actor, id=_ids, title=_text, role=st.none() | _ids), max_size=2).map(tuple),
    nodes=st.lists(_node, max_size=4).map(tuple),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_blueprint)
def test_any_blueprint_round_trips(bp):
    doc = json_.BlueprintDocument(m.SCHEMA_VERSION, bp, m.Catalogue())
    text = json_.dumps(doc)
    assert not list(VALIDATOR.iter_errors(json.loads(text)))
    back = json_.load_document(text)
    assert back == doc
    assert json_.dumps(back) == text
    assert attrs.asdict(back) == attrs.asdict(doc)


def test_dumps_prints_what_the_json_module_prints(examples_workspace):
    """The fast encoder of ``dumps`` is byte-identical to ``json.dumps(indent=2)``."""
    conv = json_.converter()
    for bp in examples_workspace.blueprints:
        doc = json_.document(examples_workspace, bp)
        data = {"$schema": json_.SCHEMA_ID, **conv.unstructure(doc)}
        assert json_.dumps(doc) == json.dumps(data, ensure_ascii=False, indent=2) + "\n", bp.id
    odd = {"a": [], "b": {}, "c": [1, True, False, None, 2.5, "é\n\"\u2028"], "d": [{"e": [[]]}]}
    out: list[str] = []
    json_._encode(odd, "\n", out)
    assert "".join(out) == json.dumps(odd, ensure_ascii=False, indent=2)
