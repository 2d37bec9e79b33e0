#!/usr/bin/env bash
# Reconciliation benchmark: Circula (NetworkReconciliation, CHOLMOD, release build) against scipy.sparse
# (splu, one factorisation reused across the layers) on the same generated flowsheets of 200 / 2,000 /
# 20,000 / 200,000 streams × 30 elements. Times only the solve phase, best of REPEATS (10) runs each.
# SCRATCH=DIR builds in another scratch path (so a running debug build does not hold the lock).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SIZES=${SIZES:-"200 2000 20000 200000"}
REPEATS=${REPEATS:-10}
LAYERS=${LAYERS:-30}
WORK=${WORK:-$(mktemp -d /tmp/circula-bench-balance.XXXX)}

SCRATCH_ARGS=()
[ -n "${SCRATCH:-}" ] && SCRATCH_ARGS=(--scratch-path "$SCRATCH")
swift build -c release --product circula-bench-balance "${SCRATCH_ARGS[@]}" >&2
BIN=$(swift build -c release --show-bin-path "${SCRATCH_ARGS[@]}")/circula-bench-balance

if [ ! -x .venv-bench/bin/python ]; then
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install -q numpy scipy >&2
fi
PY=.venv-bench/bin/python

# "flow order": processes numbered along the flow, as flowsheets list them (banded matrix, natural ordering);
# "shuffled": numbered at random (AMD ordering).
printf "%-8s %-10s %-8s %-11s %-12s %-12s %-8s %s\n" streams processes elements numbering "circula [s]" "scipy [s]" ratio "max rel diff"
for n in $SIZES; do
 for numbering in flow-order shuffled; do
  dir="$WORK/case-$n-$numbering"
  $PY bench/balance/generate.py "$n" "$LAYERS" "$dir" "$numbering"
  circula=$("$BIN" "$dir" "$REPEATS")
  scipy=$($PY bench/balance/peer.py "$dir" "$REPEATS")
  diff=$($PY bench/balance/compare.py "$dir")
  processes=$($PY -c "import json; print(json.load(open('$dir/meta.json'))['processes'])")
  ratio=$($PY -c "print(f'{$circula / $scipy:.2f}')")
  printf "%-8s %-10s %-8s %-11s %-12s %-12s %-8s %s\n" "$n" "$processes" "$LAYERS" "$numbering" "$circula" "$scipy" "$ratio" "$diff"
 done
done
rm -rf "$WORK"
