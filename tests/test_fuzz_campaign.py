"""A bounded run of the fuzz harness (``scripts/fuzz.py``) under a fixed seed.

1,200 inputs, generated from the grammar and mutated from the standard library and the
examples, each through decoding, parsing, checking, rendering diagnostics, ``fmt`` (twice,
with the meaning compared) and, when it checks clean, the JSON, BPMN and (every tenth) HTML
backends. About half a minute on the project machine; the long run (100,000 inputs) is
``python scripts/fuzz.py``. A finding prints the input number: ``campaign(SEED, n + 1)``
reproduces it.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import fuzz  # noqa: E402

SEED = 17
INPUTS = 1_200


def test_fuzz_campaign_finds_nothing():
    stats = fuzz.campaign(SEED, INPUTS, out=None)
    assert stats["inputs"] == INPUTS
    assert stats.findings == [], "\n".join(f"input {n} ({kind}): {what}" for n, kind, what in stats.findings[:5])
    # the campaign reaches every stage, so a generator that stops producing valid files fails
    assert stats["generated"] > 300 and stats["mutated"] > 300 and stats["undecodable"] > 10
    assert stats["formatted"] > 200 and stats["built"] > 100 and stats["html"] > 10


def test_the_generator_and_the_mutations_are_reproducible():
    first = [data for _, (_, data) in zip(range(50), fuzz.inputs(SEED))]
    again = [data for _, (_, data) in zip(range(50), fuzz.inputs(SEED))]
    assert first == again and len(set(first)) == 50
