"""The load driver: one page, one concurrency, a fixed duration.

GET pages go through ``wrk`` (cheap on the CPU the server needs); form
posts through the Python driver of ``bench.posts``, which fetches a fresh
form before each post.  Logged-in pages share one session cookie,
obtained once through the real login form.

Run it on its own against any running server::

    python -m bench.load http://127.0.0.1:6543 / /login -c 1 8 32 -d 10
    python -m bench.load http://127.0.0.1:6543 /requests --login demo@example.com
"""
from __future__ import annotations

import argparse
import asyncio
import dataclasses

from .httpclient import Connection, cookie_header, parse_form, urlencode
from .posts import FormPost, PageGet, run_python
from .results import LoadResult
from .wrk import run_wrk

CONCURRENCY = (1, 8, 32)


@dataclasses.dataclass
class Page:
    """A page to measure: GET ``paths`` in turn, or post the form of ``post``.

    ``login`` is the e-mail address of the person viewing it (None:
    anonymous); ``writes`` says which rows a successful post adds, per
    table, and ``marked`` the (table, column) where each post leaves its
    unique marker: the integrity check reads both.
    """

    name: str
    paths: list[str] = dataclasses.field(default_factory=list)
    post: FormPost | None = None
    login: str | None = None
    writes: dict[str, int] = dataclasses.field(default_factory=dict)
    marked: tuple[str, str] | None = None

    @property
    def is_post(self) -> bool:
        return self.post is not None


class LoginFailed(Exception):
    pass


async def _login(base_url: str, email: str, password: str) -> dict[str, str]:
    host, port = base_url.removeprefix("http://").split(":")
    connection = Connection(host, int(port))
    try:
        page = await connection.request("GET", "/login")
        jar = page.cookies()
        form = parse_form(page.text, "login")
        if form is None:
            raise LoginFailed(f"no login form at {base_url}/login ({page.status})")
        fields = [(f.name, f.value) for f in form.fields if f.kind == "hidden"]
        fields += [("email", email), ("password", password)]
        response = await connection.request(
            "POST", form.action or "/login",
            {"Cookie": cookie_header(jar), "Content-Type": "application/x-www-form-urlencoded"}, urlencode(fields))
        if response.status != 303:
            raise LoginFailed(f"login as {email} answered {response.status}")
        jar.update(response.cookies())
        # Show the page the login leads to once, so a welcome message is
        # taken out of the session before the cookie is reused.
        settled = await connection.request("GET", "/", {"Cookie": cookie_header(jar)})
        jar.update(settled.cookies())
        return jar
    finally:
        await connection.close()


def login(base_url: str, email: str, password: str) -> dict[str, str]:
    """Log in through the login form; the session cookie jar."""
    return asyncio.run(_login(base_url, email, password))


async def _fetch_all(base_url: str, paths: list[str], jar: dict[str, str] | None) -> list[tuple[str, int, int]]:
    host, port = base_url.removeprefix("http://").split(":")
    connection = Connection(host, int(port))
    headers = {"Cookie": cookie_header(jar)} if jar else {}
    try:
        out = []
        for path in paths:
            response = await connection.request("GET", path, headers)
            out.append((path, response.status, len(response.body)))
        return out
    finally:
        await connection.close()


def probe(base_url: str, paths: list[str], jar: dict[str, str] | None = None) -> list[tuple[str, int, int]]:
    """GET each path once: (path, status, body bytes)."""
    return asyncio.run(_fetch_all(base_url, paths, jar))


def measure(base_url: str, page: Page, connections: int, duration: float,
            jar: dict[str, str] | None = None) -> tuple[LoadResult, str | None]:
    """Load ``page`` with ``connections`` concurrent connections for ``duration`` s."""
    if page.is_post:
        return run_python(base_url, page.post, connections, duration, jar)
    cookie = cookie_header(jar) if jar else None
    return run_wrk(base_url, page.paths, connections, duration, cookie), None


def measure_python_get(base_url: str, paths: list[str], connections: int, duration: float,
                       jar: dict[str, str] | None = None) -> tuple[LoadResult, str | None]:
    """GET ``paths`` through the Python driver (the floor for the posts)."""
    return run_python(base_url, PageGet(paths), connections, duration, jar)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("-c", "--connections", type=int, nargs="+", default=list(CONCURRENCY))
    parser.add_argument("-d", "--duration", type=float, default=10.0)
    parser.add_argument("--login", help="e-mail address to log in as first")
    parser.add_argument("--password", default="demo-password")
    parser.add_argument("--python", action="store_true", help="use the Python driver instead of wrk")
    args = parser.parse_args(argv)
    jar = login(args.base_url, args.login, args.password) if args.login else None
    for connections in args.connections:
        if args.python:
            result, error = measure_python_get(args.base_url, args.paths, connections, args.duration, jar)
        else:
            result, error = measure(args.base_url, Page("cli", args.paths), connections, args.duration, jar)
        print(f"{connections:>3} connections: {result.rate:8.1f} req/s  median {result.median_ms:6.1f} ms  "
              f"p99 {result.p99_ms:6.1f} ms  errors {result.errors}" + (f"  ({error})" if error else ""))


if __name__ == "__main__":
    main()
