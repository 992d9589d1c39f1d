"""``pwib impact PATH... --from DATE --to DATE``: what a change of the law changes for blueprints.

Lists every step, system, letter and BPMN process whose cited article changed between the law
versions in force on the two dates (repealed, renumbered, a lid removed, leden changed, text
changed, come into force), most serious first, old and new text side by side. ``--measure
NAME`` and ``--phase N`` take the period and the articles from the measures catalogue: the day
before the measure's date of effect to that date, only the articles the measure ``changes``;
the report then also names the blueprints and steps that implement the measure. Exit status:
0 nothing affected, 1 something affected (a cited article changed, or a measure that a
blueprint implements or names takes effect; for CI), 2 usage or input errors.
"""

from __future__ import annotations

import sys

HELP = "list the steps, systems, letters and processes a change of the law affects"


def configure(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="the earlier date (YYYY-MM-DD)")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="the later date (YYYY-MM-DD)")
    parser.add_argument("--measure", metavar="NAME", help="the period and articles of one measure (e.g. pwib.bevoorschotting)")
    parser.add_argument("--phase", type=int, metavar="N", help="the period and articles of the measures of phase N")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text", help="output format")


def run(args) -> int:
    import gc

    gc.disable()  # one short-lived process over a tree without cycles (see `pwib check`)
    try:
        return _run(args)
    finally:
        gc.enable()


def _run(args) -> int:
    from pwib_dsl.driver import compile_paths, law_context
    from pwib_dsl.fmt.session import print_diagnostics
    from pwib_dsl.law import impact
    from pwib_dsl.law.render import render

    problem = _check_args(args)
    if problem:
        print(f"pwib impact: {problem}", file=sys.stderr)
        return 2
    result = compile_paths(args.paths)
    errors = [d for d in result.diagnostics if d.severity.value == "error"]
    if errors or result.workspace is None:
        print_diagnostics(errors)
        print("pwib impact: nothing compared because of the errors above (see `pwib check`)", file=sys.stderr)
        return 2
    ctx = law_context(result.root, result.config)
    if ctx is None:
        print("pwib impact: the workspace has no law snapshots; import law versions with `pwib law import`",
              file=sys.stderr)
        return 2
    ws = result.workspace
    scope = None
    only = None
    chosen = []
    date_from, date_to = args.date_from, args.date_to
    if args.measure or args.phase is not None:
        chosen, message = _measures(ws, args)
        if message:
            print(f"pwib impact: {message}", file=sys.stderr)
            return 2
        dates = sorted({e.date for m in chosen for e in m.effective})
        if not dates and not (date_from and date_to):
            print("pwib impact: the measures have no date of effect (`effective`); give --from and --to",
                  file=sys.stderr)
            return 2
        date_to = date_to or dates[-1]
        date_from = date_from or impact.day_before(dates[0])
        only = {(c.law, c.article) for m in chosen for c in m.changes}
        scope = f"measure {chosen[0].id}" if args.measure else f"phase {args.phase}"
    report = impact.compute(ws, pins(result), ctx.store, date_from, date_to, only=only, scope=scope,
                            measures=impact.measure_notes(ws, chosen or ws.catalogue.measures, date_from, date_to))
    sys.stdout.write(render(report, args.format))
    return 1 if report.any else 0


def _check_args(args) -> str | None:
    import datetime

    for name in ("date_from", "date_to"):
        value = getattr(args, name)
        if value is None:
            continue
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return f"`{value}` is not a date (YYYY-MM-DD)"
    if args.measure is None and args.phase is None and not (args.date_from and args.date_to):
        return "give --from DATE and --to DATE, or --measure NAME, or --phase N"
    if args.date_from and args.date_to and args.date_from >= args.date_to:
        return "--from must be before --to"
    return None


def _measures(ws, args):
    measures = ws.catalogue.measures
    if args.measure:
        want = args.measure
        found = [m for m in measures if m.id == want or m.name == want]
        if not found:
            from pwib_dsl.diagnostics.suggest import did_you_mean, phrase

            close = did_you_mean(want, [m.name for m in measures])
            return [], f"no measure `{want}`" + (f"; did you mean {phrase(close)}?" if close else "")
        return found[:1], None
    found = [m for m in measures if m.phase == args.phase]
    if not found:
        phases = sorted({m.phase for m in measures if m.phase is not None})
        return [], f"no measure has phase {args.phase}; the phases are {', '.join(map(str, phases))}"
    return found, None


def pins(result) -> dict:
    from pwib_dsl.law.impact import pins_of

    return pins_of(result.files.values())
