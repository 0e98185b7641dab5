# Shared set-up steps for scripts/run and scripts/test. Sourced, not run.
# Every step checks first and only installs or starts what is missing, so a
# second run is fast. Everything comes from the package registries
# (crates.io, npm, Debian/Ubuntu apt); nothing is downloaded from elsewhere.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="${FRITID_DATA_DIR:-$ROOT/.data}"
PG_PORT="${FRITID_PG_PORT:-54329}"

# Where the private PostgreSQL cluster lives (see ensure_database):
#  - as a normal user, under the checkout: .data/pg (data) and .data/pg-socket;
#  - as root, in a directory the OS user `postgres` owns, because the server
#    runs as that user and cannot enter a checkout under a private home such
#    as /root (mode 0700). The directory is named after the data directory's
#    absolute path, so two checkouts never share a cluster:
#    ~postgres/fritid/<name>-<hash>/{data,socket}. A cluster made by an older
#    version under .data/pg is still used if it exists.
pg_cluster_dir() {
  local home key
  home="$(getent passwd postgres | cut -d: -f6)"
  [ -n "$home" ] || home=/var/lib/postgresql
  mkdir -p "$DATA_DIR"
  key="$(cd "$DATA_DIR" && pwd -P)"
  printf '%s/fritid/%s-%s\n' "$home" "$(basename "$(dirname "$key")" | tr -c 'A-Za-z0-9._\n-' '_')" \
    "$(printf '%s' "$key" | sha256sum | cut -c1-12)"
}
if [ "$(id -u)" = 0 ] && [ ! -f "$DATA_DIR/pg/PG_VERSION" ]; then
  PG_CLUSTER="$(pg_cluster_dir)"
  PG_DATA="$PG_CLUSTER/data"
  PG_SOCK="$PG_CLUSTER/socket"
else
  PG_DATA="$DATA_DIR/pg"
  PG_SOCK="$DATA_DIR/pg-socket"
fi

say() { printf '\033[1;34m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[1;31mxx> %s\033[0m\n' "$*" >&2; exit 1; }

if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi

# apt_install PKG... : installs the Debian/Ubuntu packages that are missing.
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing ${missing[*]} (apt)"
  # Waits for the dpkg lock if another install runs (e.g. two scripts at once).
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}" >/dev/null
}

ensure_rust() {
  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first (https://rustup.rs)"
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# The wasm-bindgen CLI must match the wasm-bindgen crate in frontend/Cargo.lock exactly.
ensure_wasm_bindgen() {
  local want
  want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$ROOT/frontend/Cargo.lock")"
  [ -n "$want" ] || die "wasm-bindgen not found in frontend/Cargo.lock"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "Installing wasm-bindgen-cli $want from crates.io (takes a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

# npm packages (wasm-opt from binaryen; playwright-core and axe-core for tests).
ensure_node_modules() {
  local dir="$1"
  command -v npm >/dev/null || die "npm not found: install Node.js 20 first"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "Installing npm packages in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

pg_bindir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$dir" ] && echo "$dir"
}

# pg COMMAND ARGS... : runs a PostgreSQL server tool, as the OS user
# `postgres` when we are root (initdb and pg_ctl refuse to run as root).
pg() {
  local bin
  bin="$(pg_bindir)/$1"; shift
  # From /, which every user may enter (the caller's directory may be private).
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$bin" "$@"); else "$bin" "$@"; fi
}

# Starts (or reuses) the private cluster (PG_DATA, see above) unless
# DATABASE_URL is set, and exports DATABASE_URL. Commits are synchronous
# (PostgreSQL's default): what the API acknowledged survives a crash.
ensure_database() {
  if [ -n "${DATABASE_URL:-}" ]; then
    say "Using DATABASE_URL from the environment"
    return 0
  fi
  if [ -z "$(pg_bindir)" ]; then
    apt_install postgresql postgresql-contrib
  fi
  [ -n "$(pg_bindir)" ] || die "PostgreSQL server binaries not found after install"
  command -v psql >/dev/null || apt_install postgresql-client
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "no OS user 'postgres' to run the cluster as"
    mkdir -p "$PG_DATA" "$PG_SOCK"
    chown postgres:postgres "$PG_SOCK" "$PG_DATA"
    [ "$(dirname "$PG_DATA")" = "$DATA_DIR" ] || chown postgres:postgres "$(dirname "$PG_DATA")"
  else
    mkdir -p "$PG_DATA" "$PG_SOCK"
  fi
  chmod 700 "$PG_DATA"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    say "Creating a private PostgreSQL cluster in $PG_DATA"
    pg initdb -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! pg pg_ctl -D "$PG_DATA" status >/dev/null 2>&1; then
    say "Starting PostgreSQL on 127.0.0.1:$PG_PORT (data in $PG_DATA)"
    pg pg_ctl -D "$PG_DATA" -l "$PG_DATA/server.log" -w start \
      -o "-p $PG_PORT -k $PG_SOCK -c listen_addresses=127.0.0.1 -c max_connections=300" >/dev/null \
      || { tail -n 20 "$PG_DATA/server.log" >&2; die "PostgreSQL did not start (is port $PG_PORT taken? set FRITID_PG_PORT)"; }
  fi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/fritid"
  PRIVATE_CLUSTER=1
  if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='fritid'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE fritid" >/dev/null
  fi
}

# A streaming replica of the private cluster, for the read-replica tests:
# pg_basebackup -R copies the primary and makes the copy follow it; it runs
# on the next port, from a data directory beside the primary's. A replica
# that is not running is made again (the primary may have recycled the log
# it would need). After ensure_database; exports FRITID_TEST_REPLICA_URL
# (the replica server).
REPLICA_PORT=$((PG_PORT + 1))
REPLICA_DATA="$PG_DATA-replica"
ensure_replica() {
  [ -n "${FRITID_TEST_REPLICA_URL:-}" ] && { say "Using FRITID_TEST_REPLICA_URL from the environment"; return 0; }
  [ -n "${PRIVATE_CLUSTER:-}" ] \
    || die "DATABASE_URL is set: also set FRITID_TEST_REPLICA_URL to a streaming replica of its server"
  if ! pg pg_ctl -D "$REPLICA_DATA" status >/dev/null 2>&1; then
    say "Starting a streaming replica of the cluster on 127.0.0.1:$REPLICA_PORT (pg_basebackup -R)"
    rm -rf "$REPLICA_DATA" && mkdir -p "$REPLICA_DATA" && chmod 700 "$REPLICA_DATA"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$REPLICA_DATA"; fi
    pg pg_basebackup -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$REPLICA_DATA" -R \
      --checkpoint=fast -X stream >/dev/null
    rm -f "$REPLICA_DATA/server.log"
    pg pg_ctl -D "$REPLICA_DATA" -l "$REPLICA_DATA/server.log" -w start \
      -o "-p $REPLICA_PORT -k $PG_SOCK -c listen_addresses=127.0.0.1 -c max_connections=300" >/dev/null \
      || { tail -n 20 "$REPLICA_DATA/server.log" >&2; die "the replica did not start (is port $REPLICA_PORT taken?)"; }
  fi
  export FRITID_TEST_REPLICA_URL="postgres://postgres@127.0.0.1:$REPLICA_PORT/postgres"
}

# The project's Python tools, pinned, in .venv: schemathesis (API
# conformance) and aiosmtpd (the real SMTP server the mail tests send to).
SCHEMATHESIS_VERSION=4.32.5
AIOSMTPD_VERSION=1.4.6
ensure_python_tools() {
  if ! "$ROOT/.venv/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION" \
     || [ "$("$ROOT/.venv/bin/python" -c 'import aiosmtpd; print(aiosmtpd.__version__)' 2>/dev/null)" != "$AIOSMTPD_VERSION" ]; then
    [ -x "$ROOT/.venv/bin/pip" ] || python3 -m venv "$ROOT/.venv" 2>/dev/null \
      || { apt_install python3-venv; python3 -m venv "$ROOT/.venv"; }
    say "Installing schemathesis $SCHEMATHESIS_VERSION and aiosmtpd $AIOSMTPD_VERSION from PyPI (once)"
    "$ROOT/.venv/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION" "aiosmtpd==$AIOSMTPD_VERSION"
  fi
}

# Builds the Leptos app into frontend/dist: cargo → wasm-bindgen → wasm-opt.
build_frontend() {
  ensure_rust
  ensure_wasm_bindgen
  ensure_node_modules "$ROOT/frontend"
  say "Building the web app (frontend/dist)"
  local out="$ROOT/frontend/dist" target="$ROOT/frontend/target"
  (cd "$ROOT/frontend" && cargo build --release --target wasm32-unknown-unknown --quiet)
  rm -rf "$out.tmp" && mkdir -p "$out.tmp"
  # Four bundles: the citizens' app (fritid), Bamsefondet for families
  # (fritid_fund), BUA for families (fritid_lending) and the work pages
  # (fritid_work).
  local bin name
  for bin in citizen:fritid fund:fritid_fund lending:fritid_lending work:fritid_work; do
    name="${bin#*:}"
    wasm-bindgen --target web --no-typescript --out-dir "$out.tmp" --out-name "$name" \
      "$target/wasm32-unknown-unknown/release/${bin%%:*}.wasm"
    "$ROOT/frontend/node_modules/.bin/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$out.tmp/${name}_bg.wasm" -o "$out.tmp/${name}_bg.wasm"
  done
  cp -r "$ROOT/frontend/public/." "$out.tmp/"
  # Content-hashed names under /assets/, brotli and gzip copies.
  node "$ROOT/frontend/build/assets.mjs" "$out.tmp"
  rm -rf "$out" && mv "$out.tmp" "$out"
}
