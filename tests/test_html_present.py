"""Presentation mode of a blueprint page, in Chromium: one step per screen, by keyboard.

The script reveals the start button and builds the slides from the grid on first use
(offline, no request). Each step is a slide with what the resident does and sees, what the measure changes,
the legal basis and the systems; arrows, Page Up/Down, space, Home and End move; Escape
stops and gives focus back. axe-core finds nothing in the open deck either.
"""

from __future__ import annotations

import pytest
from checkers import Browser
from html_fixtures import realistic_workspace, render_site, write_site

pytestmark = pytest.mark.browser
AXE_TAGS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}


@pytest.fixture(scope="module")
def page_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("present")
    write_site(render_site(realistic_workspace(), "nl"), folder)
    return folder / "blueprints" / "bijstand-aanvraag.html"


@pytest.fixture(scope="module")
def browser():
    with Browser(viewport=(1280, 800)) as b:
        yield b


def _visible_slides(page) -> list[str]:
    return [_seen(t) for t in page.locator("[data-slide]:visible .slide-title").all_inner_texts()]


def _seen(text: str) -> str:
    """Text as a reader sees it: soft hyphens (Dutch hyphenation) show only at a line break."""
    return " ".join(text.replace("\u00ad", "").split())


def test_walk_through_a_blueprint_by_keyboard(browser, page_path):
    visit = browser.open_page(page_path)
    page = visit.page
    try:
        deck = page.locator("#present")
        assert deck.is_hidden()
        assert page.locator("[data-slide]").count() == 0  # built from the grid when first opened
        total = page.locator("table.sb thead tr.nodes th.node").count()
        assert total == 7
        page.locator("button.present-button").focus()
        page.keyboard.press("Enter")
        assert deck.is_visible()
        assert page.locator("[data-slide]").count() == total
        assert _visible_slides(page) == ["1 Bijstand direct aanvragen"]
        slide = page.locator("[data-slide]:visible")
        headings = slide.locator("h3").all_inner_texts()
        assert [h.casefold() for h in headings] == [
            "wat de inwoner doet", "wat de inwoner ziet", "wat de maatregel verandert", "wettelijke basis", "systemen"
        ]
        text = _seen(slide.inner_text())
        assert "Vraagt bijstand aan zonder eerst te melden bij UWV" in text
        assert "Direct aanvraag indienen: Maatregel uit spoor 1" in text
        assert "Pw art. 41 lid 12" in text and "Mijn Gemeente" in text
        page.keyboard.press("ArrowRight")
        assert _visible_slides(page) == ["2 Gegevens verzamelen"]
        page.keyboard.press(" ")
        page.keyboard.press("PageDown")
        assert _visible_slides(page) == ["4 Recht op bijstand?"]
        page.keyboard.press("ArrowLeft")
        assert _visible_slides(page) == ["3 Voorschot verstrekken"]
        page.keyboard.press("End")
        assert _visible_slides(page) == [f"{total} Aanvraag buiten behandeling"]
        page.keyboard.press("ArrowRight")  # stays on the last step
        assert _visible_slides(page) == [f"{total} Aanvraag buiten behandeling"]
        page.keyboard.press("Home")
        assert _visible_slides(page) == ["1 Bijstand direct aanvragen"]
        assert page.locator(".present-status").inner_text().endswith("Stap 1 van 7")
        page.keyboard.press("Escape")
        assert deck.is_hidden()
        page.locator("button.present-button:focus").wait_for(timeout=2000)
        assert visit.console_errors == [] and visit.page_errors == [] and visit.external_requests == []
    finally:
        page.close()


def test_presentation_is_hidden_without_javascript_and_in_print(browser, page_path):
    context = browser._browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(page_path.as_uri())
        assert page.locator("[data-present-start]").is_hidden() and page.locator("#present").is_hidden()
        assert page.locator("table.sb").is_visible()
    finally:
        context.close()


def test_open_deck_passes_axe(browser, page_path):
    context = browser._browser.new_context(viewport=browser.viewport, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(page_path.as_uri())
        page.locator("button.present-button").click()
        page.keyboard.press("ArrowRight")
        page.add_script_tag(path=str(browser_axe()))
        violations = page.evaluate(
            "async (o) => (await axe.run(document, o)).violations.map(v => [v.id, v.nodes.map(n => n.target)])",
            AXE_TAGS,
        )
        assert violations == []
    finally:
        context.close()


def browser_axe():
    from checkers import NODE_MODULES

    return NODE_MODULES / "axe-core" / "axe.min.js"
