"""Each page and API endpoint costs the same few statements however much it lists (no N+1)."""
import pytest

from cc_faq import versions
from faq_testing import fill, statement_counts

pytestmark = pytest.mark.cc_plugins("faq")

#: The statements an anonymous visitor's page may send, where fewer than the
#: general limit: the index reads its three lists in one statement; the
#: article reads itself with the reader's version and vote in one, its
#: breadcrumbs and related questions in a second, and counts the view in a
#: third (after the page's transaction).
PAGE_LIMITS = {"index": 1, "article": 3}


@pytest.mark.parametrize("page", ["folder", "search", "index", "article",
                                  "api-folders", "api-folder", "api-search", "api-article"])
def test_statement_count_does_not_grow_with_the_list(testapp, dbsession, sql_statements, page):
    small, small_article = fill(dbsession, "Small", 2, 1)
    large, large_article = fill(dbsession, "Large", 40, 12)
    urls = {
        "folder": (f"/faq/folders/{small.id}", f"/faq/folders/{large.id}"),
        "search": ("/faq/search?q=small+gnu", "/faq/search?q=gnu"),
        "index": ("/faq", "/faq"),
        "article": (f"/faq/articles/{small_article.id}", f"/faq/articles/{large_article.id}"),
        "api-folders": (f"/api/v1/faq/folders?parent={small.id}", f"/api/v1/faq/folders?parent={large.id}"),
        "api-folder": (f"/api/v1/faq/folders/{small.id}", f"/api/v1/faq/folders/{large.id}"),
        "api-search": ("/api/v1/faq/search?q=small+gnu", "/api/v1/faq/search?q=gnu"),
        "api-article": (f"/api/v1/faq/articles/{small_article.id}", f"/api/v1/faq/articles/{large_article.id}"),
    }[page]
    counts = statement_counts(testapp, sql_statements, urls)
    # The API's few more: its rate limit's count.
    assert 0 < counts[0] == counts[1] <= PAGE_LIMITS.get(page, 10 if page.startswith("api-") else 8), counts


def test_the_article_costs_a_reader_with_a_version_and_a_vote_no_more(testapp, dbsession, sql_statements):
    _folder, article = fill(dbsession, "Voted", 3, 1)
    versions.save_version(dbsession, article, "nb", "Stemt?", "Ja.")
    url = f"/faq/articles/{article.id}"
    plain = statement_counts(testapp, sql_statements, [url])
    testapp.get(url).forms["faq-vote"].submit("helpful", value="yes")  # the browser's vote, by its cookie
    testapp.set_cookie("cc_lang", "nb")
    page = testapp.get(url)
    assert page.html.h1.get_text() == "Stemt?" and page.html.select_one(".faq-my-vote")
    assert statement_counts(testapp, sql_statements, [url]) == plain
