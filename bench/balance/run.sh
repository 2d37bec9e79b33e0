#!/usr/bin/env bash
# Reconciliation benchmark: Circula (NetworkReconciliation, CHOLMOD, release build) against scipy.sparse
# (splu, one factorisation reused across the layers) on the same generated flowsheets of 200 / 2,000 /
# 20,000 / 200,000 streams × 30 elements. Times only the solve phase, best of REPEATS (10) runs each; the
# phases of Circula's best run (contraction, assembly, analysis, factorisation, solve, unmeasured) go to stderr.
# Both compute the same outputs: reconciled flows of every layer (no covariance, no test statistics).
# Then the bilinear case: BILINEAR (2,000) streams, one element, measured masses and concentrations, known
# transfer coefficients; Circula's NetworkBilinearReconciliation against peer_bilinear.py, the same successive
# linearisation (start at the measurements, stop when no variable moves by 1e-10 relative), iterations and
# time for both (each computes the estimates and the χ² of the last linearisation).
# SCRATCH=DIR builds in another scratch path (so a running debug build does not hold the lock).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SIZES=${SIZES:-"200 2000 20000 200000"}
REPEATS=${REPEATS:-10}
LAYERS=${LAYERS:-30}
BILINEAR=${BILINEAR:-2000}
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

# One BLAS/LAPACK thread on both sides: the same cores, the same work.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
ratio() { $PY -c "print(f'{$1 / $2:.2f}')"; }

# "flow order": processes numbered along the flow, as flowsheets list them (banded matrix, natural ordering);
# "shuffled": numbered at random (reverse Cuthill–McKee or AMD ordering).
# Times: best of REPEATS, wall and CPU of the calling thread (on a shared machine the CPU time is the work
# done; wall time also counts the time other processes held the core). ratio = Circula ÷ scipy.
printf "%-8s %-10s %-8s %-11s %-12s %-12s %-7s %-12s %-12s %-7s %s\n" streams processes elements numbering \
  "circula [s]" "scipy [s]" ratio "circula cpu" "scipy cpu" "cpu rat" "max rel diff"
for n in $SIZES; do
 for numbering in flow-order shuffled; do
  dir="$WORK/case-$n-$numbering"
  $PY bench/balance/generate.py "$n" "$LAYERS" "$dir" "$numbering"
  read -r c_wall c_cpu < <("$BIN" "$dir" "$REPEATS")
  read -r s_wall s_cpu < <($PY bench/balance/peer.py "$dir" "$REPEATS")
  diff=$($PY bench/balance/compare.py "$dir")
  processes=$($PY -c "import json; print(json.load(open('$dir/meta.json'))['processes'])")
  printf "%-8s %-10s %-8s %-11s %-12s %-12s %-7s %-12s %-12s %-7s %s\n" "$n" "$processes" "$LAYERS" "$numbering" \
    "$c_wall" "$s_wall" "$(ratio "$c_wall" "$s_wall")" "$c_cpu" "$s_cpu" "$(ratio "$c_cpu" "$s_cpu")" "$diff"
 done
done

echo
printf "%-8s %-10s %-11s %-11s %-7s %-12s %-12s %-7s %-6s %s\n" streams processes "circula [s]" "scipy [s]" ratio \
  "circula cpu" "scipy cpu" "cpu rat" iter. "max rel diff"
for n in $BILINEAR; do
  dir="$WORK/bilinear-$n"
  $PY bench/balance/generate_bilinear.py "$n" "$dir"
  read -r c_wall c_cpu c_iter < <("$BIN" bilinear "$dir" "$REPEATS")
  read -r s_wall s_cpu s_iter < <($PY bench/balance/peer_bilinear.py "$dir" "$REPEATS")
  diff=$($PY bench/balance/compare.py "$dir" circula-bilinear.f64 scipy-bilinear.f64)
  processes=$($PY -c "import json; print(json.load(open('$dir/meta.json'))['processes'])")
  printf "%-8s %-10s %-11s %-11s %-7s %-12s %-12s %-7s %-6s %s\n" "$n" "$processes" "$c_wall" "$s_wall" "$(ratio "$c_wall" "$s_wall")" \
    "$c_cpu" "$s_cpu" "$(ratio "$c_cpu" "$s_cpu")" "$c_iter/$s_iter" "$diff"
done
rm -rf "$WORK"
