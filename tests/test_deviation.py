"""The deviation of a municipality's blueprint from the national one, and its CSV."""

from __future__ import annotations

import csv
import io

import attrs

from pwib_dsl.backends.deviation import Municipality, compare, matrix_csv, matrix_rows
from pwib_dsl.sema.model import Blueprint, Branch, Deadline, Decision, End, LaneEntry, Step

BASE = Blueprint(
    id="aanmelding",
    title="Aanmelding",
    file="schulden/aanmelding.blueprint",
    nodes=(
        Step("aanmelden", "Aanmelden", next="registreren", systems=("portaal",)),
        Step("registreren", "Registreren", next="uitvraag", systems=("zaken",)),
        Step("uitvraag", "Uitvraag", next="dreiging", deadlines=(Deadline(2, "workdays"),)),
        Decision("dreiging", "Dreiging?", branches=(Branch("ja", "crisis"), Branch("nee", "klaar"))),
        Step("herinneren", "Herinneren", next="klaar", policy=("bellen",)),
        End("crisis", "Crisis"),
        End("klaar", "Klaar"),
    ),
    start="aanmelden",
)


def variant_of(base: Blueprint, *nodes) -> Blueprint:
    return attrs.evolve(base, nodes=tuple(nodes))


def statuses(dev) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {n.id: (n.status, n.aspects) for n in dev.nodes}


def test_identical_blueprint_is_unchanged_everywhere():
    dev = compare(BASE, BASE)
    assert {s for s, _ in statuses(dev).values()} == {"unchanged"}
    assert [n.id for n in dev.nodes] == [n.id for n in BASE.nodes]


def test_no_variant_is_not_varied():
    dev = compare(BASE, None)
    assert {n.status for n in dev.nodes} == {"not-varied"}


def test_inserted_step_leaves_its_predecessor_unchanged():
    n = {x.id: x for x in BASE.nodes}
    variant = variant_of(
        BASE,
        n["aanmelden"],
        attrs.evolve(n["registreren"], next="welkom"),
        Step("welkom", "Welkomstbericht", next="uitvraag"),
        *[x for x in BASE.nodes if x.id not in ("aanmelden", "registreren")],
    )
    got = statuses(compare(BASE, variant))
    assert got["registreren"] == ("unchanged", ())
    assert got["welkom"] == ("added", ())
    assert [x.id for x in compare(BASE, variant).nodes][:4] == ["aanmelden", "registreren", "welkom", "uitvraag"]


def test_content_changes_name_their_aspects():
    n = {x.id: x for x in BASE.nodes}
    variant = variant_of(
        BASE,
        attrs.evolve(n["aanmelden"], systems=("geldzaken",)),
        attrs.evolve(n["registreren"], lanes=(LaneEntry("backstage", "Registreert", "buurtteam"),)),
        attrs.evolve(n["uitvraag"], deadlines=(Deadline(1, "workdays"),), policy=("eigen norm",)),
        *BASE.nodes[3:],
    )
    got = statuses(compare(BASE, variant))
    assert got["aanmelden"] == ("changed", ("systems",))
    assert got["registreren"] == ("changed", ("lanes",))
    assert got["uitvraag"] == ("changed", ("policy", "deadline"))
    assert got["dreiging"] == ("unchanged", ())


def test_removed_step_stays_in_place_and_the_bypass_is_not_a_change():
    variant = variant_of(BASE, *[x for x in BASE.nodes if x.id != "herinneren"])
    dev = compare(BASE, variant)
    assert [x.id for x in dev.nodes] == [x.id for x in BASE.nodes]
    assert statuses(dev)["herinneren"] == ("removed", ())
    assert [x.id for x in dev.removed] == ["herinneren"]


def test_rerouted_branch_is_a_flow_change():
    n = {x.id: x for x in BASE.nodes}
    variant = variant_of(
        BASE,
        *BASE.nodes[:3],
        attrs.evolve(n["dreiging"], branches=(Branch("ja", "eigen-crisis"), Branch("nee", "klaar"))),
        *BASE.nodes[4:],
        End("eigen-crisis", "Eigen crisisteam"),
    )
    got = statuses(compare(BASE, variant))
    assert got["dreiging"] == ("changed", ("flow",))
    assert got["eigen-crisis"] == ("added", ())


def _munis():
    n = {x.id: x for x in BASE.nodes}
    changed = variant_of(
        BASE,
        attrs.evolve(n["aanmelden"], title='Aanmelden, "snel"'),
        n["registreren"],
        attrs.evolve(n["uitvraag"], next="extra"),
        Step("extra", "Extra, met komma", next="dreiging"),
        *[x for x in BASE.nodes[3:] if x.id != "herinneren"],
    )
    return [
        Municipality("stad", "Stad", (compare(BASE, changed),)),
        Municipality("dorp", "Dorp", (compare(BASE, None),)),
    ]


def test_matrix_rows_put_added_nodes_after_their_predecessor():
    munis = _munis()
    rows = matrix_rows([BASE], munis)
    assert [r.id for r in rows] == ["aanmelden", "registreren", "uitvraag", "extra", "dreiging", "herinneren", "crisis", "klaar"]
    extra = rows[3]
    assert not extra.national and extra.cells[0].status == "added" and extra.cells[1] is None
    assert rows[5].cells[0].status == "removed" and rows[5].cells[1].status == "not-varied"


def test_csv_is_rfc4180_and_stable():
    munis = _munis()
    data = matrix_csv(matrix_rows([BASE], munis), munis)
    assert data == matrix_csv(matrix_rows([BASE], munis), munis)
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert '"Aanmelden, ""snel"""' in text
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed[0] == ["municipality", "blueprint", "node", "kind", "title", "national", "status", "aspects"]
    assert parsed[1] == ["stad", "aanmelding", "aanmelden", "step", 'Aanmelden, "snel"', "yes", "changed", "title"]
    assert ["stad", "aanmelding", "extra", "step", "Extra, met komma", "no", "added", ""] in parsed
    assert ["stad", "aanmelding", "herinneren", "step", "Herinneren", "yes", "removed", ""] in parsed
    # the municipality without this variant has a line for every national node and none for additions
    dorp = [row for row in parsed if row[0] == "dorp"]
    assert [row[2] for row in dorp] == [x.id for x in BASE.nodes]
    assert {row[6] for row in dorp} == {"not-varied"}
