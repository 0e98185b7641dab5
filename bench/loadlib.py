"""What the load benchmarks share (bench/search-load, bench/fund-load):
the release server on a free port, the SQL it runs for a request captured
from PostgreSQL's statement log, wrk against the server and pgbench against
the same SQL, with the same connections, in the same run.
"""

import json
import os
import re
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

FRITID = os.environ["FRITID_BIN"]
PGBENCH = os.environ["PGBENCH"]
PG_LOG = Path(os.environ["PG_LOG"])
WORK = Path(os.environ["BENCH_DATA"])
BASE_URL = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
DURATION = int(os.environ.get("BENCH_DURATION", "20"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))


def psql(db, sql):
    out = subprocess.run(
        ["psql", f"{BASE_URL}/{db}", "-qtAc", sql],
        check=True, capture_output=True, text=True,
    )
    return out.stdout.strip()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    def __init__(self, db, **extra_env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DATABASE_URL": f"{BASE_URL}/{db}",
            "FRITID_LISTEN": f"127.0.0.1:{self.port}",
            # The server's own default pool (CPU count × 2) unless BENCH_POOL.
            **({"FRITID_DB_POOL_SIZE": os.environ["BENCH_POOL"]} if "BENCH_POOL" in os.environ else {}),
            # Background jobs (retention, reminders) would write while the
            # requests are measured; the benchmark measures requests only.
            "FRITID_JOBS": "false",
            "RUST_LOG": "warn",
            **extra_env,
        }
        self.log = open(WORK / "server.log", "w")
        self.process = subprocess.Popen([FRITID, "serve"], env=env, stdout=self.log, stderr=self.log)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{self.url}/readyz", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("the server did not start; see .data/bench/server.log")

    def get(self, path, token=None):
        request = urllib.request.Request(f"{self.url}{path}")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(request, timeout=30) as r:
            return json.load(r)

    def post(self, path, body):
        request = urllib.request.Request(
            f"{self.url}{path}", data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as r:
            return json.load(r)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=20)
        self.log.close()


ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \w+ \[\d+\] ", re.M)


def capture_sql(db, paths, token=None):
    """The statements the API runs for each path, with the bound values
    written in, read from the statement log of a server started with
    log_statement = all for this database only."""
    psql("postgres", f"ALTER DATABASE {db} SET log_statement = 'all'")
    server = Server(db)
    try:
        start = PG_LOG.stat().st_size
        for i, path in enumerate(paths):
            psql(db, f"SELECT 'bench-marker-{i}'")
            server.get(path, token)
        psql(db, f"SELECT 'bench-marker-{len(paths)}'")
        time.sleep(0.5)
    finally:
        server.stop()
        psql("postgres", f"ALTER DATABASE {db} RESET log_statement")
    with open(PG_LOG, encoding="utf-8", errors="replace") as f:
        f.seek(start)
        text = f.read()
    entries = [e.strip() for e in ENTRY.split(text) if e.strip()]
    scripts = [[] for _ in paths]
    current = None
    for n, entry in enumerate(entries):
        marker = re.search(r"bench-marker-(\d+)", entry)
        if marker and entry.startswith("LOG:  statement:"):
            current = int(marker.group(1))
            continue
        if current is None or current >= len(paths):
            continue
        m = re.match(r"LOG:  execute [^:]*: (.*)", entry, re.S)
        if not m:
            continue
        # Line comments would swallow the rest once the lines are joined.
        sql = re.sub(r"--[^\n]*", "", m.group(1))
        detail = entries[n + 1] if n + 1 < len(entries) else ""
        if detail.startswith("DETAIL:  parameters:"):
            params = dict(re.findall(r"\$(\d+) = ('(?:[^']|'')*'|NULL)", detail))
            for k in sorted(params, key=int, reverse=True):
                sql = sql.replace(f"${k}", params[k])
        if sql.strip().upper() in ("BEGIN", "COMMIT", "ROLLBACK"):
            continue
        scripts[current].append(" ".join(sql.split()) + ";")
    for path, script in zip(paths, scripts):
        if not script:
            raise SystemExit(f"no SQL captured for {path!r}; is the statement log at {PG_LOG}?")
    return scripts


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def wrk_ms(out, label):
    """A latency percentile (`50%`, `99%`) from wrk's --latency output, in ms."""
    m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def run_wrk(server, paths, token=None, connections=None):
    """wrk cycling through `paths` (each with its query) as one mix, on
    `connections` (default BENCH_CONNECTIONS)."""
    connections = connections or CONNECTIONS
    lua = WORK / "mix.lua"
    headers = f"{{Authorization = {json.dumps('Bearer ' + token)}}}" if token else "nil"
    lua.write_text(
        "local paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
        f"local headers = {headers}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #paths + 1\n"
        "  return wrk.format('GET', paths[i], headers)\n"
        "end\n"
    )
    out = subprocess.run(
        ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{DURATION}s", "--timeout", "60s", "--latency", "-s", str(lua), server.url],
        check=True, capture_output=True, text=True,
    ).stdout

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors or "Socket errors" in out:
        raise SystemExit(f"wrk saw failed requests:\n{out}")
    return {"rps": rps, "p50": wrk_ms(out, "50%"), "p99": wrk_ms(out, "99%")}


# The settings the server sets on each of its connections
# (`fritid_db::pool::SESSION_SETTINGS`), so pgbench runs SQL as it does.
SESSION_OPTIONS = "-c jit=off -c max_parallel_workers_per_gather=0"


def run_pgbench(db, scripts, name="query"):
    files = []
    for i, script in enumerate(scripts):
        f = WORK / f"{name}-{i}.sql"
        f.write_text("\n".join(script) + "\n")
        files += ["-f", f"{f}@1"]
    with tempfile.TemporaryDirectory(dir=WORK) as logs:
        subprocess.run(
            [PGBENCH, "-n", "-c", str(CONNECTIONS), "-j", "2", "-T", str(DURATION),
             "-l", "--log-prefix", f"{logs}/tx", *files, f"{BASE_URL}/{db}"],
            check=True, capture_output=True, text=True,
            # The server's session settings (fritid_db::pool::SESSION_SETTINGS).
            env={**os.environ, "PGOPTIONS": SESSION_OPTIONS},
        )
        latencies = []
        failed = 0
        for log in Path(logs).glob("tx*"):
            for line in log.read_text().splitlines():
                field = line.split()[2]
                if field.isdigit():
                    latencies.append(int(field) / 1000)
                else:
                    failed += 1
        if failed:
            raise SystemExit(f"pgbench: {failed} transactions failed or were skipped")
    return {
        "rps": len(latencies) / DURATION,
        "p50": statistics.median(latencies),
        "p99": percentile(latencies, 99),
    }


