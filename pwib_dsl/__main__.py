"""``python -m pwib_dsl`` runs the command-line interface."""

from pwib_dsl.cli import entry

entry()
