"""HTML backend benchmark: site build time, page weight, and browser load time of a big page.

Workspaces:

* ``examples``  — ``examples/`` compiled by the real pipeline (compile time reported apart);
* ``50x40``     — a generated workspace of 50 blueprints × 40 nodes, every lane and layer
                  filled (``tests/html_fixtures.synthetic_workspace``, seeded).

Per workspace, in this one process, round-robin with the order rotated each repetition and
``gc.collect()`` between tasks:

* ``html`` — ``pwib_dsl.backends.html.render`` (the whole site: overview, impact matrix,
             catalogues, indexes and one page per blueprint);
* ``json`` — ``pwib_dsl.backends.json_.render`` on the same workspace (the peer).

Times are medians; ``html÷json`` is the median of per-repetition ratios. Page weight: total
bytes of the site, the median and largest page, and what the inlined CSS + JS add per page.

Browser: a generated 500-node blueprint page is opened from ``file://`` in headless Debian
Chromium (Python Playwright, never downloading a browser); the load time is the navigation
entry's ``loadEventEnd`` (parse, style, layout of the whole grid). The peer is a plain page
holding the same text in paragraphs, loaded the same way; ``grid÷plain`` is the median ratio.

Usage: ``python benchmarks/html_bench.py [--reps 5] [--browser-reps 5] [--no-browser]``
"""

from __future__ import annotations

import argparse
import gc
import html
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from html_fixtures import synthetic_workspace  # noqa: E402

from pwib_dsl.backends import BuildOptions  # noqa: E402
from pwib_dsl.backends import json_ as json_backend  # noqa: E402
from pwib_dsl.backends.html import render as render_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def _examples():
    from pwib_dsl.driver import compile_paths

    t0 = time.perf_counter()
    result = compile_paths([str(ROOT / "examples")])
    elapsed = time.perf_counter() - t0
    if result.workspace is None or result.has_errors:
        return None, elapsed
    return result.workspace, elapsed


def _time_round_robin(tasks: dict, reps: int) -> tuple[dict[str, float], list[float]]:
    names = list(tasks)
    times: dict[str, list[float]] = {n: [] for n in names}
    ratios = []
    for rep in range(reps):
        order = names[rep % len(names):] + names[:rep % len(names)]
        this = {}
        for name in order:
            gc.collect()
            t0 = time.perf_counter()
            tasks[name]()
            this[name] = time.perf_counter() - t0
            times[name].append(this[name])
        ratios.append(this["html"] / this["json"])
    return {n: statistics.median(v) for n, v in times.items()}, ratios


def _weight(site: dict[str, bytes]) -> dict[str, float]:
    sizes = sorted(len(v) for v in site.values())
    sample = next(iter(site.values())).decode()
    inline = sum(len(m.group(1).encode()) for m in re.finditer(r"<(?:style|script)>(.*?)</(?:style|script)>", sample, re.S))
    return {"pages": len(sizes), "total": sum(sizes), "median": statistics.median(sizes), "max": sizes[-1], "inline": inline}


def bench_builds(reps: int) -> None:
    options = BuildOptions()
    workspaces = []
    ws, compile_s = _examples()
    if ws is not None:
        workspaces.append(("examples", ws, f"compile {compile_s * 1000:.0f} ms"))
    else:
        print("examples: not compiled (the pipeline reported errors or no workspace); skipped")
    workspaces.append(("50x40", synthetic_workspace(50, 40), "generated"))
    render_html(workspaces[0][1], options)  # template compilation, once per process
    print(f"{'workspace':<10} {'nodes':>6} {'html ms':>9} {'json ms':>9} {'html÷json':>10} {'pages':>6}"
          f" {'site KB':>9} {'median KB':>10} {'max KB':>8} {'inline KB/page':>15}  note")
    for name, ws, note in workspaces:
        nodes = sum(len(bp.nodes) for bp in ws.blueprints)
        medians, ratios = _time_round_robin(
            {"html": lambda: render_html(ws, options), "json": lambda: json_backend.render(ws, options)}, reps
        )
        w = _weight(render_html(ws, options))
        print(f"{name:<10} {nodes:>6} {medians['html'] * 1000:>9.1f} {medians['json'] * 1000:>9.1f}"
              f" {statistics.median(ratios):>10.2f} {w['pages']:>6} {w['total'] / 1024:>9.0f}"
              f" {w['median'] / 1024:>10.1f} {w['max'] / 1024:>8.1f} {w['inline'] / 1024:>15.1f}  {note}")


def _plain_page(grid_html: bytes) -> str:
    """The same text without the grid: one paragraph per table cell."""
    body = grid_html.decode()
    body = re.sub(r"<(style|script)>.*?</\1>", "", body, flags=re.S)
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", body, flags=re.S)
    paras = "\n".join(f"<p>{html.escape(re.sub(r'<[^>]+>', ' ', c))}</p>" for c in cells)
    return f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>plain</title></head><body>{paras}</body></html>'


def bench_browser(reps: int) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("browser: python playwright not installed; skipped")
        return
    if not Path(CHROMIUM).exists():
        print(f"browser: {CHROMIUM} not found; skipped")
        return
    ws = synthetic_workspace(1, 500)
    site = render_html(ws, BuildOptions())
    page_bytes = site["blueprints/bp000.html"]
    with tempfile.TemporaryDirectory() as tmp:
        grid = Path(tmp) / "grid.html"
        plain = Path(tmp) / "plain.html"
        grid.write_bytes(page_bytes)
        plain.write_text(_plain_page(page_bytes), encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            results: dict[str, list[float]] = {"grid": [], "plain": []}
            ratios = []
            for rep in range(reps + 1):  # the first round warms the browser up and is dropped
                this = {}
                for name, path in (("grid", grid), ("plain", plain))[:: 1 if rep % 2 else -1]:
                    page = context.new_page()
                    page.goto(path.as_uri(), wait_until="load")
                    this[name] = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
                    if name == "grid":
                        cells = page.evaluate("document.querySelectorAll('td').length")
                    page.close()
                    if rep:
                        results[name].append(this[name])
                if rep:
                    ratios.append(this["grid"] / this["plain"])
            browser.close()
    print(f"browser: 500-node blueprint page, {len(page_bytes) / 1024:.0f} KB, {cells} cells:"
          f" load {statistics.median(results['grid']):.0f} ms (plain text peer {statistics.median(results['plain']):.0f} ms,"
          f" grid÷plain {statistics.median(ratios):.2f}), median of {reps}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--browser-reps", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    bench_builds(args.reps)
    if not args.no_browser:
        bench_browser(args.browser_reps)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
