#!/usr/bin/env bash
# The test suite with every real checker, from a fresh clone on a fresh Debian 12 machine:
#   bash scripts/test.sh [PYTEST ARGS...]
# Needs python3 (>= 3.11), node (>= 20.12) and npm; installs Debian chromium and vim if
# missing (as root, or with sudo), the Node checkers (npm ci) and the project with its test
# extras into .venv. CI=true is exported, so a missing checker fails the run instead of being
# skipped.
cd "$(dirname "$0")/.."
source scripts/common.sh
export CI="${CI:-true}"
# Debian's chromium is used; make sure nothing downloads a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

step "Base tools"
command -v node >/dev/null || die "node not found (need >= 20.12)"
command -v npm >/dev/null || die "npm not found"
command -v git >/dev/null || die "git not found"
python3 --version
printf 'node %s\nnpm %s\n' "$(node --version)" "$(npm --version)"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=12)?0:1)' \
  || die "node >= 20.12 required (bpmn-moddle 10)"

step "Chromium, Vim and patch (Debian packages)"
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v vim >/dev/null || missing+=(vim-nox)
command -v patch >/dev/null || missing+=(patch)
if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi
# The Debian wrapper script may print a harmless '[: ... unexpected operator' line here.
chromium --version 2>/dev/null || die "chromium does not start"
vim --version | head -n 1

step "Node checkers"
# Every folder with a committed package.json + package-lock.json.
NODE_DIRS=(tools tools/nlds editors/vscode)
for dir in "${NODE_DIRS[@]}"; do
  echo "-- $dir"
  (cd "$dir" && npm ci --no-audit --no-fund)
done
(cd tools && npm ls --depth=0)

step "Java engines harness (Maven)"
# tests/engines runs the BPMN in embedded Operaton and Flowable; Java 17 and Maven come with the
# machine, the engines and JUnit from Maven Central (fetched here once, then used offline).
command -v java >/dev/null || die "java not found (need >= 17)"
command -v mvn >/dev/null || die "mvn not found"
java -version 2>&1 | head -n 1
mvn -q -B -f tests/engines/pom.xml dependency:go-offline test-compile \
  || die "could not fetch or compile the engine harness (tests/engines)"

step "Python environment (.venv)"
python_env "[test]"
.venv/bin/python --version
.venv/bin/python -m pip list 2>/dev/null \
  | grep -iE '^(pwib-dsl|pytest|spiffworkflow|xmlschema|lxml|playwright|hypothesis) ' || true

step "Tests"
rc=0
.venv/bin/python -m pytest -q "$@" || rc=$?
if [ "$rc" -eq 5 ]; then
  die "pytest collected no tests"
elif [ "$rc" -ne 0 ]; then
  die "pytest failed (exit $rc)"
fi
step "All checks passed (${SECONDS}s)"
