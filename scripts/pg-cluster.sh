#!/usr/bin/env bash
# A throw-away PostgreSQL cluster on loopback for the tests of the shared store.
#
#   eval "$(bash scripts/pg-cluster.sh start)"   # initdb into a temporary folder, start on a free port,
#                                                # print the exports (LLMCACHE_TEST_POSTGRES_URL, ...)
#   bash scripts/pg-cluster.sh stop-server DIR   # stop the server, keep its data (restart tests)
#   bash scripts/pg-cluster.sh start-server DIR  # start it again on the same port
#   bash scripts/pg-cluster.sh stop DIR          # stop it and remove the folder
#
# initdb refuses to run as root, so as root the cluster belongs to the `postgres` user (created by
# Debian's postgresql package, which scripts/setup.sh installs) and runs through runuser.
set -euo pipefail

log() { printf '[pg-cluster] %s\n' "$*" >&2; }

bindir() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$found" ] && [ -x "$found/initdb" ]; then
    printf '%s\n' "$found"
  elif command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  else
    log "initdb not found; install Debian's postgresql package (scripts/setup.sh does)"
    exit 1
  fi
}

# Runs a command as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start_server() {
  local dir="$1" bin port
  bin="$(cat "$dir/bindir")"
  port="$(cat "$dir/port")"
  # In a subshell that first closes every inherited descriptor above stderr: the server outlives this
  # script, and a pipe end it kept open would keep the caller waiting for end-of-file.
  (
    for fd in /proc/self/fd/*; do
      n="${fd##*/}"
      if [ "$n" -gt 2 ] && [ "$n" -ne 255 ]; then eval "exec $n>&-" 2>/dev/null || true; fi
    done
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c max_connections=200" \
      start >/dev/null
  )
}

stop_server() {
  local dir="$1" bin
  bin="$(cat "$dir/bindir")"
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

case "${1:-}" in
  start)
    bin="$(bindir)"
    dir="$(mktemp -d "${TMPDIR:-/tmp}/llmcache-pg.XXXXXX")"
    chmod 755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      id postgres >/dev/null 2>&1 || { log "no postgres user; install Debian's postgresql package"; exit 1; }
      chown postgres: "$dir"
    fi
    printf '%s\n' "$bin" | as_owner tee "$dir/bindir" >/dev/null
    free_port | as_owner tee "$dir/port" >/dev/null
    as_owner "$bin/initdb" -D "$dir/data" -U llmcache --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    start_server "$dir"
    port="$(cat "$dir/port")"
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U llmcache llmcache_test
    log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir"
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    printf 'export LLMCACHE_TEST_POSTGRES_URL=%q\n' "postgres://llmcache@127.0.0.1:$port/llmcache_test?sslmode=disable"
    printf 'export LLMCACHE_TEST_POSTGRES_DIR=%q\n' "$dir"
    printf 'export LLMCACHE_TEST_POSTGRES_CONTROL=%q\n' "$here/pg-cluster.sh"
    ;;
  stop-server)
    stop_server "${2:?usage: pg-cluster.sh stop-server DIR}"
    ;;
  start-server)
    start_server "${2:?usage: pg-cluster.sh start-server DIR}"
    ;;
  stop)
    dir="${2:?usage: pg-cluster.sh stop DIR}"
    [ -f "$dir/bindir" ] || { log "$dir is not a cluster made by this script"; exit 1; }
    stop_server "$dir"
    rm -rf "$dir"
    ;;
  *)
    log "usage: pg-cluster.sh start | stop-server DIR | start-server DIR | stop DIR"
    exit 64
    ;;
esac
