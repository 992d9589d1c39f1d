#!/usr/bin/env bash
# The main job: compile every example into a browsable site with HTML, BPMN 2.0 and JSON.
#   bash scripts/site.sh [OUT]      (default OUT: site)
# Needs python3 >= 3.11; installs the project into .venv on the first run.
cd "$(dirname "$0")/.."
source scripts/common.sh
out="${1:-site}"

step "Python environment (.venv)"
python_env ""

step "Check the examples"
.venv/bin/pwib check --strict examples

step "Build the site"
.venv/bin/pwib build examples --out "$out"
printf '\nOpen %s/index.html in a browser (for example %s/blueprints/aanmelding.html).\n' "$out" "$out"
