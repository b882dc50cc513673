#!/bin/bash
# A throwaway PostgreSQL server for tests and benchmarks, on 127.0.0.1 at a free port.
#
#   scripts/postgres.sh start [--durable]   installs Debian's postgresql if missing (needs root), runs
#                                           initdb as the postgres user in a temp dir, starts the server
#                                           and prints its URL: postgresql+psycopg://postgres@127.0.0.1:PORT/progtempo_test
#   scripts/postgres.sh stop [URL|DIR]      stops it (the last one started, or the one named) and removes
#                                           its temp dir
#   scripts/postgres.sh status              prints the URL of each one running
#
# `start` turns fsync off (a test cluster need not survive a power cut) unless --durable is given.
# Servers are remembered in $PROGTEMPO_PG_STATE (default ${TMPDIR:-/tmp}/progtempo-pg.state), one line
# each (dir, bin dir, URL), so several can run at once. Usage in CI:
#   export PROGTEMPO_TEST_PG_URL=$(scripts/postgres.sh start); trap 'scripts/postgres.sh stop' EXIT
set -euo pipefail

STATE=${PROGTEMPO_PG_STATE:-${TMPDIR:-/tmp}/progtempo-pg.state}
DBNAME=progtempo_test

say() { echo "postgres.sh: $*" >&2; }
die() { say "$*"; exit 1; }

find_bin() {
  local d
  # the newest version with a server (a client-only package has bin/ without initdb)
  d=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$d" ] && [ -x "$d" ] && dirname "$d"
}

install_pg() {
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed and installing it needs root: run 'sudo apt-get install -y postgresql', or run this script as root"
  say "installing Debian's postgresql (apt-get)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
}

# run a command as the postgres user when we are root (PostgreSQL refuses to run as root)
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else
    "$@"
  fi
}

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local p
  for p in $(seq 54321 54421); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  die "no free port between 54321 and 54421"
}

start() {
  local durable=0
  [ "${1:-}" = "--durable" ] && durable=1
  local bin
  bin=$(find_bin || true)
  if [ -z "$bin" ]; then install_pg; bin=$(find_bin || true); fi
  [ -n "$bin" ] || die "no PostgreSQL binaries under /usr/lib/postgresql/*/bin after installing"
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  local dir port opts
  dir=$(mktemp -d "${TMPDIR:-/tmp}/progtempo-pg.XXXXXX")
  chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
    || as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; die "initdb failed"; }
  port=$(free_port)
  opts="-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c timezone=UTC"
  [ "$durable" = 1 ] || opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if ! as_pg "$bin/pg_ctl" -D "$dir/data" -o "$opts" -l "$dir/server.log" -w -t 60 start >/dev/null; then
    cat "$dir/server.log" >&2 || true
    rm -rf "$dir"
    die "the server did not start"
  fi
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DBNAME" \
    || { as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$dir"; die "createdb failed"; }
  local url="postgresql+psycopg://postgres@127.0.0.1:$port/$DBNAME"
  printf '%s %s %s\n' "$dir" "$bin" "$url" >>"$STATE"
  say "started PostgreSQL ($bin) in $dir on 127.0.0.1:$port"
  echo "$url"
}

stop() {
  local want="${1:-}" line dir bin
  if [ -z "$want" ]; then
    line=$(tail -n 1 "$STATE" 2>/dev/null || true)
    [ -n "$line" ] || { say "nothing to stop (no server in $STATE)"; return 0; }
  else
    line=$( { [ -f "$STATE" ] && awk -v w="$want" '$1 == w || $3 == w' "$STATE"; } | tail -n 1 || true)
    [ -n "$line" ] || line="$want $(find_bin || true) -"
  fi
  read -r dir bin _ <<<"$line"
  case "$dir" in */progtempo-pg.*) ;; *) die "refusing to remove $dir: not a progtempo-pg temp dir";; esac
  if [ -d "$dir/data" ] && [ -n "$bin" ]; then
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || say "server in $dir was not running"
  fi
  rm -rf "$dir"
  if [ -f "$STATE" ]; then
    awk -v d="$dir" '$1 != d' "$STATE" >"$STATE.tmp" && mv "$STATE.tmp" "$STATE"
    [ -s "$STATE" ] || rm -f "$STATE"
  fi
  say "stopped and removed $dir"
}

status() {
  [ -s "$STATE" ] || { say "not running"; return 1; }
  local dir bin url found=1
  while read -r dir bin url; do
    if as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then echo "$url"; found=0; fi
  done <"$STATE"
  [ "$found" = 0 ] || say "not running"
  return "$found"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  status) status ;;
  *) echo "usage: $0 start [--durable] | stop [DIR] | status" >&2; exit 2 ;;
esac
