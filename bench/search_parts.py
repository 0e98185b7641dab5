"""Driver for bench/search-parts (run that, not this): where the time of a
search with nothing kept goes. For each size it captures the statements the
API runs for the 16 URLs of bench/search-load (the same seeded database),
then plans and runs each in one PostgreSQL session with EXPLAIN (ANALYZE,
SUMMARY), as the API sends it and with parts of the answer taken out:

  full            the statement as the API runs it
  no lookups      without the rows whose kept next occurrence is stale
                  (looked up from the occurrences)
  no total        without the capped count
  neither         without both
  page only       without both and without the display columns: the ids,
                  the next occurrence and the order, as the API finds them
  limit           bench/search-load's limit: the ids of the next 20 from
                  an index, no joins, no count

Each figure is the sum over the 16 statements of the best of five runs
after a first one (planning and execution, ms). EXPLAIN ANALYZE's timing
adds to execution, alike for every variant. Nothing here is served over
HTTP: it splits the database's share, which is where bench/search-load
shows the time of the search with nothing kept goes.
"""

import re
import subprocess
import sys

from loadlib import BASE_URL, capture_sql, psql
from search_load import ensure_seeded, filter_mix, limit_sql

RUNS = 6
SESSION = "SET jit = off; SET max_parallel_workers_per_gather = 0;\n"
NO_LOOKUPS = ("WITH looked AS MATERIALIZED (SELECT NULL::uuid AS id, NULL::timestamptz AS changed_at, "
              "NULL::timestamptz AS starts_at, NULL::timestamptz AS ends_at WHERE false), page AS ((")


def cut(sql, pattern, replacement):
    """`sql` with `pattern` replaced once; fails when it is not there, so a
    change of the statement's text cannot make a variant measure the full
    statement under another name."""
    out, n = re.subn(pattern, replacement, sql, count=1, flags=re.S)
    if n != 1:
        raise SystemExit(f"search-parts: the statement no longer has {pattern!r}:\n{sql}")
    return out


def variant(sql, name):
    if name in ("no lookups", "neither", "page only"):
        sql = cut(sql, r"WITH looked AS MATERIALIZED \(.*?\), page AS \(\(", NO_LOOKUPS)
    if name in ("no total", "neither", "page only"):
        sql = cut(sql, r"LEAST\(.*\) AS total FROM page", "0 AS total FROM page")
    if name == "page only":
        sql = cut(sql, r"SELECT a\.id, a\.title,.*?page\.ends_at AS next_ends_at, ", "SELECT page.*, ")
        sql = cut(sql, r" AS total FROM page JOIN activities a ON a\.id = page\.id ORDER BY page\.starts_at, a\.id",
                  " AS total FROM page ORDER BY page.starts_at, page.id")
    return sql


def timed(db, sql):
    """(planning, execution) in ms: the best of the runs after the first."""
    script = SESSION + f"EXPLAIN (ANALYZE, SUMMARY) {sql.rstrip().rstrip(';')};\n" * RUNS
    out = subprocess.run(["psql", f"{BASE_URL}/{db}", "-qtA", "-v", "ON_ERROR_STOP=1"],
                         input=script, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"search-parts: {out.stderr}\n{sql}")
    plan = [float(x) for x in re.findall(r"Planning Time: ([\d.]+)", out.stdout)][1:]
    run = [float(x) for x in re.findall(r"Execution Time: ([\d.]+)", out.stdout)][1:]
    return min(plan), min(run)


def main():
    sizes = [int(s) for s in " ".join(sys.argv[1:]).split()]
    paths = filter_mix()
    names = ["full", "no lookups", "no total", "neither", "page only", "limit"]
    rows = []
    for size in sizes:
        db = ensure_seeded(size)
        psql(db, "SELECT activities_refresh_next(ARRAY("
                 "SELECT id FROM activities WHERE next_ends_at <= now()))")
        psql(db, "VACUUM ANALYZE activities")
        scripts = capture_sql(db, ["/api/v1/activities?" + p for p in paths])
        # The search statement of each URL: its longest (the others look up
        # the free text's near spellings and the next instant an answer
        # changes).
        searches = [max(s, key=len) for s in scripts]
        limits = [limit_sql(p)[0] for p in paths]
        for name in names:
            plan = run = 0.0
            for sql in (limits if name == "limit" else [variant(s, name) for s in searches]):
                p, r = timed(db, sql)
                plan, run = plan + p, run + r
            rows.append((size, name, plan, run))
            print(f"  {size:>7,} {name:11} planning {plan:6.2f} ms  execution {run:6.2f} ms", flush=True)
    print()
    print("| activities | statements | planning ms | execution ms | sum ms | / limit |")
    print("|---:|---|---:|---:|---:|---:|")
    for size, name, plan, run in rows:
        limit = next(p + r for s, n, p, r in rows if s == size and n == "limit")
        print(f"| {size:,} | {name} | {plan:.2f} | {run:.2f} | {plan + run:.2f} | {(plan + run) / limit:.2f} |")


if __name__ == "__main__":
    main()
