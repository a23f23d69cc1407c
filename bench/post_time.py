"""CPU time and SQL statements of a post: this checkout against another, in one run.

    .venv/bin/python -m bench.post_time --old /path/to/other/checkout [--rounds 20 --posts 20]

The load test (``bench/posts.py``) measures posts through gunicorn, where
the machine's other work moves the figures.  This measures what one post
costs the server, on both sides in the same run: each checkout runs in a
process of its own (its packages put first on ``sys.path``) on a SQLite
database of its own with the demo data, mail queued as jobs (the
production setting).  A logged-in customer fetches the new-request form
or a request's page (not timed) and posts a new request or a reply
(timed around the WSGI call through WebTest, as the process's CPU time
and as wall-clock time; the SQL statements the post sends are counted).
The CPU time of the form's ``GET`` is reported too: the load test fetches
a fresh form before every post, so the posts a second it reaches depend
on both.
The main process alternates the sides round by round, so both see the
same machine load, and reports medians and the ratio of new to old.
"""
from __future__ import annotations

import argparse
import statistics

from .home_time import ab_rounds

WORKER = r"""
import json, sys, time
import sqlalchemy as sa
from cc_core.testing.database import prepare_database, standalone_app
from cc_core.testing.settings import DEFAULT_SETTINGS
import webtest

folder = sys.argv[1]
settings = {**DEFAULT_SETTINGS, "cc.files_dir": folder + "/files", "mail.backend": "files",
            "mail.delivery": "queue", "mail.files_dir": folder + "/mail"}
url = "sqlite:///" + folder + "/portal.sqlite"
prepare_database(settings, url).dispose()
app = standalone_app({**settings, "sqlalchemy.url": url})
engine = app.registry["cc.db.engine"]
statements = []
sa.event.listen(engine, "before_cursor_execute", lambda *args, **kw: statements.append(1))
customer = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
form = customer.get("/login").forms["login"]
form["email"], form["password"] = "demo@example.com", "demo-password"
form.submit(status=303)
serial = [0]


fetched = []


def timed_get(path):
    start_cpu = time.process_time()
    page = customer.get(path)
    fetched.append((time.process_time() - start_cpu) * 1000)
    return page


def new_request_form():
    form = timed_get("/requests/new").forms["new-request"]
    serial[0] += 1
    form["title"] = f"Printer {serial[0]} prints blank pages"
    form["message"] = f"Since the update on Monday the printer {serial[0]} prints blank pages only. " * 3
    form["category"] = CATEGORY
    return form


def reply_form(path):
    form = timed_get(path).forms["reply"]
    serial[0] += 1
    form["message"] = f"Thank you, the printer {serial[0]} works again after the restart you suggested."
    return form


# A category that asks no questions: its new request is saved by the first post.
options = [value for value, *_ in customer.get("/requests/new").forms["new-request"]["category"].options if value]
CATEGORY = options[0]
for value in options:
    CATEGORY = value
    if new_request_form().submit().status_int == 303:
        break
targets = [new_request_form().submit(status=303).location.replace("http://localhost", "").split("#")[0]
           for _ in range(20)]
for _ in range(10):  # warm-up: first-use lookups must not count
    new_request_form().submit(status=303)
    reply_form(targets[0]).submit(status=303)
print("ready", flush=True)
turn = [0]
for line in sys.stdin:
    count = int(line)
    times = {}
    for name in ("new request", "reply"):
        wall, cpu, counted, form_cpu = [], [], [], []
        for _ in range(count):
            if name == "new request":
                form = new_request_form()
            else:
                turn[0] += 1
                form = reply_form(targets[turn[0] % len(targets)])
            form_cpu.append(fetched[-1])
            statements.clear()
            start, start_cpu = time.perf_counter(), time.process_time()
            form.submit(status=303)
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
            counted.append(len(statements))
        times[name] = wall
        times[name + " (CPU)"] = cpu
        times[name + " (statements)"] = counted
        times[name + " (its form's GET, CPU)"] = form_cpu
    print(json.dumps(times), flush=True)
"""


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="the other checkout (e.g. a git worktree of main)")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--posts", type=int, default=20, help="posts of each kind per round")
    args = parser.parse_args(argv)
    names = tuple(f"{kind}{part}" for kind in ("new request", "reply")
                  for part in ("", " (CPU)", " (statements)", " (its form's GET, CPU)"))
    times = ab_rounds(args.old, WORKER, args.rounds, args.posts, names)
    print(f"POST server time, median of {args.rounds * args.posts} posts each (ms; statements per post)")
    for name in names:
        old, new = (statistics.median(times[side][name]) for side in ("old", "new"))
        print(f"  {name:34} old {old:7.3f}  new {new:7.3f}  new/old {new / old:.3f}")


if __name__ == "__main__":
    main()
