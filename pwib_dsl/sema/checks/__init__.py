"""The semantic checks, one function per rule, run on resolved blueprints and the catalogue.

Checks never change the model; they read it (and the AST beside it, for spans) and report.
"""
