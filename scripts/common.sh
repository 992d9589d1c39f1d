# Shared set-up for scripts/site.sh and scripts/test.sh (sourced, not run).
# Creates .venv in the checkout (once) and installs the project into it, editable.
set -euo pipefail
export PIP_DISABLE_PIP_VERSION_CHECK=1

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  DEBIAN_FRONTEND=noninteractive as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@"
}

# python_env EXTRAS: .venv with the project installed (EXTRAS like "[test]" or "").
python_env() {
  command -v python3 >/dev/null || die "python3 not found"
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || die "python >= 3.11 required"
  if [ ! -x .venv/bin/python ]; then
    if ! python3 -m venv .venv; then
      # Debian's python3 ships venv/ensurepip separately.
      rm -rf .venv
      apt_install python3-venv
      python3 -m venv .venv
    fi
  fi
  .venv/bin/python -m pip install -q -e ".$1"
}
