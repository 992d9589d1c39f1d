"""``pwib check PATH...``: compile and report diagnostics (no outputs written)."""

from __future__ import annotations

HELP = "check .blueprint files or folders and report problems"


def configure(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    parser.add_argument("--format", choices=("human", "short", "json"), default="human")
    parser.add_argument("--strict", action="store_true", help="warnings count as errors")


def run(args) -> int:
    from pwib_dsl.driver import compile_paths

    result = compile_paths(args.paths)
    for d in result.diagnostics:
        loc = f"{d.primary.file}:{d.primary.span.line}:{d.primary.span.col}" if d.primary else "pwib"
        print(f"{loc}: {d.severity.value}[{d.code}]: {d.message}")
    failing = {"error", "warning"} if args.strict else {"error"}
    return 1 if any(d.severity.value in failing for d in result.diagnostics) else 0
