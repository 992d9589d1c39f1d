"""``pwib explain CODE``: print the explanation page of a diagnostic code (or ``--list`` them).

A code is looked up in any case (``pb002``) or by its short name (``unclosed-block``); an
unknown one gets "did you mean" and exit status 2.
"""

from __future__ import annotations

import sys

HELP = "explain a diagnostic code, e.g. `pwib explain PB002`; --list shows every code"


def configure(parser) -> None:
    parser.add_argument("code", nargs="?", metavar="CODE", help="a code such as PB002, or its short name")
    parser.add_argument("--list", action="store_true", help="list every code with its name and summary")


def run(args) -> int:
    from pwib_dsl.diagnostics import codes
    from pwib_dsl.diagnostics.suggest import did_you_mean, phrase

    if args.list:
        for page in codes.registry().values():
            sys.stdout.write(f"{page.code}  {page.name:<24} {page.severity.value:<8} {page.summary}\n")
        return 0
    if not args.code:
        sys.stderr.write("pwib explain: name a code, e.g. `pwib explain PB002`, or use --list\n")
        return 2
    wanted = args.code.strip()
    page = codes.page(wanted) if codes.CODE.fullmatch(wanted.upper()) else None
    if page is None:
        by_name = {p.name: p for p in codes.registry().values()}
        page = by_name.get(wanted.lower())
    if page is None:
        close = did_you_mean(wanted.upper(), codes.codes()) or did_you_mean(
            wanted.lower(), [p.name for p in codes.registry().values()]
        )
        hint = f"; did you mean {phrase(close)}?" if close else "; `pwib explain --list` shows every code"
        sys.stderr.write(f"pwib explain: unknown code `{wanted}`{hint}\n")
        return 2
    sys.stdout.write(page.text)
    return 0
