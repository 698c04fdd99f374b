#!/usr/bin/env bash
# A private PostGIS for the differential test (PostgisDifferentialIT), on loopback only.
#
#   tools/postgis.sh start    installs postgresql-15 + postgresql-15-postgis-3 with apt-get when missing,
#                             creates and starts a throw-away cluster, creates database `geostream` with
#                             the postgis extension, and prints its JDBC URL on the last line of stdout
#   tools/postgis.sh stop     stops the cluster (its files stay, so the next start is fast)
#   tools/postgis.sh status   exits 0 when the cluster runs
#   tools/postgis.sh url      prints the JDBC URL
#
# Idempotent: `start` on a running cluster only re-checks the database and extension. The cluster
# runs as the `postgres` OS user when invoked as root (PostgreSQL refuses to run as root), as the
# invoking user otherwise. It trusts every connection, which is why it listens on 127.0.0.1 only and
# on a port of its own; never point it at data you care about.
#
# Environment: GEOSTREAM_PG_DIR (default /tmp/geostream-postgis), GEOSTREAM_PG_PORT (default 55432).
set -euo pipefail

PG_VERSION=15
DIR="${GEOSTREAM_PG_DIR:-/tmp/geostream-postgis}"
PORT="${GEOSTREAM_PG_PORT:-55432}"
DB=geostream
BIN="/usr/lib/postgresql/$PG_VERSION/bin"
DATA="$DIR/data"
LOG="$DIR/postgres.log"
URL="jdbc:postgresql://127.0.0.1:$PORT/$DB?user=postgres"

log() { echo "postgis.sh: $*" >&2; }
die() { log "Cannot $1: $2"; exit 1; }

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Runs a command as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

install_packages() {
  local need=()
  [ -x "$BIN/postgres" ] || need+=("postgresql-$PG_VERSION")
  [ -f "/usr/share/postgresql/$PG_VERSION/extension/postgis.control" ] || need+=("postgresql-$PG_VERSION-postgis-3")
  if [ ${#need[@]} -gt 0 ]; then
    command -v apt-get >/dev/null 2>&1 || die "install ${need[*]}" "apt-get not found (Debian/Ubuntu only)"
    log "installing ${need[*]} ..."
    sudo_if_needed apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  [ -x "$BIN/postgres" ] || die "start PostGIS" "$BIN/postgres is missing after installation"
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    die "start PostGIS" "the postgres OS user does not exist"
  fi
}

running() {
  [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

psql_q() {
  as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres "$@"
}

init_cluster() {
  mkdir -p "$DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$DIR"; fi
  chmod 700 "$DIR"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    log "initialising a cluster in $DATA"
    rm -rf "$DATA"
    as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
    # A test database: durability is not wanted, speed is.
    as_owner tee -a "$DATA/postgresql.conf" >/dev/null <<EOF
# geostream differential test settings
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 20
shared_buffers = 128MB
EOF
  fi
}

start() {
  install_packages
  exec 9>"$DIR.lock"
  flock 9
  init_cluster
  if running; then
    log "already running on 127.0.0.1:$PORT"
  else
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
      die "start PostGIS" "port $PORT on 127.0.0.1 is taken by another process (set GEOSTREAM_PG_PORT)"
    fi
    log "starting on 127.0.0.1:$PORT (log: $LOG)"
    # 9>&-: the server must not inherit the lock, or the next start would wait for it forever.
    as_owner "$BIN/pg_ctl" start -D "$DATA" -l "$LOG" -w -t 60 >/dev/null 9>&- \
      || { tail -n 20 "$LOG" >&2 || true; die "start PostGIS" "pg_ctl failed, see $LOG"; }
  fi
  if [ "$(psql_q -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
    psql_q -d postgres -c "CREATE DATABASE $DB"
  fi
  psql_q -d "$DB" -c "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS postgis"
  flock -u 9
  log "$(psql_q -d "$DB" -tAc 'SELECT postgis_full_version()' | cut -c1-160)"
  echo "$URL"
}

stop() {
  if running; then
    as_owner "$BIN/pg_ctl" stop -D "$DATA" -m fast -w >/dev/null
    log "stopped"
  else
    log "not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) running ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
