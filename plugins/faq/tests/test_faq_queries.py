"""Each page costs the same few statements however much it lists (no N+1)."""
import pytest

from cc_faq import service

pytestmark = pytest.mark.cc_plugins("faq")


def fill(dbsession, name: str, articles: int, subfolders: int):
    folder = service.create_folder(dbsession, name)
    for number in range(subfolders):
        service.create_folder(dbsession, f"{name} sub {number}", parent=folder)
    first = None
    for number in range(articles):
        article = service.create_article(dbsession, folder, f"{name} gnu question {number}?",
                                         f"Answer about gnus {number}.")
        first = first or article
    return folder, first


@pytest.mark.parametrize("page", ["folder", "search", "index", "article"])
def test_statement_count_does_not_grow_with_the_list(testapp, dbsession, sql_statements, page):
    small, small_article = fill(dbsession, "Small", 2, 1)
    large, large_article = fill(dbsession, "Large", 40, 12)
    urls = {
        "folder": (f"/faq/folders/{small.id}", f"/faq/folders/{large.id}"),
        "search": ("/faq/search?q=small+gnu", "/faq/search?q=gnu"),
        "index": ("/faq", "/faq"),
        "article": (f"/faq/articles/{small_article.id}", f"/faq/articles/{large_article.id}"),
    }[page]
    counts = []
    for url in urls:
        testapp.get(url)  # warm: the session, the first-time lookups
        with sql_statements() as statements:
            testapp.get(url)
        counts.append(len(statements))
    assert 0 < counts[0] == counts[1] <= 8, counts
