"""Server time of single requests, in process: no network, no load.

The WSGI application is built from the same ini gunicorn serves, and each
request is timed around the WSGI call alone, one at a time, so the figure
is what the portal's code costs (views, queries, templates), free of the
HTTP server and of the load generator.  The SQL statements each request
sends are counted too: they must not grow with the rows a page shows.
"""
from __future__ import annotations

import dataclasses
import statistics
import time

import sqlalchemy as sa

from .results import percentile


@dataclasses.dataclass
class Timing:
    name: str
    count: int
    median_ms: float
    p95_ms: float
    p99_ms: float
    statements: int      # SQL statements of one request (the most seen)
    status: int


def time_gets(name: str, get, paths: list[str], count: int, warmup: int, statements=lambda: 0) -> Timing:
    """Time ``count`` calls of ``get(path)`` over ``paths`` after ``warmup`` untimed ones.

    ``statements()`` is the running count of SQL statements sent, read
    around each request.
    """
    for index in range(warmup):
        get(paths[index % len(paths)])
    samples, most, status = [], 0, 200
    for index in range(count):
        path = paths[index % len(paths)]
        before = statements()
        started = time.perf_counter()
        response = get(path)
        samples.append(time.perf_counter() - started)
        most = max(most, statements() - before)
        if response.status_int != 200:
            status = response.status_int
    samples.sort()
    return Timing(name, count, statistics.median(samples) * 1000, percentile(samples, 0.95) * 1000,
                  percentile(samples, 0.99) * 1000, most, status)


def floor_time(page_bytes: int, count: int = 200, warmup: int = 20) -> Timing:
    """The floor application's page timed the same way, for the fixed cost beside it."""
    from webob import Request

    from .floor_app import make_app

    app = make_app(page_bytes=page_bytes)
    return time_gets("floor", lambda path: Request.blank(path).get_response(app), ["/"], count, warmup)


class InProcess:
    """The portal's WSGI application in this process, logged in as one person at a time.

    Building the application (every plugin's configuration) costs seconds
    on a busy machine, so one application serves every person of a run:
    :meth:`login` keeps each person's session cookie and makes them the one
    the requests are sent as; :meth:`act_as` switches back to one already
    logged in.
    """

    def __init__(self, ini: str):
        from pyramid.paster import get_app

        self.app = get_app(ini, "main")
        self.engine = self.app.registry["cc.db.engine"]
        self.statements = 0
        sa.event.listen(self.engine, "before_cursor_execute", self._count)
        self.cookie = ""
        self.cookies: dict[str, str] = {}

    def _count(self, *args, **kwargs):
        self.statements += 1

    def login(self, email: str, password: str) -> None:
        from webtest import TestApp

        browser = TestApp(self.app, extra_environ={"HTTP_HOST": "127.0.0.1"})
        form = browser.get("/login").forms["login"]
        form["email"] = email
        form["password"] = password
        response = form.submit()
        if response.status_int != 303:
            raise RuntimeError(f"in-process login as {email} answered {response.status}")
        browser.get("/")
        self.cookie = self.cookies[email] = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())

    def act_as(self, email: str) -> None:
        """Send the next requests as ``email``, logged in before by :meth:`login`."""
        self.cookie = self.cookies[email]

    def get(self, path: str):
        from webob import Request

        request = Request.blank(path, headers={"Cookie": self.cookie, "Host": "127.0.0.1"})
        return request.get_response(self.app)

    def time(self, name: str, paths: list[str], count: int = 200, warmup: int = 20) -> Timing:
        """Time ``count`` GETs over ``paths`` (after ``warmup`` untimed ones)."""
        return time_gets(name, self.get, paths, count, warmup, lambda: self.statements)

    def close(self) -> None:
        self.engine.dispose()
