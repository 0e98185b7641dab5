"""Driver for bench/search-load (run that, not this): seeds, serves, loads
the search with wrk, loads the same SQL with pgbench, prints the comparison.
"""

import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

FRITID = os.environ["FRITID_BIN"]
PGBENCH = os.environ["PGBENCH"]
PG_LOG = Path(os.environ["PG_LOG"])
WORK = Path(os.environ["BENCH_DATA"])
BASE_URL = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
DURATION = int(os.environ.get("BENCH_DURATION", "20"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))


def filter_mix():
    """What people search for: mostly one to three filters, some free text,
    a few with none (the first page of the calendar)."""
    today = date.today()
    week = (today + timedelta(days=7)).isoformat()
    return [
        "",
        "suitable_for=8&district=heggedal",
        "suitable_for=10&category=idrett,dans",
        "is_free=true&district=vollen,holmen",
        "q=fotball",
        "q=sjakk&suitable_for=9",
        "weekday=sat,sun&suitable_for=6",
        "has_free_places=true&category=musikk",
        f"from={today.isoformat()}&to={week}&district=royken",
        "max_cost=500&drop_in=true",
        "district=asker-sentrum&time_from=16:00&time_to=18:00",
        "suitable_for=70&category=seniortrening,frivillighet",
        "free_trial=true&district=slemmestad,spikkestad",
        "no_membership_needed=true&suitable_for=14",
        "page=3&category=kultur",
        "step_free_access=true&adapted_for_disabilities=true",
    ]


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


def ensure_seeded(size):
    """A database with `size` demo activities, seeded once and reused."""
    db = f"fritid_bench_{size}"
    exists = psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{db}'")
    if exists:
        count = psql(db, "SELECT count(*) FROM activities WHERE is_demo")
        if count == str(size):
            print(f"  reusing {db} ({size} activities)", flush=True)
            return db
        psql("postgres", f"DROP DATABASE {db} WITH (FORCE)")
    psql("postgres", f"CREATE DATABASE {db}")
    env = {**os.environ, "DATABASE_URL": f"{BASE_URL}/{db}", "RUST_LOG": "warn"}
    subprocess.run([FRITID, "migrate"], env=env, check=True, capture_output=True)
    organizations = max(40, size // 25)
    started = time.time()
    print(f"  seeding {db}: {organizations} organizations, {size} activities …", flush=True)
    subprocess.run(
        [FRITID, "seed", "--organizations", str(organizations), "--activities", str(size)],
        env=env, check=True, capture_output=True,
    )
    psql(db, "VACUUM ANALYZE")
    occurrences = psql(db, "SELECT count(*) FROM activity_occurrences")
    print(f"  seeded in {time.time() - started:.0f} s ({occurrences} occurrences)", flush=True)
    return db


class Server:
    def __init__(self, db):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DATABASE_URL": f"{BASE_URL}/{db}",
            "FRITID_LISTEN": f"127.0.0.1:{self.port}",
            "FRITID_DB_POOL_SIZE": str(CONNECTIONS),
            "RUST_LOG": "warn",
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

    def get(self, path):
        with urllib.request.urlopen(f"{self.url}{path}", timeout=30) as r:
            return json.load(r)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=20)
        self.log.close()


ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \w+ \[\d+\] ", re.M)


def capture_sql(db, paths):
    """The statements the API runs for each path, with the bound values
    written in, read from the statement log of a server started with
    log_statement = all for this database only."""
    psql("postgres", f"ALTER DATABASE {db} SET log_statement = 'all'")
    server = Server(db)
    try:
        start = PG_LOG.stat().st_size
        for i, path in enumerate(paths):
            psql(db, f"SELECT 'bench-marker-{i}'")
            server.get(path)
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
        sql = m.group(1)
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


def run_wrk(server, paths):
    lua = WORK / "mix.lua"
    lua.write_text(
        "local paths = {" + ",".join(json.dumps("/api/v1/activities?" + p) for p in paths) + "}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #paths + 1\n"
        "  return wrk.format('GET', paths[i])\n"
        "end\n"
    )
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--timeout", "60s", "--latency", "-s", str(lua), server.url],
        check=True, capture_output=True, text=True,
    ).stdout

    def ms(label):
        m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors or "Socket errors" in out:
        raise SystemExit(f"wrk saw failed requests:\n{out}")
    return {"rps": rps, "p50": ms("50%"), "p99": ms("99%")}


def run_pgbench(db, scripts):
    files = []
    for i, script in enumerate(scripts):
        f = WORK / f"query-{i}.sql"
        f.write_text("\n".join(script) + "\n")
        files += ["-f", f"{f}@1"]
    with tempfile.TemporaryDirectory(dir=WORK) as logs:
        subprocess.run(
            [PGBENCH, "-n", "-c", str(CONNECTIONS), "-j", "2", "-T", str(DURATION),
             "-l", "--log-prefix", f"{logs}/tx", *files, f"{BASE_URL}/{db}"],
            check=True, capture_output=True, text=True,
        )
        latencies = []
        for log in Path(logs).glob("tx*"):
            for line in log.read_text().splitlines():
                latencies.append(int(line.split()[2]) / 1000)
    return {
        "rps": len(latencies) / DURATION,
        "p50": statistics.median(latencies),
        "p99": percentile(latencies, 99),
    }


def main():
    sizes = [int(s) for s in " ".join(sys.argv[1:]).split()]
    paths = filter_mix()
    results = {}
    for size in sizes:
        print(f"== {size} activities", flush=True)
        db = ensure_seeded(size)
        scripts = capture_sql(db, ["/api/v1/activities?" + p for p in paths])
        server = Server(db)
        try:
            totals = [server.get("/api/v1/activities?" + p)["total"] for p in paths]
            print(f"  matches per query: {totals}", flush=True)
            server.get("/api/v1/activities")  # warm up
            api = run_wrk(server, paths)
        finally:
            server.stop()
        raw = run_pgbench(db, scripts)
        results[size] = (api, raw)
        print(f"  API (wrk):     {api['rps']:8.1f} req/s  p50 {api['p50']:7.2f} ms  p99 {api['p99']:7.2f} ms")
        print(f"  raw SQL (pgb): {raw['rps']:8.1f} q/s    p50 {raw['p50']:7.2f} ms  p99 {raw['p99']:7.2f} ms")
        print(f"  ratio API/raw: {api['rps'] / raw['rps']:.2f}", flush=True)
    print()
    print("| activities | API req/s | API p50 ms | API p99 ms | raw SQL q/s | raw p50 ms | raw p99 ms | API/raw |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, (api, raw) in results.items():
        print(f"| {size:,} | {api['rps']:.0f} | {api['p50']:.2f} | {api['p99']:.2f} | {raw['rps']:.0f} "
              f"| {raw['p50']:.2f} | {raw['p99']:.2f} | {api['rps'] / raw['rps']:.2f} |")
    if len(sizes) >= 2:
        first, last = results[sizes[0]][0], results[sizes[-1]][0]
        print(f"\np99 growth {sizes[0]:,} → {sizes[-1]:,}: {last['p99'] / first['p99']:.2f}×")


if __name__ == "__main__":
    main()
