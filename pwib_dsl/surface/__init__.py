"""The surface AST: one frozen attrs class per construct of the language, with spans."""
