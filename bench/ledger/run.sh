#!/usr/bin/env bash
# Ledger benchmark: allocations per second (one allocation per transaction, durable settings) on SQLite and
# PostgreSQL, next to the same engine's raw single-row insert rate (one row per transaction, same settings),
# measured in the same run and printed as a ratio (allocations/s ÷ raw inserts/s).
#
# The peer here is the storage engine itself, so no Python venv is needed.
# Durable settings: SQLite WAL + synchronous=FULL (the ledger's own); PostgreSQL fsync=on, synchronous_commit=on.
#
# Then: allocation latency, import time and verify time with K credit batches in one account (CREDITS, default
# 10,10000,100000; 1M is CREDITS=10,100000,1000000 if you have the time), on both engines.
#
# Usage: bench/ledger/run.sh [N]            (N allocations and N raw inserts per engine; default 2000)
# Env:   CIRCULA_BENCH_POSTGRES_URL=postgres://...   use this server instead of starting a throwaway cluster
#        BENCH_PG_PORT=5434                          port of the throwaway cluster
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-2000}
export PATH=/opt/swift/usr/bin:$PATH

swift build -c release --product circula-bench-ledger >/dev/null
BIN=$(swift build -c release --show-bin-path)/circula-bench-ledger
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
echo "credits in one account: import (one transaction), allocation latency, full verify"
"$BIN" --credits "${CREDITS:-10,10000,100000}" --dir "$WORK/sqlite" --postgres "$URL"
