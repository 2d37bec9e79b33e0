#!/usr/bin/env bash
# Ledger benchmark: allocations per second (one allocation per append, durable settings) on SQLite and
# PostgreSQL, next to the same engine's raw single-row insert rate (one row per transaction, same settings),
# measured in the same run, in alternating blocks of 100 (so both see the same disk), with 1 and with 16 concurrent
# clients on both sides (concurrent allocations share commits: GroupCommit), and printed as a ratio
# (allocations/s ÷ raw inserts/s).
#
# The peer here is the storage engine itself, so no Python venv is needed.
# Durable settings: SQLite WAL + synchronous=FULL (the ledger's own); PostgreSQL fsync=on, synchronous_commit=on.
#
# Appends continue from the state the last one left (AppendStateCache); the set-up's state is forgotten first, so each
# allocation reads its delivery's row as one recorded by another process would. `--state-reuse off` (passed to the
# binary) reads everything afresh for every append.
#
# Then, on both engines: allocation latency (median of 20 cold, each after the kept state was forgotten, and of 20
# warm) and the state rows a cold allocation read with K credit
# batches in one account (CREDITS, default 10,10000,100000; the 1M row with CREDITS=10,100000,1000000); import of
# LOTS lots in one append (default 100000; LOTS=1000000); and verify of a SQLite ledger of 2 × VERIFY_LOTS + 2004
# events (default 100000; VERIFY_LOTS=499000 gives 1M events) in its own process under /usr/bin/time -v, for the
# peak resident memory of the whole process.
#
# Usage: bench/ledger/run.sh [N]            (N allocations and N raw inserts per engine; default 2000)
#        CREDITS=10,100000,1000000 LOTS=1000000 VERIFY_LOTS=499000 bench/ledger/run.sh    (the 1M sizes, ~30 min)
# Env:   CIRCULA_BENCH_POSTGRES_URL=postgres://...   use this server instead of starting a throwaway cluster
#        BUILD_PATH=.build-release                   build tree (default .build)
#        BENCH_PG_PORT=5434                          port of the throwaway cluster
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-2000}
export PATH=/opt/swift/usr/bin:$PATH

# BUILD_PATH: where to build (a separate release tree keeps the debug one used by the tests intact).
BUILD_PATH=${BUILD_PATH:-.build}
swift build -c release --scratch-path "$BUILD_PATH" --product circula-bench-ledger >/dev/null
BIN=$(swift build -c release --scratch-path "$BUILD_PATH" --show-bin-path)/circula-bench-ledger
WORK=$(mktemp -d /tmp/circula-bench-ledger.XXXX)
chmod 755 "$WORK"   # the postgres user must reach the cluster directory
PGBIN=""

cleanup() {
  if [[ -n "$PGBIN" ]]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

URL=${CIRCULA_BENCH_POSTGRES_URL:-}
if [[ -z "$URL" ]]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PORT=${BENCH_PG_PORT:-5434}
  mkdir -p "$WORK/pg"; echo bench > "$WORK/pg/pw"; chown -R postgres:postgres "$WORK/pg"
  runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres --auth-host=scram-sha-256 --auth-local=trust \
    --pwfile="$WORK/pg/pw" >/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK/pg/data -c fsync=on -c synchronous_commit=on" start >/dev/null
  URL="postgres://postgres:bench@127.0.0.1:$PORT/postgres"
fi

echo "ledger benchmark, N=$N, release build, $(nproc) cores; durable: SQLite WAL+synchronous=FULL, PostgreSQL fsync=on"
"$BIN" --n "$N" --dir "$WORK/sqlite" --postgres "$URL"
echo
echo "credits in one account: import (one transaction), allocation latency and rows it read, full verify"
"$BIN" --credits "${CREDITS:-10,10000,100000}" --dir "$WORK/sqlite" --postgres "$URL"
echo
echo "import of lots (one receipt event each, one append)"
"$BIN" --import-lots "${LOTS:-100000}" --dir "$WORK/sqlite" --postgres "$URL"
echo
echo "verify, own process (target for 1M events: <= 30 s, <= 200 MB peak RSS)"
"$BIN" --build-ledger "$WORK/verify.sqlite" --lots "${VERIFY_LOTS:-100000}"
/usr/bin/time -v "$BIN" --verify "$WORK/verify.sqlite" 2> "$WORK/time.txt"
awk -F': ' '/Maximum resident set size/ { printf "peak RSS (time -v): %.0f MB\n", $2 / 1024 } /Elapsed \(wall clock\)/ { print "wall clock: " $2 }' "$WORK/time.txt"
