#!/usr/bin/env bash
# Circula's planner against its peers, side by side on the same inputs:
#   GLPK feed-mix LPs (50 / 500 / 5,000 feeds) vs scipy linprog(method="highs");
#   the 12-month plan (5,000 feeds) vs linprog(highs) and the capacity MIP vs milp(highs);
#   the dynamic stock model (60 years x 20 sectors x 10 elements) vs flodym; the Monte Carlo (10,000 draws).
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product circula-bench-plan >&2
BIN="$(swift build -c release --show-bin-path)/circula-bench-plan"
if [ ! -x .venv-bench/bin/python ]; then python3 -m venv .venv-bench; fi
.venv-bench/bin/pip install -q numpy scipy flodym >&2
.venv-bench/bin/python bench/plan/peers/bench.py "$BIN"
