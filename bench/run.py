"""`make bench`: measure QUALITY.md's performance bars against a bare Django view in the same run.

Every step runs in a child process with a time limit; everything started is stopped in `finally`.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432"
LUA = Path(__file__).with_name("report.lua")
BARE = "/bench/bare/"

# QUALITY.md's performance bars: (name, required, goal).
BARS = {
    "throughput": ("key page throughput / bare", "≥ 0.05", "≥ 0.25 anonymous, ≥ 0.10 logged in"),
    "latency": ("p95 / p99 at 8 connections", "≤ 150 / 300 ms", "≤ 50 / 100 ms"),
    "scale": ("scale ratio F=1 vs F=0.1", "≥ 0.8", "≥ 0.95"),
    "deepest": ("deepest register page / bare", "≥ 0.05 (as page 1)", "≥ 0.25"),
    "queries": ("queries per page", "same at both scales; ≤ 8 anon, ≤ 12 logged in, ≤ 5 fragment", "fewer"),
    "db_time": ("database time per request at F=1", "≤ 20 ms", "≤ 5 ms"),
    "search": ("search: no sequential scan (EXPLAIN)", "none", "none"),
    "pdf_20": ("engagement PDF of ~20 pages", "≤ 3 s", "≤ 1.5 s"),
    "pdf_annex": ("1,000-row annex PDF", "≤ 12 s, ≤ 500 MB", "≤ 6 s"),
    "pdf_request": ("request that asks for a PDF", "≤ 200 ms", "≤ 50 ms"),
    "fanout": ("reminders, sweep to last SMTP accept, 2 workers", "≤ 60 s", "≤ 20 s"),
}
QUERY_LIMITS = {"anonymous": 8, "logged in": 12, "htmx fragment": 5}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--small-scale", type=float, default=0.1)
    parser.add_argument("--full-scale", type=float, default=1.0)
    parser.add_argument("--small-db", default="participation_bench_small")
    parser.add_argument("--full-db", default="participation_bench_full")
    parser.add_argument("--duration", type=int, default=10, help="measured seconds per page and repetition")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per page")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fanout", type=int, default=10_000, help="reminder emails to send")
    parser.add_argument("--annex-rows", type=int, default=1000)
    parser.add_argument("--pdf-pages", type=int, default=20, help="pages wanted in the evidence report")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--ports", default="8200-8299", help="loopback ports the site may use")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument(
        "--tiny",
        action="store_true",
        help="seconds-long smoke run: scales 0.002 and 0.004 in throwaway databases (dropped after), "
        "1-second loads, 1 repetition, 200 reminders",
    )
    args = parser.parse_args(argv)
    if args.tiny:
        suffix = f"tiny_{os.getpid()}"
        args.small_scale, args.full_scale = 0.002, 0.004
        args.small_db, args.full_db = f"participation_bench_{suffix}_small", f"participation_bench_{suffix}_full"
        args.duration, args.warmup, args.repeat, args.fanout = 1, 0, 1, 200
        args.annex_rows, args.pdf_pages = 50, 4
    return args


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# Child processes, always bounded and always stopped ---------------------------------------------


def environment(database: str, redis_url: str, **extra) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"{PG}/{database}",
        "REDIS_URL": redis_url,
        **extra,
    }


def run(command: list[str], *, env: dict, timeout: float) -> str:
    """Run to completion within `timeout` seconds (the whole process group is killed past it)."""
    process = subprocess.Popen(  # noqa: S603 - our own fixed commands
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.communicate()
        raise RuntimeError(f"timed out after {timeout:.0f} s: {' '.join(command)}") from None
    finally:
        if process.poll() is None:
            os.killpg(process.pid, 9)
            process.wait()
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{err[-3000:]}")
    return out


def step(name: str, *args, database: str, redis_url: str, timeout: float) -> dict:
    out = run(
        [sys.executable, "-m", "bench.steps", name, *map(str, args)],
        env=environment(database, redis_url),
        timeout=timeout,
    )
    return json.loads(out.strip().splitlines()[-1])


def free_port(ports: str) -> int:
    low, high = map(int, ports.split("-"))
    for port in range(low, high + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports}")


@contextmanager
def gunicorn(database: str, args):
    """The site as in production: gunicorn, 2 workers, bench.settings, on a loopback port."""
    port = free_port(args.ports)
    log_file = open(Path(tempfile.gettempdir()) / f"bench-gunicorn-{os.getpid()}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603 - our own fixed command
        [sys.executable, "-m", "gunicorn", "participation.wsgi:application", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--timeout", "60"],
        cwd=ROOT, env=environment(database, args.redis_url), stdout=log_file, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + BARE, timeout=2) as response:  # noqa: S310 - loopback  # nosec
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start; see {log_file.name}")
            time.sleep(0.3)
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, 15)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait()
        log_file.close()


# Data sets --------------------------------------------------------------------------------------


def has_bench_data(database: str) -> bool:
    with psycopg.connect(f"{PG}/{database}", connect_timeout=5) as connection:
        row = connection.execute(
            "SELECT to_regclass('participation_organisation') IS NOT NULL AND EXISTS "
            "(SELECT 1 FROM pg_class WHERE relname = 'community_unconference')"
        ).fetchone()
        if not row[0]:
            return False
        return connection.execute(
            "SELECT EXISTS (SELECT 1 FROM participation_organisation WHERE slug LIKE 'bench-%%') "
            "AND EXISTS (SELECT 1 FROM community_unconference WHERE slug LIKE 'bench-%%')"
        ).fetchone()[0]


def database_exists(database: str) -> bool:
    with psycopg.connect(f"{PG}/postgres", connect_timeout=5) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone() is not None


def create(database: str, template: str | None = None) -> None:
    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"{copy}')


def prepare(database: str, scale: float, args, *, copy_to: str | None = None) -> dict:
    """Create, migrate and seed the data set, or reuse one that is already there. `copy_to`, when
    that database is missing, is created as a copy of this one once migrated: one migrate, not two."""
    if not database_exists(database):
        create(database)
    # Seeding is development work (seed_bench refuses production settings).
    env = environment(database, args.redis_url, DJANGO_SETTINGS_MODULE="participation.settings")
    env["DATA_DIR"] = str(Path(tempfile.gettempdir()) / "participation-bench-data")
    manage = [sys.executable, "manage.py"]
    run([*manage, "migrate", "--no-input"], env=env, timeout=600)
    if copy_to and not database_exists(copy_to) and not has_bench_data(database):
        create(copy_to, template=database)
    seconds = None
    if has_bench_data(database):
        log(f"{database}: reusing the benchmark data set")
    else:
        log(f"{database}: seeding at scale {scale} (minutes at scale 1)")
        started = time.monotonic()
        run([*manage, "seed_bench", "--scale", str(scale)], env=env, timeout=3600)
        seconds = time.monotonic() - started
        log(f"{database}: seeded in {seconds:.0f} s")
    # Bulk inserts leave the planner without statistics until autovacuum gets round to them, and
    # production tables have them: without this the planner picks nested loops over thousands of rows.
    with psycopg.connect(f"{PG}/{database}", autocommit=True) as connection:
        connection.execute("ANALYZE")
    return {"database": database, "scale": scale, "seeded": seconds is not None, "seed_seconds": seconds}


def prepare_both(args) -> list[dict]:
    small = prepare(args.small_db, args.small_scale, args, copy_to=args.full_db)
    return [small, prepare(args.full_db, args.full_scale, args)]


def drop(database: str) -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


# Load -------------------------------------------------------------------------------------------


def wrk(base: str, page: dict, probe: dict, seconds: int) -> dict:
    headers = []
    if page["logged_in"]:
        headers.append(f"Cookie: sessionid={probe['session']}; csrftoken={probe['csrf']}")
    if page["htmx"]:
        headers.append("HX-Request: true")
    if page["method"] == "POST":
        headers += [f"X-CSRFToken: {probe['csrf']}", "Content-Type: application/x-www-form-urlencoded"]
    command = ["wrk", "-c8", "-t2", f"-d{seconds}s", "--timeout", "10s", "-s", str(LUA), base + page["path"]]
    for header in headers:
        command[1:1] = ["-H", header]
    env = {**os.environ, "BENCH_METHOD": page["method"], "BENCH_BODIES": "|".join(page["bodies"])}
    out = run(command, env=env, timeout=seconds + 30)
    match = re.search(r"^BENCH_JSON (.*)$", out, re.MULTILINE)
    return json.loads(match.group(1))


def load(base: str, probe: dict, args) -> list[dict]:
    """Bare view first, then each page, `repeat` times; medians of requests/s, ratio and latencies."""
    bare = {"name": "bare view", "path": BARE, "logged_in": False, "htmx": False, "method": "GET", "bodies": []}
    targets = [bare, *probe["pages"]]
    runs = {page["name"]: [] for page in targets}
    for repetition in range(args.repeat):
        bare_rps = None
        for page in targets:
            if repetition == 0 and args.warmup:
                wrk(base, page, probe, args.warmup)
            result = wrk(base, page, probe, args.duration)
            bare_rps = bare_rps or result["rps"]
            result["ratio"] = result["rps"] / bare_rps if bare_rps else 0
            runs[page["name"]].append(result)
            log(
                f"  {page['name']}: {result['rps']:.0f} req/s, ratio {result['ratio']:.3f}, "
                f"p95 {result['p95_ms']:.0f} ms"
            )
    rows = []
    for page in targets:
        measured = runs[page["name"]]
        row = {
            key: statistics.median(r[key] for r in measured) for key in ("rps", "ratio", "p50_ms", "p95_ms", "p99_ms")
        }
        row["non_2xx"] = sum(r["non_2xx"] + r["socket_errors"] for r in measured)
        rows.append({**{k: page.get(k) for k in ("name", "path", "kind", "key", "queries", "db_ms", "status")}, **row})
    return rows


# Report -----------------------------------------------------------------------------------------


def versions() -> dict:
    def output(command):
        try:
            return subprocess.run(  # noqa: S603 - our own fixed command
                command, capture_output=True, text=True, timeout=10, check=False
            ).stdout.strip()
        except OSError:
            return "?"

    import django
    import gunicorn as gunicorn_package

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    with psycopg.connect(f"{PG}/postgres", connect_timeout=5) as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgres": postgres,
        "gunicorn": gunicorn_package.__version__,
        "wrk": output(["wrk", "--version"]).splitlines()[0] if shutil.which("wrk") else "missing",
    }


def verdict(value: bool | None) -> str:
    return "n/a" if value is None else ("pass" if value else "FAIL")


def evaluate(results: dict) -> list[dict]:
    """One row per QUALITY.md bar: measured value, pass/fail on the required and the goal figure."""
    small = {row["name"]: row for row in results["small"]["pages"]}
    full = {row["name"]: row for row in results["full"]["pages"]}
    key = [row for row in results["full"]["pages"] if row.get("key")]
    pages = [row for row in results["full"]["pages"] if row["name"] != "bare view"]
    rows = []

    def bar(name, measured, required, goal):
        rows.append({"bar": BARS[name][0], "required": BARS[name][1], "goal": BARS[name][2], "measured": measured,
                     "required_met": verdict(required), "goal_met": verdict(goal)})  # fmt: skip

    worst = min(key, key=lambda row: row["ratio"])
    goal_ok = all(row["ratio"] >= (0.25 if row["kind"] == "anonymous" else 0.10) for row in key)
    bar("throughput", f"lowest {worst['ratio']:.3f} ({worst['name']})", worst["ratio"] >= 0.05, goal_ok)
    p95 = max(pages, key=lambda row: row["p95_ms"])
    p99 = max(pages, key=lambda row: row["p99_ms"])
    bar("latency", f"worst {p95['p95_ms']:.0f} / {p99['p99_ms']:.0f} ms ({p95['name']})",
        p95["p95_ms"] <= 150 and p99["p99_ms"] <= 300, p95["p95_ms"] <= 50 and p99["p99_ms"] <= 100)  # fmt: skip
    scale = min(row["scale_ratio"] for row in pages)
    lowest = min(pages, key=lambda row: row["scale_ratio"])
    bar("scale", f"lowest {scale:.2f} ({lowest['name']})", scale >= 0.8, scale >= 0.95)
    deepest = full["register last page (keyset)"]["ratio"]
    bar("deepest", f"{deepest:.3f} (page 1: {full['register list filtered by organisation']['ratio']:.3f})",
        deepest >= 0.05, deepest >= 0.25)  # fmt: skip
    changed = [name for name in full if name != "bare view" and full[name]["queries"] != small[name]["queries"]]
    over = [row["name"] for row in pages if row["queries"] > QUERY_LIMITS[row["kind"]]]
    most = max(pages, key=lambda row: row["queries"])
    measured = f"max {most['queries']} ({most['name']}); differ between scales: {', '.join(changed) or 'none'}"
    if over:
        measured += f"; over the limit: {', '.join(over)}"
    bar("queries", measured, not changed and not over, None)
    slowest = max(pages, key=lambda row: row["db_ms"])
    bar("db_time", f"max {slowest['db_ms']:.1f} ms ({slowest['name']})", slowest["db_ms"] <= 20, slowest["db_ms"] <= 5)
    scans = results["full"]["sequential_scans"]
    bar("search", "; ".join(scans) or "no sequential scan", not scans, not scans)
    evidence = results["pdf"]["evidence"]
    bar("pdf_20", f"{evidence['seconds']:.2f} s for {evidence['pages']} pages",
        evidence["seconds"] <= 3, evidence["seconds"] <= 1.5)  # fmt: skip
    annex = results["pdf"]["annex"]
    bar("pdf_annex", f"{annex['seconds']:.2f} s, {annex['peak_mb']:.0f} MB, {annex['rows']} rows",
        annex["seconds"] <= 12 and annex["peak_mb"] <= 500, annex["seconds"] <= 6)  # fmt: skip
    request = results["pdf"]["request"]
    bar(
        "pdf_request",
        f"{request['ms']:.0f} ms (median of {len(request['all_ms'])})",
        request["ms"] <= 200,
        request["ms"] <= 50,
    )
    fanout = results["fanout"]
    bar("fanout", f"{fanout['seconds']:.1f} s for {fanout['messages']:,}; {fanout['duplicates']} duplicates, "
        f"{fanout['lost']} {'lost' if fanout['finished'] else 'unsent at the 300 s cap'}",
        fanout["finished"] and fanout["seconds"] <= 60 and not fanout["duplicates"],
        fanout["finished"] and fanout["seconds"] <= 20 and not fanout["duplicates"])  # fmt: skip
    return rows


def markdown(results: dict) -> str:
    machine = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"{machine['date']} · {machine['cores']} cores, {machine['cpu']} · Python {machine['python']}, "
        f"Django {machine['django']}, PostgreSQL {machine['postgres']}, gunicorn {machine['gunicorn']} (2 workers), "
        f"{machine['wrk']} (-c8 -t2, {results['settings']['duration']} s after {results['settings']['warmup']} s "
        f"warm-up, median of {results['settings']['repeat']})",
        "",
        "Data sets: "
        + "; ".join(
            f"F={d['scale']} in `{d['database']}` "
            + (f"(seeded in {d['seed_seconds']:.0f} s)" if d["seeded"] else "(reused)")
            for d in results["datasets"]
        ),
        "",
        "## Bars (QUALITY.md)",
        "",
        "| bar | required | goal | measured | required | goal |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {r['bar']} | {r['required']} | {r['goal']} | {r['measured']} | {r['required_met']} | "
              f"{r['goal_met']} |" for r in results["bars"]]  # fmt: skip
    lines += [
        "",
        "## Pages",
        "",
        "| page | kind | req/s F=0.1 | ratio F=0.1 | req/s F=1 | ratio F=1 | p50/p95/p99 ms F=1 | non-2xx | "
        "queries F=0.1 / F=1 | DB ms F=0.1 / F=1 | scale ratio |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    small = {row["name"]: row for row in results["small"]["pages"]}
    for row in results["full"]["pages"]:
        twin = small[row["name"]]
        queries = "–" if row["queries"] is None else f"{twin['queries']} / {row['queries']}"
        db = "–" if row["db_ms"] is None else f"{twin['db_ms']:.1f} / {row['db_ms']:.1f}"
        lines.append(
            f"| {row['name']} | {row.get('kind') or 'reference'} | {twin['rps']:.0f} | {twin['ratio']:.3f} | "
            f"{row['rps']:.0f} | {row['ratio']:.3f} | "
            f"{row['p50_ms']:.1f} / {row['p95_ms']:.1f} / {row['p99_ms']:.1f} | "
            f"{twin['non_2xx']} / {row['non_2xx']} | {queries} | {db} | {row.get('scale_ratio', 1):.2f} |"
        )
    pdf = results["pdf"]
    lines += [
        "",
        "## PDF, fan-out, scheduler",
        "",
        "| measure | rows | pages | seconds | s/page | peak MB |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name in ("evidence_small", "evidence", "annex"):
        r = pdf[name]
        lines.append(f"| {name} ({r['kind']}) | {r['rows']} | {r['pages']} | {r['seconds']:.2f} | "
                     f"{r['seconds_per_page']:.3f} | {r['peak_mb']:.0f} |")  # fmt: skip
    fanout = results["fanout"]
    lines += [
        "",
        f"- Linearity: {pdf['linearity']:.2f} (seconds per page of the ~{pdf['evidence']['pages']}-page report "
        f"over the {pdf['evidence_small']['pages']}-page one; 1 is linear).",
        f"- PDF request (POST that creates the job): {pdf['request']['ms']:.0f} ms median; statuses "
        f"{pdf['request']['statuses']}.",
        f"- Fan-out: {fanout['messages']:,} reminders; fan_out wrote them in {fanout['fan_out_seconds']:.1f} s; "
        f"sweep to last SMTP accept {fanout['seconds']:.1f} s; "
        f"{fanout['duplicates']} duplicates, {fanout['lost']} "
        + ("not accepted when the wait ended (the 300 s cap)." if not fanout["finished"] else "lost."),
        f"- Scheduler on 200 proposals: {results['scheduler']['seconds']:.2f} s (median of 3), "
        f"{results['scheduler']['placed']} placed.",
        "",
    ]
    return "\n".join(lines)


# The run ----------------------------------------------------------------------------------------


def measure_dataset(database: str, args) -> dict:
    log(f"{database}: finding pages and counting queries")
    probe = step("probe", database=database, redis_url=args.redis_url, timeout=600)
    try:
        with gunicorn(database, args) as base:
            log(f"{database}: load at 8 connections")
            rows = load(base, probe, args)
            request = step("pdf-request", base, database=database, redis_url=args.redis_url, timeout=120)
    finally:
        step("reset", database=database, redis_url=args.redis_url, timeout=120)
    return {"pages": rows, "sequential_scans": probe["sequential_scans"], "pdf_request": request}


def stop_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)  # so every `finally` runs and stops what it started


def main(argv=None) -> dict:
    args = parse_args(argv)
    previous = signal.signal(signal.SIGTERM, stop_on_sigterm)
    started = time.monotonic()
    results = {"settings": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}}
    databases = [(args.small_db, args.small_scale), (args.full_db, args.full_scale)]
    try:
        results["machine"] = versions()
        results["datasets"] = prepare_both(args)
        results["small"] = measure_dataset(args.small_db, args)
        results["full"] = measure_dataset(args.full_db, args)
        small = {row["name"]: row for row in results["small"]["pages"]}
        for row in results["full"]["pages"]:
            twin = small[row["name"]]["ratio"]
            row["scale_ratio"] = row["ratio"] / twin if twin else 0
        full = {"database": args.full_db, "redis_url": args.redis_url}
        log("PDF reports, each rendered in its own process")
        evidence = step("pdf", "evidence", args.pdf_pages, **full, timeout=600)
        # Activities per page from a first render, then the report closest to --pdf-pages pages.
        per_page = max(evidence["rows"] / evidence["pages"], 0.01)
        evidence = step("pdf", "evidence", round(args.pdf_pages * per_page), **full, timeout=600)
        evidence_small = step("pdf", "evidence", max(1, round(evidence["rows"] / 4)), **full, timeout=600)
        annex = step("pdf", "annex", args.annex_rows, **full, timeout=600)
        results["pdf"] = {
            "evidence": evidence,
            "evidence_small": evidence_small,
            "annex": annex,
            "linearity": evidence["seconds_per_page"] / evidence_small["seconds_per_page"],
            "request": results["full"]["pdf_request"],
        }
        log(f"fan-out of {args.fanout:,} reminders")
        results["fanout"] = step("fanout", args.fanout, 300, **full, timeout=420)
        results["scheduler"] = step("scheduler", **full, timeout=300)
        results["bars"] = evaluate(results)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if args.tiny:
            for database, _scale in databases:
                drop(database)
    results["seconds"] = time.monotonic() - started
    text = markdown(results)
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "latest.json").write_text(json.dumps(results, indent=2, default=str))
    (args.results / "latest.md").write_text(text)
    print(text)
    return results


if __name__ == "__main__":
    main()
