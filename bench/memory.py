"""Measures the release server's resident memory; see bench/memory."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

BIN = os.environ["FRITID_BIN"]
BUDGET_MB = float(os.environ.get("FRITID_RSS_BUDGET_MB", "150"))
DURATION = int(os.environ.get("BENCH_DURATION", "20"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
ADMIN_URL = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
DB = "fritid_bench_memory"
DB_URL = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + DB


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(sql):
    subprocess.run(["psql", ADMIN_URL, "-qc", sql], check=True, stdout=subprocess.DEVNULL)


class Sampler:
    """Samples a process's RSS every 0.2 s and keeps the peak."""

    def __init__(self, pid):
        self.pid, self.peak, self.stop = pid, 0.0, threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.2)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_):
        self.stop.set()
        self.thread.join()


def request(base, method, path, body=None, headers=None):
    req = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        e.read()
        return e.code
    except OSError:
        return 0


def hostile(base):
    """About 3,000 requests a careful attacker would send."""
    big = json.dumps({"email": "a" * 60000 + "@example.no", "password": "x" * 3000}).encode()
    deep = ("[" * 5000 + "]" * 5000).encode()
    cases = [
        ("POST", "/api/v1/auth/register", big, {"content-type": "application/json"}),
        ("POST", "/api/v1/auth/login", deep, {"content-type": "application/json"}),
        ("POST", "/api/v1/auth/login", b"\xff\xfe" * 20000, {"content-type": "application/json"}),
        ("POST", "/api/v1/auth/login", b"{" * 70000, {"content-type": "application/json"}),
        ("GET", "/api/v1/activities?q=" + "%F0%9F%98%80" * 1500, None, {}),
        ("GET", "/api/v1/activities?from=-5000-01-01&to=200000-01-01", None, {}),
        ("GET", "/api/v1/activities?" + "&".join(f"district=d{i}" for i in range(1500)), None, {}),
        ("GET", "/api/v1/activities?limit=100000&offset=999999999999", None, {}),
        ("GET", "/api/v1/me", None, {"authorization": "Bearer " + "e" * 8000}),
        ("POST", "/api/v1/organizations", big, {"content-type": "application/json", "authorization": "Bearer x.y.z"}),
    ]
    statuses = {}
    with ThreadPoolExecutor(max_workers=CONNECTIONS) as pool:
        for status in pool.map(lambda c: request(base, *c), cases * 300):
            statuses[status] = statuses.get(status, 0) + 1
    return statuses


def main():
    psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    psql(f"CREATE DATABASE {DB}")
    env = dict(os.environ, DATABASE_URL=DB_URL, RUST_LOG="warn")
    subprocess.run([BIN, "migrate"], env=env, check=True)
    subprocess.run([BIN, "seed"], env=env, check=True)

    # The floor: the same binary, doing (almost) nothing.
    floor = subprocess.Popen([BIN, "openapi"], stdout=subprocess.DEVNULL)
    floor_mb = 0.0
    while floor.poll() is None:
        try:
            floor_mb = max(floor_mb, rss_mb(floor.pid))
        except OSError:
            break
        time.sleep(0.002)
    floor.wait()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    mail = tempfile.mkdtemp(prefix="fritid-bench-mail-")
    server = subprocess.Popen(
        [BIN, "serve"],
        env=dict(env, FRITID_LISTEN=f"127.0.0.1:{port}", FRITID_MAIL_DIR=mail,
                 FRITID_STATIC_DIR=os.path.join(os.path.dirname(BIN), "..", "..", "frontend", "dist"),
                 FRITID_LOGIN_PER_IP_PER_MINUTE="1000000", FRITID_REGISTER_PER_IP_PER_HOUR="1000000"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if request(base, "GET", "/readyz") == 200:
                break
            time.sleep(0.1)
        time.sleep(5)
        at_rest = rss_mb(server.pid)

        urls = os.path.join(mail, "urls.lua")
        with open(urls, "w") as f:
            f.write("""
local paths = {"/api/v1/activities", "/api/v1/activities?q=fotball", "/api/v1/activities?is_free=true&suitable_for=9",
  "/api/v1/activities?district=heggedal&weekday=tue", "/api/v1/activities?category=idrett&has_free_places=true",
  "/api/v1/activities?sort=starts_at&limit=50"}
local i = 0
request = function() i = i + 1; return wrk.format("GET", paths[(i % #paths) + 1]) end
""")
        with Sampler(server.pid) as load:
            out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "-s", urls, base],
                                 capture_output=True, text=True).stdout
        rps = next((l.split()[1] for l in out.splitlines() if l.startswith("Requests/sec")), "?")
        after_load = rss_mb(server.pid)

        with Sampler(server.pid) as attack:
            statuses = hostile(base)
        time.sleep(5)
        after_hostile = rss_mb(server.pid)
        alive = request(base, "GET", "/readyz") == 200
    finally:
        server.terminate()
        server.wait()

    peak = max(at_rest, load.peak, after_load, attack.peak, after_hostile)
    rows = [
        ("floor: the same binary printing the OpenAPI document", floor_mb),
        ("server at rest (demo data, jobs running)", at_rest),
        (f"peak under search load ({CONNECTIONS} connections, {DURATION} s, {rps} req/s)", load.peak),
        ("after the search load", after_load),
        (f"peak during {sum(statuses.values())} hostile requests", attack.peak),
        ("5 s after the hostile requests", after_hostile),
    ]
    print(f"{'what':<72} {'RSS MB':>8}")
    for what, mb in rows:
        print(f"{what:<72} {mb:8.1f}")
    print(f"hostile answers by status: {dict(sorted(statuses.items()))}; server alive after: {alive}")
    print(f"peak {peak:.1f} MB against a budget of {BUDGET_MB:.0f} MB")
    if 500 in statuses or not alive:
        sys.exit("a hostile request got 500, or the server died")
    if peak > BUDGET_MB:
        sys.exit(f"over budget: {peak:.1f} MB > {BUDGET_MB:.0f} MB")
    psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
