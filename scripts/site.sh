#!/usr/bin/env bash
# The main job: compile every example into a browsable site with HTML, BPMN 2.0 and JSON.
#   bash scripts/site.sh [OUT]      (default OUT: site)
# Needs python3 >= 3.11; installs the project into .venv on the first run.
cd "$(dirname "$0")/.."
source scripts/common.sh
out="${1:-site}"

step "Python environment (.venv)"
python_env ""

step "Check the examples and build the site"
# --strict: a warning stops the build; the info notes name the catalogue entries not yet verified.
# Given the examples' root, the build includes the municipalities in examples/gemeenten/.
.venv/bin/pwib build --strict --format short examples --out "$out"
printf '\nOpen %s/index.html in a browser (for example %s/blueprints/aanmelding.html).\n' "$out" "$out"
printf 'The municipalities of examples/gemeenten/ are in %s/gemeenten/: their sites and the deviation matrix.\n' "$out"
