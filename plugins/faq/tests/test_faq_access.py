"""Visibility: each tier × anonymous / customer / staff, on every page that shows articles."""
import pytest

from cc_faq import service
from faq_testing import TIERS, VIEWERS, build_matrix, matrix_cases, result_links, result_titles

pytestmark = pytest.mark.cc_plugins("faq")


@pytest.mark.parametrize("folder_tier,article_tier,viewer,visible", list(matrix_cases()))
def test_article_page_search_and_folder_follow_the_tiers(testapp, login, dbsession, folder_tier, article_tier,
                                                         viewer, visible):
    articles = build_matrix(dbsession)
    article = articles[folder_tier, article_tier]
    if viewer:
        login(testapp, viewer)
    url = f"/faq/articles/{article.id}"
    response = testapp.get(url, status="*")
    # Not visible looks exactly like not existing: 404, never 403 or a login redirect.
    assert response.status_int == (200 if visible else 404)
    word = f"zq{folder_tier[:3]}{article_tier[:3]}"
    assert (url in result_links(testapp.get("/faq/search", {"q": word}))) is visible
    folder_page = testapp.get(f"/faq/folders/{article.folder_id}", status="*")
    if folder_page.status_int == 200:
        assert (url in folder_page.text) is visible
    else:
        assert folder_page.status_int == 404 and not visible


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_index_lists_only_visible_topics(testapp, login, dbsession, viewer):
    build_matrix(dbsession)
    if viewer:
        login(testapp, viewer)
    names = [a.text for a in testapp.get("/faq").html.select(".faq-folder-list a")]
    for level, tier in enumerate(TIERS):
        assert (f"Matrix {tier}" in names) is (level <= VIEWERS[viewer])


def test_a_public_article_under_a_customers_folder_deep_down_is_for_customers(testapp, login, dbsession):
    top = service.create_folder(dbsession, "Top", visibility="customers")
    middle = service.create_folder(dbsession, "Middle", parent=top, visibility="public")
    article = service.create_article(dbsession, middle, "Deep question?", "Deep answer.", visibility="public")
    testapp.get(f"/faq/articles/{article.id}", status=404)
    testapp.get(f"/faq/folders/{middle.id}", status=404)
    login(testapp, "demo@example.com")
    page = testapp.get(f"/faq/articles/{article.id}")
    crumbs = [a.text for a in page.html.select(".faq-breadcrumbs a")]
    assert crumbs == ["FAQ", "Top", "Middle"]


def test_unknown_and_malformed_ids_answer_404(testapp):
    for url in ("/faq/articles/999999", "/faq/folders/999999", "/faq/articles/abc", "/faq/articles/1e3",
                "/faq/articles/99999999999999999999999", "/faq/articles/999999/vote",
                # Within the route's 18 digits, beyond any id a database keeps.
                "/faq/articles/99999999999", "/faq/folders/99999999999", "/faq/articles/99999999999/vote"):
        testapp.get(url, status=404)


def test_demo_data_has_every_tier(testapp, login):
    anonymous = testapp.get("/faq/search", {"q": "escalate"})
    assert not result_links(anonymous)
    login(testapp, "agent@example.com")
    assert result_links(testapp.get("/faq/search", {"q": "escalate"}))
    invoice = testapp.get("/faq/search", {"q": "invoice"})
    assert "When will I receive my invoice?" in result_titles(invoice)


def test_demo_invoice_article_is_customers_only_through_its_folder(testapp, login):
    question = "When will I receive my invoice?"
    assert question not in result_titles(testapp.get("/faq/search", {"q": "receive invoice"}))
    login(testapp, "demo@example.com")
    assert question in result_titles(testapp.get("/faq/search", {"q": "receive invoice"}))
