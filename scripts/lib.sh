# Shared by scripts/run and scripts/test: install what is missing, start PostgreSQL and Redis, wait for ports.
# shellcheck shell=bash

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi; }

ensure_redis() {
  command -v redis-server >/dev/null && return
  log "installing redis-server (apt-get)"
  as_root apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq redis-server >/dev/null
  command -v redis-server >/dev/null || die "redis-server could not be installed"
}

ensure_buf() {
  [[ -x $REPO_ROOT/scripts/node_modules/.bin/buf ]] && return
  command -v npm >/dev/null || die "npm is needed to install buf (@bufbuild/buf)"
  log "installing buf from npm"
  (cd "$REPO_ROOT/scripts" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() { # free_port START: the first free port from START upwards
  local p=$1
  while port_in_use "$p"; do p=$((p + 1)); done
  echo "$p"
}

wait_for_port() { # wait_for_port PORT WHAT [SECONDS]
  local i
  for ((i = 0; i < ${3:-60} * 10; i++)); do port_in_use "$1" && return 0; sleep 0.1; done
  die "$2 did not start listening on port $1"
}

# Runs a command as the postgres user when we are root (PostgreSQL refuses to run as root).
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# start_postgres DIR PORT: a cluster in DIR/pg (created on first use), user and database "makini".
# Sets PG_CONN to the Npgsql connection string.
start_postgres() {
  local dir=$1 port=$2 pgdata=$1/pg password
  [[ -x $PG_BIN/initdb ]] || die "PostgreSQL binaries not found (looked in /usr/lib/postgresql/*/bin)"
  mkdir -p "$dir" && chmod 755 "$dir"
  if [[ ! -s $dir/pg-password ]]; then head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$dir/pg-password"; fi
  password=$(cat "$dir/pg-password")
  if [[ ! -f $pgdata/PG_VERSION ]]; then
    mkdir -p "$pgdata"
    [[ $(id -u) -eq 0 ]] && chown postgres "$pgdata" && cp "$dir/pg-password" "$pgdata.pw" && chown postgres "$pgdata.pw"
    as_postgres "$PG_BIN/initdb" -D "$pgdata" -U makini --auth=scram-sha-256 --pwfile="$pgdata.pw" -E UTF8 --locale=C.UTF-8 >/dev/null \
      || die "initdb failed"
    rm -f "$pgdata.pw"
  fi
  # A cluster left running by an interrupted run is stopped first, so it comes back on the port asked for.
  as_postgres "$PG_BIN/pg_ctl" -D "$pgdata" status >/dev/null 2>&1 && as_postgres "$PG_BIN/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null
  touch "$dir/postgres.log" && [[ $(id -u) -eq 0 ]] && chown postgres "$dir/postgres.log"
  # lz4 compresses large values (raw source records, change payloads) at a fraction of pglz's CPU cost.
  local toast=""
  "$PG_BIN/pg_config" --configure 2>/dev/null | grep -q -- --with-lz4 && toast="-c default_toast_compression=lz4"
  # An initial sync of 100,000 records writes about 0.5 GB of WAL: at the default max_wal_size (1 GB) checkpoints came
  # every 30 s mid-sync, and PostgreSQL's log asked for a larger max_wal_size.
  # A port that looked free can be taken before PostgreSQL binds it (an outgoing connection's local port): try the next.
  local attempt
  for attempt in 1 2 3 4 5; do
    as_postgres "$PG_BIN/pg_ctl" -D "$pgdata" -l "$dir/postgres.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300 -c fsync=off -c synchronous_commit=off -c max_wal_size=4GB $toast ${PG_EXTRA_OPTS:-}" \
      start >/dev/null && break
    grep -q "Address already in use" "$dir/postgres.log" && ((attempt < 5)) || die "PostgreSQL did not start; see $dir/postgres.log"
    port=$(free_port $((port + 1)))
    log "port taken; PostgreSQL tries $port"
  done
  PGPASSWORD=$password "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U makini -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='makini'" | grep -q 1 \
    || PGPASSWORD=$password "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U makini makini
  PG_PASSWORD=$password PG_PORT=$port
  PG_CONN="Host=127.0.0.1;Port=$port;Username=makini;Password=$password;Database=makini;Maximum Pool Size=100"
}

# pg_sql SQL: runs SQL on the database start_postgres made.
pg_sql() { PGPASSWORD=$PG_PASSWORD "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U makini -d makini -tA -F ' | ' -c "$1"; }

stop_postgres() { as_postgres "$PG_BIN/pg_ctl" -D "$1/pg" -m fast -w stop >/dev/null 2>&1 || true; }

# start_redis DIR PORT: a cache only, so no persistence. Sets REDIS_CONN and REDIS_PID.
start_redis() {
  local dir=$1 port=$2
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save "" --appendonly no \
    --logfile "$dir/redis.log" --daemonize no >/dev/null 2>&1 &
  REDIS_PID=$!
  wait_for_port "$port" "redis-server" 20
  REDIS_CONN="127.0.0.1:$port"
}

random_key() { head -c 32 /dev/urandom | base64; }

# stop_pids PID...: TERM, up to 15 s to finish, then KILL.
stop_pids() {
  local pid i
  for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
  for ((i = 0; i < 150; i++)); do
    local alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || return 0
    sleep 0.1
  done
  for pid in "$@"; do kill -9 "$pid" 2>/dev/null || true; done
}
