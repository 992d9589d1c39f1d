"""``pwib schema``: print the JSON Schema of the blueprint documents ``build`` writes."""

from __future__ import annotations

HELP = "print the JSON Schema (2020-12) of the JSON output"


def configure(parser) -> None:
    pass


def run(args) -> int:
    import sys

    from pwib_dsl.resources import data_dir

    sys.stdout.write((data_dir() / "schema" / "blueprint-document.schema.json").read_text(encoding="utf-8"))
    return 0
