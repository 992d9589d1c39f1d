"""The HTML site in a real browser (Debian Chromium via Playwright).

Every page loads from ``file://`` with no console error and no request leaving the machine,
with its Content-Security-Policy enforced (so a wrong hash of the inline script would show
up as an error); axe-core reports no WCAG 2.1 AA violation; the filter and the search work
from the keyboard; pages work without JavaScript; a blueprint prints on A3 landscape with
every column and line. Screenshots go to ``tests/artifacts/html/``; with
``--update-goldens`` the README screenshots in ``docs/img/`` are refreshed too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from checkers import Browser
from html_fixtures import hostile_workspace, realistic_workspace, render_site, write_site

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts" / "html"
DOCS_IMG = ROOT / "docs" / "img"
AXE_TAGS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}

# A3 landscape minus the 8 mm margins of the print stylesheet, in CSS pixels (96 per inch).
A3_PRINTABLE_WIDTH = round((420 - 16) / 25.4 * 96)


class SiteBrowser(Browser):
    """``checkers.Browser`` plus contexts with other settings.

    The site's pages forbid every script but their own (CSP), so axe-core can only be
    injected into a context that bypasses CSP; the no-JavaScript check needs a context with
    scripting off. Everything else runs with the policy enforced, as a user sees it.
    """

    def __enter__(self):
        super().__enter__()
        self._extra = {}
        return self

    def __exit__(self, *exc):
        for context in getattr(self, "_extra", {}).values():
            context.close()
        self._extra = {}
        super().__exit__(*exc)

    def _with_context(self, name: str, **options):
        if name not in self._extra:
            self._extra[name] = self._browser.new_context(viewport=self.viewport, **options)
        return self._extra[name]

    def _swap(self, name: str, fn, *args, **options):
        saved = self._context
        self._context = self._with_context(name, **options)
        try:
            return fn(*args)
        finally:
            self._context = saved

    def axe(self, html_path, options=None):
        return self._swap("no-csp", super().axe, html_path, options, bypass_csp=True)

    def open_page_without_csp(self, path):
        return self._swap("no-csp", self.open_page, path, bypass_csp=True)

    def open_page_without_js(self, path):
        return self._swap("no-js", self.open_page, path, java_script_enabled=False)


@pytest.fixture(scope="module")
def browser():
    with SiteBrowser(viewport=(1440, 900)) as b:
        yield b


def _example_workspace():
    """The examples compiled by the real pipeline."""
    from pwib_dsl.driver import compile_paths

    result = compile_paths([str(ROOT / "examples")])
    assert not result.has_errors and result.workspace is not None, [d.message for d in result.diagnostics]
    return result.workspace


SITES = {
    "nl": lambda: render_site(realistic_workspace(), "nl"),
    "en": lambda: render_site(realistic_workspace(), "en"),
    "hostile": lambda: render_site(hostile_workspace(), "nl"),
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("html-sites")
    folders = {}
    for name, make in SITES.items():
        write_site(make(), root / name)
        folders[name] = root / name
    write_site(render_site(_example_workspace(), "nl"), root / "examples")
    folders["examples"] = root / "examples"
    return folders


def _pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


@pytest.mark.parametrize("site", ["nl", "en", "hostile", "examples"])
def test_every_page_loads_cleanly_and_passes_axe(browser, sites, site):
    pages = _pages(sites[site])
    assert len(pages) >= 8
    for page in pages:
        visit = browser.open_page(page)
        try:
            assert visit.console_errors == [], page
            assert visit.page_errors == [], page
            assert visit.external_requests == [], page
            # the inline script ran under the page's CSP: it reveals the filter controls
            if visit.page.locator("form[data-filter]").count():
                assert visit.page.locator("form[data-filter]").first.is_visible(), page
        finally:
            visit.page.close()
        violations = browser.axe(page, AXE_TAGS)
        assert violations == [], (page.name, violations)


def test_hostile_markup_does_not_run_even_without_csp(browser, sites):
    """Escaping alone must hold: the policy is a second line of defence, not the first."""
    for page in _pages(sites["hostile"]):
        visit = browser.open_page_without_csp(page)
        try:
            assert visit.page.evaluate("typeof window.__pwned") == "undefined", page
            assert visit.page.locator("img").count() == 0
            assert visit.external_requests == [], page
        finally:
            visit.page.close()


def test_filter_by_keyboard(browser, sites):
    visit = browser.open_page(sites["nl"] / "index.html")
    page = visit.page
    try:
        page.locator("#filter-blueprints").focus()
        page.keyboard.type("bijstand")
        rows = page.locator("#blueprints tbody tr")
        visible = [rows.nth(i).is_visible() for i in range(rows.count())]
        assert visible.count(True) == 1
        assert page.locator("form[data-filter] [role=status]").inner_text() == "1 van 4 getoond"
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.getAttribute('href')")
        assert focused == "blueprints/bijstand-aanvraag.html"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith("/blueprints/bijstand-aanvraag.html")
    finally:
        page.close()


def test_filter_groups_and_diacritics(browser, sites):
    visit = browser.open_page(sites["nl"] / "law-index.html")
    page = visit.page
    try:
        page.locator("#filter-law-index").fill("beslistermijn")
        assert page.locator("#law-index [data-filter-item]:visible").count() == 1
        assert page.locator("#law-wet\\.awb").is_visible()
        assert not page.locator("#law-wet\\.wgs").is_visible()
        page.locator("#filter-law-index").fill("")
        assert page.locator("#law-wet\\.wgs").is_visible()
    finally:
        page.close()
    visit = browser.open_page(sites["nl"] / "measures.html")
    try:
        items = visit.page.locator("#measure-list [data-filter-item]:visible")
        # case and diacritics do not matter: "GEIMPLEMENTEERD" finds "Geïmplementeerd door"
        visit.page.locator("#filter-measure-list").fill("GEIMPLEMENTEERD")
        assert items.count() == 4
        visit.page.locator("#filter-measure-list").fill("geimplementeerd identificatie")
        assert items.count() == 2
        visit.page.locator("#filter-measure-list").fill("geen-enkele-maatregel")
        assert items.count() == 0
        assert visit.page.locator("#measure-list + * , form[data-filter] [role=status]").last.inner_text() == "0 van 7 getoond"
    finally:
        visit.page.close()


def test_search_by_keyboard_reaches_a_step(browser, sites):
    visit = browser.open_page(sites["nl"] / "index.html")
    page = visit.page
    try:
        page.locator("#search-input").focus()
        page.keyboard.type("voorschot 95")
        results = page.locator(".results li")
        assert results.count() >= 2
        texts = results.all_inner_texts()
        assert any("Voorschot verstrekken" in t for t in texts)
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href')")
        assert href == page.locator(".results a").first.get_attribute("href")
        page.locator(".results a", has_text="Voorschot verstrekken").first.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith("/blueprints/bijstand-aanvraag.html#step-voorschot")
        assert page.evaluate("document.querySelector(':target').id") == "step-voorschot"
        page.goto((sites["nl"] / "index.html").as_uri())
        page.locator("#search-input").fill("zzzz-nothing")
        assert page.locator(".search [role=status]").inner_text() == "Geen resultaten"
    finally:
        page.close()


def test_pages_are_complete_without_javascript(browser, sites):
    visit = browser.open_page_without_js(sites["nl"] / "index.html")
    page = visit.page
    try:
        assert page.locator("form[data-filter]").is_hidden()
        assert page.locator("section[data-search]").is_hidden()
        assert page.locator("#blueprints tbody tr:visible").count() == 4
        assert page.locator("ol.tiles li").count() == 3
    finally:
        page.close()


def test_blueprint_prints_on_a3_landscape_with_all_columns_and_lines(browser, sites):
    path = sites["nl"] / "blueprints" / "aanmelding.html"
    visit = browser.open_page(path)
    page = visit.page
    try:
        page.set_viewport_size({"width": A3_PRINTABLE_WIDTH, "height": 1000})
        page.emulate_media(media="print")
        table = page.locator("table.sb").bounding_box()
        assert table["x"] >= 0 and table["x"] + table["width"] <= A3_PRINTABLE_WIDTH + 1
        headers = page.locator("table.sb thead tr.nodes th")
        for i in range(headers.count()):
            box = headers.nth(i).bounding_box()
            assert box["width"] > 40 and box["x"] + box["width"] <= A3_PRINTABLE_WIDTH + 1
        for line in ("interaction", "visibility", "internal"):
            row = page.locator(f"tr.line-{line}")
            assert row.is_visible()
            rule = row.locator(".line-rule").bounding_box()
            assert rule["width"] > 0.8 * table["width"] - 200
        assert page.locator(".site-nav").is_hidden()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pdf = page.pdf(format="A3", landscape=True, print_background=True)
        assert pdf.startswith(b"%PDF")
        (ARTIFACTS / "aanmelding-a3.pdf").write_bytes(pdf)
    finally:
        page.close()


def test_screenshots(browser, sites, update_goldens):
    """A screenshot of every page for review; README images refreshed with --update-goldens."""
    source = "examples"
    folder = sites[source]
    for page in _pages(folder):
        rel = page.relative_to(folder).with_suffix(".png").as_posix().replace("/", "-")
        browser.screenshot(page, ARTIFACTS / source / rel)
    assert len(list((ARTIFACTS / source).glob("blueprints-*.png"))) == len(_pages(folder / "blueprints"))
    if update_goldens or not (DOCS_IMG / "html-blueprint.png").exists():
        _clip(browser, _readme_blueprint(folder), "div.grid-scroll", DOCS_IMG / "html-blueprint.png", 4000)
        _clip(browser, folder / "impact.html", "div.matrix-scroll", DOCS_IMG / "html-matrix.png", 1800)


def _readme_blueprint(folder: Path) -> Path:
    """The PWIB flagship example when present, else the richest blueprint page."""
    flagship = folder / "blueprints" / "bijstand-direct-aanvragen.html"
    if flagship.exists():
        return flagship
    pages = sorted((folder / "blueprints").glob("*.html"))
    return max(pages, key=lambda p: (p.read_bytes().count(b'class="card'), p.name))


def _clip(browser, path: Path, until: str, png: Path, max_height: int, width: int = 1600) -> None:
    """Screenshot of the top of a page, ``width`` wide, down to the bottom of ``until``."""
    visit = browser.open_page(path)
    try:
        visit.page.set_viewport_size({"width": width, "height": 1000})
        box = visit.page.locator(until).first.bounding_box()
        height = min(int(box["y"] + box["height"] + 24), max_height)
        png.parent.mkdir(parents=True, exist_ok=True)
        tmp = png.with_name(png.stem + ".tmp.png")
        visit.page.screenshot(path=str(tmp), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
        tmp.replace(png)
    finally:
        visit.page.close()


def test_law_change_pages_load_cleanly_and_pass_axe(browser, tmp_path):
    """The pages per date of change and the timeline, from the examples' law snapshots."""
    from pwib_dsl.backends import BuildOptions
    from pwib_dsl.backends.html import render
    from pwib_dsl.driver import compile_paths, law_context
    from pwib_dsl.law.impact import pins_of, reports_by_date

    result = compile_paths([str(ROOT / "examples")])
    ctx = law_context(result.root, result.config)
    reports = reports_by_date(result.workspace, pins_of(result.files.values()), ctx.store)
    write_site(render(result.workspace, BuildOptions(law_changes=reports)), tmp_path)
    pages = sorted(tmp_path.glob("changes-*.html")) + [tmp_path / "timeline.html", tmp_path / "index.html"]
    assert len(pages) == 4
    for page in pages:
        visit = browser.open_page(page)
        try:
            assert visit.console_errors == [] and visit.page_errors == [] and visit.external_requests == [], page
        finally:
            visit.page.close()
        assert browser.axe(page, AXE_TAGS) == [], page.name
