"""The HTML site's structure and content, checked on the parsed pages (no browser).

Covers the page set, the blueprint grid (lanes, lines, layers, table semantics), links to
wetten.overheid.nl, measure badges, decisions and deadlines, the overview with the master
journey, the impact matrix, the law and systems indexes, internal link integrity,
determinism, golden files, and that importing the backend does not load Jinja2.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import attrs
import pytest
from golden import check_golden
from html_fixtures import parse_html, realistic_workspace, render_site

from pwib_dsl.backends import output_path

ROOT = Path(__file__).resolve().parent.parent
GOLDENS = Path(__file__).parent / "goldens" / "html"

SITE_PAGES = {"index.html", "journey.html", "impact.html", "measures.html", "laws.html", "law-index.html", "systems.html", "components.html"}


@pytest.fixture(scope="module")
def site() -> dict[str, bytes]:
    return render_site(realistic_workspace())


@pytest.fixture(scope="module")
def trees(site):
    return {path: parse_html(data) for path, data in site.items()}


def texts(el) -> str:
    """The text a reader sees: soft hyphens (Dutch hyphenation) show only at a line break."""
    return " ".join(el.text_content().replace("\u00ad", "").split())


def row_headers(table) -> list[str]:
    return [texts(th) for th in table.xpath("./tbody/tr/th[@scope='row']")]


# ------------------------------------------------------------------------------ page set


def test_page_set_is_the_site_plus_one_page_per_blueprint(site):
    ws = realistic_workspace()
    expected = SITE_PAGES | {output_path("html", bp.id) for bp in ws.blueprints}
    assert set(site) == expected
    assert list(site) == sorted(site)
    for data in site.values():
        assert data.startswith(b"<!DOCTYPE html>\n<html lang=\"nl\" class=\"voorbeeld-theme\">")
        data.decode("utf-8")


def test_render_is_byte_deterministic(site):
    assert render_site(realistic_workspace()) == site


def test_output_is_identical_across_hash_seeds(site):
    digest = hashlib.sha256(b"".join(k.encode() + v for k, v in site.items())).hexdigest()
    code = (
        "import hashlib, sys; sys.path.insert(0, 'tests');"
        "from html_fixtures import realistic_workspace, render_site;"
        "s = render_site(realistic_workspace());"
        "print(hashlib.sha256(b''.join(k.encode() + v for k, v in s.items())).hexdigest())"
    )
    for seed in ("0", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        assert out.stdout.strip() == digest


def test_no_dates_or_absolute_paths_in_output(site):
    for path, data in site.items():
        text = data.decode()
        assert str(ROOT) not in text, path
        assert "file://" not in text, path
        # effective dates of measures are content (rendered as words), never a build date
        assert not re.search(r"\b20\d\d-\d\d-\d\dT", text), path


def test_importing_the_backend_does_not_load_jinja2():
    code = "import sys, pwib_dsl.backends.html; print('jinja2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ------------------------------------------------------------------------------ the grid


def grid(trees, bp_id="aanmelding"):
    (table,) = trees[output_path("html", bp_id)].xpath("//table[contains(@class, 'sb')]")
    return table


def test_grid_has_caption_scoped_headers_and_a_column_per_node(trees):
    table = grid(trees)
    assert "Aanmelden voor schuldhulpverlening" in texts(table.xpath("./caption")[0])
    node_headers = table.xpath("./thead/tr[contains(@class,'nodes')]/th[@scope='col'][@id]")
    assert [th.get("id") for th in node_headers] == [
        "step-aanmelden", "step-gesprek", "step-toelating", "step-plan", "step-klaar", "step-geweigerd"
    ]
    phases = table.xpath("./thead/tr[contains(@class,'phases')]/th[@scope='colgroup']")
    assert [(texts(th), int(th.get("colspan"))) for th in phases] == [
        ("Melden", 2), ("Besluiten", 1), ("Traject", 2), ("Buiten fasen", 1)
    ]
    assert [int(cg.get("span")) for cg in table.xpath("./colgroup[@span]")] == [2, 1, 2, 1]
    for row in table.xpath("./tbody/tr[not(contains(@class,'zone-head'))]"):
        cells = row.xpath("./td")
        width = sum(int(td.get("colspan", "1")) for td in cells)
        assert width == 6, texts(row)
    assert [th.get("scope") for th in table.xpath("./tbody/tr[contains(@class,'zone-head')]/th")] == ["rowgroup"] * 3


def test_lanes_and_lines_in_canonical_order_then_layers(trees):
    assert row_headers(grid(trees)) == [
        "Verloop",
        "Fysiek bewijs", "Klantacties", "Lijn van interactie", "Frontstage-acties", "Lijn van zichtbaarheid",
        "Backstage-acties", "Lijn van interne interactie", "Ondersteunende processen", "Systemen",
        "Juridisch", "Beleid", "Communicatie", "Functionaliteit", "Maatregelen", "Toolkit", "Termijnen",
        "Emotie van −2 (zeer negatief) tot +2 (zeer positief)", "Pijnpunten", "Kansen", "KPI’s", "Notities",
    ]


def cell(table, row_class: str, column: int):
    return table.xpath(f"./tbody/tr[contains(concat(' ', @class, ' '), ' {row_class} ')]/td")[column]


def test_lane_entries_carry_their_actor(trees):
    table = grid(trees)
    customer = cell(table, "lane-customer", 0)
    assert texts(customer) == "Inwoner Vult het aanmeldformulier in en beschrijft de geldzorgen"
    assert texts(cell(table, "lane-frontstage", 0)).startswith("Klantcontactcentrum Beantwoordt")
    assert texts(cell(table, "lane-customer", 2)) == ""


def test_legal_references_link_to_the_article_with_its_name(trees):
    legal = cell(grid(trees), "layer-legal", 2)
    links = legal.xpath(".//a")
    assert [(texts(a), a.get("href")) for a in links] == [
        ("Wgs art. 4a lid 1", "https://wetten.overheid.nl/jci1.3:c:BWBR0031331&artikel=4a"),
        ("Awb art. 4:13", "https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=4:13"),
    ]
    assert "Beschikking en plan van aanpak" in texts(legal)
    assert "Beslistermijn" in texts(legal)


def test_measures_are_text_badges_linking_to_the_measures_page(trees):
    badges = cell(grid(trees, "bijstand-aanvraag"), "layer-measures", 0).xpath(".//a[contains(@class,'badge')]")
    assert [(texts(a), a.get("href")) for a in badges] == [
        ("Direct aanvraag indienen", "../measures.html#measure-pwib.direct-aanvragen"),
        ("Identificatie met rijbewijs of DigiD", "../measures.html#measure-pwib.identificatie-eid"),
    ]


def test_decisions_show_branches_and_where_they_lead(trees):
    flow = cell(grid(trees), "flow", 2)
    items = [(texts(li), li.xpath(".//a/@href")) for li in flow.xpath(".//li")]
    assert items == [
        ("toegelaten → Plan van aanpak uitvoeren", ["#step-plan"]),
        ("anders → Aanvraag geweigerd", ["#step-geweigerd"]),
    ]
    assert "Uitkomst: beschikking" in texts(grid(trees).xpath(".//th[@id='step-toelating']")[0])


def test_deadlines_show_the_statutory_term_of_cited_articles(trees):
    table = grid(trees)
    gesprek = texts(cell(table, "layer-deadlines", 1))
    assert gesprek.startswith("Termijn: 4 weken na de aanmelding")
    assert "Wgs art. 4: 4 weken; 3 werkdagen (bij dreigende huisuitzetting of afsluiting)" in gesprek
    besluit = texts(cell(table, "layer-deadlines", 2))
    assert "Wgs art. 4a: maximaal 8 weken" in besluit
    assert "Awb art. 4:13: maximaal 8 weken (als de wet geen termijn noemt)" in besluit


def test_emotion_curve_is_inline_svg_with_text_values(trees):
    table = grid(trees)
    cells = table.xpath("./tbody/tr[contains(@class,'layer-emotion')]/td")
    values = [texts(td) for td in cells]
    assert values == ["−1 negatief", "0 neutraal", "−2 zeer negatief", "+1 positief", "+2 zeer positief", "−2 zeer negatief"]
    points = [td.xpath(".//*[local-name()='polyline']/@points")[0] for td in cells]
    # −1 then 0: the first cell ends where the second begins (one continuous curve)
    assert points[0] == "50,69 100,59.5"
    assert points[1].startswith("0,59.5 50,50 ")
    assert all(td.xpath(".//*[local-name()='svg']/@aria-hidden") == ["true"] for td in cells)


def test_systems_row_names_component_and_personal_data(trees):
    systems = texts(cell(grid(trees), "lane-systems", 0))
    assert "Zaaksysteem Zaakregistratiecomponent persoonsgegevens" in systems
    assert "BRP-bevraging Basisregistratie Personen (BRP) persoonsgegevens" in systems


def test_master_journey_steps_link_to_their_blueprints(trees):
    header = grid(trees, "master-klantreis").xpath(".//th[@id='step-aanmelden']")[0]
    assert header.xpath(".//a/@href") == ["aanmelding.html"]
    assert "Tegel: Toegang" in texts(header)


def test_header_shows_metadata_and_links_to_other_targets(trees):
    page = trees[output_path("html", "aanmelding")]
    meta = " ".join(texts(div) for div in page.xpath("//dl[contains(@class,'meta')]/div/*"))
    for expected in ("Status concept", "Versie 1.2", "Eigenaar Team Schuldhulpverlening", "Tegel Toegang",
                     "Implementeert Wgs: identificatie ook met rijbewijs"):
        assert expected in meta
    links = page.xpath("//dl[contains(@class,'meta')]//ul//a/@href")
    assert links == ["../bpmn/aanmelding.bpmn", "../json/aanmelding.json"]


@pytest.mark.parametrize("targets, expected", [(("html",), []), (("json", "html"), ["../json/aanmelding.json"])])
def test_download_links_only_for_built_targets(targets, expected):
    page = parse_html(render_site(realistic_workspace(), targets=targets)[output_path("html", "aanmelding")])
    assert page.xpath("//dl[contains(@class,'meta')]//ul//a/@href") == expected


def test_legend_explains_every_lane_and_line(trees):
    legend = trees[output_path("html", "aanmelding")].xpath("//section[contains(@class,'legend')]")[0]
    terms = [texts(dt) for dt in legend.xpath(".//dt")]
    for label in ("Fysiek bewijs", "Klantacties", "Lijn van interactie", "Frontstage-acties", "Lijn van zichtbaarheid",
                  "Backstage-acties", "Lijn van interne interactie", "Ondersteunende processen", "Juridisch"):
        assert label in terms


def test_blueprint_without_nodes_says_so():
    ws = realistic_workspace()
    empty = attrs.evolve(ws.blueprints[0], id="leeg", title="Nog leeg", phases=(), nodes=(), start=None)
    page = parse_html(render_site(attrs.evolve(ws, blueprints=ws.blueprints + (empty,)))["blueprints/leeg.html"])
    assert not page.xpath("//table[contains(@class,'sb')]")
    assert "Deze blueprint heeft nog geen stappen." in texts(page.xpath("//section[contains(@class,'grid-section')]")[0])


# ------------------------------------------------------------------------------ site pages


def test_overview_shows_master_journey_tiles_in_order(trees):
    index = trees["index.html"]
    cards = index.xpath("//ol[@class='tiles']/li")
    assert [texts(c.xpath(".//*[@class='tile-name']")[0]) for c in cards] == [
        "Tegel: Vroegsignalering", "Tegel: Toegang", "Tegel: Stabilisatie"
    ]
    assert [c.xpath(".//*[@class='tile-bp']/a/@href")[0] for c in cards] == [
        "blueprints/vroegsignalering.html", "blueprints/aanmelding.html", "blueprints/bijstand-aanvraag.html"
    ]
    rows = index.xpath("//table[contains(@class,'data')]/tbody/tr")
    assert len(rows) == 4 and all(r.get("data-filter-item") is not None for r in rows)


def test_journey_map_shows_every_tile_in_order_with_its_facts(trees):
    page = trees["journey.html"]
    cards = page.xpath("//ol[@class='jm-cards']/li")
    assert [c.get("id") for c in cards] == ["jm-signaleren", "jm-aanmelden", "jm-stabiliseren", "jm-klaar"]
    assert [c.get("class") for c in cards] == ["jm-card jm-tile"] * 3 + ["jm-card jm-end"]
    tiles = {c.get("id"): c for c in cards}
    assert [c.xpath("./h4/a/@href")[0] for c in cards[:3]] == [
        "blueprints/vroegsignalering.html", "blueprints/aanmelding.html", "blueprints/bijstand-aanvraag.html"
    ]
    aanmelden = tiles["jm-aanmelden"]
    facts = {texts(d.xpath("./dt")[0]): d.xpath("./dd")[0] for d in aanmelden.xpath(".//dl/div")}
    assert list(facts) == ["Doel", "Inwoner", "Overdracht", "Wettelijke termijnen", "Maatregelen"]
    assert texts(facts["Doel"]) == "De route van de eerste aanmelding tot de start van het hulptraject."
    assert [texts(p) for p in facts["Inwoner"].xpath("./p")] == [
        "Meldt zich aan voor hulp", "Emotie: 0 neutraal (in de blueprint van −2 tot +2)"
    ]
    # the hand-over names where the journey goes next, linking to that tile on this page
    assert facts["Overdracht"].xpath(".//a/@href") == ["#jm-stabiliseren"]
    terms = [texts(li) for li in facts["Wettelijke termijnen"].xpath(".//li")]
    assert "Wgs art. 4: 4 weken; 3 werkdagen" in terms and "Awb art. 4:13: maximaal 8 weken" in terms
    assert texts(facts["Maatregelen"]) == "Wgs: identificatie ook met rijbewijs"
    bijstand = tiles["jm-stabiliseren"]
    assert bijstand.xpath(".//a[contains(@class,'badge')]/@href")[:2] == [
        "measures.html#measure-pwib.direct-aanvragen", "measures.html#measure-pwib.identificatie-eid"
    ]
    assert page.xpath("//p[@class='jm-grid-link']/a/@href") == ["blueprints/master-klantreis.html"]
    assert page.xpath("//section[@class='jm-phase']/h3/text()") == ["Klantreis", "Buiten fasen"]


def test_overview_without_master_lists_tiles_by_order():
    ws = realistic_workspace()
    ws = attrs.evolve(ws, blueprints=tuple(bp for bp in ws.blueprints if not bp.is_master))
    index = parse_html(render_site(ws)["index.html"])
    names = [texts(e) for e in index.xpath("//ol[@class='tiles']/li/*[@class='tile-name']")]
    assert names[:3] == ["Preventie", "Vroegsignalering", "Toegang"]
    assert texts(index.xpath("//ol[@class='tiles']/li")[0]).endswith("Nog geen blueprint")


def test_impact_matrix_counts_steps_per_measure_and_blueprint(trees):
    page = trees["impact.html"]
    table = page.xpath("//table[contains(@class,'matrix')]")[0]
    columns = [texts(th) for th in table.xpath("./thead/tr/th")]
    assert columns == ["Maatregelen", "Stappen totaal", "Aanmelden voor schuldhulpverlening", "Bijstand aanvragen",
                       "Vroegsignalering van betalingsachterstanden"]
    rows = {texts(tr.xpath("./th/a")[0]): [texts(td) for td in tr.xpath("./td")] for tr in table.xpath("./tbody/tr")}
    assert rows["Direct aanvraag indienen"] == ["1", "", "1 1 stap geïmplementeerd", ""]
    assert rows["Herhaalde aanvraag binnen 12 maanden"] == ["1", "", "1 1 stap", ""]
    assert rows["Wgs: identificatie ook met rijbewijs"] == ["1", "1 1 stap geïmplementeerd", "", ""]
    assert rows["Maatschappelijke participatie"] == ["0", "", "", ""]
    assert [texts(a) for a in table.xpath("./tbody/tr[@class='zero']/th/a")] == ["Maatschappelijke participatie"]


def test_impact_details_name_the_systems_and_articles_the_steps_touch(trees):
    detail = trees["impact.html"].xpath("//article[@id='impact-pwib.herhaalde-aanvraag']")[0]
    summary = detail.xpath(".//div[@class='impact-summary']")[0]
    assert [texts(li) for li in summary.xpath("./div[1]//li")] == ["Zaaksysteem (Zaakregistratiecomponent)", "Suwinet-Inkijk"]
    assert [texts(li) for li in summary.xpath("./div[2]//li")] == [
        "Pw art. 43a Herhaalde aanvraag binnen twaalf maanden", "Pw art. 53a Gegevens en bewijsstukken"
    ]
    assert "Pw art. 43a" in texts(detail.xpath(".//dl")[0])
    step_rows = detail.xpath(".//table/tbody/tr")
    assert [texts(r.xpath("./th")[0]) for r in step_rows] == ["Gegevens verzamelen"]


def test_law_index_maps_each_cited_article_to_its_steps(trees):
    page = trees["law-index.html"]
    block = page.xpath("//div[@id='article-wet.wgs_2f_4']")[0]
    steps = [texts(th) for th in block.xpath(".//tbody/tr/th")]
    assert steps == ["Eerste gesprek", "Eerste gesprek", "Wil de inwoner hulp?"]
    heading = block.xpath(".//h3")[0]
    assert texts(heading) == "Wgs art. 4 Eerste gesprek"
    assert heading.xpath(".//a/@href") == ["https://wetten.overheid.nl/jci1.3:c:BWBR0031331&artikel=4"]
    order = [el.get("id") for el in page.xpath("//section[@id='law-wet.wgs']/div")]
    assert order == ["article-wet.wgs_2f_3", "article-wet.wgs_2f_4", "article-wet.wgs_2f_4a", "article-wet.wgs_2f_5"]


def test_systems_index_groups_by_component(trees):
    page = trees["systems.html"]
    group = page.xpath("//section[@id='system-component_3a_gemma.zaakregistratiecomponent']")[0]
    rows = [[texts(c) for c in tr.xpath("./*")] for tr in group.xpath(".//tbody/tr")]
    assert rows[0][0] == "Aanmelden voor schuldhulpverlening"
    assert rows[0][2] == "Inwoner meldt zich aan, Eerste gesprek, Toelaten tot schuldhulpverlening?, Plan van aanpak uitvoeren"
    assert rows[1][0] == "Bijstand aanvragen"
    free = page.xpath("//section[@id='system-title_3a_aanmeldformulier_20_op_20_de_20_website']")
    assert free and "Zonder GEMMA-component" in texts(free[0].xpath(".//h2")[0])


def test_catalogue_pages_list_every_entry(trees):
    ws = realistic_workspace()
    measures = trees["measures.html"]
    assert len(measures.xpath("//article[@data-filter-item]")) == len(ws.catalogue.measures)
    assert "1 januari 2026 (fase 1 van de invoering)" in texts(measures.xpath("//article[@id='measure-pwib.direct-aanvragen']")[0])
    laws = trees["laws.html"]
    assert len(laws.xpath("//tbody/tr")) == sum(len(law.articles) for law in ws.catalogue.laws)
    assert "maximaal 8 weken" in texts(laws.xpath("//section[@id='law-wet.wgs']")[0])
    components = trees["components.html"]
    assert len(components.xpath("//tbody/tr")) == len(ws.catalogue.components)
    unverified = components.xpath("//tr[@id='component-gemma.suwinet-inkijk']//span[contains(@class,'tag-warn')]")
    assert [texts(t) for t in unverified] == ["niet geverifieerd"]


def assert_links_resolve(site: dict[str, bytes], blueprint_ids) -> int:
    """Relative links point at a page of the site (or another target's output) and an existing id."""
    trees = {path: parse_html(data) for path, data in site.items()}
    ids = {path: set(tree.xpath("//@id")) for path, tree in trees.items()}
    other_targets = {output_path(t, bp) for t in ("bpmn", "json") for bp in blueprint_ids}
    checked = 0
    for path, tree in trees.items():
        for href in tree.xpath("//a/@href"):
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue
            assert not parts.scheme, (path, href)
            target = path if not parts.path else os.path.normpath(os.path.join(os.path.dirname(path), unquote(parts.path)))
            target = target.replace(os.sep, "/")
            assert target in site or target in other_targets, (path, href)
            if parts.fragment and target in ids:
                assert unquote(parts.fragment) in ids[target], (path, href)
            checked += 1
    return checked


def test_every_internal_link_resolves(site):
    assert assert_links_resolve(site, [bp.id for bp in realistic_workspace().blueprints]) > 200


def test_examples_site():
    """The examples, compiled by the real pipeline: a page each, sound links, deterministic."""
    from pwib_dsl.driver import compile_paths

    result = compile_paths([str(ROOT / "examples")])
    assert not result.has_errors
    ws = result.workspace
    site = render_site(ws)
    assert {output_path("html", bp.id) for bp in ws.blueprints} | SITE_PAGES == set(site)
    assert assert_links_resolve(site, [bp.id for bp in ws.blueprints]) > 500
    assert render_site(ws) == site
    index = parse_html(site["index.html"])
    masters = [bp for bp in ws.blueprints if bp.is_master]
    if masters:
        cards = index.xpath("//ol[@class='tiles']/li")
        assert len(cards) == sum(1 for n in masters[0].nodes if n.journey)


def test_ids_are_unique_per_page(trees):
    for path, tree in trees.items():
        ids = tree.xpath("//@id")
        assert len(ids) == len(set(ids)), path


# ------------------------------------------------------------------------------ goldens


def _stable(data: bytes) -> str:
    """The page with its inlined stylesheet, script and their hashes replaced by markers:
    the goldens pin the markup, site.css and site.js are reviewed as files of their own."""
    text = data.decode("utf-8")
    text = re.sub(r"<style>.*?</style>", "<style>/* site.css */</style>", text, count=1, flags=re.S)
    text = re.sub(r"<script>.*?</script>", "<script>/* site.js */</script>", text, count=1, flags=re.S)
    return re.sub(r"'sha256-[A-Za-z0-9+/=]+'", "'sha256-…'", text)


@pytest.mark.parametrize(
    "lang, page, golden",
    [("nl", "blueprints/aanmelding.html", "aanmelding.nl.html"), ("en", "impact.html", "impact.en.html")],
)
def test_golden_pages(lang, page, golden, update_goldens):
    data = render_site(realistic_workspace(), lang=lang)[page]
    check_golden(GOLDENS / golden, _stable(data), update_goldens)


def test_every_lane_line_names_the_actors_organisation():
    from pwib_dsl.sema import model as m

    ws = realistic_workspace()
    bp = ws.blueprints[0]
    org = m.Organisation("organisaties.woningcorporatie", "woningcorporatie", "Woningcorporatie")
    actor = next(a for node in bp.nodes for e in node.lanes if e.actor for a in bp.actors if a.id == e.actor)
    bp = attrs.evolve(bp, actors=tuple(attrs.evolve(a, organisation=org.id) if a is actor else a for a in bp.actors),
                      organisations=(org.id,))
    ws = attrs.evolve(ws, blueprints=(bp,) + ws.blueprints[1:],
                      catalogue=attrs.evolve(ws.catalogue, organisations=(org,)))
    page = next(data for path, data in render_site(ws, targets=("html",)).items()
                if path.endswith(f"blueprints/{bp.id}.html"))
    shown = [texts(el) for el in parse_html(page).iterfind(".//span[@class='actor']")]
    assert f"{actor.title} (Woningcorporatie)" in shown
    assert all(s != actor.title for s in shown)
