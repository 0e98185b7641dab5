# Sourced by the browser benchmarks (bench/first-paint, bench/lighthouse):
# the release server with demo data and the built web app on a free port,
# in a database of its own that is dropped on exit.
#
#   source bench/demo-server.sh; serve_demo <database name>   # sets DEMO_URL

serve_demo() {
  local db="$1" port admin_url
  ensure_rust
  ensure_database
  apt_install chromium
  [ -f "$ROOT/frontend/dist/index.html" ] || build_frontend
  say "Building the release server"
  (cd "$ROOT" && cargo build --quiet --release -p fritid-api --bin fritid)
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  admin_url="${DATABASE_URL%/*}/postgres"
  psql "$admin_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -qc "CREATE DATABASE $db" >/dev/null
  DEMO_SERVER_PID=""
  DEMO_DB="$db"
  DEMO_ADMIN_URL="$admin_url"
  trap stop_demo EXIT
  export DATABASE_URL="${DATABASE_URL%/*}/$db" FRITID_STATIC_DIR="$ROOT/frontend/dist" FRITID_LISTEN="127.0.0.1:$port" FRITID_JOBS=false
  "$ROOT/target/release/fritid" migrate >/dev/null 2>&1
  "$ROOT/target/release/fritid" seed >/dev/null 2>&1
  "$ROOT/target/release/fritid" serve >"$DATA_DIR/$db-server.log" 2>&1 &
  DEMO_SERVER_PID=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
  DEMO_URL="http://127.0.0.1:$port"
}

stop_demo() {
  if [ -n "${DEMO_SERVER_PID:-}" ]; then kill "$DEMO_SERVER_PID" 2>/dev/null; wait "$DEMO_SERVER_PID" 2>/dev/null || true; fi
  psql "$DEMO_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DEMO_DB WITH (FORCE)" >/dev/null 2>&1 || true
}
