#!/usr/bin/env bash
# One entry point for setting up and running everything. Each command is idempotent:
# it creates .venv and installs the project (editable, with dev and docs extras) only
# when missing or when pyproject.toml changed since the last install.
#
#   ./dev.sh demo     set up, then run the main job (reposelect demo)
#   ./dev.sh test     set up (incl. Chromium and Node.js from apt when missing), run the whole test suite
#   ./dev.sh docs     set up, generate the site's pages and build it strictly into site/
#   ./dev.sh serve    build the site and serve it on http://127.0.0.1:8000
#   ./dev.sh bench    set up, print the benchmark tables
#   ./dev.sh prove    set up, run the default proof run (reposelect prove)
#   ./dev.sh chain    set up, start Hardhat's node on 127.0.0.1:8545, deploy the contracts, print their addresses
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
VENV=.venv
PY="$VENV/bin/python"

setup() {
  local stamp="$VENV/.installed" want
  want=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ ! -x "$PY" ]; then
    python3 -m venv "$VENV"
  fi
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    # The install's own output (pip, the build backend) goes to a log, shown only
    # when the install fails: a first run prints one line of progress, then the command.
    local log="$VENV/install.log"
    echo "setting up $VENV (pip install -e '.[dev,docs]'; about a minute, log in $log)" >&2
    if ! { "$PY" -m pip install --disable-pip-version-check --upgrade pip &&
           "$PY" -m pip install --disable-pip-version-check -e '.[dev,docs]'; } > "$log" 2>&1; then
      tail -n 40 "$log" >&2
      echo "dev.sh: setup failed; the whole log is $log" >&2
      exit 1
    fi
    echo "$want" > "$stamp"
  fi
}

# Debian packages the tests need (a browser for the site test, Node.js for the
# conformance adapter example). Installed only when missing and when apt is usable.
ensure_apt() {
  local missing=()
  for cmd_pkg in "$@"; do
    local cmd=${cmd_pkg%%:*} pkg=${cmd_pkg##*:}
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing from apt: ${missing[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "warning: missing ${missing[*]} and cannot install them (need root and apt-get)" >&2
  fi
}

# The pinned npm packages of contracts/ (solc, hardhat; package-lock.json) for tests/chain
# and ./dev.sh chain. Installed when missing or when the lockfile changed.
ensure_contracts() {
  if [ ! -d contracts/node_modules/hardhat ] || [ contracts/package-lock.json -nt contracts/node_modules/.package-lock.json ]; then
    if command -v npm >/dev/null 2>&1; then
      (cd contracts && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    else
      echo "warning: npm is missing: tests/chain needs contracts/node_modules (npm ci in contracts/)" >&2
    fi
  fi
}

cmd=${1:-help}
shift || true
case "$cmd" in
  demo)  setup; exec "$VENV/bin/reposelect" demo "$@" ;;
  test)  setup; ensure_apt chromium:chromium node:nodejs; ensure_contracts
         exec "$PY" -m pytest -n 2 --dist loadfile "$@" ;;
  docs)  setup; "$PY" docs/generate.py; "$VENV/bin/mkdocs" build --strict "$@"
         exec "$PY" docs/generate.py --after-build site ;;
  serve) setup; "$PY" docs/generate.py; exec "$VENV/bin/mkdocs" serve -a 127.0.0.1:8000 "$@" ;;
  bench) setup; exec "$VENV/bin/reposelect" bench "$@" ;;
  prove) setup; exec "$VENV/bin/reposelect" prove "$@" ;;
  chain) setup; ensure_contracts; exec "$PY" -m reposelect.chain.node "$@" ;;
  *) sed -n '2,13p' "$0"; exit 2 ;;
esac
