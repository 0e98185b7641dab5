"""Driver for bench/bua-load (run that, not this): seeds 50 locations with
5,000 units and 100,000 loans, loads the availability search with wrk and
the same SQL with pgbench, then reservations under contention with wrk and
raw inserts against the same exclusion constraint with pgbench.
"""

import json
import os
import re
import subprocess
import tempfile
import time

from loadlib import (BASE_URL, CONNECTIONS, DURATION, PGBENCH, WORK, FRITID, Server, capture_sql,
                     percentile, psql, run_pgbench, run_wrk, wrk_ms)

P99_BUDGET_MS = float(os.environ.get("BENCH_P99_MS", "20"))
PASSWORD = "fritid-demo-2026"
DB = "fritid_bench_bua"
USERS = 64
SIZES = "ARRAY['120', '130', '140', '150']"

FILL = f"""
INSERT INTO bua_locations (name, address, district, max_active_per_household, max_days_ahead)
SELECT format('Bench %s', lpad(n::text, 2, '0')), format('Benkveien %s', n),
       (SELECT array_agg(slug ORDER BY slug) FROM districts)[1 + n % 18], 20, 180
FROM generate_series(1, 50) n;

INSERT INTO bua_opening_hours (location_id, weekday, opens, closes)
SELECT l.id, d, '08:00', '22:00' FROM bua_locations l, generate_series(1, 7) d WHERE l.name LIKE 'Bench %';

WITH locs AS (
    SELECT id, row_number() OVER (ORDER BY name) AS n FROM bua_locations WHERE name LIKE 'Bench %'
), models AS (
    SELECT id, row_number() OVER (ORDER BY name) - 1 AS n FROM bua_models
)
INSERT INTO bua_units (label, model_id, location_id, size)
SELECT format('B%s-%s', locs.n, lpad(u::text, 3, '0')), models.id, locs.id, ({SIZES})[1 + u % 4]
FROM locs CROSS JOIN generate_series(0, 99) u
JOIN models ON models.n = (u / 4) % 25;

-- 20 loans per unit, one after the other: returned before today, out over
-- today, reserved after it.
WITH families AS (
    SELECT array_agg(id ORDER BY email) AS ids FROM users WHERE email LIKE 'familie%@fritid.test'
), units AS (
    SELECT u.id, u.location_id, u.model_id, u.size, row_number() OVER (ORDER BY u.label) AS n
    FROM bua_units u JOIN bua_locations l ON l.id = u.location_id WHERE l.name LIKE 'Bench %'
), periods AS (
    SELECT units.*, k, current_date - 60 + k * 9 + (n % 5)::int AS pickup,
           current_date - 60 + k * 9 + (n % 5)::int + 1 + ((n * k) % 7)::int AS back
    FROM units CROSS JOIN generate_series(0, 19) k
)
INSERT INTO bua_loans (unit_id, location_id, model_id, size, borrower_id, status, pickup_on, return_on,
                       picked_up_at, returned_at, return_condition)
SELECT p.id, p.location_id, p.model_id, p.size, families.ids[1 + (p.n + p.k) % cardinality(families.ids)],
       CASE WHEN p.back <= current_date THEN 'returned' WHEN p.pickup <= current_date THEN 'picked_up' ELSE 'reserved' END,
       p.pickup, p.back,
       CASE WHEN p.pickup <= current_date THEN now() END,
       CASE WHEN p.back <= current_date THEN now() END,
       CASE WHEN p.back <= current_date THEN 'ok' END
FROM periods p CROSS JOIN families;

-- Households for the reservation run, with the demo password.
INSERT INTO users (email, display_name, password_hash, language, email_verified_at)
SELECT format('bench-%s@fritid.test', n), format('Bench %s', n),
       (SELECT password_hash FROM users WHERE email = 'innbygger@fritid.test'), 'nb', now()
FROM generate_series(1, {USERS}) n;

-- Unit numbers for pgbench.
CREATE TABLE bench_units AS
SELECT row_number() OVER (ORDER BY u.label) AS n, u.id, u.location_id, u.model_id, u.size
FROM bua_units u JOIN bua_locations l ON l.id = u.location_id WHERE l.name LIKE 'Bench %';
CREATE UNIQUE INDEX ON bench_units (n);
"""


def ensure_seeded():
    exists = psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{DB}'")
    if exists and psql(DB, "SELECT count(*) FROM bench_units") == "5000":
        # Migrations added since it was seeded fill their tables from it.
        env = {**os.environ, "DATABASE_URL": f"{BASE_URL}/{DB}", "RUST_LOG": "warn"}
        subprocess.run([FRITID, "migrate"], env=env, check=True, capture_output=True)
        psql(DB, "VACUUM ANALYZE")
        print(f"  reusing {DB} (migrated)", flush=True)
        return
    if exists:
        psql("postgres", f"DROP DATABASE {DB} WITH (FORCE)")
    psql("postgres", f"CREATE DATABASE {DB}")
    env = {**os.environ, "DATABASE_URL": f"{BASE_URL}/{DB}", "RUST_LOG": "warn"}
    subprocess.run([FRITID, "migrate"], env=env, check=True, capture_output=True)
    subprocess.run([FRITID, "seed"], env=env, check=True, capture_output=True)
    started = time.time()
    subprocess.run(["psql", f"{BASE_URL}/{DB}", "-q", "-v", "ON_ERROR_STOP=1", "-c", FILL],
                   check=True, capture_output=True, text=True)
    psql(DB, "VACUUM ANALYZE")
    print(f"  seeded in {time.time() - started:.0f} s: "
          f"{psql(DB, 'SELECT count(*) FROM bua_units')} units, {psql(DB, 'SELECT count(*) FROM bua_loans')} loans",
          flush=True)


def day(n):
    return psql(DB, f"SELECT current_date + {n}")


def search_paths():
    loc = psql(DB, "SELECT string_agg(id::text, ',' ORDER BY name) FROM bua_locations WHERE name LIKE 'Bench %'").split(",")
    return [
        f"/api/v1/bua/models?location={loc[0]}",
        f"/api/v1/bua/models?location={loc[1]}&category=ski",
        "/api/v1/bua/models?category=ski&size=130&age=9",
        f"/api/v1/bua/models?location={loc[2]}&size=130&from={day(10)}&to={day(14)}",
        "/api/v1/bua/models",
        f"/api/v1/bua/models?category=sykkel&from={day(30)}&to={day(37)}",
        f"/api/v1/bua/models?location={loc[3]}&category=hjelm&age=6",
        "/api/v1/bua/models?q=ski&per_page=5",
    ]


CONTENDED = """
SELECT n, location_id, model_id, size FROM bench_units
WHERE location_id IN (SELECT id FROM bua_locations WHERE name IN ('Bench 01', 'Bench 02', 'Bench 03', 'Bench 04', 'Bench 05'))
  AND size = '130'
ORDER BY n
"""


def run_reservations(server, tokens, targets):
    """wrk POSTing reservations: every request a household and a (location,
    model, size) from `targets`, pickup 1–60 days ahead, 1–7 days long."""
    lua = WORK / "reserve.lua"
    lua.write_text(
        "local tokens = {" + ",".join(json.dumps(t) for t in tokens) + "}\n"
        "local targets = {" + ",".join(
            "{" + ",".join(json.dumps(x) for x in t) + "}" for t in targets) + "}\n"
        "local days = {" + ",".join(json.dumps(day(n)) for n in range(1, 70)) + "}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i + 1\n"
        "  local t = targets[math.random(#targets)]\n"
        "  local p = math.random(60)\n"
        "  local body = string.format('{\"location_id\":\"%s\",\"model_id\":\"%s\",\"size\":\"%s\",\"pickup_on\":\"%s\",\"return_on\":\"%s\"}',\n"
        "    t[1], t[2], t[3], days[p], days[p + math.random(7)])\n"
        "  return wrk.format('POST', '/api/v1/bua/reservations',\n"
        "    {['Content-Type'] = 'application/json', Authorization = 'Bearer ' .. tokens[i % #tokens + 1]}, body)\n"
        "end\n"
    )
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--timeout", "60s", "--latency", "-s", str(lua), server.url],
        check=True, capture_output=True, text=True,
    ).stdout
    total = int(re.search(r"(\d+) requests in", out).group(1))
    refused = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    refused = int(refused.group(1)) if refused else 0

    return {"rps": total / DURATION, "booked": total - refused, "refused": refused,
            "p50": wrk_ms(out, "50%"), "p99": wrk_ms(out, "99%")}


def run_raw_inserts(units):
    """pgbench inserting the same kind of loans straight into bua_loans:
    a unit of the contended set, the same days; the exclusion constraint
    refuses overlaps (ON CONFLICT DO NOTHING)."""
    psql(DB, "DROP TABLE IF EXISTS bench_contended")
    psql(DB, "CREATE TABLE bench_contended AS SELECT row_number() OVER (ORDER BY n) AS k, b.* FROM bench_units b "
             f"WHERE n IN ({','.join(map(str, units))})")
    script = WORK / "insert.sql"
    script.write_text(
        f"\\set k random(1, {len(units)})\n"
        "\\set p random(1, 60)\n"
        "\\set len random(1, 7)\n"
        "INSERT INTO bua_loans (unit_id, location_id, model_id, size, borrower_id, status, pickup_on, return_on) "
        "SELECT id, location_id, model_id, size, (SELECT id FROM users WHERE email = 'bench-1@fritid.test'), "
        "'reserved', current_date + :p::int, current_date + :p::int + :len::int FROM bench_contended WHERE k = :k "
        "ON CONFLICT DO NOTHING;\n"
    )
    before = int(psql(DB, "SELECT count(*) FROM bua_loans"))
    with tempfile.TemporaryDirectory(dir=WORK) as logs:
        subprocess.run(
            [PGBENCH, "-n", "-c", str(CONNECTIONS), "-j", "2", "-T", str(DURATION), "-M", "prepared",
             "-l", "--log-prefix", f"{logs}/tx", "-f", str(script), f"{BASE_URL}/{DB}"],
            check=True, capture_output=True, text=True,
        )
        latencies = []
        for log in os.listdir(logs):
            with open(os.path.join(logs, log)) as f:
                latencies += [int(line.split()[2]) / 1000 for line in f]
    booked = int(psql(DB, "SELECT count(*) FROM bua_loans")) - before
    return {"rps": len(latencies) / DURATION, "booked": booked, "refused": len(latencies) - booked,
            "p50": percentile(latencies, 50), "p99": percentile(latencies, 99)}


def clear_bench_reservations():
    psql(DB, "DELETE FROM bua_loans WHERE borrower_id IN (SELECT id FROM users WHERE email LIKE 'bench-%@fritid.test')")
    psql(DB, "DELETE FROM outbox WHERE recipient LIKE 'bench-%@fritid.test'")
    psql(DB, "DELETE FROM bua_unmet_demand WHERE location_id IN (SELECT id FROM bua_locations WHERE name LIKE 'Bench %')")


def main():
    # 64 households log in at once for the reservation run.
    os.environ.update({"FRITID_LOGIN_PER_IP_PER_MINUTE": "1000000", "FRITID_LOGIN_PER_ACCOUNT_BURST": "1000000"})
    # The raw side runs without JIT too, as the server's connections do.
    os.environ["PGOPTIONS"] = "-c jit=off"
    print("== BUA: 50 locations, 5,000 units, 100,000 loans", flush=True)
    ensure_seeded()
    clear_bench_reservations()
    paths = search_paths()
    server = Server(DB)
    try:
        counts = [server.get(p)["total"] for p in paths]
        print(f"  models per search: {counts}", flush=True)
    finally:
        server.stop()
    scripts = capture_sql(DB, paths)
    server = Server(DB)
    try:
        for p in paths:
            server.get(p)
        api = run_wrk(server, paths)
    finally:
        server.stop()
    raw = run_pgbench(DB, scripts)
    print("  availability search")
    print(f"    API (wrk):     {api['rps']:8.1f} req/s  p50 {api['p50']:7.2f} ms  p99 {api['p99']:7.2f} ms")
    print(f"    raw SQL (pgb): {raw['rps']:8.1f} q/s    p50 {raw['p50']:7.2f} ms  p99 {raw['p99']:7.2f} ms", flush=True)

    # Reservations under contention: the 130 cm units of five locations.
    rows = [r.split("|") for r in psql(DB, CONTENDED).splitlines()]
    units = [int(r[0]) for r in rows]
    targets = sorted({(r[1], r[2], r[3]) for r in rows})
    server = Server(DB)
    try:
        tokens = [server.post("/api/v1/auth/login", {"email": f"bench-{n}@fritid.test", "password": PASSWORD})["access_token"]
                  for n in range(1, USERS + 1)]
        reserve = run_reservations(server, tokens, targets)
    finally:
        server.stop()
    overlaps = psql(DB, "SELECT count(*) FROM bua_loans a JOIN bua_loans b ON a.unit_id = b.unit_id AND a.id < b.id "
                        "AND a.period && b.period WHERE a.status IN ('offered', 'reserved', 'picked_up') "
                        "AND b.status IN ('offered', 'reserved', 'picked_up')")
    clear_bench_reservations()
    inserts = run_raw_inserts(units)
    clear_bench_reservations()
    print(f"  reservations under contention ({len(units)} units, {len(targets)} model/size/place)")
    print(f"    API (wrk):     {reserve['rps']:8.1f} req/s  booked {reserve['booked']}, refused {reserve['refused']}  "
          f"p50 {reserve['p50']:7.2f} ms  p99 {reserve['p99']:7.2f} ms")
    print(f"    raw INSERT:    {inserts['rps']:8.1f} q/s    booked {inserts['booked']}, refused {inserts['refused']}  "
          f"p50 {inserts['p50']:7.2f} ms  p99 {inserts['p99']:7.2f} ms")
    print(f"    overlapping blocking loans afterwards: {overlaps}")
    print()
    print("| BUA | API req/s | API p50 ms | API p99 ms | raw q/s | raw p50 ms | raw p99 ms | API/raw |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| availability search | {api['rps']:.0f} | {api['p50']:.2f} | {api['p99']:.2f} | {raw['rps']:.0f} "
          f"| {raw['p50']:.2f} | {raw['p99']:.2f} | {api['rps'] / raw['rps']:.2f} |")
    print(f"| reservations, contended | {reserve['rps']:.0f} | {reserve['p50']:.2f} | {reserve['p99']:.2f} | "
          f"{inserts['rps']:.0f} | {inserts['p50']:.2f} | {inserts['p99']:.2f} | {reserve['rps'] / inserts['rps']:.2f} |")
    if overlaps != "0":
        raise SystemExit(f"{overlaps} overlapping loans: the constraint failed")
    if api["p99"] > P99_BUDGET_MS:
        raise SystemExit(f"Over the budget: availability search p99 {api['p99']:.2f} ms > {P99_BUDGET_MS:g} ms")
    print(f"\nWithin the budget: availability search p99 ≤ {P99_BUDGET_MS:g} ms.")


if __name__ == "__main__":
    main()
