"""Hostile input cannot inject markup, scripts or dangerous links into the HTML site.

Every text and URL field of ``hostile_workspace()`` carries ``<script>``, an attribute
breakout, an ``<img onerror>`` and ``javascript:``/``data:`` URLs. The pages must show that
text as text, link only http(s) URLs, and carry only the site's own script, protected by
a Content-Security-Policy that pins it by hash.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest
from html_fixtures import HOSTILE, HOSTILE_URL, hostile_workspace, parse_html, render_site

from pwib_dsl.backends.html.safe import frag, json_for_script, safe_href


@pytest.fixture(scope="module", params=["nl", "en"])
def hostile_site(request):
    return render_site(hostile_workspace(), lang=request.param)


def test_hostile_text_never_appears_unescaped(hostile_site):
    for path, data in hostile_site.items():
        text = data.decode()
        assert "<script>window.__pwned" not in text, path
        assert "<img" not in text, path
        assert 'onerror="' not in text, path


def test_hostile_text_is_shown_verbatim(hostile_site):
    tree = parse_html(hostile_site["blueprints/hostile.html"])
    titles = tree.xpath("//th[@id='step-s1']//span[@class='node-title']")
    assert titles[0].text_content() == HOSTILE
    cards = tree.xpath("//tr[contains(@class,'lane-customer')]/td//div[@class='card']")
    assert cards[0].text_content().endswith(HOSTILE)


def test_only_the_site_script_and_search_data(hostile_site):
    for path, data in hostile_site.items():
        tree = parse_html(data)
        scripts = tree.xpath("//script")
        executable = [s for s in scripts if s.get("type") is None]
        assert len(executable) == 1, path
        others = [s.get("type") for s in scripts if s.get("type") is not None]
        assert others == (["application/json"] if path == "index.html" else []), path
        for el in tree.iter():
            if isinstance(el.tag, str):
                assert not [a for a in el.attrib if a.lower().startswith("on")], (path, el.tag)
        assert not tree.xpath("//iframe|//object|//embed|//img|//form[@action]|//base"), path


def test_links_are_relative_or_http(hostile_site):
    seen_external = 0
    for path, data in hostile_site.items():
        tree = parse_html(data)
        for href in tree.xpath("//@href|//@src|//@action|//@formaction|//@xlink:href",
                               namespaces={"xlink": "http://www.w3.org/1999/xlink"}):
            scheme = href.split(":", 1)[0].lower() if ":" in href.split("/", 1)[0].split("#", 1)[0] else ""
            assert scheme in ("", "http", "https"), (path, href)
            assert not href.startswith("//"), (path, href)
            seen_external += scheme != ""
    assert seen_external == 0  # every hostile URL was refused


def test_search_data_cannot_close_its_script(hostile_site):
    tree = parse_html(hostile_site["index.html"])
    raw = tree.xpath("//script[@id='search-data']")[0].text
    assert "<" not in raw and ">" not in raw
    rows = json.loads(raw)
    assert any(row[1] == HOSTILE for row in rows)


def test_csp_pins_the_inline_style_and_script(hostile_site):
    for path, data in hostile_site.items():
        tree = parse_html(data)
        (meta,) = tree.xpath("//meta[@http-equiv='Content-Security-Policy']")
        policy = dict(part.strip().split(" ", 1) for part in meta.get("content").split(";"))
        assert policy["default-src"] == "'none'"
        for tag, directive in (("style", "style-src"), ("script[not(@type)]", "script-src")):
            body = tree.xpath(f"//{tag}")[0].text
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert policy[directive] == f"'sha256-{digest}'", (path, directive)


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://wetten.overheid.nl/BWBR0031331", "https://wetten.overheid.nl/BWBR0031331"),
        ("  http://example.nl/a?b=1&c=2#x  ", "http://example.nl/a?b=1&c=2#x"),
        (HOSTILE_URL, None),
        ("JAVASCRIPT:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox", None),
        ("//evil.example/x", None),
        ("https:evil", None),
        ("https://x.example/\"><script>", None),
        ("file:///etc/passwd", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_href(url, expected):
    assert safe_href(url) == expected


def test_fragment_ids_are_inert_and_distinct():
    names = ["a b", "a_b", "a_20_b", 'x"><script>', "é", "e\u0301", "gemma.brp", "4:13"]
    ids = [frag("k", n) for n in names]
    assert len(set(ids)) == len(ids)
    for value in ids:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+", value), value


def test_json_for_script_round_trips():
    data = [["</script><!--", "a & b", "\u2028"]]
    text = json_for_script(data)
    assert "</" not in text and "<!--" not in text and "&" not in text
    assert json.loads(text) == data
