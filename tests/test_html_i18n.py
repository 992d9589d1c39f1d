"""Labels of the HTML site: complete tables, English output without Dutch chrome, language of parts."""

from __future__ import annotations

import re
import string

import pytest
from html_fixtures import parse_html, realistic_workspace, render_site

from pwib_dsl.backends.html.labels import TABLES, Labels

# Attributes whose values a user hears or sees.
_VISIBLE_ATTRS = ("aria-label", "title", "alt", "placeholder", "data-template", "data-empty")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_label_tables_have_the_same_keys_and_placeholders():
    nl, en = TABLES["nl"], TABLES["en"]
    assert set(nl) == set(en)
    for key in nl:
        assert _placeholders(nl[key]) == _placeholders(en[key]), key
        assert nl[key].count("|") == en[key].count("|"), key


def test_unknown_label_fails_loudly():
    with pytest.raises(AttributeError):
        Labels("nl").no_such_label  # noqa: B018
    with pytest.raises(ValueError):
        Labels("de")


@pytest.mark.parametrize(
    "lang, amount, unit, is_max, expected",
    [
        ("nl", 1, "weeks", False, "1 week"),
        ("nl", 4, "weeks", False, "4 weken"),
        ("nl", 3, "workdays", False, "3 werkdagen"),
        ("nl", 8, "weeks", True, "maximaal 8 weken"),
        ("en", 1, "days", False, "1 day"),
        ("en", 6, "months", True, "at most 6 months"),
    ],
)
def test_terms(lang, amount, unit, is_max, expected):
    assert Labels(lang).term(amount, unit, is_max) == expected


def test_dates():
    assert Labels("nl").date("2026-01-01") == "1 januari 2026"
    assert Labels("en").date("2027-07-15") == "15 July 2027"
    assert Labels("en").date("binnenkort") == "binnenkort"
    assert Labels("nl").date("2026-13-01") == "2026-13-01"


def _chrome_text(tree) -> str:
    """All text a user meets that is not authored content (outside ``lang="nl"``)."""
    parts = []

    def walk(el, in_content: bool) -> None:
        # <title> cannot mark parts; it names the page by its (authored) title
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "title"):
            return
        in_content = in_content or el.get("lang") == "nl"
        if not in_content:
            parts.append(el.text or "")
            parts.extend(el.get(a, "") for a in _VISIBLE_ATTRS)
        for child in el:
            walk(child, in_content)
            if not in_content:
                parts.append(child.tail or "")

    walk(tree, False)
    return " ".join(" ".join(parts).split())


def _dutch_fragments() -> set[str]:
    """Pieces of Dutch labels that differ from their English counterpart."""
    fragments = set()
    for key, nl in TABLES["nl"].items():
        en = TABLES["en"][key]
        if nl == en:
            continue
        for piece in re.split(r"\{\w+\}|\|", nl):
            piece = piece.strip(" :,.()“”")
            if len(piece) >= 5 and piece not in en:
                fragments.add(piece)
    return fragments


@pytest.fixture(scope="module")
def english_site():
    return render_site(realistic_workspace(), lang="en")


def test_no_dutch_label_leaks_into_english_chrome(english_site):
    fragments = _dutch_fragments()
    assert "Lijn van zichtbaarheid" in fragments and "Klantacties" in fragments
    for path, data in english_site.items():
        tree = parse_html(data)
        assert tree.get("lang") == "en", path
        chrome = _chrome_text(tree)
        leaked = sorted(f for f in fragments if f in chrome)
        assert leaked == [], (path, leaked)


def test_english_chrome_is_present(english_site):
    page = parse_html(english_site["blueprints/aanmelding.html"])
    headers = [" ".join(th.text_content().split()) for th in page.xpath("//table[contains(@class,'sb')]/tbody/tr/th[@scope='row']")]
    assert headers[:5] == ["Flow", "Physical evidence", "Customer actions", "Line of interaction", "Frontstage actions"]
    assert "Deadline: 4 weeks" in page.text_content()
    assert "at most 8 weeks" in page.text_content()
    index = parse_html(english_site["index.html"])
    assert [a.text_content() for a in index.xpath("//nav[@class='site-nav']//a")] == [
        "Overview", "Journey", "Impact matrix", "Measures", "Law index", "Laws", "Systems", "Components"
    ]


def test_authored_dutch_is_marked_in_english_pages(english_site):
    page = parse_html(english_site["blueprints/aanmelding.html"])
    title = page.xpath("//th[@id='step-gesprek']//span[@class='node-title']")[0]
    assert title.xpath("./span/@lang") == ["nl"]
    card = page.xpath("//tr[contains(@class,'lane-customer')]/td")[0]
    assert all(span.get("lang") == "nl" for span in card.xpath(".//div[@class='card']/span[not(@class)]"))
    measures = parse_html(english_site["measures.html"])
    heading = measures.xpath("//article[@id='measure-pwib.direct-aanvragen']/h2")[0]
    assert heading.xpath("./span[@lang='nl']/text()") == ["Direct aanvraag indienen"]
    assert heading.xpath("./span[@class='gloss']/text()") == ["Apply directly"]


def test_dutch_pages_carry_no_language_switches():
    site = render_site(realistic_workspace(), lang="nl")
    for path, data in site.items():
        assert b' lang="nl"' not in data.split(b"\n", 2)[2], path
