"""``pwib build PATH... --out DIR``: compile and write the outputs (JSON, BPMN, HTML site).

Nothing is written when the input has errors. Each output file is written atomically and
only when its bytes changed, so a rebuild leaves unchanged files (and their mtimes) alone.
"""

from __future__ import annotations

import sys

HELP = "compile blueprints to JSON, BPMN 2.0 and an HTML site"


def configure(parser) -> None:
    from pwib_dsl.backends import TARGETS

    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    parser.add_argument("--out", "-o", required=True, metavar="DIR", help="output folder")
    parser.add_argument(
        "--target",
        default=None,
        metavar="LIST",
        help=f"comma-separated targets out of {', '.join(TARGETS)} (default: all)",
    )
    parser.add_argument("--lang", choices=("nl", "en"), default=None, help="language of the labels (default nl)")
    parser.add_argument("--format", choices=("human", "short", "json"), default="human", help="diagnostics format")
    parser.add_argument("--strict", action="store_true", help="warnings count as errors")


def parse_targets(value: str | None) -> tuple[str, ...] | str:
    """The targets asked for, in canonical order, or an error message."""
    from pwib_dsl.backends import TARGETS

    if value is None:
        return tuple(TARGETS)
    asked = [t.strip() for t in value.split(",") if t.strip()]
    unknown = [t for t in asked if t not in TARGETS]
    if unknown or not asked:
        return f"unknown target `{', '.join(unknown) or value}`; choose from {', '.join(TARGETS)}"
    return tuple(t for t in TARGETS if t in asked)


def run(args) -> int:
    import importlib
    from pathlib import Path

    from pwib_dsl.atomic import write_atomic
    from pwib_dsl.backends import BuildOptions
    from pwib_dsl.commands.check import report
    from pwib_dsl.driver import compile_paths

    targets = parse_targets(args.target)
    if isinstance(targets, str):
        print(f"pwib build: {targets}", file=sys.stderr)
        return 2
    result = compile_paths(args.paths)
    status = report(result, args.format, args.strict)
    if status != 0 or result.workspace is None:
        print("pwib build: nothing written because of the errors above", file=sys.stderr)
        return status or 1
    workspace = result.workspace
    lang = args.lang or workspace.lang
    options = BuildOptions(lang=lang, targets=targets)
    outputs: dict[str, bytes] = {}
    for target in targets:
        from pwib_dsl.backends import TARGETS

        backend = importlib.import_module(TARGETS[target])
        outputs.update(backend.render(workspace, options))
    out = Path(args.out)
    written = 0
    for rel in sorted(outputs):
        path = out / rel
        data = outputs[rel]
        try:
            if path.is_file() and path.read_bytes() == data:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
        except OSError as exc:
            return _write_failed(args, out, path, exc, written)
        written += 1
    print(
        f"pwib build: {len(workspace.blueprints)} blueprints → {len(outputs)} files in {out}"
        f" ({written} changed; targets: {', '.join(targets)})",
        file=sys.stderr,
    )
    return 0


def _write_failed(args, out, path, exc: OSError, written: int) -> int:
    """PB704 and exit 2: the output folder (or a file in it) cannot be written."""
    from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity
    from pwib_dsl.diagnostics.render import Sources, render
    from pwib_dsl.source import NO_SPAN

    where = next((p for p in [out, *reversed(path.parents)] if p.exists() and not p.is_dir()), None)
    if where is not None:
        reason = f"`{where}` is a file, not a folder"
    else:
        reason = exc.strerror or str(exc)
    diag = Diagnostic(
        "PB704",
        Severity.ERROR,
        f"cannot write the output `{path}`: {reason}",
        Label(str(out), NO_SPAN),
        help="give --out a folder you may write to (it is created when missing)",
    )
    sys.stdout.write(render([diag], args.format, Sources({}), False))
    print(f"pwib build: stopped after writing {written} of the files to {out}", file=sys.stderr)
    return 2
