"""One module per ``pwib`` subcommand.

Each module defines ``HELP`` (one line), ``configure(parser)`` to add its arguments and
``run(args) -> int`` returning the exit code. Modules import their heavy dependencies
(backends, Jinja2, pygls, ...) inside ``run`` so that ``pwib check`` starts fast.
"""

#: subcommand name → module, in the order ``pwib --help`` lists them.
COMMANDS = {
    "check": "pwib_dsl.commands.check",
    "build": "pwib_dsl.commands.build",
    "serve": "pwib_dsl.commands.serve",
    "handout": "pwib_dsl.commands.handout",
    "fmt": "pwib_dsl.commands.fmt",
    "diff": "pwib_dsl.commands.diff",
    "impact": "pwib_dsl.commands.impact",
    "variant": "pwib_dsl.commands.variant",
    "law": "pwib_dsl.commands.law",
    "merge-driver": "pwib_dsl.commands.merge_driver",
    "explain": "pwib_dsl.commands.explain",
    "schema": "pwib_dsl.commands.schema",
    "cache": "pwib_dsl.commands.cache",
    "lsp": "pwib_dsl.commands.lsp",
}
