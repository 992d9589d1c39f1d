"""``pwib lsp``: run the language server over stdin/stdout (for editors; prints nothing else)."""

from __future__ import annotations

HELP = "run the language server (stdio) for editors"


def configure(parser) -> None:
    parser.add_argument(
        "--stdio",
        action="store_true",
        help="talk over stdin and stdout (the default; accepted because some clients pass it)",
    )


def run(args) -> int:
    from pwib_dsl.lsp.server import serve

    return serve()
