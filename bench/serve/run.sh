#!/usr/bin/env bash
# Load on `circula serve` (release build) over loopback with wrk: 10 s per route in each of 3 interleaved rounds, the
# median round reported, against the trivial route of the same server (/api/v1/health: no database, no auth). Prints
# req/s, p50/p99 latency and each route's ratio to the trivial one; then 64 concurrent certificate requests, all 200.
# Targets (2-core machine): >= 30,000 req/s on the element read, >= 0.5x the trivial route on every read route.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH
command -v wrk >/dev/null || { echo "bench/serve: wrk is missing (apt-get install wrk)" >&2; exit 1; }
# SCRATCH=.build-release keeps the release build apart from the debug one (no lock wait while tests build).
SCRATCH=${SCRATCH:-.build}
swift build -c release --product circula --scratch-path "$SCRATCH" >/dev/null
C=$PWD/$SCRATCH/release/circula
DIR=$(mktemp -d /tmp/circula-bench-serve.XXXX)
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DIR"' EXIT
CIRCULA=$C scripts/serve-demo.sh seed "$DIR" >/dev/null
# shellcheck disable=SC1091
source "$DIR/tokens.env"
PORT=$((20000 + RANDOM % 20000))
$C serve --db "$DIR/circula.sqlite" --key "$DIR/keys/issuer.key.pem" --port $PORT --log-level warning > "$DIR/server.log" &
SERVER=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
B=http://127.0.0.1:$PORT
curl -fsS -X POST -H "Authorization: Bearer $OPERATOR_TOKEN" -d '{"delivery":"D24-04-001"}' $B/api/v1/ledger/certificates >/dev/null

# The machine is shared (2 cores): say how loaded it was, before and after.
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
DURATION=${DURATION:-10s}   # per route and round
CONNECTIONS=${CONNECTIONS:-64}
# wrk: 2 threads, 64 connections; --latency prints the percentiles.
measure() { # name path [token]
  local header=()
  [ -n "${3:-}" ] && header=(-H "Authorization: Bearer $3")
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${header[@]}" "$B$2")
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "$1|$2|$rps|$p50|$p99|${non2xx:-0}"
}
# The machine is shared: the routes are measured in ROUNDS interleaved rounds (trivial, element, …, then again), so
# a change of background load hits every route alike, and each route's row is its median round (by req/s).
ROUNDS=${ROUNDS:-3}
names=(trivial element elements 'ledger balance' certificate)
paths=(/api/v1/health /api/v1/elements/Cu /api/v1/elements /api/v1/ledger/balance /api/v1/ledger/certificates/CERT-D24-04-001-1)
tokens=("" "" "" "$AUDITOR_TOKEN" "$ALPHA_TOKEN")
declare -A runs
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!names[@]}"; do runs[$i,$round]="$(measure "${names[$i]}" "${paths[$i]}" "${tokens[$i]}")"; done
done
rows=()
for i in "${!names[@]}"; do
  rows+=("$(for round in $(seq 1 "$ROUNDS"); do echo "${runs[$i,$round]}"; done | sort -t'|' -k3 -g | sed -n "$(( (ROUNDS + 1) / 2 ))p")")
done
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
trivial=$(cut -d'|' -f3 <<<"${rows[0]}")
echo "median of $ROUNDS interleaved rounds of $DURATION per route, $CONNECTIONS connections, wrk -t2"
printf '\n%-16s %-42s %12s %9s %9s %8s %9s\n' route path "req/s" p50 p99 non-2xx "x trivial"
fail=0
for r in "${rows[@]}"; do
  IFS='|' read -r name path rps p50 p99 non <<<"$r"
  ratio=$(awk -v a="$rps" -v b="$trivial" 'BEGIN { printf "%.2f", a / b }')
  printf '%-16s %-42s %12s %9s %9s %8s %9s\n' "$name" "$path" "$rps" "$p50" "$p99" "$non" "$ratio"
  [ "$non" != 0 ] && { echo "  FAIL: $name answered non-2xx"; fail=1; }
  if [ "$name" != trivial ] && awk -v x="$ratio" 'BEGIN { exit !(x < 0.5) }'; then echo "  below target: $name < 0.5x trivial"; fi
  if [ "$name" = element ] && awk -v x="$rps" 'BEGIN { exit !(x < 30000) }'; then echo "  below target: element read < 30,000 req/s"; fi
done

# 64 concurrent certificate requests: every one must be 200.
codes=$(seq 1 64 | xargs -P 64 -I{} curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $ALPHA_TOKEN" \
  "$B/api/v1/ledger/certificates/CERT-D24-04-001-1" | sort | uniq -c | tr '\n' ' ')
echo
echo "64 concurrent certificate requests: $codes"
[ "$(echo "$codes" | awk '{print $2}')" = 200 ] && [ "$(echo "$codes" | awk '{print $1}')" = 64 ] || { echo "FAIL: not all 64 succeeded"; fail=1; }
exit $fail
