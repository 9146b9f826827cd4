# A throwaway PostgreSQL server for tests and benchmarks (sourced by dev.sh): Debian's
# `postgresql` package, its own data directory under /tmp, listening on 127.0.0.1 only,
# trust authentication for the local user `partnerdesk`. Removed by `pg_stop`.
#
#   pg_throwaway_start PORT [extra postgres -c settings...]   sets PG_URL (admin URL)
#   pg_start_in DIR PORT [settings...]                         a server whose files are kept
#   pg_stop                                                    stops either (a throwaway one is removed)
#   pg_create_database NAME

PG_DIR=""
PG_URL=""
PG_THROWAWAY=0

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || die "PostgreSQL is not installed (the bootstrap installs Debian's postgresql)"
  printf '%s/%s' "$dir" "$1"
}

# PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user.
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_throwaway_start() {
  local port=$1; shift
  PG_THROWAWAY=1
  pg_start_in "$(mktemp -d /tmp/partnerdesk-pg.XXXXXX)" "$port" "$@"
}

# Starts (creating it if missing) a server whose files live in DIR; sets PG_DIR and PG_URL.
pg_start_in() {
  local dir=$1 port=$2; shift 2
  local settings=(-c listen_addresses=127.0.0.1 -c "port=$port" -c max_connections=400)
  local s
  for s in "$@"; do settings+=(-c "$s"); done
  PG_DIR=$dir
  mkdir -p "$PG_DIR"
  chmod 755 "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    pg_as_owner "$(pg_bin initdb)" -D "$PG_DIR/data" -U partnerdesk --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null \
      || die "initdb failed"
  fi
  pg_as_owner "$(pg_bin pg_ctl)" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-k $PG_DIR ${settings[*]}" start >/dev/null || { cat "$PG_DIR/server.log" >&2; die "PostgreSQL did not start"; }
  PG_URL="postgres://partnerdesk@127.0.0.1:$port/postgres"
}

# Creates a database on the running server unless it exists.
pg_create_database() {
  local name=$1 port=${PG_URL##*:}
  port=${port%%/*}
  "$(pg_bin createdb)" -h 127.0.0.1 -p "$port" -U partnerdesk "$name" 2>/dev/null || true
}

# Stops the running server, if any: a throwaway one fast and its files removed, a kept
# one cleanly with its files kept.
pg_stop() {
  [ -n "$PG_DIR" ] || return 0
  if [ "$PG_THROWAWAY" = 1 ]; then
    pg_as_owner "$(pg_bin pg_ctl)" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  else
    pg_as_owner "$(pg_bin pg_ctl)" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  fi
  PG_DIR=""
  PG_THROWAWAY=0
}
