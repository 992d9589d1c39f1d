"""Municipalities in the site: the deviation matrix, its CSV and the marks on variant pages.

A national site (the hand-built realistic workspace) holds two municipalities: ``stad`` varies
``aanmelding`` (one step changed, one added, one left out) and ``dorp`` varies nothing. The
pages are checked as markup here (every status in words and a sign, links that resolve, the CSV
against the model) and in Chromium with axe-core; goldens pin the matrix and a variant page.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import attrs
import pytest
from golden import check_golden
from html_fixtures import parse_html, realistic_workspace, write_site

from pwib_dsl.backends import BuildOptions
from pwib_dsl.backends.deviation import National, matrix_csv, matrix_rows, municipality
from pwib_dsl.backends.html import render
from pwib_dsl.sema.model import Step

GOLDENS = Path(__file__).parent / "goldens" / "html"
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts" / "html" / "variants"


def _stad(national):
    base = national.blueprints[0]
    nodes = {n.id: n for n in base.nodes}
    variant = attrs.evolve(
        base,
        title="Aanmelding in Stad",
        owner="Gemeente Stad",
        nodes=(
            attrs.evolve(nodes["aanmelden"], next="welkom", policy=("Binnen één werkdag terugbellen",)),
            Step("welkom", "Welkomstbericht van het buurtteam", phase=nodes["aanmelden"].phase, next="gesprek"),
            nodes["gesprek"],
            attrs.evolve(nodes["toelating"], branches=tuple(
                attrs.evolve(b, target="klaar") if b.target == "plan" else b for b in nodes["toelating"].branches
            )),
            nodes["klaar"],
            nodes["geweigerd"],
        ),
    )
    return attrs.evolve(national, blueprints=(variant,))


@pytest.fixture(scope="module")
def site() -> dict[str, bytes]:
    national = realistic_workspace()
    stad = _stad(national)
    munis = (
        municipality("dorp", "Gemeente Dorp", national.blueprints, ()),
        municipality("stad", "Gemeente Stad", national.blueprints, stad.blueprints),
    )
    pages = dict(render(national, BuildOptions(targets=("html",), municipalities=munis)))
    reference = National(national.blueprints, "../../")
    for name, ws in (("stad", stad), ("dorp", attrs.evolve(national, blueprints=()))):
        for rel, data in render(ws, BuildOptions(targets=("html",), national=reference)).items():
            pages[f"gemeenten/{name}/{rel}"] = data
    return pages


def _words(element) -> str:
    """The element's text as read: whitespace collapsed, soft hyphens dropped."""
    return " ".join(element.text_content().replace("\u00ad", "").split())


def _text(tree, xpath: str) -> list[str]:
    return [_words(e) for e in tree.xpath(xpath)]


def test_matrix_has_a_word_and_a_sign_in_every_cell(site):
    tree = parse_html(site["gemeenten/index.html"])
    heads = _text(tree, "//table[contains(@class,'dev-matrix')]/thead//th")
    assert heads[2].startswith("Gemeente Dorp") and heads[3].startswith("Gemeente Stad")
    assert "1 gewijzigd, 1 toegevoegd, 1 weggelaten" in heads[3]
    rows = tree.xpath("//table[contains(@class,'dev-matrix')]/tbody/tr")
    by_step = {}
    for row in rows:
        step = _words(row.xpath("./th[@scope='row']")[0])
        by_step[step] = [_words(td) for td in row.xpath("./td")]
    assert by_step["Inwoner meldt zich aan"] == ["· geen eigen variant", "~ gewijzigd (Beleid)"]
    assert by_step["Welkomstbericht van het buurtteam (alleen in een gemeente)"] == ["", "+ toegevoegd"]
    assert by_step["Plan van aanpak uitvoeren"][1] == "− weggelaten"
    assert by_step["Eerste gesprek"][1] == "= ongewijzigd"
    # the sign is decoration; the word carries the status for screen readers
    for sign in tree.xpath("//td//span[@class='dev-sign']"):
        assert sign.get("aria-hidden") == "true"


def test_matrix_links_resolve(site):
    tree = parse_html(site["gemeenten/index.html"])
    for href in tree.xpath("//main//a/@href"):
        path = href.split("#", 1)[0]
        target = (Path("gemeenten") / path).as_posix()
        while "/../" in target or target.startswith("../"):
            target = re.sub(r"[^/]+/\.\./", "", target, count=1)
        assert target in site, href
    assert "nav_municipalities" not in site["index.html"].decode()
    assert 'href="gemeenten/index.html"' in site["index.html"].decode()


def test_variant_page_marks_its_changes_in_words_and_links_to_the_national_page(site):
    tree = parse_html(site["gemeenten/stad/blueprints/aanmelding.html"])
    marks = {
        _words(th.xpath(".//span[@class='node-title']")[0]): _words(th.xpath(".//span[contains(@class,'var-mark')]")[0])
        for th in tree.xpath("//th[contains(@class,'node')]") if th.xpath(".//span[contains(@class,'var-mark')]")
    }
    assert marks == {"Inwoner meldt zich aan": "~ gewijzigd (Beleid)", "Welkomstbericht van het buurtteam": "+ toegevoegd"}
    box = tree.xpath("//section[@class='variant-box']")[0]
    base = box.xpath(".//p/a")[0]
    assert base.get("href") == "../../../blueprints/aanmelding.html"
    removed = box.xpath(".//ul/li//a")
    assert [_words(a) for a in removed] == ["Plan van aanpak uitvoeren"]
    assert removed[0].get("href") == "../../../blueprints/aanmelding.html#step-plan"
    nav = tree.xpath("//nav[@class='site-nav']//a/@href")
    assert nav[-2:] == ["../../../index.html", "../../../gemeenten/index.html"]
    # a page that is no variant (the municipality's own, or any national page) has no box
    assert not parse_html(site["blueprints/aanmelding.html"]).xpath("//section[@class='variant-box']")


def test_every_aspect_has_a_label_in_both_languages():
    from pwib_dsl.backends.deviation import ASPECTS
    from pwib_dsl.backends.html.labels import Labels
    from pwib_dsl.backends.html.variants import mark

    for lang in ("nl", "en"):
        assert mark(Labels(lang), "changed", ASPECTS).detail.count(",") == len(ASPECTS) - 1


def test_csv_matches_the_model(site):
    text = site["gemeenten/deviations.csv"].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][:3] == ["municipality", "blueprint", "node"]
    stad = {(r[1], r[2]): r[6] for r in rows[1:] if r[0] == "stad"}
    assert stad[("aanmelding", "aanmelden")] == "changed"
    assert stad[("aanmelding", "welkom")] == "added"
    assert stad[("aanmelding", "plan")] == "removed"
    assert stad[("bijstand-aanvraag", "aanvragen")] == "not-varied"
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])  # grouped by municipality


def test_the_site_is_deterministic(site):
    national = realistic_workspace()
    munis = (municipality("stad", "Gemeente Stad", national.blueprints, _stad(national).blueprints),)
    once = render(national, BuildOptions(targets=("html",), municipalities=munis))
    again = render(national, BuildOptions(targets=("html",), municipalities=munis))
    assert once == again
    assert once["gemeenten/deviations.csv"] == matrix_csv(matrix_rows(national.blueprints, munis), munis)


def _stable(data: bytes) -> str:
    text = data.decode("utf-8")
    text = re.sub(r"<style>.*?</style>", "<style>/* site.css */</style>", text, count=1, flags=re.S)
    text = re.sub(r"<script>.*?</script>", "<script>/* site.js */</script>", text, count=1, flags=re.S)
    return re.sub(r"'sha256-[A-Za-z0-9+/=]+'", "'sha256-…'", text)


@pytest.mark.parametrize(
    "page, golden",
    [("gemeenten/index.html", "deviations.nl.html"), ("gemeenten/stad/blueprints/aanmelding.html", "variant.nl.html")],
)
def test_golden_pages(site, page, golden, update_goldens):
    check_golden(GOLDENS / golden, _stable(site[page]), update_goldens)


@pytest.mark.browser
def test_pages_load_cleanly_pass_axe_and_are_screenshot(site, tmp_path):
    from checkers import Browser

    write_site(site, tmp_path)
    pages = [tmp_path / "gemeenten" / "index.html", tmp_path / "gemeenten" / "stad" / "blueprints" / "aanmelding.html",
             tmp_path / "gemeenten" / "stad" / "index.html"]
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
    with Browser(viewport=(1440, 900)) as browser:
        for page in pages:
            visit = browser.open_page(page)
            try:
                assert visit.console_errors == [] and visit.page_errors == [], page
                assert visit.external_requests == [], page
            finally:
                visit.page.close()
            rel = page.relative_to(tmp_path).with_suffix(".png").as_posix().replace("/", "-")
            browser.screenshot(page, ARTIFACTS / rel)
    # axe-core is injected, which the pages' CSP forbids: a context that bypasses it
    from test_html_browser import SiteBrowser

    with SiteBrowser(viewport=(1440, 900)) as browser:
        for page in pages:
            assert browser.axe(page, options) == [], page


@pytest.mark.browser
def test_the_examples_municipalities_pass_axe_and_are_screenshot(tmp_path, update_goldens):
    """The real thing: `pwib build examples` with the municipalities of examples/gemeenten/."""
    import subprocess
    import sys

    from test_html_browser import DOCS_IMG, SiteBrowser, _clip

    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "pwib_dsl", "build", str(ROOT / "examples"), "--out", str(out),
                           "--target", "html", "--strict", "--format", "short", "--quiet"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    munis = sorted(p.name for p in (out / "gemeenten").iterdir() if p.is_dir())
    assert munis == ["grootstad", "kleinveen", "middelwijk"]
    pages = [out / "gemeenten" / "index.html"]
    pages += sorted(p for m in munis for p in (out / "gemeenten" / m / "blueprints").glob("*.html"))
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
    with SiteBrowser(viewport=(1440, 900)) as browser:
        for page in pages:
            visit = browser.open_page(page)
            try:
                assert visit.console_errors == [] and visit.page_errors == [], page
                assert visit.external_requests == [], page
            finally:
                visit.page.close()
            assert browser.axe(page, options) == [], page
            rel = page.relative_to(out).with_suffix(".png").as_posix().replace("/", "-")
            browser.screenshot(page, ARTIFACTS / "examples" / rel)
        if update_goldens or not (DOCS_IMG / "html-deviations.png").exists():
            _clip(browser, out / "gemeenten" / "index.html", "div.matrix-scroll", DOCS_IMG / "html-deviations.png", 1800)
