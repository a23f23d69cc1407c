"""Drive pages from Python: form posts, each with a fresh form.

Every post needs what only the server can give: the CSRF token, the
signed ``_state`` and a one-time ``_submission`` token.  So each virtual
user fetches the form page, reads the form's fields, fills them and posts
them; the post is what is timed, and a ``303 See Other`` is a success.
The session cookie stays the one given at the start (a flash message the
post adds to the session is not carried over, so the cookie does not grow).

The same driver can also GET pages, to measure the floor the way it
measures posts.
"""
from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import random
import secrets
import time

from .httpclient import Connection, cookie_header, parse_form, urlencode
from .results import LoadResult, percentile

WORDS = ("printer", "invoice", "password", "login", "report", "export", "mailbox", "backup", "licence",
         "network", "error", "page", "slow", "calendar", "sync", "phone", "screen", "update", "account",
         "payment", "order", "delivery", "contract", "settings", "dashboard", "firewall", "access", "user")


@dataclasses.dataclass
class FormPost:
    """Post the form ``form_id`` found on each of ``form_paths`` in turn.

    ``values`` fixes fields; ``marked_field`` receives a marker unique to
    each post (``<marker>-<user>-<n>``) so the run's rows can be counted.
    """

    form_paths: list[str]
    form_id: str
    marker: str
    values: dict[str, str] = dataclasses.field(default_factory=dict)
    marked_field: str | None = None


@dataclasses.dataclass
class PageGet:
    """GET ``paths`` in turn; a 200 is a success."""

    paths: list[str]


def fill(form, rng: random.Random, values: dict[str, str], mark: tuple[str, str] | None) -> list[tuple[str, str]]:
    """The fields to post: hidden ones as given, the others filled plausibly."""
    out = []
    radios_done = set()
    for field in form.fields:
        if field.name in values:
            out.append((field.name, values[field.name]))
        elif mark and field.name == mark[0]:
            out.append((field.name, mark[1]))
        elif field.kind == "hidden":
            out.append((field.name, field.value))
        elif field.kind == "select":
            choices = [option for option in field.options if option]
            if choices:
                out.append((field.name, rng.choice(choices)))
        elif field.kind == "radio":
            if field.name not in radios_done:
                radios_done.add(field.name)
                out.append((field.name, field.value))
        elif field.kind in ("checkbox", "file", "submit", "button", "reset", "image"):
            continue
        elif field.kind == "number":
            out.append((field.name, str(rng.randint(1, 99))))
        elif field.kind == "date":
            out.append((field.name, dt.date.today().isoformat()))
        elif field.kind == "email":
            out.append((field.name, f"bench{rng.randint(1, 10**6)}@example.com"))
        elif field.kind == "textarea":
            out.append((field.name, " ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + "."))
        else:
            out.append((field.name, " ".join(rng.choice(WORDS) for _ in range(5)).capitalize()))
    return out


class _Tally:
    def __init__(self):
        self.latencies: list[float] = []
        self.attempts = 0
        self.successes = 0
        self.errors = 0
        self.bytes = 0
        self.first_error: str | None = None

    def fail(self, why: str) -> None:
        self.errors += 1
        if self.first_error is None:
            self.first_error = why


async def _user(number: str, host: str, port: int, scenario, cookie: str | None, deadline: float,
                tally: _Tally) -> None:
    rng = random.Random(f"{number}-{scenario.__class__.__name__}")
    connection = Connection(host, port)
    headers = {"Cookie": cookie} if cookie else {}
    paths = scenario.form_paths if isinstance(scenario, FormPost) else scenario.paths
    index = rng.randrange(len(paths))
    sent = 0
    try:
        while time.monotonic() < deadline:
            index = (index + 1) % len(paths)
            path = paths[index]
            try:
                if isinstance(scenario, PageGet):
                    started = time.perf_counter()
                    response = await connection.request("GET", path, headers)
                    tally.latencies.append(time.perf_counter() - started)
                    tally.attempts += 1
                    tally.bytes += len(response.body)
                    if response.status == 200:
                        tally.successes += 1
                    else:
                        tally.fail(f"GET {path}: {response.status}")
                    continue
                page = await connection.request("GET", path, headers)
                form = parse_form(page.text, scenario.form_id) if page.status == 200 else None
                if form is None:
                    tally.fail(f"GET {path}: {page.status}, form {scenario.form_id!r} not found")
                    continue
                sent += 1
                mark = None
                if scenario.marked_field:
                    words = " ".join(rng.sample(WORDS, 4))
                    mark = (scenario.marked_field, f"{scenario.marker}-{number}-{sent} {words}")
                body = urlencode(fill(form, rng, scenario.values, mark))
                post_headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
                started = time.perf_counter()
                response = await connection.request("POST", form.action or path, post_headers, body)
                tally.latencies.append(time.perf_counter() - started)
                tally.attempts += 1
                tally.bytes += len(response.body)
                if response.status == 303:
                    tally.successes += 1
                else:
                    tally.fail(f"POST {form.action or path}: {response.status}")
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                tally.attempts += 1
                tally.fail(f"{path}: {exc!r}")
                await connection.close()
    finally:
        await connection.close()


async def _drive(base_url: str, scenario, connections: int, duration: float, cookie: str | None) -> tuple:
    host, port = base_url.removeprefix("http://").split(":")
    tally = _Tally()
    started = time.monotonic()
    deadline = started + duration
    # Users are numbered afresh in each run: the run's own token keeps
    # their markers apart from those of earlier runs.
    run = secrets.token_hex(4)
    await asyncio.gather(*(_user(f"{run}-{n}", host, int(port), scenario, cookie, deadline, tally)
                           for n in range(connections)))
    return tally, time.monotonic() - started


def run_python(base_url: str, scenario, connections: int, duration: float,
               cookie_jar: dict[str, str] | None = None) -> tuple[LoadResult, str | None]:
    """Run ``scenario`` for ``duration`` seconds; the result and the first error seen."""
    cookie = cookie_header(cookie_jar) if cookie_jar else None
    tally, seconds = asyncio.run(_drive(base_url, scenario, connections, duration, cookie))
    latencies = sorted(tally.latencies)
    result = LoadResult(driver="python", connections=connections, seconds=seconds, requests=tally.attempts,
                        errors=tally.errors, median_ms=percentile(latencies, 0.5) * 1000,
                        p99_ms=percentile(latencies, 0.99) * 1000,
                        max_ms=(latencies[-1] * 1000 if latencies else float("nan")), bytes=tally.bytes,
                        successes=tally.successes)
    return result, tally.first_error
