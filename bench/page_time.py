"""A page's own cost: this checkout against another, in one run.

    .venv/bin/python -m bench.page_time --old /path/to/other/checkout [--db var/bench/cc-0_01.sqlite]
        [--rounds 30 --requests 10] [--html DIR] [--path /requests ...]

The pages are those of the benchmark (docs/performance.md, method): the
heavy customer's request list, a sample of their requests, the
new-request form, and ``/bench/layout`` (the layout alone), read from a
seeded SQLite set (``python -m bench.run`` makes one; ``--db`` names it).
Each side runs in a process of its own (the other checkout's packages put
first on ``sys.path``) on a copy of that database in a folder of its own,
so neither sees the other's writes or files.  The main process alternates
the sides round by round (each first every other round), so both see the same machine load, and prints
per page the median of every request's CPU time (which other programs on
a busy machine do not inflate), the page's own cost (its time minus the
layout's), the difference, and the SQL statements of one request.

``--html DIR`` writes each side's HTML of every page (the first request
of each path) to ``DIR/old`` and ``DIR/new``: a change meant to make a
page cheaper must not change what it shows, and ``diff -r`` says so.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import sqlalchemy as sa

from .data import WORK
from .layout_page import PATH as LAYOUT_PATH

LAYOUT = "layout only"
VIEW_SAMPLE = 20

WORKER = r"""
import json, os, re, sys, time
from bench.pages import SEED_PASSWORD
from bench.servertime import InProcess

ini, email, html_dir = sys.argv[1], sys.argv[2], sys.argv[3]
pages = json.loads(sys.argv[4])
process = InProcess(ini)
process.login(email, SEED_PASSWORD)
for name, paths in pages.items():
    for index, path in enumerate(paths):
        response = process.get(path)
        if response.status_int != 200:
            raise SystemExit(f"{path} answered {response.status}")
        if html_dir and index == 0:
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            with open(os.path.join(html_dir, slug + ".html"), "w") as out:
                out.write(response.text)
    for index in range(10):
        process.get(paths[index % len(paths)])
print("ready", flush=True)
turn = 0
for line in sys.stdin:
    count = int(line)
    times = {}
    for name, paths in pages.items():
        cpu, wall, statements = [], [], 0
        for _ in range(count):
            path = paths[turn % len(paths)]
            turn += 1
            before = process.statements
            start, start_cpu = time.perf_counter(), time.process_time()
            process.get(path)
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
            statements = max(statements, process.statements - before)
        times[name] = {"cpu": cpu, "wall": wall, "statements": statements}
    print(json.dumps(times), flush=True)
process.close()
"""


def the_pages(url: str, extra: list[str]) -> tuple[str, dict[str, list[str]]]:
    """The heavy customer's e-mail address and the pages to time, by name."""
    from .pages import find_cast

    engine = sa.create_engine(url)
    try:
        cast = find_cast(engine)
    finally:
        engine.dispose()
    pages = {LAYOUT: [LAYOUT_PATH], "request list": ["/requests"],
             "request view": [f"/requests/{i}" for i in cast.view_ids[:VIEW_SAMPLE]],
             "new-request form": ["/requests/new"]}
    pages.update({path: [path] for path in extra})
    return cast.heavy_email, pages


def start(tree: str | None, folder: Path, database: Path, email: str, pages: dict, html: Path | None):
    """One side: the database copied into ``folder``, its worker started and warmed up."""
    from .server import write_portal_ini

    copy = folder / "portal.sqlite"
    shutil.copyfile(database, copy)
    ini = write_portal_ini(folder, f"sqlite:///{copy}")
    env = dict(os.environ)
    if tree:
        plugins = os.path.join(tree, "plugins")
        paths = [tree] + sorted(os.path.join(plugins, name) for name in os.listdir(plugins))
        env["PYTHONPATH"] = os.pathsep.join(paths + [env.get("PYTHONPATH", "")])
    if html:
        html.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen([sys.executable, "-c", WORKER, str(ini), email, str(html or ""), json.dumps(pages)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
                               cwd=tree or os.getcwd())
    if process.stdout.readline().strip() != "ready":
        raise SystemExit(f"the worker for {tree or 'this checkout'} did not start")
    return process


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="the other checkout (e.g. git archive main | tar -x -C DIR)")
    parser.add_argument("--db", default=str(WORK / "cc-0_01.sqlite"), help="a seeded SQLite set")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--requests", type=int, default=10, help="requests per page and round")
    parser.add_argument("--html", help="write each side's pages into this folder (old/, new/)")
    parser.add_argument("--path", action="append", default=[], help="one more page to time (as its own name)")
    args = parser.parse_args(argv)
    database = Path(args.db)
    if not database.exists():
        raise SystemExit(f"no seeded set at {database}: python -m bench.run makes one")
    email, pages = the_pages(f"sqlite:///{database}", args.path)
    html = Path(args.html) if args.html else None
    with tempfile.TemporaryDirectory() as old_dir, tempfile.TemporaryDirectory() as new_dir:
        sides = {"old": start(os.path.abspath(args.old), Path(old_dir), database, email, pages, html and html / "old"),
                 "new": start(None, Path(new_dir), database, email, pages, html and html / "new")}
        cpu = {side: {name: [] for name in pages} for side in sides}
        statements = {side: {name: 0 for name in pages} for side in sides}
        for round_ in range(args.rounds):
            # Each side goes first every other round: neither always runs on the warmer machine.
            for side in (("old", "new") if round_ % 2 == 0 else ("new", "old")):
                process = sides[side]
                process.stdin.write(f"{args.requests}\n")
                process.stdin.flush()
                for name, found in json.loads(process.stdout.readline()).items():
                    cpu[side][name].extend(found["cpu"])
                    statements[side][name] = max(statements[side][name], found["statements"])
        for process in sides.values():
            process.stdin.close()
            process.wait()
    medians = {side: {name: statistics.median(times) for name, times in by_page.items()}
               for side, by_page in cpu.items()}
    print(f"CPU time per request, median of {args.rounds * args.requests} requests a page and side (ms); "
          f"own = page - layout only")
    print(f"  {'page':20} {'old':>8} {'new':>8} {'own old':>8} {'own new':>8} {'own diff':>9} {'statements':>11}")
    for name in pages:
        old, new = medians["old"][name], medians["new"][name]
        own_old, own_new = old - medians["old"][LAYOUT], new - medians["new"][LAYOUT]
        change = f"{(own_new - own_old) / own_old * 100:+.0f} %" if name != LAYOUT and own_old > 0 else ""
        print(f"  {name:20} {old:8.3f} {new:8.3f} {own_old:8.3f} {own_new:8.3f} {change:>9} "
              f"{statements['old'][name]:>5} → {statements['new'][name]}")


if __name__ == "__main__":
    main()
