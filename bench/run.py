"""``python -m bench.run``: seed, serve, load, report.

For each database (SQLite, PostgreSQL or both) and each data size (the
full set and a 10,000-request set by default):

1. seed it with ``cc seed`` unless an identical seeded copy exists (all
   sets are prepared side by side before anything is measured);
2. time a cold start in fresh interpreters;
3. time each read page in process, one request at a time, counting SQL
   statements (the server-time table), in one application for every
   person;
4. serve the portal with gunicorn and load every page of issue 8 at 1, 8
   and 32 connections, posts last, then check that the rows the posts
   added match the successful posts exactly; read the workers' memory;
5. serve the floor application with the same settings, its page as large
   as the portal's median read page, and load it the same way.

The run's figures go to ``bench/results/run-<time>.json`` and ``.md``; the
Markdown is printed too, and after it the time each phase took
(:mod:`bench.phases`).
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


from . import data, load, pages, report, server
from .machine import machine_info
from .phases import Phases
from .servertime import InProcess, floor_time

RESULTS = Path(__file__).resolve().parent / "results"
SMALL_SET_REQUESTS = 10_000
#: What ``--quick`` changes, for a check after a change that prints the same tables: 2 s loads
#: (1 s ones leave a page slower than a second without a single answer on a busy machine),
#: fewer timed requests, one cold start, no profile, the first 25 paths of a page probed (about
#: as many as 2 s of load reaches), and one floor for both databases when their pages are alike.
QUICK = {"duration": 2.0, "warmup": 1.0, "requests": 40, "coldstarts": 1, "profile": False, "probe": 25,
         "floor_once": True}
#: The floor is loaded again for a database whose median page differs more than this from the floor's page.
FLOOR_SIZE_TOLERANCE = 0.10


def measure_coldstart(ini: Path, runs: int = 3) -> dict:
    """Median of ``runs`` cold starts, each in a fresh interpreter."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        output = subprocess.run([sys.executable, "-W", "ignore", "-m", "bench.coldstart", str(ini)],
                                check=True, capture_output=True, text=True, cwd=server.ROOT).stdout
        wall = time.perf_counter() - started
        samples.append({**json.loads(output.strip().splitlines()[-1]), "wall_s": wall})
    return {f"median_{key}": statistics.median(s[key] for s in samples) for key in samples[0]}


def warmup_for(count: int) -> int:
    """Untimed requests before ``count`` timed ones: 20 from 100 requests on, fewer (at least 5) below."""
    return min(20, max(5, count // 5))


def read_pages(cast: pages.Cast, deep: tuple[str, int]) -> list[load.Page]:
    """The read pages of the load test plus the list with a search term."""
    reads = [page for page in pages.build_pages(cast, deep, "unused") if not page.is_post]
    reads.insert(4, load.Page("request list, search", [f"/requests?status=all&q={cast.request_term}"]))
    return reads


def _fetcher(process: InProcess):
    def fetch(path):
        response = process.get(path)
        return response.status_int, response.text

    return fetch


def server_times(process: InProcess, cast: pages.Cast, count: int) -> tuple[list[dict], tuple[str, int]]:
    """The in-process timings of the read pages, and the deep list page found.

    ``process`` is the database's one application; the heavy customer and,
    for the desk's pages, the agent are logged in on it in turn.
    """
    process.login(cast.heavy_email, pages.SEED_PASSWORD)
    deep = pages.deep_path(_fetcher(process))
    timings = [dataclasses.asdict(process.time(page.name, page.paths, count=count, warmup=warmup_for(count)))
               for page in read_pages(cast, deep)]
    if cast.agent_email:
        timings += desk_times(process, cast, count)
    return timings, deep


def desk_times(process: InProcess, cast: pages.Cast, count: int) -> list[dict]:
    """The staff queue (``/desk``) as a seeded agent sees it, when the desk plugin is installed."""
    process.login(cast.agent_email, pages.SEED_PASSWORD)
    if process.get("/desk").status_int != 200:
        return []
    deep = pages.deep_path(_fetcher(process), start="/desk")
    return [dataclasses.asdict(process.time(page.name, page.paths, count=count, warmup=warmup_for(count)))
            for page in pages.desk_pages(cast, deep)]


def load_pages(database: data.Database, page_list: list[load.Page], args) -> tuple[list[dict], list[dict], list]:
    """Every page under load; the results, the integrity checks and the worker memory."""
    results, checks = [], []
    with server.portal(database.work, database.url) as portal:
        jars = {email: load.login(portal.url, email, pages.SEED_PASSWORD)
                for email in sorted({page.login for page in page_list if page.login})}
        for page in page_list:
            jar = jars.get(page.login)
            entry = {"name": page.name, "post": page.is_post, "bytes": 0, "results": {}, "first_error": None}
            if not page.is_post:
                probed = load.probe(portal.url, page.paths[:args.probe] if args.probe else page.paths, jar)
                bad = [(path, status) for path, status, _ in probed if status != 200]
                if bad:
                    raise RuntimeError(f"{page.name}: {len(bad)} of {len(probed)} paths did not answer 200, "
                                       f"e.g. {bad[0]}")
                entry["bytes"] = int(statistics.median(size for _, _, size in probed))
            before = data.count_rows(database, list(page.writes)) if page.writes else {}
            successes = 0
            warm, _ = load.measure(portal.url, page, 8, args.warmup, jar)
            successes += warm.successes or 0
            for connections in args.connections:
                result, error = load.measure(portal.url, page, connections, args.duration, jar)
                successes += result.successes or 0
                entry["results"][str(connections)] = {**dataclasses.asdict(result), "rate": result.rate}
                entry["first_error"] = entry["first_error"] or error
                print(f"  {page.name:<28} {connections:>3} conn  {result.rate:8.1f}/s  median "
                      f"{result.median_ms:7.1f} ms  p99 {result.p99_ms:7.1f} ms  errors {result.errors}"
                      + (f"  ({error})" if error else ""), file=sys.stderr, flush=True)
            if page.is_post:
                entry["bytes"] = int(statistics.median(
                    r["bytes"] / max(r["requests"], 1) for r in entry["results"].values()))
                after = data.count_rows(database, list(page.writes))
                delta = {table: after[table] - before[table] for table in page.writes}
                marked = data.count_marked(database, *page.marked, page.post.marker) if page.marked else (0, 0)
                ok = (all(delta[table] == per * successes for table, per in page.writes.items())
                      and marked == (successes, successes))
                checks.append({"page": page.name, "successes": successes, "delta": delta, "marked": marked, "ok": ok})
            results.append(entry)
        rss = portal.worker_rss_mb()
    return results, checks, rss


def load_floor(database: data.Database, page_bytes: int, args) -> dict:
    floor = {"page_bytes": page_bytes, "wrk": {}, "python": {}}
    with server.floor(database.work, page_bytes) as served:
        floor["page_bytes"] = load.probe(served.url, ["/"])[0][2]
        load.measure(served.url, load.Page("floor", ["/"]), 8, args.warmup)
        for connections in args.connections:
            for driver in ("wrk", "python"):
                if driver == "wrk":
                    result, _ = load.measure(served.url, load.Page("floor", ["/"]), connections, args.duration)
                else:
                    result, _ = load.measure_python_get(served.url, ["/"], connections, args.duration)
                floor[driver][str(connections)] = {**dataclasses.asdict(result), "rate": result.rate}
                print(f"  floor ({driver}) {connections:>3} conn  {result.rate:8.1f}/s  median "
                      f"{result.median_ms:7.1f} ms  p99 {result.p99_ms:7.1f} ms", file=sys.stderr, flush=True)
    return floor


def profile_slowest(database: dict, process: InProcess, cast: pages.Cast, reads: list[load.Page], out: Path,
                    count: int = 300) -> None:
    """Profile the load test's read page with the highest server time; the call tree goes to ``out``.

    ``database`` holds the server times measured (``servertime``); the
    profile's page and file are added to it.
    """
    try:
        from pyinstrument.renderers import ConsoleRenderer
    except ImportError:
        print("pyinstrument is not installed (pip install -r bench/requirements.txt): no profile",
              file=sys.stderr)
        return
    from .profile import profile

    # The pages of the load test (the desk's queue pages are timed, not loaded).
    paths_of = {page.name: page.paths for page in reads}
    slowest = max((timing for timing in database["servertime"] if timing["name"] in paths_of),
                  key=lambda timing: timing["median_ms"])
    paths = paths_of[slowest["name"]]
    session = profile(process, paths, cast.heavy_email, count=count)
    text = ConsoleRenderer(unicode=True, color=False, time="percent_of_total",
                           processor_options={"filter_threshold": 0.01}).render(session)
    out.write_text(f"{database['label']}: {slowest['name']} ({slowest['median_ms']:.2f} ms median)\n\n{text}")
    database["profile"] = {"page": slowest["name"], "file": str(out.relative_to(server.ROOT))}


def shared_floor(floors: list[dict], page_bytes: int) -> dict | None:
    """A floor already measured in this run whose page is within the tolerance of ``page_bytes``."""
    for floor in floors:
        if abs(floor["page_bytes"] - page_bytes) <= FLOOR_SIZE_TOLERANCE * page_bytes:
            return floor
    return None


def run_database(database: data.Database, args, stem: Path, phases: Phases, floors: list[dict]) -> dict:
    """Measure one prepared set; each step is timed as a phase of ``phases``.

    ``floors`` holds the floors loaded so far in the run; with
    ``--floor-once`` one of them is reused when its page is alike.
    """
    kind, scale = database.kind, database.scale
    tag = f"{kind} {scale:g}"
    print(f"measuring {database.label}", file=sys.stderr, flush=True)
    with phases.phase(f"{tag}: people and pages chosen"):
        engine = database.engine()
        try:
            cast = pages.find_cast(engine)
        finally:
            engine.dispose()
        counts = data.count_rows(database, ["cc_company", "cc_person", "requests_request", "requests_message",
                                            "faq_article"])
    ini = server.write_portal_ini(database.work, database.url)
    with phases.phase(f"{tag}: cold start × {args.coldstarts}"):
        coldstart = measure_coldstart(ini, args.coldstarts)
    measured = {"label": f"{kind}, {counts['requests_request']:,} requests", "kind": kind, "scale": scale,
                "seed_seconds": database.seed_seconds, "counts": counts, "heavy_requests": cast.heavy_requests,
                "coldstart": coldstart}
    with phases.phase(f"{tag}: in-process application built"):
        process = InProcess(str(ini))
    try:
        with phases.phase(f"{tag}: in-process timings ({args.requests} requests a page)"):
            timings, deep = server_times(process, cast, args.requests)
        measured["servertime"] = timings
        if args.profile:
            with phases.phase(f"{tag}: profile of the slowest page"):
                try:
                    profile_slowest(measured, process, cast, read_pages(cast, deep),
                                    stem.with_name(f"{stem.name}-profile-{kind}-{data.scale_tag(scale)}.txt"),
                                    count=args.profile_requests)
                except Exception as error:  # a profile is worth less than the measurements taken
                    print(f"profiling {measured['label']} failed: {error!r}", file=sys.stderr)
    finally:
        process.close()
    marker = f"bench{int(time.time())}{kind[0]}"
    page_list = pages.build_pages(cast, deep, marker)
    with (phases.phase(f"{tag}: portal served and loaded ({len(page_list)} pages, on a scratch copy)"),
          data.scratch_copy(database) as scratch):
        results, checks, rss = load_pages(scratch, page_list, args)
    sizes = [page["bytes"] for page in results if not page["post"]]
    median_bytes = int(statistics.median(sizes))
    earlier = shared_floor(floors, median_bytes) if args.floor_once else None
    if earlier is not None:
        floor = {**earlier, "loaded_for": earlier.get("loaded_for") or "an earlier database of this run"}
    else:
        with phases.phase(f"{tag}: floor served and loaded"):
            floor = load_floor(database, median_bytes, args)
        floors.append({**floor, "loaded_for": measured["label"]})
    with phases.phase(f"{tag}: floor in process"):
        floor["servertime"] = dataclasses.asdict(floor_time(floor["page_bytes"], count=args.requests,
                                                            warmup=warmup_for(args.requests)))
    measured.update({"pages": results, "integrity": checks, "rss_mb": rss, "floor": floor})
    return measured


def prepare_all(pairs: list[tuple[str, float]], args, phases: Phases) -> list[data.Database]:
    """Every (database, scale) set seeded or found, side by side: seeding is mostly one database's work."""
    for kind, scale in pairs:  # the plugins are loaded here, once, not in two threads at a time
        data.fingerprints(scale)

    def prepare(pair):
        kind, scale = pair
        with phases.phase(f"{kind} {scale:g}: set seeded or reused"):
            return data.prepare(kind, scale, args.postgresql, args.reseed, args.database_prefix)

    with phases.phase("sets prepared (side by side)"), ThreadPoolExecutor(max_workers=len(pairs)) as pool:
        prepared = list(pool.map(prepare, pairs))
    for database in prepared:
        print(f"{database.label}: {'reused' if database.reused else 'seeded'}", file=sys.stderr, flush=True)
    return prepared


def small_scale() -> float:
    """The fraction of the full set that makes the 10,000-request set."""
    from cc_core.plugins import build_plugin_manager
    from cc_core.seed import seed_counts

    return SMALL_SET_REQUESTS / seed_counts(build_plugin_manager({}))["requests"].default


def _database_prefix(value: str) -> str:
    """A prefix that is safe unquoted in a database name and a file name."""
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", value):
        raise argparse.ArgumentTypeError("lower-case letters, digits and _, starting with a letter")
    return value


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--scale", type=float, nargs="+", default=None,
                        help="data set sizes as fractions of the full set (default: the 10,000-request set "
                             "and the full set)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per page and concurrency")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of untimed load before each page")
    parser.add_argument("--connections", type=int, nargs="+", default=list(load.CONCURRENCY))
    parser.add_argument("--requests", type=int, default=200, help="requests per page for the server-time table")
    parser.add_argument("--postgresql", default=os.environ.get("CC_BENCH_POSTGRESQL", data.DEFAULT_POSTGRESQL),
                        help="an admin URL of the PostgreSQL server (databases cc_bench_* are made on it)")
    parser.add_argument("--reseed", action="store_true", help="seed again even when a seeded copy exists")
    parser.add_argument("--database-prefix", default=os.environ.get("CC_BENCH_DATABASE_PREFIX", data.DEFAULT_PREFIX),
                        type=_database_prefix,
                        help="the start of the PostgreSQL databases' names (and of the SQLite files'), "
                             f"default {data.DEFAULT_PREFIX}: runs from two checkouts on one server need two")
    parser.add_argument("--coldstarts", type=int, default=3, help="cold starts timed (their median is reported)")
    parser.add_argument("--profile-requests", type=int, default=300,
                        help="requests of the slowest page under the profiler")
    parser.add_argument("--quick", action="store_true",
                        help=f"the small set only, {QUICK['duration']:g} s of load after {QUICK['warmup']:g} s of "
                             f"warm-up, {QUICK['requests']} requests a page in process, {QUICK['coldstarts']} cold "
                             f"start, no profile, the first {QUICK['probe']} paths of a page probed, one floor for "
                             "both databases: the same tables in a few minutes (options given explicitly still win)")
    parser.add_argument("--helpdesk", metavar="URL",
                        help="instead of the tables, compare the portal with the django-helpdesk running at URL "
                             "(bench/helpdesk_compare.py)")
    parser.add_argument("--helpdesk-user", default="customer")
    parser.add_argument("--helpdesk-password", default="customerpass123")
    parser.add_argument("--no-profile", dest="profile", action="store_false",
                        help="skip profiling the slowest page (needs pyinstrument)")
    parser.add_argument("--profile", dest="profile", action="store_true", default=True,
                        help="profile the slowest page (the default, but not under --quick)")
    parser.add_argument("--probe", type=int, default=0,
                        help="GET only the first N paths of each page before its load (default: all of them)")
    parser.add_argument("--floor-once", action="store_true",
                        help="load the floor once for every database whose median page is within "
                             f"{FLOOR_SIZE_TOLERANCE:.0%} of its page")
    args = parser.parse_args(argv)
    if args.quick:
        given = argv if argv is not None else sys.argv[1:]
        for option, value in QUICK.items():
            flag = "--" + option.replace("_", "-")
            flags = (flag, "--no-" + flag[2:])
            if not any(word in flags or word.startswith(f"{flag}=") for word in given):
                setattr(args, option, value)
    if args.scale is None:
        args.scale = [small_scale()] + ([] if args.quick else [1.0])
    return args


def main(argv=None) -> None:
    # Stopped from outside, still stop the servers it started (the
    # context managers' cleanup runs on SystemExit, not on a bare SIGTERM).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    args = parse_args(argv)
    if args.helpdesk:
        from .helpdesk_compare import run as compare_with_helpdesk

        print(compare_with_helpdesk(args.helpdesk, args.helpdesk_user, args.helpdesk_password,
                                    connections=8, duration=args.duration, rounds=3))
        return
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    phases = Phases()
    started = dt.datetime.now(dt.timezone.utc)
    run = {"started": started.strftime("%Y-%m-%d %H:%M UTC"), "duration": args.duration, "warmup": args.warmup,
           "workers": server.WORKERS, "worker_class": server.WORKER_CLASS,
           "machine": machine_info(args.postgresql if "postgresql" in kinds else None), "databases": []}
    if "postgresql" in kinds and run["machine"].get("PostgreSQL") == "unreachable":
        raise SystemExit(f"PostgreSQL is not reachable at {args.postgresql}: start it, pass --postgresql URL, "
                         "or run with --db sqlite")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"run-{started:%Y%m%d-%H%M%S}"
    prepared = prepare_all([(kind, scale) for kind in kinds for scale in sorted(args.scale)], args, phases)
    floors: list[dict] = []
    for database in prepared:
        run["databases"].append(run_database(database, args, stem, phases, floors))
        run["phases"] = phases.as_json()
        stem.with_suffix(".json").write_text(json.dumps(run, indent=1))
    with phases.phase("report written"):
        text = report.markdown(run)
        stem.with_suffix(".md").write_text(text)
    run["phases"] = phases.as_json()
    stem.with_suffix(".json").write_text(json.dumps(run, indent=1))
    print(text)
    print(f"\n### Where the run's time went\n\n{phases.table()}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
