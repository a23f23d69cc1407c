""""Still need help?": the way from an article, or from a search that found nothing, to a new request."""
import urllib.parse

import pytest

from cc_faq import service
from faq_plugins import WITH_REQUESTS, needs_requests

pytestmark = [pytest.mark.cc_plugins(*WITH_REQUESTS), needs_requests]


def test_an_article_offers_a_support_request(testapp, login, dbsession):
    folder = service.create_folder(dbsession, "Printing")
    article = service.create_article(dbsession, folder, "Why does the printer jam?", "Use the right rolls.")
    dbsession.flush()
    login(testapp, "demo@example.com")
    page = testapp.get(f"/faq/articles/{article.id}")
    link = page.html.select_one(".faq-still-stuck a")
    assert link is not None and link["href"].startswith("/requests/new")
    assert testapp.get(link["href"]).forms["new-request"]


def test_a_search_that_finds_nothing_carries_its_words_into_the_new_requests_title(testapp, login):
    login(testapp, "demo@example.com")
    page = testapp.get("/faq/search", {"q": "quasar flux capacitor"})
    link = page.html.select_one(".faq-no-hits a[href^='/requests/new']")
    assert link is not None
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(link["href"]).query) == {"title": ["quasar flux capacitor"]}
    form = testapp.get(link["href"]).forms["new-request"]
    assert form["title"].value == "quasar flux capacitor"
