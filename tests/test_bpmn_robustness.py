"""Any text gives well-formed, schema-valid BPMN; the output is byte-deterministic; goldens.

XML 1.0 cannot hold most C0 control characters, lone surrogates, U+FFFE/U+FFFF: they become
U+FFFD; everything else (quotes, ``<``, ``&``, ``]]>``, emoji, right-to-left text, newlines)
comes back unchanged from the parsed document.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import bpmn_fixtures as fx
from checkers import bpmn_xsd_errors
from golden import check_golden
from pwib_dsl.backends import BuildOptions, output_path
from pwib_dsl.backends.bpmn import NS as PWIB_NS
from pwib_dsl.backends.bpmn import extension_xsd, render
from pwib_dsl.backends.bpmn.text import clean
from pwib_dsl.sema import model as m

GOLDENS = Path(__file__).parent / "goldens" / "bpmn"
NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL", "pwib": PWIB_NS}
NASTY = ["\x00", "\x07", "\x0b", "\x1f", "\ud800", "\udfff", "\ufffe", "\uffff", "]]>", "<!--",
         "-->", "&amp;", '"', "'", "<", ">", "&", "\r\n", "\t", "\u202e", "\u200f",
         "שלום", "مرحبا", "👩‍👩‍👧", "🇳🇱", "\U0001f600", "日本語", "e\u0301"]
texts = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=12)), max_size=4).map("".join)
nonempty = texts.filter(lambda t: t.strip() != "")


def hostile_blueprint(t: list[str]) -> m.Blueprint:
    """A blueprint with author text ``t[i]`` in every place text can go."""
    return m.Blueprint(
        id="vijandig", title=t[0], file="vijandig.blueprint", version=t[1], status="concept",
        owner=t[2], description=t[3],
        actors=(m.Actor("wie", t[4], "rollen.inwoner"),),
        systems=(m.System("sys", t[5], description=t[6]),),
        phases=(m.Phase("fase", t[7], ("stap", "keuze")),),
        nodes=(
            m.Step("stap", t[8], "fase",
                   lanes=(m.LaneEntry("customer", t[9], "wie"), m.LaneEntry("evidence", t[10])),
                   legal=(fx.wgs("4", "1", note=t[11]),), policy=(t[12],),
                   communication=(m.Communication(t[13], t[14] or None),), systems=("sys",),
                   pains=(t[15],), notes=(t[16],), deadlines=(m.Deadline(2, "weeks", t[17]),),
                   next="keuze"),
            m.Decision("keuze", t[18], "fase",
                       branches=(m.Branch(t[19], "eind"), m.Branch(t[20], "stap", True))),
            m.End("eind", t[21]),
        ),
        start="stap",
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, min_size=22, max_size=22))
def test_any_text_gives_well_formed_valid_bpmn(t):
    bp = hostile_blueprint(t)
    data = render(fx.workspace(bp), BuildOptions())[output_path("bpmn", "vijandig")]
    root = etree.fromstring(data)  # raises if not well-formed
    assert bpmn_xsd_errors(data, {PWIB_NS: extension_xsd()}) == []
    task = root.find(".//bpmn:userTask[@id='Task_stap']", NS)
    assert task.get("name") == (clean(t[8]) if t[8].strip() else "stap")  # blank: the name
    lane = task.find("bpmn:extensionElements/pwib:node/pwib:lane[@lane='customer']", NS)
    assert (lane.text or "") == clean(t[9])
    note = root.find(".//bpmn:textAnnotation/bpmn:text", NS).text
    assert note.endswith(clean(t[11])) if t[11] else note == "Wgs art. 4 lid 1"


def test_replaced_characters():
    assert clean("a\x00b\x0bc\ud800d\uffff") == "a\ufffdb\ufffdc\ufffdd\ufffd"
    assert clean("tab\tnew\nline\r") == "tab\tnew\nline\r"
    data = render(fx.workspace(hostile_blueprint(["\x01<&>\"\r\n\t"] * 22)), BuildOptions())
    root = etree.fromstring(data[output_path("bpmn", "vijandig")])
    # attribute whitespace survives as character references; text keeps its \r
    assert root.find(".//bpmn:userTask", NS).get("name") == "\ufffd<&>\"\r\n\t"
    lane = root.find(".//pwib:lane[@lane='customer']", NS)
    assert lane.text == "\ufffd<&>\"\r\n\t"


def test_same_model_same_bytes():
    first = render(fx.workspace(), BuildOptions())
    second = render(fx.workspace(), BuildOptions())
    assert first == second


_DIGEST = """
import hashlib, sys
sys.path.insert(0, "tests")
import bpmn_fixtures as fx
from pwib_dsl.backends import BuildOptions
from pwib_dsl.backends.bpmn import render
out = render(fx.workspace(), BuildOptions())
print(hashlib.sha256(b"".join(k.encode() + v for k, v in sorted(out.items()))).hexdigest())
"""


def test_output_does_not_depend_on_the_hash_seed(repo_root):
    digests = set()
    for seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", _DIGEST], cwd=repo_root, env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        digests.add(proc.stdout.strip())
    out = render(fx.workspace(), BuildOptions())
    here = hashlib.sha256(b"".join(k.encode() + v for k, v in sorted(out.items()))).hexdigest()
    assert digests == {here}


def test_render_does_not_import_lxml(repo_root):
    code = ("import sys; sys.path.insert(0, 'tests'); import bpmn_fixtures as fx; "
            "from pwib_dsl.backends import BuildOptions; from pwib_dsl.backends.bpmn import render; "
            "render(fx.workspace(), BuildOptions()); "
            "assert 'lxml' not in sys.modules and 'jinja2' not in sys.modules, 'heavy import'")
    proc = subprocess.run([sys.executable, "-c", code], cwd=repo_root, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_goldens(update_goldens):
    out = render(fx.workspace(), BuildOptions())
    for bp_id in ("aanmelding", "klantreis"):
        check_golden(GOLDENS / f"{bp_id}.bpmn", out[output_path("bpmn", bp_id)], update_goldens)
