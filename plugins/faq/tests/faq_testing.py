"""Helpers shared by the FAQ's tests (a uniquely named module, not a conftest)."""
from __future__ import annotations

import itertools

from cc_faq import service
from cc_faq.access import CUSTOMERS, INTERNAL, LEVELS, PUBLIC

TIERS = (PUBLIC, CUSTOMERS, INTERNAL)
#: Who views, and the highest level they may see.
VIEWERS = {None: 0, "demo@example.com": 1, "agent@example.com": 2}


def csrf_token(testapp) -> str:
    return testapp.get("/").forms["logout-form"]["csrf_token"].value


def build_matrix(dbsession) -> dict[tuple[str, str], object]:
    """A folder per tier holding an article per tier, with unique words to search for.

    Returns ``{(folder tier, article tier): article}``.
    """
    articles = {}
    for folder_tier in TIERS:
        folder = service.create_folder(dbsession, f"Matrix {folder_tier}", visibility=folder_tier)
        for article_tier in TIERS:
            word = f"zq{folder_tier[:3]}{article_tier[:3]}"
            articles[folder_tier, article_tier] = service.create_article(
                dbsession, folder, f"Matrix question {word}?", f"The answer mentions {word} and quokkas.",
                visibility=article_tier)
    return articles


def matrix_cases():
    for (folder_tier, article_tier), viewer in itertools.product(itertools.product(TIERS, TIERS), VIEWERS):
        visible = max(LEVELS[folder_tier], LEVELS[article_tier]) <= VIEWERS[viewer]
        yield folder_tier, article_tier, viewer, visible


def result_links(page) -> list[str]:
    return [a["href"] for a in page.html.select("ol.faq-results h3 a")]


def result_titles(page) -> list[str]:
    """Result questions as text (their matched words are inside <mark>)."""
    return [a.get_text() for a in page.html.select("ol.faq-results h3 a")]


def fill(dbsession, name: str, articles: int, subfolders: int):
    """A folder of ``articles`` articles and ``subfolders`` sub-folders; returns it and its first article."""
    folder = service.create_folder(dbsession, name)
    for number in range(subfolders):
        service.create_folder(dbsession, f"{name} sub {number}", parent=folder)
    first = None
    for number in range(articles):
        article = service.create_article(dbsession, folder, f"{name} gnu question {number}?",
                                         f"Answer about gnus {number}.")
        first = first or article
    return folder, first


def statement_counts(testapp, sql_statements, urls) -> list[int]:
    """How many SQL statements a second ``GET`` of each URL runs (the first warms the session and caches)."""
    counts = []
    for url in urls:
        testapp.get(url)
        with sql_statements() as statements:
            testapp.get(url)
        counts.append(len(statements))
    return counts
