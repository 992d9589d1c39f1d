"""``pwib handout PATH --blueprint ID``: a blueprint as a PDF handout on A3 landscape.

The site is rendered into a temporary folder and the blueprint's page printed by headless
Chromium (``--print-to-pdf``); the page's print stylesheet sets the sheet (``@page { size:
A3 landscape }``) and fits every column of the grid on its width. Chromium is found on the
``PATH`` (``chromium``, ``chromium-browser``, ``google-chrome``) or given with ``--chromium``
or ``PWIB_CHROMIUM``; it is run offline: the page loads nothing and Chromium's own
background requests are switched off. The PDF is written atomically.
"""

from __future__ import annotations

import sys

HELP = "print a blueprint to a PDF handout (A3 landscape) with headless Chromium"

_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Keep Chromium from reaching the network on its own (updates, sync, metrics).
_QUIET = ("--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--no-first-run", "--disable-default-apps", "--disable-dev-shm-usage", "--disable-gpu")


def configure(parser) -> None:
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                        help="a workspace folder or .blueprint files (default: the current folder)")
    parser.add_argument("--blueprint", "-b", metavar="ID", help="the blueprint to print (needed when there are several)")
    parser.add_argument("--out", "-o", metavar="FILE", help="the PDF to write (default: ID.pdf)")
    parser.add_argument("--lang", choices=("nl", "en"), default=None, help="language of the labels")
    parser.add_argument("--chromium", metavar="PROGRAM", help="the Chromium or Chrome program to print with")


def find_chromium(given: str | None) -> str | None:
    import os
    import shutil

    if given:  # named on the command line: that one or none
        return shutil.which(given)
    for candidate in (os.environ.get("PWIB_CHROMIUM"), *_BROWSERS):
        if candidate:
            found = shutil.which(candidate)
            if found:
                return found
    return None


def run(args) -> int:
    import os
    import subprocess
    import tempfile
    from pathlib import Path

    from pwib_dsl.atomic import write_atomic
    from pwib_dsl.backends import BuildOptions, output_path
    from pwib_dsl.backends.html import render
    from pwib_dsl.commands.check import report
    from pwib_dsl.diagnostics.suggest import did_you_mean, phrase
    from pwib_dsl.driver import compile_paths
    from pwib_dsl.theme import with_logo

    result = compile_paths(args.paths)
    # the notes of a sound workspace are `pwib check`'s business; a handout reports only errors
    if result.has_errors or result.workspace is None:
        report(result, "short")
        print("pwib handout: nothing printed because of the errors above", file=sys.stderr)
        return 1
    ws = result.workspace
    ids = [bp.id for bp in ws.blueprints]
    chosen = args.blueprint
    if chosen is None:
        if len(ids) != 1:
            print(f"pwib handout: choose a blueprint with --blueprint: {', '.join(ids) or 'none found'}",
                  file=sys.stderr)
            return 2
        chosen = ids[0]
    if chosen not in ids:
        close = did_you_mean(chosen, ids)
        hint = f"; did you mean {phrase(close)}?" if close else f"; the blueprints are: {', '.join(ids)}"
        print(f"pwib handout: no blueprint `{chosen}`{hint}", file=sys.stderr)
        return 2
    chromium = find_chromium(args.chromium)
    if chromium is None:
        print(f"pwib handout: Chromium not found{f' as `{args.chromium}`' if args.chromium else ''};"
              " install it (Debian: apt-get install chromium) or name it with --chromium", file=sys.stderr)
        return 2
    theme = result.config.theme
    if theme is not None:
        theme = with_logo(theme, Path(result.root) if result.root else Path("."))
        if isinstance(theme, str):
            print(f"pwib handout: {theme}", file=sys.stderr)
            return 1
    pages = render(ws, BuildOptions(lang=args.lang or ws.lang, targets=("html",), theme=theme))
    out = Path(args.out or f"{chosen}.pdf")
    with tempfile.TemporaryDirectory(prefix="pwib-handout-") as tmp:
        folder = Path(tmp) / "site"
        for rel, data in pages.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        pdf = Path(tmp) / "handout.pdf"
        command = [chromium, "--headless", *_QUIET, "--no-pdf-header-footer", f"--user-data-dir={Path(tmp) / 'profile'}",
                   f"--print-to-pdf={pdf}", (folder / output_path("html", chosen)).as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(2, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        try:
            proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as exc:
            print(f"pwib handout: {chromium} did not print: {exc}", file=sys.stderr)
            return 2
        if proc.returncode != 0 or not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
            tail = (proc.stderr or "").strip().splitlines()[-3:]
            print(f"pwib handout: {chromium} did not print (exit {proc.returncode}): {' '.join(tail)}", file=sys.stderr)
            return 2
        write_atomic(out, pdf.read_bytes())
    print(f"pwib handout: {chosen} → {out} (A3 landscape)", file=sys.stderr)
    return 0
