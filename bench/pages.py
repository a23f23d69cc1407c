"""Which URLs the benchmark measures, chosen from the seeded data.

The people: the *heavy* customer (the seeded person with the most
requests, 5,000 in the benchmark set) reads; a *writer* (another seeded
customer) posts new requests, so the heavy customer's list stays the same
from one run to the next; replies go to the heavy customer's open
requests, but never to those whose view page is measured.

Only the URL map of ``ARCHITECTURE.md`` and the tables are relied on: the
rows are found with plain SQL, the deep list page by following the list's
own "next" links, as a person would.
"""
from __future__ import annotations

import dataclasses
import random
import re
import urllib.parse

import sqlalchemy as sa

from .layout_page import PATH as LAYOUT_PATH
from .load import Page
from .posts import FormPost

SEED_PASSWORD = "bench-password"
#: The page that renders only the layout: what every page pays (:mod:`bench.layout_page`).
LAYOUT_ONLY = "layout only (fixed cost)"
SAMPLE = 200
NEXT_LINK = re.compile(r'<a\b[^>]*\brel="next"[^>]*\bhref="([^"]+)"|<a\b[^>]*\bhref="([^"]+)"[^>]*\brel="next"')


@dataclasses.dataclass
class Cast:
    """The seeded rows the pages are built from."""

    heavy_email: str
    heavy_requests: int
    writer_email: str
    view_ids: list[int]
    reply_ids: list[int]
    article_ids: list[int]
    search_terms: list[str]
    request_term: str
    agent_email: str | None = None    # a seeded support agent, for the desk's queue
    rare_term: str = ""               # a word of one request's messages (an order reference of the seed)
    common_term: str = "error"        # a word of a large share of all requests


def _terms(questions: list[str], rng: random.Random) -> list[str]:
    """One or two consecutive words of each question: what people type."""
    terms = []
    for question in questions:
        words = [w for w in re.findall(r"[A-Za-z]{4,}", question)]
        if not words:
            continue
        start = rng.randrange(len(words))
        terms.append(" ".join(words[start:start + rng.choice((1, 2))]).lower())
    return terms


def find_cast(engine: sa.Engine, rng_seed: int = 7) -> Cast:
    """Pick the people, requests, articles and search terms of a run."""
    rng = random.Random(rng_seed)
    with engine.connect() as connection:
        owner_id, count = connection.execute(sa.text(
            "SELECT owner_id, count(*) AS n FROM requests_request GROUP BY owner_id ORDER BY n DESC, owner_id "
            "LIMIT 1")).one()
        heavy_email = connection.execute(sa.text("SELECT email FROM cc_person WHERE id = :id"),
                                         {"id": owner_id}).scalar_one()
        writer_email = connection.execute(sa.text(
            "SELECT email FROM cc_person WHERE id <> :id AND is_active AND NOT is_staff AND company_id IS NOT NULL "
            "AND email LIKE '%@bench.example' ORDER BY id LIMIT 1"), {"id": owner_id}).scalar_one()
        ids = list(connection.execute(sa.text(
            "SELECT id FROM requests_request WHERE owner_id = :id ORDER BY id"), {"id": owner_id}).scalars())
        open_ids = set(connection.execute(sa.text(
            "SELECT id FROM requests_request WHERE owner_id = :id AND is_open"), {"id": owner_id}).scalars())
        titles = list(connection.execute(sa.text(
            "SELECT title FROM requests_request WHERE owner_id = :id ORDER BY id LIMIT 50"),
            {"id": owner_id}).scalars())
        articles = connection.execute(sa.text(
            "SELECT id, question FROM faq_article WHERE access_level = 0 ORDER BY id")).all()
        agent_email = connection.execute(sa.text(
            "SELECT email FROM cc_person WHERE is_staff AND is_active ORDER BY id LIMIT 1")).scalar()
        quoted = connection.execute(sa.text(
            "SELECT body FROM requests_message WHERE body LIKE '%order reference is %' ORDER BY id LIMIT 1")).scalar()
    rare = re.search(r"order reference is (\w+)", quoted or "", re.IGNORECASE)
    view_ids = sorted(rng.sample(ids, min(SAMPLE, len(ids))))
    chosen = set(view_ids)
    reply_ids = sorted(i for i in open_ids if i not in chosen)[:5 * SAMPLE]
    sample = rng.sample(articles, min(SAMPLE, len(articles))) if articles else []
    words = sorted({w.lower() for title in titles for w in re.findall(r"[A-Za-z]{5,}", title)})
    return Cast(heavy_email, count, writer_email, view_ids, reply_ids, [a.id for a in sample],
                _terms([a.question for a in sample], rng), rng.choice(words) if words else "printer", agent_email,
                rare.group(1).lower() if rare else "zzyzx")


def next_link(page: str) -> str | None:
    """The list's link to its next page, if it has one."""
    match = NEXT_LINK.search(page)
    if not match:
        return None
    return (match.group(1) or match.group(2)).replace("&amp;", "&")


def build_pages(cast: Cast, deep: tuple[str, int], marker: str) -> list[Page]:
    """The pages of issue 8, reads first, then the posts."""
    heavy, writer = cast.heavy_email, cast.writer_email
    term_paths = [f"/faq/search?q={urllib.parse.quote_plus(term)}" for term in cast.search_terms]
    pages = [
        Page(LAYOUT_ONLY, [LAYOUT_PATH], login=heavy),
        Page("home", ["/"], login=heavy),
        Page("request list, page 1", ["/requests"], login=heavy),
        Page(f"request list, page {deep[1]:,}", [deep[0]], login=heavy),
        Page("request view", [f"/requests/{i}" for i in cast.view_ids], login=heavy),
        Page("FAQ article", [f"/faq/articles/{i}" for i in cast.article_ids], login=heavy),
        Page("FAQ search", term_paths, login=heavy),
        Page("new request (POST)", post=FormPost(["/requests/new"], "new-request", marker, marked_field="title"),
             login=writer, writes={"requests_request": 1, "requests_message": 1},
             marked=("requests_request", "title")),
    ]
    if cast.reply_ids:
        pages.append(Page("reply (POST)", post=FormPost([f"/requests/{i}" for i in cast.reply_ids], "reply",
                                                         marker, marked_field="message"),
                          login=heavy, writes={"requests_message": 1}, marked=("requests_message", "body")))
    return pages


def desk_pages(cast: Cast, deep: tuple[str, int]) -> list[Page]:
    """The staff queue: its default view (open, oldest activity first), a deep page, the other filters."""
    agent = cast.agent_email
    return [
        Page("desk queue", ["/desk"], login=agent),
        Page(f"desk queue, page {deep[1]:,}", [deep[0]], login=agent),
        Page("desk queue, all, latest activity", ["/desk?status=all&sort=-updated"], login=agent),
        Page("desk queue, assigned to me", ["/desk?assignee=me"], login=agent),
        Page("desk queue, unassigned", ["/desk?assignee=none"], login=agent),
        Page("desk queue, search", [f"/desk?status=all&q={urllib.parse.quote_plus(cast.request_term)}"],
             login=agent),
        Page("desk queue, search, rare word, all statuses",
             [f"/desk?status=all&q={urllib.parse.quote_plus(cast.rare_term)}"], login=agent),
        Page("desk queue, search, common word, all statuses",
             [f"/desk?status=all&q={urllib.parse.quote_plus(cast.common_term)}"], login=agent),
    ]


def deep_path(fetch, start: str = "/requests?status=all", pages: int = 1000) -> tuple[str, int]:
    """Follow the list's "next" links from ``start`` up to page ``pages`` (or the last).

    ``fetch(path)`` returns ``(status, html)``.  Returns the path of the
    page reached and its number.
    """
    path, reached = start, 1
    while reached < pages:
        status, page = fetch(path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        following = next_link(page)
        if following is None:
            break
        path, reached = following, reached + 1
    return path, reached
