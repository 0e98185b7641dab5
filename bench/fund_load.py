"""Driver for bench/fund-load (run that, not this): seeds a fund with many
applications, loads the caseworker queue and the round statistics with wrk
and the same SQL with pgbench, prints the comparison, checks the p99 budget.
"""

import os
import subprocess
import sys
import time

from loadlib import BASE_URL, FRITID, Server, capture_sql, psql, run_pgbench, run_wrk

P99_BUDGET_MS = float(os.environ.get("BENCH_P99_MS", "25"))
PASSWORD = "fritid-demo-2026"

# Ten years of two rounds each, before the demo fund's open round. Most of
# an old round's cases are paid and closed; the open round holds the work.
FILL = """
INSERT INTO fund_rounds (fund_id, name, opens_on, closes_on, budget_nok, max_per_child_nok, covers)
SELECT f.id, format('%s %s', CASE WHEN r % 2 = 0 THEN 'Vår' ELSE 'Høst' END, 2015 + r / 2),
       make_date(2015 + r / 2, CASE WHEN r % 2 = 0 THEN 1 ELSE 8 END, 1),
       make_date(2015 + r / 2, CASE WHEN r % 2 = 0 THEN 6 ELSE 12 END, 30),
       100000000, 5000, ARRAY['fee', 'equipment', 'travel', 'other']
FROM funds f, generate_series(0, 19) r
WHERE f.name = 'Bamsefondet (demo)';

WITH rounds AS (
    SELECT id, opens_on, closes_on, row_number() OVER (ORDER BY opens_on) - 1 AS n
    FROM fund_rounds WHERE closes_on < current_date
), families AS (
    SELECT array_agg(id ORDER BY email) AS ids FROM users WHERE email LIKE 'familie%@fritid.test'
), districts AS (
    SELECT array_agg(slug ORDER BY slug) AS slugs FROM districts
), staff AS (
    SELECT id FROM users WHERE email = 'saksbehandler@fritid.test'
), cases AS (
    SELECT i, (i % 20) AS r, (i * 7919) % 100 AS p FROM generate_series(1, {old}) i
)
INSERT INTO fund_applications (
    round_id, applicant_id, status, child_first_name, child_birth_year, district,
    club_name, activity_name, cost_lines, requested_nok, payout_to, consent,
    created_at, submitted_at, assigned_to, decided_by, decided_at, outcome, reasons,
    decided_nok, granted_nok, paid_nok, paid_to, paid_on, paid_reference, closed_at)
SELECT rounds.id, families.ids[1 + i % cardinality(families.ids)],
       CASE WHEN p < 60 OR p BETWEEN 80 AND 89 THEN 'closed' WHEN p < 75 THEN 'paid'
            WHEN p < 95 THEN 'decided' ELSE 'withdrawn' END,
       'Barn' || i, 2010 + i % 12, districts.slugs[1 + i % cardinality(districts.slugs)],
       'Klubb', 'Aktivitet', '[{{"kind": "fee", "amount_nok": 1500}}]'::jsonb, 1500, 'club', true,
       s.at, s.at, staff.id,
       CASE WHEN p < 95 THEN staff.id END,
       CASE WHEN p < 95 THEN s.at + ((i % 40) || ' days')::interval END,
       CASE WHEN p < 80 THEN 'approved' WHEN p < 95 THEN 'rejected' END,
       CASE WHEN p BETWEEN 80 AND 94 THEN 'Utenfor ordningen.' END,
       CASE WHEN p < 80 THEN 1500 WHEN p < 95 THEN 0 END,
       CASE WHEN p < 80 THEN 1500 ELSE 0 END,
       CASE WHEN p < 75 THEN 1500 ELSE 0 END,
       CASE WHEN p < 75 THEN 'club' END,
       CASE WHEN p < 75 THEN (s.at + interval '50 days')::date END,
       CASE WHEN p < 75 THEN 'B-' || i END,
       CASE WHEN p < 60 OR p BETWEEN 80 AND 89 OR p >= 95 THEN s.at + interval '60 days' END
FROM cases
JOIN rounds ON rounds.n = cases.r
CROSS JOIN families CROSS JOIN districts CROSS JOIN staff
CROSS JOIN LATERAL (SELECT rounds.opens_on + (i % 150) * interval '1 day' AS at) s;

-- The open round: new work in every state a queue shows.
WITH families AS (
    SELECT array_agg(id ORDER BY email) AS ids FROM users WHERE email LIKE 'familie%@fritid.test'
), districts AS (
    SELECT array_agg(slug ORDER BY slug) AS slugs FROM districts
), staff AS (
    SELECT id FROM users WHERE email = 'saksbehandler@fritid.test'
), open AS (
    SELECT r.id FROM fund_rounds r JOIN funds f ON f.id = r.fund_id
    WHERE f.name = 'Bamsefondet (demo)' AND (r.closes_on IS NULL OR r.closes_on >= current_date)
    ORDER BY r.opens_on DESC LIMIT 1
)
INSERT INTO fund_applications (
    round_id, applicant_id, status, child_first_name, child_birth_year, district,
    club_name, activity_name, cost_lines, requested_nok, payout_to, consent,
    created_at, submitted_at, assigned_to)
SELECT open.id, families.ids[1 + i % cardinality(families.ids)],
       (ARRAY['submitted', 'submitted', 'in_review', 'needs_info', 'recommended'])[1 + i % 5],
       'Barn' || i, 2010 + i % 12, districts.slugs[1 + i % cardinality(districts.slugs)],
       'Klubb', 'Aktivitet', '[{{"kind": "fee", "amount_nok": 1200}}]'::jsonb, 1200, 'club', true,
       now() - (i % 90) * interval '1 day', now() - (i % 90) * interval '1 day',
       CASE WHEN i % 5 IN (2, 3, 4) THEN staff.id END
FROM generate_series(1, {new}) i CROSS JOIN open CROSS JOIN families CROSS JOIN districts CROSS JOIN staff;
"""


def ensure_seeded(size):
    """A database with `size` applications, seeded once and reused."""
    db = f"fritid_bench_fund_{size}"
    exists = psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{db}'")
    if exists:
        if psql(db, "SELECT count(*) FROM fund_applications") == str(size):
            print(f"  reusing {db} ({size} applications)", flush=True)
            return db
        psql("postgres", f"DROP DATABASE {db} WITH (FORCE)")
    psql("postgres", f"CREATE DATABASE {db}")
    env = {**os.environ, "DATABASE_URL": f"{BASE_URL}/{db}", "RUST_LOG": "warn"}
    subprocess.run([FRITID, "migrate"], env=env, check=True, capture_output=True)
    subprocess.run([FRITID, "seed"], env=env, check=True, capture_output=True)
    started = time.time()
    demo = int(psql(db, "SELECT count(*) FROM fund_applications"))
    new = 5000
    old = size - demo - new
    print(f"  seeding {db}: {old} applications in 20 old rounds, {new} in the open one …", flush=True)
    subprocess.run(
        ["psql", f"{BASE_URL}/{db}", "-q", "-v", "ON_ERROR_STOP=1", "-c", FILL.format(old=old, new=new)],
        check=True, capture_output=True, text=True,
    )
    # A bulk load leaves the trigger-kept summary with a dead row version
    # per update; compact it as after any import.
    psql(db, "VACUUM FULL fund_summary")
    psql(db, "VACUUM FULL fund_decision_days")
    psql(db, "VACUUM ANALYZE")
    print(f"  seeded in {time.time() - started:.0f} s", flush=True)
    return db


def login(server, email):
    return server.post("/api/v1/auth/login", {"email": email, "password": PASSWORD})["access_token"]


def main():
    size = int(sys.argv[1])
    print(f"== {size} applications", flush=True)
    db = ensure_seeded(size)
    open_round = psql(db, "SELECT id FROM fund_rounds WHERE closes_on IS NULL OR closes_on >= current_date "
                          "ORDER BY opens_on DESC LIMIT 1")
    old_round = psql(db, "SELECT id FROM fund_rounds WHERE closes_on < current_date ORDER BY opens_on LIMIT 1")
    queue = [
        "/api/v1/casework/applications",
        f"/api/v1/casework/applications?round={open_round}",
        f"/api/v1/casework/applications?round={open_round}&status=submitted",
        f"/api/v1/casework/applications?round={open_round}&status=in_review,needs_info",
        f"/api/v1/casework/applications?round={open_round}&district=heggedal",
        f"/api/v1/casework/applications?round={open_round}&assigned=me",
        f"/api/v1/casework/applications?round={open_round}&assigned=unassigned&page=3",
        f"/api/v1/casework/applications?round={open_round}&min_days=30",
        "/api/v1/casework/applications?status=recommended",
        "/api/v1/casework/applications?status=paid&page=20",
    ]
    stats = [
        f"/api/v1/fund-rounds/{open_round}/statistics",
        f"/api/v1/fund-rounds/{old_round}/statistics",
    ]
    results = {}
    # Capturing restarts the server with the statement log on; the login
    # tokens outlive that.
    server = Server(db)
    try:
        caseworker = login(server, "saksbehandler@fritid.test")
        admin = login(server, "admin@fritid.test")
        totals = [server.get(p, caseworker)["total"] for p in queue]
        print(f"  queue matches per request: {totals}", flush=True)
    finally:
        server.stop()
    for label, paths, token in [("caseworker queue", queue, caseworker), ("round statistics", stats, admin)]:
        scripts = capture_sql(db, paths, token)
        server = Server(db)
        try:
            for p in paths:
                server.get(p, token)  # warm up
            api = run_wrk(server, paths, token)
        finally:
            server.stop()
        raw = run_pgbench(db, scripts)
        results[label] = (api, raw)
        print(f"  {label}")
        print(f"    API (wrk):     {api['rps']:8.1f} req/s  p50 {api['p50']:7.2f} ms  p99 {api['p99']:7.2f} ms")
        print(f"    raw SQL (pgb): {raw['rps']:8.1f} q/s    p50 {raw['p50']:7.2f} ms  p99 {raw['p99']:7.2f} ms", flush=True)
    print()
    print(f"| {size:,} applications | API req/s | API p50 ms | API p99 ms | raw SQL q/s | raw p50 ms | raw p99 ms | API/raw |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    failed = []
    for label, (api, raw) in results.items():
        print(f"| {label} | {api['rps']:.0f} | {api['p50']:.2f} | {api['p99']:.2f} | {raw['rps']:.0f} "
              f"| {raw['p50']:.2f} | {raw['p99']:.2f} | {api['rps'] / raw['rps']:.2f} |")
        if api["p99"] > P99_BUDGET_MS:
            failed.append(f"{label}: p99 {api['p99']:.2f} ms > {P99_BUDGET_MS:g} ms")
    if failed:
        raise SystemExit("Over the budget: " + "; ".join(failed))
    print(f"\nWithin the budget: p99 ≤ {P99_BUDGET_MS:g} ms for both.")


if __name__ == "__main__":
    main()
