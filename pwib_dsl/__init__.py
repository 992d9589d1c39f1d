"""pwib-dsl: a language and compiler for service blueprints of Dutch municipal services.

The package is laid out as a pipeline, one phase per sub-package:
``syntax`` (Lark parser) → ``surface`` (typed AST) → ``sema`` (resolved model and checks)
→ ``backends`` (JSON, BPMN, HTML). Diagnostics are data (``diagnostics``), rendered by the CLI.
"""

__version__ = "0.1.0"

from pwib_dsl import classcode as _classcode  # noqa: E402 - before any class is defined

_classcode.install()
