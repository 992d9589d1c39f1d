"""NL Design System under the site, and a municipality's theme from ``pwib.toml``.

The vendored NL Design System CSS is exactly what ``scripts/nlds_vendor.py`` makes from the
npm packages in ``tools/nlds`` (all EUPL-1.2, loading nothing); ``[theme]`` is validated
(colours need AA contrast against white, the logo must be an SVG/PNG inside the workspace);
a build with a theme carries its name, logo and colours; and every page passes axe-core with
colour contrast on, for the default theme and for a second one.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from checkers import Browser, require_tool
from html_fixtures import parse_html, realistic_workspace, write_site

from pwib_dsl.workspace import config as cfg
from pwib_dsl.backends import BuildOptions
from pwib_dsl.backends.html import render
from pwib_dsl.source import SourceFile
from pwib_dsl.theme import Theme, contrast_with_white, with_logo

ROOT = Path(__file__).resolve().parent.parent
NLDS = ROOT / "tools" / "nlds"
VENDORED = ROOT / "pwib_dsl" / "data" / "html" / "nlds"
AXE_TAGS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="40" height="40" fill="#6a1b9a"/>'
    '<text x="48" y="27" font-size="18" fill="#004d40">Logo</text></svg>'
)
SECOND = Theme(name="Gemeente Proefdorp", primary="#6a1b9a", accent="#004d40")


def _vendor_module():
    spec = importlib.util.spec_from_file_location("nlds_vendor", ROOT / "scripts" / "nlds_vendor.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vendored_nlds_css_is_what_the_npm_packages_give():
    require_tool("tools/nlds/node_modules", (NLDS / "node_modules").is_dir(), "run `npm ci` in tools/nlds")
    assert _vendor_module().stale() == [], "run python3 scripts/nlds_vendor.py"


def test_nlds_packages_are_open_and_load_nothing():
    lock = json.loads((NLDS / "package-lock.json").read_text(encoding="utf-8"))
    packages = {k: v for k, v in lock["packages"].items() if k}
    assert packages and all(v.get("license") == "EUPL-1.2" for v in packages.values()), packages
    css = (VENDORED / "nlds.css").read_text(encoding="utf-8")
    for needle in ("url(", "@import", "@font-face", "</style"):
        assert needle not in css
    assert ".voorbeeld-theme {" in css and "a:any-link" in css and ".nl-number-badge" in css
    assert "European Union Public Licence" in (VENDORED / "LICENSE.md").read_text(encoding="utf-8").replace("EUROPEAN UNION PUBLIC LICENCE", "European Union Public Licence")


def parse(text: str):
    return cfg.parse(SourceFile("pwib.toml", text))


def test_theme_table_is_read_and_checked():
    config, diags = parse('[theme]\nname = "Gemeente Proefdorp"\nlogo = "huisstijl/logo.svg"\nprimary = "#6A1B9A"\n')
    assert diags == []
    assert config.theme == Theme(name="Gemeente Proefdorp", logo="huisstijl/logo.svg", primary="#6a1b9a")
    text = '[theme]\nprimary = "#ffdd00"\naccent = "blue"\nlogo = "../logo.svg"\ncolour = "#000000"\nname = 3\n'
    config, diags = parse(text)
    got = [(d.code, d.primary.span.line, d.message) for d in diags]
    assert got == [
        ("PB110", 2, "`primary` #ffdd00 has a contrast of 1.3:1 against white; at least 4.5:1 is needed"),
        ("PB110", 3, '`accent` must be a colour written as "#rrggbb", not "blue"'),
        ("PB110", 4, "`logo` must be a file inside the workspace, not `../logo.svg`"),
        ("PB110", 5, "unknown key `colour` in `[theme]`"),
        ("PB110", 6, "`name` in `[theme]` must be text in quotes"),
    ]
    assert config.theme == Theme()
    assert parse("theme = 3\n")[1][0].message.startswith("`theme` must be a table")


def test_contrast_is_the_wcag_ratio():
    assert round(contrast_with_white("#000000"), 1) == 21.0
    assert round(contrast_with_white("#ffffff"), 1) == 1.0
    assert 4.5 < contrast_with_white("#00568b") < 8


def test_logo_is_inlined_or_refused(tmp_path):
    (tmp_path / "logo.svg").write_text(LOGO, encoding="utf-8")
    theme = with_logo(Theme(logo="logo.svg"), tmp_path)
    assert theme.logo_uri.startswith("data:image/svg+xml;base64,")
    assert "cannot be read" in with_logo(Theme(logo="missing.png"), tmp_path)
    (tmp_path / "big.png").write_bytes(b"\x89PNG" + b"0" * 200_000)
    assert "at most 100,000" in with_logo(Theme(logo="big.png"), tmp_path)


def test_build_command_applies_the_theme_of_pwib_toml(tmp_path):
    ws = tmp_path / "ws"
    (ws / "huisstijl").mkdir(parents=True)
    (ws / "huisstijl" / "logo.svg").write_text(LOGO, encoding="utf-8")
    (ws / "pwib.toml").write_text(
        '[theme]\nname = "Gemeente Proefdorp"\nlogo = "huisstijl/logo.svg"\nprimary = "#6a1b9a"\naccent = "#004d40"\n',
        encoding="utf-8",
    )
    (ws / "a.blueprint").write_text('blueprint a "Aanvraag" {\n  step s "Stap" {\n    customer "Vraagt aan"\n  }\n  end klaar "Klaar"\n}\n',
                                    encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "pwib_dsl", "build", str(ws), "--out", str(tmp_path / "out"),
                           "--target", "html"], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    tree = parse_html(page.encode("utf-8"))
    assert tree.xpath("//title/text()")[0].endswith("· Gemeente Proefdorp")
    assert tree.xpath("string(//a[@class='brand'])").startswith("Gemeente Proefdorp")
    assert tree.xpath("//img[@class='brand-logo']/@src")[0].startswith("data:image/svg+xml;base64,")
    assert "--basis-color-action-2-color-default: #6a1b9a;" in page
    assert "--basis-color-accent-1-inverse-bg-default: #004d40;" in page
    (ws / "pwib.toml").write_text('[theme]\nlogo = "weg.svg"\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pwib_dsl", "build", str(ws), "--out", str(tmp_path / "out2")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1 and "the theme logo weg.svg cannot be read" in proc.stderr
    assert not (tmp_path / "out2").exists()


def test_default_and_themed_builds_are_deterministic():
    ws = realistic_workspace()
    themed = attrs.evolve(SECOND, logo_uri="data:image/svg+xml;base64,PHN2Zy8+")
    for theme in (None, themed):
        a = render(ws, BuildOptions(theme=theme))
        assert a == render(ws, BuildOptions(theme=theme))
    assert render(ws, BuildOptions())["index.html"] != render(ws, BuildOptions(theme=themed))["index.html"]


@pytest.mark.browser
def test_both_themes_pass_axe_with_colour_contrast(tmp_path):
    ws = realistic_workspace()
    (tmp_path / "logo.svg").write_text(LOGO, encoding="utf-8")
    second = with_logo(attrs.evolve(SECOND, logo="logo.svg"), tmp_path)
    with Browser(viewport=(1440, 900)) as browser:
        for name, theme in (("default", None), ("second", second)):
            folder = tmp_path / name
            write_site(render(ws, BuildOptions(theme=theme, targets=("html",))), folder)
            for page in sorted(folder.rglob("*.html")):
                visit = browser.open_page(page)
                try:
                    assert visit.console_errors == [] and visit.external_requests == [], (name, page.name)
                    if theme is not None:
                        colour = visit.page.evaluate("getComputedStyle(document.querySelector('.site-nav')).backgroundColor")
                        assert colour == "rgb(106, 27, 154)", colour
                finally:
                    visit.page.close()
                # colour-contrast is part of wcag2aa: axe checks every text against its background
                violations = _axe_without_csp(browser, page)
                assert violations == [], (name, page.name, violations)


def _axe_without_csp(browser, page):
    """axe-core needs its own script in the page, which the page's policy forbids."""
    saved = browser._context
    context = browser._browser.new_context(viewport=browser.viewport, bypass_csp=True)
    browser._context = context
    try:
        return browser.axe(page, AXE_TAGS)
    finally:
        browser._context = saved
        context.close()


DOCS_IMG = ROOT / "docs" / "img"


@pytest.mark.browser
def test_readme_screenshots(tmp_path, update_goldens):
    """The journey map, both themes and presentation mode of the examples, for the README.

    Written to ``docs/img/`` with ``--update-goldens`` (or when missing); always taken, so a
    page that cannot be drawn fails here.
    """
    from pwib_dsl.driver import compile_paths

    result = compile_paths([str(ROOT / "examples")])
    assert not result.has_errors and result.workspace is not None
    (tmp_path / "logo.svg").write_text(LOGO, encoding="utf-8")
    second = with_logo(attrs.evolve(SECOND, logo="logo.svg"), tmp_path)
    folders = {}
    for name, theme in (("default", None), ("second", second)):
        folders[name] = tmp_path / name
        write_site(render(result.workspace, BuildOptions(theme=theme, targets=("html",))), folders[name])
    out = DOCS_IMG if update_goldens else tmp_path / "img"
    shots = {
        "html-journey.png": (folders["default"] / "journey.html", 1600, 1800, None),
        "html-theme-default.png": (folders["default"] / "index.html", 1280, 720, None),
        "html-theme-second.png": (folders["second"] / "index.html", 1280, 720, None),
        "html-present.png": (folders["default"] / "blueprints" / "bijstand-direct-aanvragen.html", 1280, 720, 2),
    }
    with Browser(viewport=(1280, 720)) as browser:
        for png, (page_path, width, height, slide) in shots.items():
            if not page_path.exists():
                page_path = sorted((page_path.parent).glob("*.html"))[0]
            visit = browser.open_page(page_path)
            try:
                page = visit.page
                page.set_viewport_size({"width": width, "height": height})
                if slide is not None:
                    page.locator("button.present-button").click()
                    for _ in range(slide - 1):
                        page.keyboard.press("ArrowRight")
                target = out / png
                target.parent.mkdir(parents=True, exist_ok=True)
                if update_goldens or not (DOCS_IMG / png).exists():
                    target = DOCS_IMG / png
                page.screenshot(path=str(target), full_page=False,
                                clip={"x": 0, "y": 0, "width": width, "height": height} if slide is None else None)
                assert target.read_bytes().startswith(b"\x89PNG")
            finally:
                visit.page.close()
