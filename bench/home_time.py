"""Server time of the home page: this checkout against another, in one run.

    .venv/bin/python -m bench.home_time --old /path/to/other/checkout [--rounds 20 --requests 100]

Each side runs in a process of its own (the other checkout's packages put
first on ``sys.path``), on a SQLite database of its own with the demo
data, and times ``GET /`` around the WSGI call through WebTest, for a
visitor and for a logged-in customer, as wall-clock time and as the
process's CPU time (which other programs on a busy machine do not
inflate).  The main process alternates the sides round by round, so both
see the same machine load, and reports the median of every request's
time.  A change to the home page must not cost
more than a few tenths of a millisecond (docs/performance.md).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

WORKER = r"""
import json, sys, time
from cc_core.testing.database import prepare_database, standalone_app
from cc_core.testing.settings import DEFAULT_SETTINGS
import webtest

folder = sys.argv[1]
settings = {**DEFAULT_SETTINGS, "cc.files_dir": folder + "/files", "mail.backend": "files",
            "mail.delivery": "inline", "cc.mail.folder": folder + "/mail"}
url = "sqlite:///" + folder + "/portal.sqlite"
prepare_database(settings, url).dispose()
app = standalone_app({**settings, "sqlalchemy.url": url})
visitor = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
customer = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
form = customer.get("/login").forms["login"]
form["email"], form["password"] = "demo@example.com", "demo-password"
form.submit(status=303)
for browser in (visitor, customer):
    for _ in range(20):
        browser.get("/", status=200)
print("ready", flush=True)
for line in sys.stdin:
    count = int(line)
    times = {}
    for name, browser in (("visitor", visitor), ("customer", customer)):
        wall, cpu = [], []
        for _ in range(count):
            start, start_cpu = time.perf_counter(), time.process_time()
            browser.get("/", status=200)
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
        times[name] = wall
        times[name + " (CPU)"] = cpu
    print(json.dumps(times), flush=True)
"""


def start(tree: str | None, folder: str, script: str = WORKER) -> subprocess.Popen:
    """A worker process running ``script`` with ``tree``'s packages first (this checkout's when ``None``)."""
    env = dict(os.environ)
    if tree:
        paths = [tree] + sorted(os.path.join(tree, "plugins", name) for name in os.listdir(os.path.join(tree, "plugins")))
        env["PYTHONPATH"] = os.pathsep.join(paths + [env.get("PYTHONPATH", "")])
    # Run from the side's own folder: ``python -c`` puts the working directory
    # first on ``sys.path``, and from a checkout that would be its packages.
    process = subprocess.Popen([sys.executable, "-c", script, folder], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True, env=env, cwd=folder)
    line = process.stdout.readline()
    if line.strip() != "ready":
        raise SystemExit(f"the worker for {tree or 'this checkout'} did not start")
    return process


def ab_rounds(old: str, script: str, rounds: int, per_round: int, names) -> dict[str, dict[str, list[float]]]:
    """Both sides' figures over ``rounds`` rounds, by side and name.

    Each side's worker (``script``, this checkout's and the ``old`` one's)
    runs in its own process and folder; a round asks each for
    ``per_round`` timings, old first, and collects the lists it reports
    as one JSON line.
    """
    with tempfile.TemporaryDirectory() as old_dir, tempfile.TemporaryDirectory() as new_dir:
        sides = {"old": start(os.path.abspath(old), old_dir, script), "new": start(None, new_dir, script)}
        times = {side: {name: [] for name in names} for side in sides}
        for _ in range(rounds):
            for side, process in sides.items():
                process.stdin.write(f"{per_round}\n")
                process.stdin.flush()
                for name, found in json.loads(process.stdout.readline()).items():
                    times[side][name].extend(found)
        for process in sides.values():
            process.stdin.close()
            process.wait()
    return times


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="the other checkout (e.g. a git worktree of main)")
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--requests", type=int, default=20, help="requests per round and per visitor")
    args = parser.parse_args(argv)
    names = ("visitor", "customer", "visitor (CPU)", "customer (CPU)")
    times = ab_rounds(args.old, WORKER, args.rounds, args.requests, names)
    print(f"GET / server time, median of {args.rounds * args.requests} requests each (ms)")
    for name in names:
        old, new = (statistics.median(times[side][name]) for side in ("old", "new"))
        print(f"  {name:15} old {old:.3f}  new {new:.3f}  difference {new - old:+.3f}")


if __name__ == "__main__":
    main()
