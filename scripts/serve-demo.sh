#!/usr/bin/env bash
# The server on the demo data.
#   scripts/serve-demo.sh seed DIR        seed DIR once: the demo ledger (sample period, synthetic), an issuer key,
#                                         one account per role and their tokens in DIR/tokens.env
#   scripts/serve-demo.sh run DIR [PORT]  seed if missing, start `circula serve`, sign two certificates through the
#                                         API the first time, print the URL and the tokens; Ctrl-C stops it
set -euo pipefail
cd "$(dirname "$0")/.."
C=${CIRCULA:-$PWD/.build/debug/circula}
MODE=${1:?usage: serve-demo.sh seed|run DIR [PORT]}
DIR=$(mkdir -p "${2:?DIR}" && cd "$2" && pwd)
PORT=${3:-8080}
DB=$DIR/circula.sqlite
# SERVE_POSTGRES=postgres://… puts the ledger and the server tables in PostgreSQL instead of DIR/circula.sqlite.
STORE=(--db "$DB"); [ -n "${SERVE_POSTGRES:-}" ] && STORE=(--postgres "$SERVE_POSTGRES")

seed() {
  [ -f "$DIR/tokens.env" ] && return 0
  rm -f "$DB" "$DB-wal" "$DB-shm"
  (
    cd "$DIR"
    F=$($C balance --conversion-factor --element Cu)
    $C ledger init "${STORE[@]}" --company "Circula Smelting (demo)" --period month --max-period-months 3 --carry-over carry \
      --site saganoseki="Saganoseki smelter" --product cu-cathode=Cu:cathode \
      --account pool-cu=saganoseki:cu-cathode:$F \
      --account alpha-cu=saganoseki:cu-cathode:$F:"Customer Alpha" \
      --account beta-cu=saganoseki:cu-cathode:$F:"Customer Beta" >/dev/null
    $C ledger receive "${STORE[@]}" --site saganoseki --sample --recycled-only --elements Cu \
      --ring-fence "Customer Alpha (wire mill scrap)=Customer Alpha" --ring-fence "Customer Beta (stamping scrap)=Customer Beta" >/dev/null
    $C ledger issue "${STORE[@]}" --all --element Cu --from-balance >/dev/null
    $C ledger deliver "${STORE[@]}" --sample >/dev/null
    $C ledger allocate "${STORE[@]}" --delivery D24-04-001 --account alpha-cu >/dev/null
    $C ledger allocate "${STORE[@]}" --delivery D24-04-002 --account beta-cu >/dev/null
    $C ledger allocate "${STORE[@]}" --delivery D24-04-003 --account pool-cu >/dev/null
    $C ledger allocate "${STORE[@]}" --delivery D24-04-004 --account pool-cu >/dev/null
    [ -f keys/issuer.key.pem ] || $C certificate keygen --out keys >/dev/null
    $C users add admin --role admin "${STORE[@]}" >/dev/null
    $C users add operator --role operator "${STORE[@]}" >/dev/null
    $C users add auditor --role auditor "${STORE[@]}" >/dev/null
    $C users add alpha --role customer --customer "Customer Alpha" "${STORE[@]}" >/dev/null
    $C users add beta --role customer --customer "Customer Beta" "${STORE[@]}" >/dev/null
    {
      for u in admin operator auditor alpha beta; do
        echo "$(echo $u | tr a-z A-Z)_TOKEN=$($C tokens issue --user $u --days 30 --quiet "${STORE[@]}")"
      done
    } > tokens.env.tmp
    chmod 600 tokens.env.tmp && mv tokens.env.tmp tokens.env
  )
}

case "$MODE" in
  seed) seed ;;
  run)
    seed
    # shellcheck disable=SC1091
    source "$DIR/tokens.env"
    $C serve "${STORE[@]}" --key "$DIR/keys/issuer.key.pem" --port "$PORT" &
    SERVER=$!
    trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER' INT TERM
    for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
    if [ ! -f "$DIR/certificates.done" ]; then
      for d in D24-04-001 D24-04-002 D24-04-003; do
        curl -fsS -X POST -H "Authorization: Bearer $OPERATOR_TOKEN" -H 'Content-Type: application/json' \
          -d "{\"delivery\":\"$d\"}" "http://127.0.0.1:$PORT/api/v1/ledger/certificates" >/dev/null
      done
      touch "$DIR/certificates.done"
    fi
    echo
    echo "Circula is serving the demo data on http://127.0.0.1:$PORT/  (Ctrl-C stops it)"
    echo "Sign in with one of these tokens (also in $DIR/tokens.env):"
    sed 's/^/  /' "$DIR/tokens.env"
    wait $SERVER
    ;;
  *) echo "usage: serve-demo.sh seed|run DIR [PORT]" >&2; exit 2 ;;
esac
