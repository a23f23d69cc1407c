"""What the request metrics and JSON access logs cost the home page, in one process, in one run.

    .venv/bin/python -m bench.observability_cost [--rounds 30 --requests 50] [--multiprocess]

Three portals on one SQLite database with the demo data: ``baseline``
(``cc.metrics.enabled = false``, the access logger off), ``metrics``
(the request metrics on) and ``metrics + JSON log`` (also one JSON access
line per request, written to ``/dev/null`` through
:class:`cc_core.logs.JsonFormatter`).  A logged-in customer fetches ``/``
from each in turn, round by round and starting with another each round,
so all three see the same machine load; the table gives the median server time (around the WSGI call), as
wall-clock time and as the process's CPU time (which other programs on a
busy machine do not inflate), and their ratio to the baseline.  ``--multiprocess`` runs the same in a child
process with ``PROMETHEUS_MULTIPROC_DIR`` set, as under gunicorn, where
every counter update writes to a memory-mapped file.
"""
from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time

VARIANTS = ("baseline", "metrics", "metrics + JSON log")


def _portals(folder: str) -> dict:
    import webtest

    from cc_core.testing.database import prepare_database, standalone_app
    from cc_core.testing.settings import DEFAULT_SETTINGS

    settings = {**DEFAULT_SETTINGS, "cc.files_dir": folder + "/files", "mail.backend": "files",
                "mail.delivery": "inline", "mail.files_dir": folder + "/mail"}
    url = f"sqlite:///{folder}/portal.sqlite"
    prepare_database(settings, url).dispose()
    portals = {}
    for variant in VARIANTS:
        app = standalone_app({**settings, "sqlalchemy.url": url,
                              "cc.metrics.enabled": "false" if variant == "baseline" else "true"})
        browser = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "192.0.2.1"})
        form = browser.get("/login").forms["login"]
        form["email"], form["password"] = "demo@example.com", "demo-password"
        form.submit(status=303)
        portals[variant] = browser
    return portals


def _access_log(on: bool, handler: logging.Handler) -> None:
    log = logging.getLogger("cc_core.access")
    log.propagate = False
    log.setLevel(logging.INFO if on else logging.WARNING)
    if on and handler not in log.handlers:
        log.addHandler(handler)
    elif not on and handler in log.handlers:
        log.removeHandler(handler)


def measure(rounds: int, requests: int) -> dict[str, dict[str, list[float]]]:
    from cc_core.logs import JsonFormatter

    times = {variant: {"wall": [], "cpu": []} for variant in VARIANTS}
    with tempfile.TemporaryDirectory() as folder, open(os.devnull, "w") as devnull:
        handler = logging.StreamHandler(devnull)
        handler.setFormatter(JsonFormatter())
        portals = _portals(folder)
        for browser in portals.values():   # warm up: templates compiled, caches filled
            for _ in range(20):
                browser.get("/", status=200)
        order = list(portals.items())
        for number in range(rounds):
            # Each round starts with another variant: none always runs first after a pause.
            for variant, browser in order[number % 3:] + order[:number % 3]:
                _access_log(variant == "metrics + JSON log", handler)
                for _ in range(requests):
                    started, started_cpu = time.perf_counter(), time.process_time()
                    browser.get("/", status=200)
                    times[variant]["cpu"].append((time.process_time() - started_cpu) * 1000)
                    times[variant]["wall"].append((time.perf_counter() - started) * 1000)
        _access_log(False, handler)
    access = logging.getLogger("cc_core.access")
    access.propagate, access.level = True, logging.NOTSET   # as it was: the process goes on logging
    return times


def report(times: dict[str, dict[str, list[float]]], title: str) -> None:
    print(f"\n{title}: GET / as a logged-in customer, median of {len(times['baseline']['wall'])} requests each")
    print(f"{'variant':<22}{'clock':>6}{'median ms':>11}{'vs baseline':>13}{'added µs':>10}")
    for clock in ("cpu", "wall"):
        base = statistics.median(times["baseline"][clock])
        for variant, values in times.items():
            median = statistics.median(values[clock])
            print(f"{variant:<22}{clock:>6}{median:>11.3f}{median / base:>13.3f}{(median - base) * 1000:>10.0f}")


def isolated_costs(iterations: int = 100_000) -> dict[str, float]:
    """Microseconds per request of the tween's own work, without the page around it."""
    from cc_core.logs import JsonFormatter
    from cc_core.logs.context import request_id_from
    from cc_core.metrics.definitions import DB_TIME, LATENCY, REQUESTS, STATEMENTS

    def metrics():
        REQUESTS.labels("home", "200").inc()
        LATENCY.labels("home").observe(0.012)
        DB_TIME.labels("home").observe(0.002)
        STATEMENTS.labels("home").observe(4)

    formatter = JsonFormatter()
    record = logging.LogRecord("cc_core.access", logging.INFO, __file__, 1, "%s %s %s %.1fms",
                               ("GET", "home", 200, 12.3), None)
    record.__dict__.update(method="GET", status=200, duration_ms=12.3, statements=4, db_ms=2.1)
    costs = {}
    for name, work in (("metric updates", metrics), ("JSON access line", lambda: formatter.format(record)),
                       ("request id", lambda: request_id_from(None))):
        started = time.perf_counter()
        for _ in range(iterations):
            work()
        costs[name] = (time.perf_counter() - started) / iterations * 1e6
    return costs


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--requests", type=int, default=50, help="requests per round and per variant")
    parser.add_argument("--multiprocess", action="store_true",
                        help="also measure with PROMETHEUS_MULTIPROC_DIR set (in a child process)")
    args = parser.parse_args(argv)
    mode = "multiprocess metrics files" if os.environ.get("PROMETHEUS_MULTIPROC_DIR") else "one process"
    report(measure(args.rounds, args.requests), mode)
    for name, micros in isolated_costs().items():
        print(f"  in isolation, {name}: {micros:.1f} µs per request")
    if args.multiprocess:
        with tempfile.TemporaryDirectory() as metrics_dir:
            subprocess.run([sys.executable, "-m", "bench.observability_cost", "--rounds", str(args.rounds),
                            "--requests", str(args.requests)], check=True,
                           env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": metrics_dir})


if __name__ == "__main__":
    main()
