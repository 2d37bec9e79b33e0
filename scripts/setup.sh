#!/usr/bin/env bash
# Installs what Circula needs on a fresh Debian machine, and nothing when it is all there.
#   scripts/setup.sh build   libraries to build and run (GLPK, LAPACKE/OpenBLAS, SuiteSparse, SQLite)
#   scripts/setup.sh test    the same plus PostgreSQL for the ledger's store tests, and for the server's tests
#                            chromium (browser tests) and a Python venv .venv-serve with schemathesis (contract test)
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
export PATH=/opt/swift/usr/bin:$PATH

packages=(libglpk-dev liblapacke-dev libopenblas-dev libsuitesparse-dev libsqlite3-dev pkg-config make)
if [ "${1:-build}" = test ]; then packages+=(postgresql chromium python3-venv curl); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The independent verifiers of docs/certificates.md need Python with `cryptography` (docs/hash-chain.md needs only
# the standard library): a venv in .venv-verify, with the system's packages when they are there.
venv="$(cd "$(dirname "$0")/.." && pwd)/.venv-verify"
if [ "${1:-build}" = test ] && ! [ -x "$venv/bin/python3" ]; then
  command -v python3 >/dev/null || { SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"; $SUDO apt-get install -y -q --no-install-recommends python3 python3-venv; }
  python3 -m venv --system-site-packages "$venv"
  "$venv/bin/python3" -c "import cryptography" 2>/dev/null || "$venv/bin/pip" install -q cryptography
fi

if ! command -v swift >/dev/null; then
  echo "setup: swift not found; install Swift 6.3 (https://www.swift.org/install/linux/) into /opt/swift or put it on PATH" >&2
  exit 1
fi

# circula serve's contract test: schemathesis from PyPI in a venv of its own (once).
VENV_SERVE="$(cd "$(dirname "$0")/.." && pwd)/.venv-serve"
if [ "${1:-build}" = test ] && [ ! -x "$VENV_SERVE/bin/st" ]; then
  echo "setup: creating .venv-serve with schemathesis"
  python3 -m venv "$VENV_SERVE" && "$VENV_SERVE/bin/pip" install -q schemathesis
fi
