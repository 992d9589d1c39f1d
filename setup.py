"""Packaging glue: ship the top-level ``grammar/`` and ``stdlib/`` inside the wheel.

They stay at the top level of the repository (where authors and editors find them) and are
mapped into the package as ``pwib_dsl._grammar`` and ``pwib_dsl._stdlib``; everything else
is declared in ``pyproject.toml``.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["pwib_dsl", "pwib_dsl.*"]) + ["pwib_dsl._grammar", "pwib_dsl._stdlib"],
    package_dir={"pwib_dsl._grammar": "grammar", "pwib_dsl._stdlib": "stdlib"},
    package_data={
        "pwib_dsl._grammar": ["*.lark"],
        "pwib_dsl._stdlib": ["*.blueprint"],
        "pwib_dsl": ["data/**/*", "py.typed"],
    },
)
