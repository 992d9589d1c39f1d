"""The site's layout in a real browser: no page wider than its window, no word split.

Every page of the examples site is opened in Debian Chromium at 1,280 and 1,600 px (the
overview pages also at 375 px, a phone): the document may not scroll sideways — only the
blueprint grid and wide tables scroll, inside their own containers — and no word may be
broken by a line break except at a soft hyphen (Dutch hyphenation), where the browser shows
a hyphen. Names are never doubled ("X (X (Y))").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from checkers import Browser
from html_fixtures import realistic_workspace, render_site, write_site

from pwib_dsl.backends.html.hyphenate import SOFT_HYPHEN, hyphenate
from pwib_dsl.backends.xref import named_system

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (1280, 1600)
PHONE = 375
#: Pages read on a phone too: the entry points of the site.
PHONE_PAGES = ("index.html", "journey.html")

#: Words (letters and digits; soft hyphens separate syllables) that a line break splits
#: somewhere other than at a soft hyphen. A URL, path or address is not a word.
_BROKEN_WORDS_JS = r"""
() => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const word = /[\p{L}\p{N}]{2,}/gu;
  const address = /:\/\/|^www\.|[\/@\\]|\.\w/;
  function lines(node, start, end) {
    range.setStart(node, start); range.setEnd(node, end);
    const tops = new Set();
    for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
    return tops.size;
  }
  function charTop(node, i) {
    range.setStart(node, i); range.setEnd(node, i + 1);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
    return rects.length ? Math.round(rects[rects.length - 1].top) : null;
  }
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest("script, style, .sr-only, [hidden]")) continue;
    for (const m of node.data.matchAll(word)) {
      const start = m.index, end = m.index + m[0].length;
      const before = node.data.slice(0, start).split(/\s/).pop();
      const after = node.data.slice(end).split(/\s/)[0];
      if (address.test(before + m[0] + after)) continue;
      if (lines(node, start, end) < 2) continue;
      // A range starting right after a soft hyphen also reports the hyphen drawn at the end
      // of the line before: compare the characters' own boxes.
      const tops = new Set();
      for (let i = start; i < end; i++) { const t = charTop(node, i); if (t !== null) tops.add(t); }
      if (tops.size > 1) broken.push(m[0] + " in <" + el.tagName.toLowerCase() + " class=" + el.className + ">");
    }
  }
  return broken;
}
"""

#: Elements that stick out to the right of the window outside every scroll container.
_OVERFLOWING_JS = """
() => {
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".grid-scroll, .table-scroll")) continue;
    const r = el.getBoundingClientRect();
    if (r.width && r.right > innerWidth + 0.5) out.push(el.tagName.toLowerCase() + "." + el.className + " " + Math.round(r.right));
  }
  return out.slice(0, 8);
}
"""

pytestmark = pytest.mark.browser


def _example_site(folder: Path) -> Path:
    from pwib_dsl.driver import compile_paths

    result = compile_paths([str(ROOT / "examples")])
    assert not result.has_errors and result.workspace is not None
    write_site(render_site(result.workspace, "nl"), folder)
    return folder


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("layout")
    write_site(render_site(realistic_workspace(), "en"), root / "en")
    return {"examples": _example_site(root / "examples"), "en": root / "en"}


@pytest.fixture(scope="module")
def browser():
    with Browser(viewport=(WIDTHS[0], 900)) as b:
        yield b


def _layout_problems(browser, folder: Path) -> list[str]:
    problems = []
    for path in sorted(folder.rglob("*.html")):
        rel = path.relative_to(folder).as_posix()
        widths = WIDTHS + ((PHONE,) if rel in PHONE_PAGES else ())
        visit = browser.open_page(path)
        try:
            for width in widths:
                visit.page.set_viewport_size({"width": width, "height": 900})
                scroll, inner = visit.page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
                if scroll > inner:
                    culprits = visit.page.evaluate(_OVERFLOWING_JS)
                    problems.append(f"{rel} at {width} px is {scroll} px wide: {culprits}")
                broken = visit.page.evaluate(_BROKEN_WORDS_JS)
                if broken:
                    problems.append(f"{rel} at {width} px breaks inside words: {broken[:5]}")
        finally:
            visit.page.close()
    return problems


@pytest.mark.parametrize("site", ["examples", "en"])
def test_no_page_is_wider_than_its_window_and_no_word_is_split(browser, sites, site):
    folder = sites[site]
    assert (folder / "index.html").exists() and len(list(folder.rglob("*.html"))) >= 8
    assert _layout_problems(browser, folder) == []


def test_the_check_sees_a_page_that_scrolls_sideways_and_a_split_word(browser, tmp_path):
    """The two checks above can fail: a wide element and a word broken mid-letter."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="nl"><body>'
        '<div style="width:3000px">wide</div>'
        '<p style="width:60px;overflow-wrap:anywhere">schuldsaneringsregeling</p>'
        f'<p style="width:60px">{hyphenate("schuldsaneringsregeling")}</p>'
        "</body></html>",
        encoding="utf-8",
    )
    problems = _layout_problems(browser, tmp_path)
    assert len(problems) == 2 * len(WIDTHS), problems
    assert all("bad.html" in p for p in problems)
    split = [p for p in problems if "inside words" in p]
    # the first paragraph is reported; the hyphenated one breaks at its soft hyphens only
    assert all(p.endswith("['schuldsaneringsregeling in <p class=>']") for p in split), split


def test_hyphenation_marks_dutch_syllables_and_leaves_addresses_alone():
    assert hyphenate("schuldsaneringsregeling") == SOFT_HYPHEN.join(["schuld", "sa", "ne", "rings", "re", "ge", "ling"])
    assert hyphenate("Eerste gesprek") == "Eerste gesprek"
    for address in ("https://wetten.overheid.nl/BWBR0015703", "schuldhulp@voorbeeld.nl",
                    "participatiewet/bijstand-giften.blueprint", "www.schuldhulpmaatje.nl"):
        assert hyphenate(f"zie {address}") == f"zie {address}"
    assert hyphenate("wetten.overheid.nl") == "wetten.overheid.nl"


def test_system_names_are_never_doubled():
    assert named_system("Basisregistratie Personen", "Basisregistratie Personen (BRP)") == "Basisregistratie Personen (BRP)"
    assert named_system("BRP-koppeling (Basisregistratie Personen)", "Basisregistratie Personen") == (
        "BRP-koppeling (Basisregistratie Personen)"
    )
    assert named_system("Zaaksysteem", "Zaakregistratiecomponent") == "Zaaksysteem (Zaakregistratiecomponent)"
    assert named_system("DigiD", None) == "DigiD"


_DOUBLED = re.compile(r"([^\W\d_][\w ]{6,}?) \(\1\b")


def test_no_page_doubles_a_name(sites):
    for folder in sites.values():
        for path in folder.rglob("*.html"):
            text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")).replace(SOFT_HYPHEN, "")
            doubled = [m.group(0) for m in _DOUBLED.finditer(text)]
            assert doubled == [], (path.name, doubled[:3])


def test_journey_map_prints_on_one_a3_sheet(browser, sites):
    """The whole master journey of the examples on one A3 landscape sheet."""
    visit = browser.open_page(sites["examples"] / "journey.html")
    try:
        assert visit.page.locator("li.jm-tile").count() >= 5
        pdf = visit.page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        visit.page.close()
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    # the page box is A3 landscape (420 × 297 mm in PostScript points)
    assert re.search(rb"/MediaBox\s*\[\s*0 0 119[01]\.\d* 841\.\d*", pdf), re.findall(rb"/MediaBox[^\]]*\]", pdf)[:1]
