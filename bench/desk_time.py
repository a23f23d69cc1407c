"""The desk's queue at scale: server time of each queue row and the plans of its slowest statement.

``python -m bench.desk_time --db both --scale 1`` seeds (once) a database
of its own per database kind and scale, times the desk rows of
:func:`bench.pages.desk_pages` in process (as ``bench.run`` does) and
writes, per row, the query plan of the statement that took longest
(``EXPLAIN QUERY PLAN`` on SQLite, ``EXPLAIN (ANALYZE, BUFFERS)`` on
PostgreSQL) to ``bench/results/desk-<time>-<db>.txt``.  Its databases are
named apart from ``bench.run``'s (``cc_deskbench_<scale>``), so the two
benchmarks can run on one PostgreSQL server without reseeding each other's
data; ``cc upgrade`` runs on a reused database first, and how long it took
is reported (a migration's backfill over the full set).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from . import data, pages
from .server import ROOT, write_portal_ini
from .servertime import InProcess

RESULTS = ROOT / "bench" / "results"


def prepare(kind: str, scale: float, postgresql: str, reseed: bool) -> tuple[str, Path, float | None]:
    """``(url, ini, seconds of cc upgrade or None when seeded now)`` of this benchmark's database."""
    tag = data.scale_tag(scale)
    work = data.WORK / f"desk-{kind}-{tag}"
    work.mkdir(parents=True, exist_ok=True)
    stamp = data.WORK / f"desk-{kind}-{tag}.json"
    if kind == "sqlite":
        path = data.WORK / f"desk-{tag}.sqlite"
        url, exists = f"sqlite:///{path}", path.exists()
    else:
        name = f"cc_deskbench_{tag}"
        url = sa.engine.make_url(postgresql).set(database=name).render_as_string(hide_password=False)
        exists = data._postgresql_exists(postgresql, name)
    ini = write_portal_ini(work, url)
    if exists and stamp.exists() and not reseed:
        started = time.monotonic()
        subprocess.run([data._cc(), "-c", str(ini), "upgrade"], check=True, cwd=ROOT)
        return url, ini, time.monotonic() - started
    stamp.unlink(missing_ok=True)
    if kind == "sqlite":
        data._fresh_sqlite(path)
    else:
        data._fresh_postgresql(postgresql, name)
    started = time.monotonic()
    subprocess.run([data._cc(), "-c", str(ini), "seed", "--scale", f"{scale:g}"], check=True, cwd=ROOT)
    stamp.write_text(json.dumps({"scale": scale, "seconds": time.monotonic() - started, "url": url}))
    return url, ini, None


class Recorder:
    """The statements of one request, with their parameters and durations."""

    def __init__(self, engine):
        self.statements: list[tuple[float, str, object]] = []
        sa.event.listen(engine, "before_cursor_execute", self._before)
        sa.event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        conn.info["desk_bench_started"] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        elapsed = time.perf_counter() - conn.info.pop("desk_bench_started", time.perf_counter())
        self.statements.append((elapsed, statement, parameters))


def explain(engine, kind: str, statement: str, parameters) -> str:
    prefix = "EXPLAIN QUERY PLAN " if kind == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(prefix + statement, parameters).all()
    if kind == "sqlite":
        return "\n".join(f"{row[0]:>4} {row[1]:>4} {row[3]}" for row in rows)
    return "\n".join(row[0] for row in rows)


def run(kind: str, scale: float, args) -> list[dict]:
    url, ini, upgrade_seconds = prepare(kind, scale, args.postgresql, args.reseed)
    engine = sa.create_engine(url)
    cast = pages.find_cast(engine)
    engine.dispose()
    process = InProcess(str(ini))
    process.login(cast.agent_email, pages.SEED_PASSWORD)

    def fetch(path):
        response = process.get(path)
        return response.status_int, response.text

    deep = pages.deep_path(fetch, start="/desk")
    recorder = Recorder(process.engine)
    rows, plans = [], []
    for page in pages.desk_pages(cast, deep):
        if args.only and not any(word in page.name for word in args.only):
            continue
        timing = process.time(page.name, page.paths, count=args.requests, warmup=args.warmup)
        rows.append({"database": kind, "scale": scale, "page": page.name, "median_ms": timing.median_ms,
                     "p95_ms": timing.p95_ms, "statements": timing.statements, "status": timing.status})
        print(f"{kind:10} {page.name:45} {timing.median_ms:9.2f} ms  p95 {timing.p95_ms:9.2f}"
              f"  {timing.statements} statements  {timing.status}", flush=True)
        recorder.statements.clear()
        process.get(page.paths[0])
        elapsed, statement, parameters = max(recorder.statements, key=lambda item: item[0])
        plans.append(f"## {page.name}: {page.paths[0]}\n\nslowest statement, {elapsed * 1000:.2f} ms:\n\n"
                     f"{statement}\n\nparameters: {parameters!r}\n\n"
                     f"{explain(process.engine, kind, statement, parameters)}\n")
    process.close()
    header = (f"# Desk queue plans, {kind}, scale {scale:g}, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC\n"
              f"label: {args.label}\n"
              + (f"cc upgrade before measuring: {upgrade_seconds:.1f} s\n" if upgrade_seconds is not None else "")
              + "\n| page | median ms | p95 ms | statements |\n|---|---:|---:|---:|\n"
              + "".join(f"| {r['page']} | {r['median_ms']:.2f} | {r['p95_ms']:.2f} | {r['statements']} |\n"
                        for r in rows) + "\n")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M")
    out = RESULTS / f"desk-{stamp}-{args.label}-{kind}-{data.scale_tag(scale)}.txt"
    out.write_text(header + "\n".join(plans))
    print(f"wrote {out}", file=sys.stderr)
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.desk_time", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=100, help="timed requests per row")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--label", default="run", help="a word in the result file's name (before, after)")
    parser.add_argument("--only", nargs="*", help="rows whose name contains one of these words")
    parser.add_argument("--postgresql", default=os.environ.get("CC_BENCH_POSTGRESQL", data.DEFAULT_POSTGRESQL))
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args(argv)
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    for kind in kinds:
        run(kind, args.scale, args)


if __name__ == "__main__":
    main()
