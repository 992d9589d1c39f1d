"""The municipalities of the examples (examples/gemeenten/): variants of the national journeys.

Three municipalities of different shapes, each its own workspace on the national examples: a
large city with its own systems and buurtteams, a small municipality that outsources to a
regional kredietbank, and one that only changes letters and policy. Each compiles strict-clean,
each variant is locked to the national blueprint as it is now (with its snapshot), and together
they vary at least three national blueprints.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pwib_dsl import api
from pwib_dsl.backends.deviation import compare

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GEMEENTEN = EXAMPLES / "gemeenten"
NAMES = ("grootstad", "kleinveen", "middelwijk")


@pytest.fixture(scope="module")
def national():
    result = api.compile_workspace([str(EXAMPLES)])
    assert not result.has_errors
    return {bp.id: bp for bp in result.workspace.blueprints}


@pytest.fixture(scope="module")
def compiled():
    return {name: api.compile_workspace([str(GEMEENTEN / name)]) for name in NAMES}


def test_every_municipality_is_a_workspace_on_the_national_one():
    assert sorted(p.name for p in GEMEENTEN.iterdir() if p.is_dir()) == list(NAMES)
    for name in NAMES:
        assert 'path = "../.."' in (GEMEENTEN / name / "pwib.toml").read_text(encoding="utf-8")


def test_every_municipality_is_strict_clean(compiled):
    for name, result in compiled.items():
        loud = [f"{d.code} {d.message}" for d in result.diagnostics if d.severity.value in ("error", "warning")]
        assert loud == [], name


def test_every_variant_is_locked_to_the_base_as_it_is(compiled):
    for name, result in compiled.items():
        variants = [bp for bp in result.workspace.blueprints if bp.variant is not None]
        assert variants, name
        for bp in variants:
            assert bp.variant.locked_hash == bp.variant.base_hash, (name, bp.id)
            assert (GEMEENTEN / name / ".pwib" / "variants" / f"{bp.id}.base.blueprint").is_file(), (name, bp.id)


def test_together_they_vary_at_least_three_national_blueprints(compiled, national):
    bases = {bp.variant.base for r in compiled.values() for bp in r.workspace.blueprints if bp.variant}
    assert len(bases) >= 3
    assert any(b.startswith("participatiewet.") for b in bases) and any(b.startswith("schulden.") for b in bases)


def _deviations(result, national):
    out = {}
    for bp in result.workspace.blueprints:
        if bp.variant is not None:
            out[bp.id] = compare(national[bp.variant.base.rsplit(".", 1)[-1]], bp)
    return out


def test_the_three_shapes(compiled, national):
    # the large city: its own systems, and a buurtteam partner in an added step
    stad = compiled["grootstad"].workspace
    aanmelding = next(bp for bp in stad.blueprints if bp.id == "aanmelding")
    assert {s.title for s in aanmelding.systems} >= {"Suite4Sociaal Domein", "Geldzaken-portaal van de gemeente"}
    assert any(o.endswith("buurtteams") for o in aanmelding.organisations)
    assert _deviations(compiled["grootstad"], national)["aanmelding"].count("added") == 1
    # the small municipality: the kredietbank's people do the work (Wgs art. 3a)
    klein = compiled["kleinveen"].workspace
    for bp in klein.blueprints:
        if bp.variant is not None:
            assert any(o.endswith("kredietbank") for o in bp.organisations), bp.id
            assert any(c.law.endswith("wgs") and c.article == "3a" for n in bp.nodes for c in n.legal), bp.id
    # letters and policy only: nothing but communication, policy and (shorter) deadlines changes
    for bp_id, dev in _deviations(compiled["middelwijk"], national).items():
        aspects = {a for n in dev.nodes for a in n.aspects}
        assert aspects and aspects <= {"communication", "policy", "deadline"}, (bp_id, aspects)
        assert {n.status for n in dev.nodes} <= {"unchanged", "changed"}, bp_id


def test_the_norm_is_within_the_law(compiled, national):
    """Middelwijk's 5 workdays and Grootstad's 1 workday are shorter than the national terms."""
    mid = next(bp for bp in compiled["middelwijk"].workspace.blueprints if bp.id == "aanmelding")
    assert [(d.amount, d.unit) for d in mid.node("uitnodigen").deadlines] == [(5, "workdays")]
    assert [(d.amount, d.unit) for d in national["aanmelding"].node("uitnodigen").deadlines] == [(4, "weeks")]
    stad = next(bp for bp in compiled["grootstad"].workspace.blueprints if bp.id == "aanmelding")
    assert [(d.amount, d.unit) for d in stad.node("uitvraag").deadlines] == [(1, "workdays")]


def test_the_readme_tours_every_municipal_file():
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for path in sorted(GEMEENTEN.glob("*/*.blueprint")):
        rel = path.relative_to(EXAMPLES).as_posix()
        assert f"`{rel}`" in readme, rel
