#!/usr/bin/env python3
"""Refresh the NL Design System CSS that the HTML site inlines, from ``tools/nlds``.

    python3 scripts/nlds_vendor.py           # rewrite pwib_dsl/data/html/nlds/
    python3 scripts/nlds_vendor.py --check   # exit 1 when the vendored copy is out of date

``tools/nlds`` holds the npm packages (``npm ci`` there): the NL Design System candidate
components (CSS only) and the design tokens of the neutral Voorbeeld example theme, all under
EUPL-1.2. The wheel cannot ask npm at run time, so their CSS is vendored into the package:

* ``nlds.css``: the theme's tokens that the components and ``site.css`` use (the theme
  defines 2,700 tokens for components the site does not have; only the transitive closure of
  the ``var(--…)`` references is kept), then each component's stylesheet as published.
* ``LICENSE.md``: the EUPL-1.2 text the packages ship.

The output depends only on the installed packages and ``site.css``: the same inputs give the
same bytes, which is what ``--check`` (and a test) compare.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NPM_DIR = ROOT / "tools" / "nlds"
OUT_DIR = ROOT / "pwib_dsl" / "data" / "html" / "nlds"
SITE_CSS = ROOT / "pwib_dsl" / "data" / "html" / "site.css"

THEME_PACKAGE = "@nl-design-system-unstable/voorbeeld-design-tokens"
THEME_CLASS = "voorbeeld-theme"
#: Licences a vendored package may carry (open, and compatible with the project's EUPL-1.2).
OPEN_LICENCES = ("EUPL-1.2",)

_VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
_DECL = re.compile(r"^\s*(--[A-Za-z0-9_-]+)\s*:\s*(.*?);\s*(?:/\*.*\*/)?\s*$")
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")


class VendorError(Exception):
    """The npm folder is missing, or a package is not what the site can ship."""


def _package(name: str) -> tuple[Path, dict]:
    folder = NPM_DIR / "node_modules" / name
    meta_path = folder / "package.json"
    if not meta_path.is_file():
        raise VendorError(f"{name} is not installed: run `npm ci` in tools/nlds")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("license") not in OPEN_LICENCES:
        raise VendorError(f"{name} has licence {meta.get('license')!r}; only {', '.join(OPEN_LICENCES)} is vendored")
    return folder, meta


def _components() -> list[str]:
    deps = json.loads((NPM_DIR / "package.json").read_text(encoding="utf-8")).get("dependencies", {})
    return sorted(name for name in deps if name != THEME_PACKAGE)


def _component_css(name: str) -> tuple[str, str]:
    """``(header, css)`` of a component package.

    Where the package styles plain HTML elements (``dist/html/<component>.css``: ``a``, ``h1``,
    ``p``, ``code``) that variant is taken, so every link and heading of the site is the NL
    Design System component without a class on each; otherwise the class-based stylesheet.
    """
    folder, meta = _package(name)
    stem = name.rsplit("/", 1)[1].removesuffix("-css")
    html = folder / "dist" / "html" / f"{stem}.css"
    css = (html if html.is_file() else folder / "dist" / f"{stem}.css").read_text(encoding="utf-8")
    css = _SOURCE_MAP.sub("", css).strip()
    if re.search(r"url\(|@import|@font-face", css):
        raise VendorError(f"{name} loads a resource (url/@import/@font-face); the site must stay offline")
    return f"/* {name} {meta['version']} ({meta['license']}) */", css


def _theme_tokens() -> tuple[str, dict[str, str]]:
    folder, meta = _package(THEME_PACKAGE)
    tokens: dict[str, str] = {}
    for line in (folder / "dist" / "theme.css").read_text(encoding="utf-8").splitlines():
        m = _DECL.match(line)
        if m:
            tokens[m.group(1)] = m.group(2).strip()
    return f"/* {THEME_PACKAGE} {meta['version']} ({meta['license']}): the tokens in use */", tokens


def _closure(seeds: set[str], tokens: dict[str, str]) -> list[str]:
    """Every token reachable from ``seeds`` through ``var()``, in the theme's own order."""
    wanted, todo = set(), [s for s in seeds if s in tokens]
    while todo:
        name = todo.pop()
        if name in wanted:
            continue
        wanted.add(name)
        todo += [ref for ref in _VAR.findall(tokens[name]) if ref in tokens and ref not in wanted]
    return [name for name in tokens if name in wanted]


def render() -> dict[str, bytes]:
    """The vendored files: name → bytes."""
    if not (NPM_DIR / "node_modules").is_dir():
        raise VendorError("tools/nlds/node_modules is missing: run `npm ci` in tools/nlds")
    parts = [_component_css(name) for name in _components()]
    theme_header, tokens = _theme_tokens()
    seeds = set(_VAR.findall(SITE_CSS.read_text(encoding="utf-8")))
    for _, css in parts:
        seeds.update(_VAR.findall(css))
    body = "".join(f"  {name}: {tokens[name]};\n" for name in _closure(seeds, tokens))
    out = [
        "/* NL Design System, vendored by scripts/nlds_vendor.py from tools/nlds; do not edit.",
        "   Licence: EUPL-1.2 (LICENSE.md in this folder). */",
        theme_header,
        f".{THEME_CLASS} {{\n{body}}}",
    ]
    for header, css in parts:
        out += [header, css]
    licence = (_package(THEME_PACKAGE)[0] / "LICENSE.md").read_bytes()
    return {"nlds.css": ("\n".join(out) + "\n").encode("utf-8"), "LICENSE.md": licence}


def stale() -> list[str]:
    """Vendored files that differ from what the npm folder gives now."""
    return sorted(
        name for name, data in render().items()
        if not (OUT_DIR / name).is_file() or (OUT_DIR / name).read_bytes() != data
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report whether the vendored copy is current")
    args = parser.parse_args(argv)
    try:
        if args.check:
            names = stale()
            for name in names:
                print(f"out of date: {OUT_DIR.relative_to(ROOT) / name}", file=sys.stderr)
            return 1 if names else 0
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        for name, data in render().items():
            tmp = OUT_DIR / f".{name}.tmp"
            tmp.write_bytes(data)
            tmp.replace(OUT_DIR / name)
            print(f"wrote {OUT_DIR.relative_to(ROOT) / name} ({len(data):,} bytes)")
    except VendorError as exc:
        print(f"nlds_vendor: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
