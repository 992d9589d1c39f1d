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
    parser.add_argument("--bpmn-dialect", default=None, metavar="NAME",
                        help="engine the BPMN is written for: spiff (default), operaton (also Camunda 7)"
                             " or flowable; pwib.toml: [bpmn] dialect")
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


def _law_changes(result, targets) -> tuple:
    """The site's pages per date of change (only for the HTML target, and only with measures
    or law snapshots to read)."""
    if "html" not in targets or not result.workspace.catalogue.measures and result.root is None:
        return ()
    from pwib_dsl.driver import law_context
    from pwib_dsl.law.impact import pins_of, reports_by_date

    ctx = law_context(result.root, result.config)
    return reports_by_date(result.workspace, pins_of(result.files.values()), ctx.store if ctx else None)


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
    from pwib_dsl.config import BPMN_DIALECTS

    if args.bpmn_dialect is not None and args.bpmn_dialect not in BPMN_DIALECTS:
        print(f"pwib build: unknown BPMN dialect `{args.bpmn_dialect}`; choose from"
              f" {', '.join(BPMN_DIALECTS)}", file=sys.stderr)
        return 2
    result = compile_paths(args.paths)
    dialect = args.bpmn_dialect or result.config.bpmn_dialect or BPMN_DIALECTS[0]
    if "bpmn" in targets and dialect != "spiff" and result.workspace is not None:
        result = _check_candidate_groups(result)
    status = report(result, args.format, args.strict)
    if status != 0 or result.workspace is None:
        print("pwib build: nothing written because of the errors above", file=sys.stderr)
        return status or 1
    workspace = result.workspace
    lang = args.lang or workspace.lang
    theme = result.config.theme
    if theme is not None:
        from pwib_dsl.theme import with_logo

        theme = with_logo(theme, Path(result.root) if result.root else Path("."))
        if isinstance(theme, str):
            print(f"pwib build: {theme}", file=sys.stderr)
            return 1
    options = BuildOptions(
        lang=lang,
        targets=targets,
        law_changes=_law_changes(result, targets),
        bpmn_dialect=dialect,
        candidate_groups=result.config.candidate_groups,
        theme=theme,
    )
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
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
        written += 1
    print(
        f"pwib build: {len(workspace.blueprints)} blueprints → {len(outputs)} files in {out}"
        f" ({written} changed; targets: {', '.join(targets)})",
        file=sys.stderr,
    )
    return 0


def _check_candidate_groups(result):
    """PB110 for each role (or actor) carrying a user task that ``[bpmn.candidate-groups]``
    leaves out: a Java engine offers a user task only to its candidate groups. Without the
    table every role is its own group (docs/bpmn.md)."""
    import attrs

    from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity

    config = result.config
    if config.candidate_groups is None or config.candidate_groups_span is None:
        return result
    from pwib_dsl.backends.bpmn import candidate_group_keys

    mapped = {role for role, _ in config.candidate_groups}
    missing = [
        Diagnostic(
            "PB110", Severity.ERROR,
            f"`{key}` carries user tasks (in {', '.join(blueprints)}) but has no candidate group"
            " in `[bpmn.candidate-groups]`",
            Label(config.path, config.candidate_groups_span, ""),
            help=f'add a line `"{key}" = "<group>"`: the engine offers a user task only to its'
                 " candidate groups",
        )
        for key, blueprints in candidate_group_keys(result.workspace).items()
        if key not in mapped
    ]
    return attrs.evolve(result, diagnostics=result.diagnostics + tuple(missing)) if missing else result
