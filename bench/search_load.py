"""Driver for bench/search-load (run that, not this): seeds, serves, loads
the search with wrk, loads the same SQL with pgbench, prints the comparison.
"""

import os
import subprocess
import sys
import time
from datetime import date, timedelta

from loadlib import BASE_URL, FRITID, Server, capture_sql, psql, run_pgbench, run_wrk


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


def ensure_seeded(size):
    """A database with `size` demo activities, seeded once and reused."""
    db = f"fritid_bench_{size}"
    exists = psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{db}'")
    if exists:
        count = psql(db, "SELECT count(*) FROM activities WHERE is_demo")
        if count == str(size):
            print(f"  reusing {db} ({size} activities)", flush=True)
            env = {**os.environ, "DATABASE_URL": f"{BASE_URL}/{db}", "RUST_LOG": "warn"}
            subprocess.run([FRITID, "migrate"], env=env, check=True, capture_output=True)
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
            api = run_wrk(server, ["/api/v1/activities?" + p for p in paths])
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
