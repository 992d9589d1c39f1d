"""Syntax: the Lark parser (built once per process), syntax errors as diagnostics, recovery."""
