"""The FAQ's section of the home page's search: the articles the visitor may read."""
import pytest

pytestmark = pytest.mark.cc_plugins("faq")


def titles(page):
    section = page.html.select_one("section.search-section-faq")
    return [a.get_text() for a in section.select(".search-hits a")] if section else []


def test_a_visitor_finds_public_articles_only(testapp, login):
    # "Billing and invoices" is for customers, so all its articles are too.
    assert titles(testapp.get("/search", {"q": "invoice"})) == []
    assert titles(testapp.get("/search", {"q": "password"}))[0] == "How do I reset my password?"
    login(testapp, "demo@example.com")
    found = titles(testapp.get("/search", {"q": "invoice"}))
    assert "How do I get a copy of an old invoice?" in found and len(found) == 3


def test_staff_find_internal_articles_and_customers_do_not(testapp, login):
    assert titles(testapp.get("/search", {"q": "escalate"})) == []
    login(testapp, "agent@example.com")
    assert titles(testapp.get("/search", {"q": "escalate"})) == ["How do we escalate a critical incident?"]


def test_suggestions_take_the_last_word_as_a_prefix(testapp):
    data = testapp.get("/search/suggestions", {"q": "reset my passw"}).json
    [section] = data["sections"]
    assert section["title"] == "Help articles"
    assert section["hits"][0]["title"] == "How do I reset my password?"
    assert section["hits"][0]["url"].startswith("/faq/articles/")


def test_hostile_words_find_nothing_and_break_nothing(testapp):
    for text in ('"', "*", "NEAR(", "a OR", "'; drop", "-x", "^"):
        assert testapp.get("/search", {"q": text}).status_int == 200
        assert testapp.get("/search/suggestions", {"q": text}).status_int == 200
