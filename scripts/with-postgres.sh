#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster on 127.0.0.1 and CIRCULA_TEST_POSTGRES_URL set.
# The cluster lives in a temp folder and is stopped and removed on exit.
#   scripts/with-postgres.sh swift test --skip-build
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGROOT=$(mktemp -d /tmp/circula-pg.XXXX)
PGPORT=${CIRCULA_PG_PORT:-55432}
while (echo > /dev/tcp/127.0.0.1/$PGPORT) 2>/dev/null; do PGPORT=$((PGPORT + 1)); done
PGDATA=$PGROOT/data
echo ci > "$PGROOT/pw"
RUN=()
if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$PGROOT"; RUN=(runuser -u postgres --); fi
"${RUN[@]}" "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth-host=scram-sha-256 --auth-local=trust --pwfile="$PGROOT/pw" --no-sync >/dev/null
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGROOT/log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off -c max_connections=200" start >/dev/null
cleanup() { "${RUN[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true; rm -rf "$PGROOT"; }
trap cleanup EXIT
export CIRCULA_TEST_POSTGRES_URL="postgres://postgres:ci@127.0.0.1:$PGPORT/postgres"
echo "with-postgres: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT"
"$@"
