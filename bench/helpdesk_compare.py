"""The portal beside django-helpdesk, the portal a support team would otherwise pick.

Given a running django-helpdesk (its base URL and a customer's login),
this serves the portal on its own seeded SQLite set under the same
gunicorn settings (two sync workers), logs in on both sides through their
login forms (helpdesk's carries Django's CSRF token), and loads five
pairs of pages with ``wrk`` at the same concurrency, one side after the
other, never both at once:

==================  ==========================  =============================================
pair                portal                      django-helpdesk
==================  ==========================  =============================================
request list        ``/requests`` (the rows     ``/tickets/my-tickets/`` (an HTML shell) and
                    in the HTML, 25 a page)     ``/api/user_tickets/`` (its rows as JSON, 25
                                                a page, fetched by the page's script)
request view        ``/requests/{id}``          ``/view/?ticket=…&email=…`` (logged in)
new-request form    ``/requests/new``           ``/tickets/submit/``
knowledge base      ``/faq``                    ``/kb/``
article             ``/faq/articles/{id}``      ``/kb/{category}/?kbitem={id}`` (helpdesk has
                                                no page per article: the category's page with
                                                that article opened)
==================  ==========================  =============================================

A helpdesk customer sees their list only once both of its requests have
answered, so that pair compares the portal's page with the two served one
after the other: ``1 / (1/shell + 1/data)`` lists a second.

Usage (``make bench BENCH_ARGS="--helpdesk URL"`` runs the same)::

    python -m bench.helpdesk_compare http://127.0.0.1:8701 --user customer --password customerpass123
"""
from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import json
import re
import statistics
import sys
import urllib.parse

from . import data, pages, server
from .httpclient import Connection, cookie_header, urlencode
from .load import login as portal_login
from .wrk import run_wrk

PAIRS = ("request list", "request view", "new-request form", "knowledge base index", "article")
SAMPLE = 50


class HelpdeskError(Exception):
    """The helpdesk did not answer as its pages are read here."""


def _split(base_url: str) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(base_url)
    return parts.hostname or "127.0.0.1", parts.port or 80


async def _helpdesk_session(base_url: str, user: str, password: str) -> dict[str, str]:
    """Log in through helpdesk's form: its CSRF cookie and token, then the session cookie."""
    connection = Connection(*_split(base_url))
    try:
        page = await connection.request("GET", "/login/")
        jar = page.cookies()
        token = re.search(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"', page.text)
        if page.status != 200 or token is None or "csrftoken" not in jar:
            raise HelpdeskError(f"no login form at {base_url}/login/ ({page.status})")
        body = urlencode([("csrfmiddlewaretoken", token.group(1)), ("username", user), ("password", password),
                          ("next", "/")])
        answer = await connection.request("POST", "/login/", {
            "Cookie": cookie_header(jar), "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"{base_url}/login/"}, body)
        jar.update(answer.cookies())
        if answer.status != 302 or "sessionid" not in jar:
            raise HelpdeskError(f"helpdesk login as {user} answered {answer.status}")
        return jar
    finally:
        await connection.close()


async def _get(base_url: str, path: str, jar: dict[str, str]) -> str:
    connection = Connection(*_split(base_url))
    try:
        response = await connection.request("GET", path, {"Cookie": cookie_header(jar)})
        if response.status != 200:
            raise HelpdeskError(f"GET {path} answered {response.status}")
        return response.text
    finally:
        await connection.close()


def helpdesk_paths(base_url: str, jar: dict[str, str]) -> dict[str, list[str]]:
    """The helpdesk URLs of each pair, found through its own pages and API."""
    tickets = json.loads(asyncio.run(_get(base_url, "/api/user_tickets/", jar)))["results"]
    views = []
    for ticket in tickets[:SAMPLE]:
        reference = re.search(r"\[([^\]]+)\]", ticket["ticket"])
        views.append("/view/?" + urllib.parse.urlencode(
            {"ticket": reference.group(1) if reference else ticket["id"], "email": ticket["submitter"]}))
    index = asyncio.run(_get(base_url, "/kb/", jar))
    categories = sorted(set(re.findall(r'href="(/kb/[a-z0-9-]+/)"', index)))
    articles = []
    for category in categories:
        page = asyncio.run(_get(base_url, category, jar))
        articles += [f"{category}?kbitem={item}" for item in sorted(set(re.findall(r"/kb/(\d+)/vote/up", page)),
                                                                      key=int)]
    if not views or not articles:
        raise HelpdeskError("the helpdesk customer has no tickets or the knowledge base has no items")
    return {"request list": ["/tickets/my-tickets/", "/api/user_tickets/"], "request view": views,
            "new-request form": ["/tickets/submit/"], "knowledge base index": ["/kb/"],
            "article": articles[:SAMPLE]}


def portal_paths(cast: pages.Cast) -> dict[str, list[str]]:
    return {"request list": ["/requests"], "request view": [f"/requests/{i}" for i in cast.view_ids[:SAMPLE]],
            "new-request form": ["/requests/new"], "knowledge base index": ["/faq"],
            "article": [f"/faq/articles/{i}" for i in cast.article_ids[:SAMPLE]]}


@dataclasses.dataclass
class Side:
    """One side of a pair: its pages (each loaded on its own) and their medians over the rounds."""

    paths: list[list[str]]
    rates: list[list[float]] = dataclasses.field(default_factory=list)
    p99: list[list[float]] = dataclasses.field(default_factory=list)
    bytes: list[int] = dataclasses.field(default_factory=list)

    def rate(self) -> float:
        """Complete pages a second: parts served one after the other add their times."""
        return 1 / sum(1 / statistics.median(rates) for rates in self.rates)


def _load(base_url: str, paths: list[str], jar: dict[str, str], connections: int, duration: float):
    result = run_wrk(base_url, paths, connections, duration, cookie_header(jar))
    if result.errors:
        raise HelpdeskError(f"{base_url}{paths[0]}: {result.errors} errors under load")
    return result


def compare(helpdesk_url: str, user: str, password: str, connections: int = 8, duration: float = 10.0,
            rounds: int = 3, warmup: float = 2.0, scale: float | None = None) -> dict:
    """Load each pair on both sides, alternating, ``rounds`` times; the figures."""
    from .run import small_scale

    hd_jar = asyncio.run(_helpdesk_session(helpdesk_url, user, password))
    hd_paths = helpdesk_paths(helpdesk_url, hd_jar)
    database = data.prepare("sqlite", scale or small_scale())
    engine = database.engine()
    try:
        cast = pages.find_cast(engine)
    finally:
        engine.dispose()
    cc_paths = portal_paths(cast)
    figures = {"started": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "connections": connections, "duration": duration, "rounds": rounds, "helpdesk": helpdesk_url,
               "portal_set": database.label, "pairs": []}
    with server.portal(database.work, database.url) as portal:
        cc_jar = portal_login(portal.url, cast.heavy_email, pages.SEED_PASSWORD)
        for pair in PAIRS:
            sides = {"portal": (portal.url, cc_jar, Side([cc_paths[pair]])),
                     "helpdesk": (helpdesk_url, hd_jar, Side([[path] for path in hd_paths[pair]]
                                                             if pair == "request list" else [hd_paths[pair]]))}
            for base_url, jar, side in sides.values():
                side.rates = [[] for _ in side.paths]
                side.p99 = [[] for _ in side.paths]
                for paths in side.paths:
                    _load(base_url, paths, jar, connections, warmup)
                    side.bytes.append(len(asyncio.run(_get(base_url, paths[0], jar)).encode()))
            for _ in range(rounds):
                for name, (base_url, jar, side) in sides.items():
                    for part, paths in enumerate(side.paths):
                        result = _load(base_url, paths, jar, connections, duration)
                        side.rates[part].append(result.rate)
                        side.p99[part].append(result.p99_ms)
                        print(f"  {pair:<22} {name:<9} {paths[0][:40]:<40} {result.rate:8.1f}/s  "
                              f"p99 {result.p99_ms:6.1f} ms", file=sys.stderr, flush=True)
            portal_side, helpdesk_side = sides["portal"][2], sides["helpdesk"][2]
            figures["pairs"].append({
                "pair": pair,
                "portal": {"paths": portal_side.paths, "rate": portal_side.rate(), "bytes": portal_side.bytes,
                           "p99_ms": [statistics.median(p) for p in portal_side.p99]},
                "helpdesk": {"paths": helpdesk_side.paths, "rate": helpdesk_side.rate(),
                             "parts": [statistics.median(r) for r in helpdesk_side.rates],
                             "bytes": helpdesk_side.bytes, "p99_ms": [statistics.median(p) for p in helpdesk_side.p99]},
                "ratio": portal_side.rate() / helpdesk_side.rate()})
    return figures


def markdown(figures: dict) -> str:
    lines = [f"### The portal and django-helpdesk, run of {figures['started']}", "",
             f"wrk at {figures['connections']} connections, {figures['duration']:g} s per page, "
             f"median of {figures['rounds']} alternating rounds; gunicorn with two sync workers on both sides; "
             f"the portal on {figures['portal_set']}.", "",
             "| pair | portal req/s | portal bytes | helpdesk req/s | helpdesk bytes | portal × helpdesk |",
             "|---|---:|---:|---:|---:|---:|"]
    for pair in figures["pairs"]:
        helpdesk = pair["helpdesk"]
        rate = f"{helpdesk['rate']:,.1f}"
        if len(helpdesk["parts"]) > 1:
            rate += " (" + " and ".join(f"{part:,.1f}" for part in helpdesk["parts"]) + ")"
        lines.append(f"| {pair['pair']} | {pair['portal']['rate']:,.1f} | {pair['portal']['bytes'][0]:,} | {rate} | "
                     f"{' + '.join(f'{b:,}' for b in helpdesk['bytes'])} | {pair['ratio']:.1f} |")
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.helpdesk_compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("helpdesk", help="base URL of a running django-helpdesk, e.g. http://127.0.0.1:8701")
    parser.add_argument("--user", default="customer", help="a helpdesk customer's user name")
    parser.add_argument("--password", default="customerpass123")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3)
    return parser.parse_args(argv)


def run(helpdesk_url: str, user: str, password: str, connections: int, duration: float, rounds: int) -> str:
    """Compare, save the figures beside the benchmark's runs, return the table."""
    figures = compare(helpdesk_url, user, password, connections, duration, rounds)
    text = markdown(figures)
    from .run import RESULTS

    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"helpdesk-{dt.datetime.now(dt.timezone.utc):%Y%m%d-%H%M%S}"
    stem.with_suffix(".json").write_text(json.dumps(figures, indent=1))
    stem.with_suffix(".md").write_text(text + "\n")
    return text


def main(argv=None) -> None:
    args = parse_args(argv)
    print(run(args.helpdesk, args.user, args.password, args.connections, args.duration, args.rounds))


if __name__ == "__main__":
    main()
