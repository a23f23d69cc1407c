"""FAQ benchmark: search and article pages on 100,000 articles in 2,000 folders.

It lives in the FAQ plugin because it measures the plugin's own search and
pages.  Run from the repository root with the project's virtualenv::

    .venv/bin/python plugins/faq/bench/faq_bench.py                    # SQLite and PostgreSQL
    .venv/bin/python plugins/faq/bench/faq_bench.py --databases sqlite --articles 10000 --folders 200
    .venv/bin/python plugins/faq/bench/faq_bench.py --write-docs       # also update docs/performance.md

For each database it makes a fresh database (SQLite under ``var/bench/``,
PostgreSQL ``cc_faq_bench`` on ``--postgresql``), migrates the core and the
FAQ plugin, fills it with the FAQ's own generator (``cc_faq.seed``, the one
``cc seed`` uses), runs ``ANALYZE``, builds the WSGI application in this
process and times, on the server side (the WSGI call, no network):

* the search function alone and ``/faq/search?q=`` over ``--queries``
  varied queries taken from the articles' own words: one to three
  consecutive words of a random article's question or answer, some as
  "quoted phrases", some as prefixes (``word*``);
* ``/faq/articles/{id}`` for random public articles (including the view
  count written after the page's transaction);
* ``/faq/folders/{id}`` for random public folders.

Each request is made by an anonymous visitor.  The first ``--warmup``
requests of each kind are not counted.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[3]  # the repository: docs/ and var/ are there
DOCS = ROOT / "docs" / "performance.md"
SECTION = "## FAQ"
SETTINGS = {
    "cc.secret": "faq-benchmark-secret-0123456789abcdef012345",
    "cc.languages": "en nb",
    "pyramid.default_locale_name": "en",
    "mail.backend": "files",
    "mail.files_dir": str(ROOT / "var" / "bench" / "mail"),
    "retry.attempts": "3",
}
TARGETS = {"search": (20, 50), "article": (10, None)}


def make_database(kind: str, postgresql: str) -> str:
    """A fresh, empty database of ``kind``; returns its URL."""
    if kind == "sqlite":
        folder = ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "faq.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return f"sqlite:///{path}"
    url = sa.engine.make_url(postgresql)
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql('DROP DATABASE IF EXISTS "cc_faq_bench" WITH (FORCE)')
        connection.exec_driver_sql('CREATE DATABASE "cc_faq_bench"')
    admin.dispose()
    return url.set(database="cc_faq_bench").render_as_string(hide_password=False)


def prepare(url: str, folders: int, articles: int) -> tuple[float, dict]:
    """Migrate and seed ``url``; returns the seconds it took and the settings."""
    from cc_core import api
    from cc_core.testing import migrated_engine
    from cc_faq.seed import seed

    settings = {**SETTINGS, "sqlalchemy.url": url}
    engine = migrated_engine(settings, names=["faq"])
    started = time.perf_counter()
    seed(engine, folders=folders, articles=articles)
    api.refresh_statistics(engine)
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds, settings


def make_queries(connection, count: int, rng: random.Random) -> list[str]:
    """Varied queries made of the articles' own words."""
    from cc_faq.models import Article

    top = connection.execute(sa.select(sa.func.max(Article.id))).scalar()
    ids = rng.sample(range(1, top + 1), min(count, top))
    rows = connection.execute(sa.select(Article.question, Article.answer_text).where(Article.id.in_(ids))).all()
    queries = []
    while len(queries) < count:
        question, answer = rows[len(queries) % len(rows)]
        words = re.findall(r"[^\W_]+", question if rng.random() < 0.4 else answer)
        size = rng.choice((1, 1, 2, 2, 2, 3))
        start = rng.randrange(max(1, len(words) - size + 1))
        picked = words[start:start + size]
        roll = rng.random()
        if roll < 0.1 and len(picked) > 1:
            queries.append('"' + " ".join(picked) + '"')
        elif roll < 0.2 and len(picked[-1]) > 4:
            queries.append(" ".join(picked[:-1] + [picked[-1][:4] + "*"]))
        else:
            queries.append(" ".join(picked))
    return queries


def public_ids(connection, model, count: int, rng: random.Random) -> list[int]:
    ids = list(connection.execute(sa.select(model.id).where(model.access_level == 0)).scalars())
    return [rng.choice(ids) for _ in range(count)]


def timed_get(app, path: str, params: dict | None = None) -> float:
    """Milliseconds the WSGI application takes to answer a GET (status must be 200)."""
    from webob import Request

    request = Request.blank(path, POST=None, environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "192.0.2.1"})
    if params:
        from urllib.parse import urlencode

        request.query_string = urlencode(params)
    started = time.perf_counter()
    response = request.get_response(app)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_int != 200:
        raise RuntimeError(f"GET {path} {params or ''} answered {response.status}")
    return elapsed


def measure(app, requests: list, warmup: int) -> dict:
    """Time each (path, params) GET; the first ``warmup`` are not counted."""
    times = [timed_get(app, path, params) for path, params in requests]
    return summary(times[warmup:])


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"n": len(ordered), "median": statistics.median(ordered),
            "p95": ordered[int(0.95 * (len(ordered) - 1))], "p99": ordered[int(0.99 * (len(ordered) - 1))],
            "max": ordered[-1]}


def run(kind: str, args) -> dict:
    from cc_core.testing import standalone_app
    from cc_faq.models import Article, Folder
    from cc_faq.search import search

    url = make_database(kind, args.postgresql)
    print(f"[{kind}] seeding {args.articles:,} articles in {args.folders:,} folders", file=sys.stderr)
    seed_seconds, settings = prepare(url, args.folders, args.articles)
    app = standalone_app(settings, names=["faq"])
    engine = app.registry["cc.db.engine"]
    rng = random.Random(args.random_seed)
    with engine.connect() as connection:
        queries = make_queries(connection, args.queries + args.warmup, rng)
        articles = public_ids(connection, Article, args.pages + args.warmup, rng)
        folders = public_ids(connection, Folder, args.pages + args.warmup, rng)

    results = {"seed_seconds": seed_seconds, "queries": args.queries}
    session_factory = app.registry["cc.db.session_factory"]
    function_times, hits = [], 0
    with session_factory() as dbsession:
        for number, text in enumerate(queries):
            started = time.perf_counter()
            result = search(dbsession, text, 0)
            elapsed = (time.perf_counter() - started) * 1000
            if number >= args.warmup:
                function_times.append(elapsed)
                hits += bool(result.hits)
    results["search_function"] = summary(function_times)
    results["queries_with_hits"] = hits
    results["search_page"] = measure(app, [("/faq/search", {"q": q}) for q in queries], args.warmup)
    results["article_page"] = measure(app, [(f"/faq/articles/{i}", None) for i in articles], args.warmup)
    results["folder_page"] = measure(app, [(f"/faq/folders/{i}", None) for i in folders], args.warmup)
    engine.dispose()
    return results


def table(all_results: dict, args) -> str:
    lines = ["| database | what | n | median ms | p95 ms | p99 ms | max ms |", "|---|---|---:|---:|---:|---:|---:|"]
    labels = (("search_function", "search function"), ("search_page", "`/faq/search?q=` page"),
              ("article_page", "`/faq/articles/{id}` page"), ("folder_page", "`/faq/folders/{id}` page"))
    for kind, results in all_results.items():
        for key, label in labels:
            s = results[key]
            lines.append(f"| {kind} | {label} | {s['n']:,} | {s['median']:.1f} | {s['p95']:.1f} | {s['p99']:.1f} "
                         f"| {s['max']:.1f} |")
    return "\n".join(lines)


def report(all_results: dict, args) -> str:
    from cc_faq import dialects

    seeds = ", ".join(f"{kind} {r['seed_seconds']:.0f} s" for kind, r in all_results.items())
    hits = ", ".join(f"{kind} {r['queries_with_hits']:,}" for kind, r in all_results.items())
    return f"""{SECTION}

Measured by `plugins/faq/bench/faq_bench.py` on {time.strftime('%Y-%m-%d')}: {args.articles:,} articles in
{args.folders:,} folders (generated by `cc_faq.seed`, the generator `cc seed` uses), anonymous visitor,
server-side time of the WSGI application in the same process (no network, no load: one request at a time).
{args.queries:,} varied queries taken from the articles' own words (one to three consecutive words, some as
"phrases", some as prefixes); queries with at least one hit: {hits}.  Seeding: {seeds}.
Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()},
SQLite {__import__('sqlite3').sqlite_version}.

Targets: search median under 20 ms and 99th percentile under 50 ms; article page median under 10 ms.

{table(all_results, args)}

Reproduce: `.venv/bin/python plugins/faq/bench/faq_bench.py --write-docs` (PostgreSQL at
`postgresql+psycopg://postgres@127.0.0.1:5432/`; `--databases sqlite` for SQLite alone).
Ranking is limited to the first {dialects.RANK_WINDOW:,} matches by id (`cc_faq.dialects.RANK_WINDOW`), which keeps
a query for a word found in most articles as fast as one for a rare word; on PostgreSQL a phrase is checked
on at most {dialects.PHRASE_CANDIDATES:,} articles having its words (GIN keeps no word positions), while
SQLite's FTS5 index has positions and prefix indexes (2 to 4 letters).

On SQLite, `bm25` weighs each word by how rare it is and counts, once per query, every article containing
each word or phrase (FTS5 keeps no such count), so a common word costs a pass over its whole list of
articles even though only the window is ranked.  On PostgreSQL the GIN index also holds each article's
block of {dialects.BLOCK_ROWS:,} ids and its access level: the window is looked for in the first
{dialects.FIRST_BLOCKS} blocks one after the other, then in the rest of the table, so a common word is
listed for one block rather than for the whole knowledge base, and rows the visitor may not see are left
out by the index.  The window's rows carry their `tsvector` into the ranking, so ranking visits the table once.
"""


def write_docs(text: str) -> None:
    """Replace the FAQ section of docs/performance.md (only that section)."""
    current = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Performance\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        updated = pattern.sub(lambda _m: text.rstrip("\n") + "\n\n", current)
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    DOCS.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"],
                        choices=["sqlite", "postgresql"])
    parser.add_argument("--postgresql", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                        help="URL of a PostgreSQL database the benchmark may create databases from")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--folders", type=int, default=2_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--pages", type=int, default=1_000, help="article and folder page requests each")
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--random-seed", type=int, default=7)
    parser.add_argument("--write-docs", action="store_true", help="update the FAQ section of docs/performance.md")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    all_results = {kind: run(kind, args) for kind in args.databases}
    text = report(all_results, args)
    print(text)
    if args.write_docs:
        write_docs(text)
    failed = []
    for kind, results in all_results.items():
        for what, key in (("search", "search_page"), ("article", "article_page")):
            median, p99 = TARGETS[what]
            if results[key]["median"] >= median or (p99 and results[key]["p99"] >= p99):
                failed.append(f"{kind} {key}")
    if failed:
        print("targets missed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
