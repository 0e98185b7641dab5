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


WEEKDAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}


def limit_sql(query):
    """The limit for one URL of the mix: the cheapest SQL that gives the same
    page, the ids of the next 20 matching activities read from an index in
    order (the kept next occurrence on the row; for weekdays, each chosen
    weekday's next occurrence from its own index, merged), no joins, no
    count."""
    params = dict(p.split("=", 1) for p in query.split("&") if p)
    conds, offset, days = [], 0, []
    lst = lambda v: "'{" + v + "}'"
    for key, value in params.items():
        if key == "suitable_for":
            conds.append(f"a.age_min <= {value} AND a.age_max >= {value}")
        elif key in ("district", "category"):
            conds.append(f"a.{key} = ANY({lst(value)})")
        elif key == "q":
            conds.append(f"a.search_words LIKE '%{value}%'")
        elif key == "weekday":
            days = [WEEKDAYS[d] for d in value.split(",")]
        elif key == "time_from":
            h, m = value.split(":")
            conds.append(f"a.start_minute >= {int(h) * 60 + int(m)}")
        elif key == "time_to":
            h, m = value.split(":")
            conds.append(f"a.start_minute < {int(h) * 60 + int(m)}")
        elif key == "has_free_places":
            conds.append("(NOT a.signup_required OR a.confirmed_count < a.capacity)")
        elif key == "from":
            pass  # today: the same as now for the row's next occurrence
        elif key == "to":
            conds.append(f"a.next_starts_at < '{value}'::date + 1")
        elif key == "max_cost":
            conds.append(f"a.total_cost_nok <= {value}")
        elif key == "page":
            offset = (int(value) - 1) * 20
        else:
            conds.append(f"a.{key} = {value}")
    where = "".join(" AND " + c for c in conds)
    current = (f"FROM activities a WHERE a.status = 'published' "
               f"AND a.next_from <= now() AND a.next_ends_at > now(){where}")
    if not days:
        return [f"SELECT a.id {current} ORDER BY a.next_starts_at, a.id LIMIT 20 OFFSET {offset};"]
    branches = " UNION ALL ".join(
        f"(SELECT a.id, a.next_on[{d}] AS s {current} AND a.next_on[{d}] IS NOT NULL "
        f"ORDER BY a.next_on[{d}], a.id LIMIT {20 + offset})" for d in days)
    return [f"SELECT id FROM ({branches}) w GROUP BY id ORDER BY min(s), id LIMIT 20 OFFSET {offset};"]


def ensure_seeded(size):
    """A database with `size` demo activities, seeded once and reused."""
    db = f"fritid_bench_{size}"
    exists = psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{db}'")
    if exists:
        count = psql(db, "SELECT count(*) FROM activities WHERE is_demo")
        if count == str(size):
            print(f"  reusing {db} ({size} activities)", flush=True)
            env = {**os.environ, "DATABASE_URL": f"{BASE_URL}/{db}", "RUST_LOG": "warn"}
            applied = "SELECT count(*) FROM __diesel_schema_migrations"
            before = psql(db, applied)
            subprocess.run([FRITID, "migrate"], env=env, check=True, capture_output=True)
            if psql(db, applied) != before:
                # A migration that rewrote the rows leaves a reused database
                # larger than a freshly seeded one (the old versions' space
                # and index entries); compact it, so every run measures the
                # catalogue as seeding would leave it.
                print(f"  compacting {db} after new migrations …", flush=True)
                psql(db, "VACUUM FULL activities, activity_occurrences")
                # Full vacuum leaves the visibility map empty: without it
                # every index-only scan would read the table.
                psql(db, "VACUUM ANALYZE activities, activity_occurrences")
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
    urls = ["/api/v1/activities?" + p for p in paths]
    results = {}
    for size in sizes:
        print(f"== {size} activities", flush=True)
        db = ensure_seeded(size)
        # What the server's one-minute job does: the rows whose next
        # occurrence has ended since the seed move on (the measured servers
        # run without jobs).
        moved = psql(db, "SELECT activities_refresh_next(ARRAY("
                         "SELECT id FROM activities WHERE next_ends_at <= now()))")
        print(f"  {moved} activities moved on to their next occurrence", flush=True)
        # What autovacuum does within a minute of that many changes (the
        # table's settings, migration 000017): the moved rows' old versions
        # leave the indexes and the statistics see the new next occurrences.
        psql(db, "VACUUM ANALYZE activities")
        scripts = capture_sql(db, urls)
        runs = {}
        # The server as it runs (answers kept in memory until what they
        # show changes); the same while organizers edit once a second (every
        # kept answer is forgotten), and while families sign up ten times a
        # second (only the answers that show those activities are); then
        # without the kept answers: every request searches.
        for label, env, changes, _ in SERVER_RUNS:
            server = Server(db, **env)
            try:
                totals = [server.get(u)["total"] for u in urls]
                print(f"  matches per query: {totals}", flush=True)
                memory_at_rest = rss_kib(server.process.pid)
                server.get(urls[0])  # warm up
                sampler = RssSampler(server.process.pid)
                writer = Changes(db, *changes) if changes else None
                runs[label] = run_wrk(server, urls, connections=RUN_CONNECTIONS.get(label))
                if writer:
                    runs[label]["changes"] = writer.stop()
                runs[label]["rss_rest"] = memory_at_rest
                runs[label]["rss_peak"] = sampler.stop()
            finally:
                server.stop()
        runs["own SQL"] = run_pgbench(db, scripts)
        runs["limit"] = run_pgbench(db, [limit_sql(p) for p in paths], name="limit")
        results[size] = runs
        for label, r in runs.items():
            memory = (f"  RSS {r['rss_rest'] / 1024:.0f} MiB at rest, {r['rss_peak'] / 1024:.0f} MiB peak"
                      if "rss_rest" in r else "")
            print(f"  {label:18} {r['rps']:8.1f} /s  p50 {r['p50']:7.2f} ms  p99 {r['p99']:7.2f} ms{memory}")
        for label, _, changes, _ in SERVER_RUNS:
            if changes:
                print(f"  writes during '{label}': {runs[label]['changes']}")
        for label, _, _, _ in SERVER_RUNS:
            if label in RUN_CONNECTIONS:
                continue  # other connections than pgbench's: no ratio
            print(f"  {label}: / own SQL {runs[label]['rps'] / runs['own SQL']['rps']:.2f}, "
                  f"/ limit {runs[label]['rps'] / runs['limit']['rps']:.2f}", flush=True)
    print()
    print("| activities | run | req/s | p50 ms | p99 ms | / own SQL | / limit | RSS rest / peak MiB |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for size, runs in results.items():
        for label, r in runs.items():
            memory = f"{r['rss_rest'] / 1024:.0f} / {r['rss_peak'] / 1024:.0f}" if "rss_rest" in r else ""
            ratios = ("— | —" if label in RUN_CONNECTIONS else
                      f"{r['rps'] / runs['own SQL']['rps']:.2f} | {r['rps'] / runs['limit']['rps']:.2f}")
            print(f"| {size:,} | {label} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} "
                  f"| {ratios} | {memory} |")
    if len(sizes) >= 2:
        for label, _, _, _ in SERVER_RUNS:
            first, last = results[sizes[0]][label], results[sizes[-1]][label]
            print(f"\n{label}: p99 growth {sizes[0]:,} → {sizes[-1]:,}: {last['p99'] / first['p99']:.2f}×")
    print()
    over = []
    for size, runs in results.items():
        budget = p99_budget(size)
        for label, _, _, enforced in SERVER_RUNS:
            p99 = runs[label]["p99"]
            if p99 <= budget:
                print(f"Within the budget: {label} at {size:,}: p99 {p99:.2f} ms ≤ {budget:g} ms")
            elif enforced:
                over.append(f"{label} at {size:,}: p99 {p99:.2f} ms > {budget:g} ms")
            else:
                print(f"Not yet within the budget (not enforced): {label} at {size:,}: "
                      f"p99 {p99:.2f} ms > {budget:g} ms")
    if over:
        raise SystemExit("Over the budget: " + "; ".join(over))


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


# Issue 14's p99 targets by number of activities (the nearest size below
# applies to sizes in between).
P99_BUDGET_MS = {10_000: 10.0, 100_000: 15.0}

# The server's runs: label, environment, writes while the load runs, and
# whether the p99 budget is enforced (the run fails over it). The others
# are not within it yet (docs/PERFORMANCE.md) and are reported.
SERVER_RUNS = (
    ("API", {}, None, True),
    ("API, an edit a second", {}, ("edit", 1), True),
    ("API, ten sign-ups a second", {}, ("sign-up", 10), True),
    ("API, nothing kept", {"FRITID_SEARCH_CACHE_MB": "0"}, None, False),
    ("API, nothing kept, one at a time", {"FRITID_SEARCH_CACHE_MB": "0"}, None, False),
)

# Runs on other than BENCH_CONNECTIONS connections: one request at a time
# shows what a search nobody asked before costs when it does not queue
# behind 15 others (a query's first request on a server that is not
# saturated).
RUN_CONNECTIONS = {"API, nothing kept, one at a time": 1}


def p99_budget(size):
    fitting = [n for n in P99_BUDGET_MS if n <= size]
    return P99_BUDGET_MS[max(fitting)] if fitting else min(P99_BUDGET_MS.values())


class Changes:
    """Writes the search reads while the load runs, on one connection of
    their own, `per_second` times a second, each to one of the 40 activities
    with sign-up that come first (those the answers show most):

    - "sign-up": its confirmed count moves by one, as a sign-up or a
      cancellation writes it. The servers forget only the answers that show
      that activity or filter by free places (migration 000020);
    - "edit": an organizer edits its description (a sentence added or
      taken away, and `updated_at`), as most edits of a published activity
      do: the words searched change. The servers forget the answers that
      show it and every answer to a free text (migration 000021)."""

    WRITES = {
        "sign-up": "confirmed_count = CASE WHEN confirmed_count > 0 "
                   "THEN confirmed_count - 1 ELSE confirmed_count + 1 END",
        "edit": "description = CASE WHEN description LIKE '% Ta med drikkeflaske.' "
                "THEN regexp_replace(description, ' Ta med drikkeflaske[.]$', '') "
                "ELSE description || ' Ta med drikkeflaske.' END, updated_at = now()",
    }

    def __init__(self, db, kind, per_second):
        import random
        import threading
        self.ids = psql(db, "SELECT id FROM activities WHERE status = 'published' "
                            "AND signup_required AND next_ends_at > now() "
                            "ORDER BY next_starts_at, id LIMIT 40").split()
        self.sql, self.pause = self.WRITES[kind], 1 / per_second
        self.random, self.count, self.running = random.Random(14), 0, True
        self.psql = subprocess.Popen(["psql", "-X", "-q", f"{BASE_URL}/{db}"], text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while self.running:
            activity = self.random.choice(self.ids)
            self.psql.stdin.write(f"UPDATE activities SET {self.sql} WHERE id = '{activity}';\n")
            self.psql.stdin.flush()
            self.count += 1
            time.sleep(self.pause)

    def stop(self):
        self.running = False
        self.thread.join()
        self.psql.stdin.close()
        self.psql.wait()
        return self.count


class RssSampler:
    """The server's largest resident set while the load runs (every 100 ms)."""

    def __init__(self, pid):
        import threading
        self.pid, self.peak, self.running = pid, 0, True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_kib(self.pid))
            time.sleep(0.1)

    def stop(self):
        self.running = False
        self.thread.join()
        return self.peak


if __name__ == "__main__":
    main()
