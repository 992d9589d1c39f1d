"""The HTML meaning of waits, time-outs, named terms, loop bounds and the emotion per path.

Built from the hand-made workspace of ``html_fixtures``: its bijstand blueprint waits for the
resident's papers with a hersteltermijn that leads to "buiten behandeling", a back-branch
bounded to 2 and a beslistermijn suspended while waiting; its aanmelding blueprint has a
term that applies only in a threatening situation and two alternative ends.
"""

from __future__ import annotations

import attrs
import pytest
from html_fixtures import parse_html, realistic_workspace, render_site

from pwib_dsl.backends import output_path
from pwib_dsl.backends.html.paths import MAX_PATHS, journey_paths
from pwib_dsl.sema.model import Blueprint, Branch, Decision, End, Step


@pytest.fixture(scope="module")
def trees() -> dict:
    return {path: parse_html(data) for path, data in render_site(realistic_workspace()).items()}


def texts(el) -> str:
    return " ".join(el.text_content().replace("\u00ad", "").split())


def page(trees, bp_id: str):
    return trees[output_path("html", bp_id)]


def column(trees, bp_id: str, row_class: str, node_id: str):
    tree = page(trees, bp_id)
    ids = [th.get("id") for th in tree.xpath("//table[contains(@class,'sb')]/thead/tr[contains(@class,'nodes')]/th[@id]")]
    cells = tree.xpath(f"//table[contains(@class,'sb')]/tbody/tr[contains(concat(' ', @class, ' '), ' {row_class} ')]/td")
    return cells[ids.index(f"step-{node_id}")]


def test_a_waiting_step_is_marked_as_waiting_not_work(trees):
    tree = page(trees, "bijstand-aanvraag")
    (head,) = tree.xpath("//th[@id='step-gegevens']")
    assert "node-waits" in head.get("class")
    assert "Wachten" in texts(head)
    flow = column(trees, "bijstand-aanvraag", "flow", "gegevens")
    (wait,) = flow.xpath(".//p[@class='wait']")
    assert texts(wait) == "Wacht op Inwoner Ontbrekende bewijsstukken"
    # a step that does not wait says nothing of the kind
    assert not column(trees, "bijstand-aanvraag", "flow", "voorschot").xpath(".//p[@class='wait']")
    legend = texts(tree.xpath("//section[@class='legend']")[0])
    assert "wachttijd, geen werk" in legend


def test_a_time_out_names_and_links_where_the_journey_goes(trees):
    cell = column(trees, "bijstand-aanvraag", "layer-deadlines", "gegevens")
    (expires,) = cell.xpath(".//span[@class='deadline-expires']")
    assert texts(expires) == "Daarna: → Aanvraag buiten behandeling"
    assert expires.xpath(".//a/@href") == ["#step-buiten-behandeling"]


def test_a_loop_bound_is_shown_on_its_branch(trees):
    cell = column(trees, "bijstand-aanvraag", "flow", "besluit")
    bounds = [texts(li) for li in cell.xpath(".//li") if li.xpath(".//span[@class='branch-bound']")]
    assert bounds == ["stukken onvolledig → Gegevens verzamelen ten hoogste 2 keer"]


def test_a_named_term_is_shown_at_its_start_suspension_and_end_and_in_a_table(trees):
    marks = {
        node: [texts(p) for p in column(trees, "bijstand-aanvraag", "layer-deadlines", node).xpath(".//p[@class='term-mark']")]
        for node in ("aanvragen", "gegevens", "besluit")
    }
    assert marks == {
        "aanvragen": ["beslistermijn (8 weken) begint"],
        "gegevens": ["beslistermijn (8 weken) staat stil"],
        "besluit": ["Uiterlijk hier: beslistermijn (8 weken)"],
    }
    (table,) = page(trees, "bijstand-aanvraag").xpath("//section[@class='terms']//table")
    (row,) = table.xpath("./tbody/tr")
    assert [texts(c) for c in row.xpath("./th|./td")] == [
        "beslistermijn", "8 weken", "Bijstand direct aanvragen – Recht op bijstand?", "Gegevens verzamelen",
        "altijd", "Awb art. 4:13 lid 2; Awb art. 4:15 lid 1",
    ]
    assert row.xpath("./td[2]//a/@href") == ["#step-aanvragen", "#step-besluit"]


def test_a_conditional_term_says_when_it_applies(trees):
    (mark,) = column(trees, "aanmelding", "layer-deadlines", "aanmelden").xpath(".//p[@class='term-mark']")
    assert texts(mark) == (
        "spoed (3 werkdagen) begint alleen als: dreigende huisuitzetting of afsluiting van energie of water"
    )
    (row,) = page(trees, "aanmelding").xpath("//section[@class='terms']//tbody/tr")
    assert texts(row.xpath("./td")[3]).startswith("alleen als: dreigende huisuitzetting")


def test_alternative_ends_are_not_joined_into_one_curve(trees):
    cells = page(trees, "aanmelding").xpath("//tr[contains(@class,'layer-emotion')]/td")
    points = [td.xpath(".//*[local-name()='polyline']/@points")[0] for td in cells]
    # plan (+1) flows into klaar (+2): joined; klaar and geweigerd are two outcomes side by side
    assert points[3].endswith(" 100,21.5") and points[4] == "0,21.5 50,12"
    assert points[5] == "50,88"


def test_the_emotion_is_listed_per_path(trees):
    items = [texts(li) for li in page(trees, "aanmelding").xpath("//ol[@class='paths']/li")]
    assert items == [
        "Pad 1 (toegelaten): Inwoner meldt zich aan: −1 negatief →, Eerste gesprek: 0 neutraal →, "
        "Toelaten tot schuldhulpverlening?: −2 zeer negatief →, Plan van aanpak uitvoeren: +1 positief →, "
        "Hulptraject gestart: +2 zeer positief",
        "Pad 2 (anders): Inwoner meldt zich aan: −1 negatief →, Eerste gesprek: 0 neutraal →, "
        "Toelaten tot schuldhulpverlening?: −2 zeer negatief →, Aanvraag geweigerd: −2 zeer negatief",
    ]
    bijstand = [texts(li) for li in page(trees, "bijstand-aanvraag").xpath("//ol[@class='paths']/li")]
    # the back-branch "stukken onvolledig" returns to a node the path has been through: no path of its own
    assert [t.split(":")[0] for t in bijstand] == ["Pad 1 (recht)", "Pad 2 (anders)", "Pad 3 (termijn verstreken"]


def test_the_journey_map_draws_a_line_per_path(trees):
    (card,) = [c for c in trees["journey.html"].xpath("//*[@id='jm-aanmelden']")]
    lines = card.xpath(".//*[local-name()='polyline']/@points")
    assert len(lines) == 2  # toegelaten and geweigerd, each its own line
    assert lines[0].split()[:3] == lines[1].split()[:3]  # the shared start
    assert lines[0].split()[-1] != lines[1].split()[-1]


def test_a_partners_organisation_shows_on_its_lane_lines_and_in_the_actor_table(trees):
    tree = page(trees, "vroegsignalering")
    support = column(trees, "vroegsignalering", "lane-support", "signaal")
    assert texts(support.xpath(".//span[@class='actor']")[0]) == "Signaalpartner (Woningcorporatie)"
    section = "//section[@aria-labelledby='actors-h']"
    assert [texts(th) for th in tree.xpath(f"{section}//thead//th")] == ["Actor", "Rol", "Organisatie"]
    rows = [[texts(c) for c in tr.xpath("./th|./td")] for tr in tree.xpath(f"{section}//tbody/tr")]
    assert rows[-1][0] == "Signaalpartner" and rows[-1][2] == "Woningcorporatie"
    assert rows[0][2] == ""  # the municipality's own staff: no partner named
    # a blueprint whose actors are all the municipality's has no organisation column
    assert len(page(trees, "aanmelding").xpath(f"{section}//thead//th")) == 2


# ------------------------------------------------------------------------------ the paths


def _bp(nodes) -> Blueprint:
    return Blueprint(id="b", title="B", file="b.blueprint", nodes=tuple(nodes), start=nodes[0].id)


def test_paths_cut_loops_and_stop_after_the_cap():
    loop = _bp([
        Step(id="a", title="A", next="d"),
        Decision(id="d", title="D", branches=(Branch("opnieuw", "a", max_times=3), Branch("", "z", True))),
        End(id="z", title="Z"),
    ])
    assert [p.nodes for p in journey_paths(loop).paths] == [("a", "d", "z")]
    # 2^5 ways through five decisions in a row: only the first MAX_PATHS are listed
    nodes = []
    for i in range(5):
        nodes.append(Decision(id=f"d{i}", title=f"D{i}", branches=(
            Branch("links", f"l{i}"), Branch("rechts", f"r{i}"))))
        after = f"d{i + 1}" if i < 4 else "z"
        nodes += [Step(id=f"l{i}", title="L", next=after), Step(id=f"r{i}", title="R", next=after)]
    nodes.append(End(id="z", title="Z"))
    many = journey_paths(_bp(nodes))
    assert len(many.paths) == MAX_PATHS and not many.complete
    assert all(p.nodes[-1] == "z" for p in many.paths)


def test_a_fork_is_one_path_through_all_its_branches():
    from pwib_dsl.sema.model import Fork, Join

    bp = _bp([
        Fork(id="f", title="F", branches=("x", "y")),
        Step(id="x", title="X", next="j"),
        Step(id="y", title="Y", next="j"),
        Join(id="j", title="J", fork="f", next="z"),
        End(id="z", title="Z"),
    ])
    assert [p.nodes for p in journey_paths(bp).paths] == [("f", "x", "y", "j", "z")]
    assert attrs.asdict(journey_paths(bp))["complete"] is True
