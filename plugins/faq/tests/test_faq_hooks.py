"""The hooks the FAQ implements (navigation, home panel, suggestions) and offers."""
import pytest

from cc_core import api
from cc_faq import plugin, service
from cc_faq.models import Article, Folder

class FaqSpy:
    """A tiny plugin that records the FAQ's notifications."""

    votes: list = []
    misses: list = []

    @api.hookimpl(optionalhook=True)
    def cc_faq_on_vote(request, article, helpful, change):  # noqa: N805 - a namespace of hook functions
        FaqSpy.votes.append((article.id, helpful, change, article.helpful_yes, article.helpful_no))

    @api.hookimpl(optionalhook=True)
    def cc_faq_on_search_miss(request, text):  # noqa: N805
        FaqSpy.misses.append(text)


pytestmark = pytest.mark.cc_plugins("faq", extra=[("faq_spy", FaqSpy)])


@pytest.fixture(autouse=True)
def clear_spy():
    FaqSpy.votes.clear()
    FaqSpy.misses.clear()


def test_cc_navigation_offers_faq_to_everybody(testapp, login):
    link = testapp.get("/").html.select_one('nav.main-nav a[href="/faq"]')
    assert link.text.strip() == "FAQ"
    assert testapp.get("/faq").html.select_one('nav.main-nav a[aria-current="page"]')["href"] == "/faq"
    login(testapp, "demo@example.com")
    assert testapp.get("/").html.select_one('nav.main-nav a[href="/faq"]')


def test_cc_home_panels_lists_the_most_read_visible_articles(testapp, login, dbsession):
    folder = service.create_folder(dbsession, "Popular")
    hidden_folder = service.create_folder(dbsession, "Popular inside", visibility="customers")
    popular = service.create_article(dbsession, folder, "Most popular public question?", "a")
    secret = service.create_article(dbsession, hidden_folder, "Most popular customer question?", "a")
    popular.view_count, secret.view_count = 10**6, 2 * 10**6
    dbsession.flush()
    panel = testapp.get("/").html.select_one(".panel-faq")
    titles = [a.text for a in panel.select(".faq-list a")]
    assert titles[0] == "Most popular public question?" and secret.question not in titles
    login(testapp, "demo@example.com")
    panel = testapp.get("/").html.select_one(".panel-faq")
    assert [a.text for a in panel.select(".faq-list a")][:2] == [secret.question, popular.question]


def test_cc_requests_suggestions_returns_visible_articles(app, testapp, login, dbsession):
    from pyramid.scripting import prepare

    folder = service.create_folder(dbsession, "Suggest")
    service.create_article(dbsession, folder, "How do I renew a wombat licence?", "Renew it under Licences.")
    service.create_article(dbsession, folder, "Internal wombat notes", "x", visibility="internal")
    env = prepare(registry=app.registry)
    try:
        request = env["request"]
        request.__dict__["person"] = None
        found = plugin.cc_requests_suggestions(request=request, text="renew my womb", limit=5)
        assert [item["title"] for item in found] == ["How do I renew a wombat licence?"]
        assert found[0]["url"].endswith(f"/faq/articles/{found[0]['url'].rsplit('/', 1)[1]}")
        assert "Licences" in found[0]["snippet"] and "\\x02" not in repr(found[0]["snippet"])
        assert plugin.cc_requests_suggestions(request=request, text="' OR 1=1", limit=5) == []
        hook = api.plugin_manager(request).hook
        if hasattr(hook, "cc_requests_suggestions") and hook.cc_requests_suggestions.spec is not None:
            results = hook.cc_requests_suggestions(request=request, text="wombat", limit=3)
            assert any(item["title"].startswith("How do I renew") for batch in results for item in batch)
    finally:
        env["closer"]()


def test_cc_faq_on_vote_is_told_of_new_and_changed_votes_only(testapp, login, dbsession):
    folder = service.create_folder(dbsession, "Hooks")
    article = service.create_article(dbsession, folder, "Hook?", "Yes.")
    login(testapp, "demo@example.com")
    for value in ("yes", "yes", "no"):
        testapp.get(f"/faq/articles/{article.id}").forms["faq-vote"].submit("helpful", value=value)
    assert FaqSpy.votes == [(article.id, True, "new", 1, 0), (article.id, False, "changed", 0, 1)]


def test_cc_faq_on_search_miss_is_told_what_was_not_found(testapp):
    testapp.get("/faq/search", {"q": "flibbertigibbet"})
    testapp.get("/faq/search", {"q": "password"})
    testapp.get("/faq/search", {"q": "***"})  # nothing searchable: not a miss
    assert FaqSpy.misses == ["flibbertigibbet"]


def test_cc_assets_adds_the_stylesheet_to_faq_pages_only(testapp):
    assert testapp.get("/faq").html.select_one('link[href^="/faq/faq-static/faq.css?v="]')
    testapp.get("/faq/faq-static/faq.css")


def test_cc_seed_adds_articles_in_bulk(dbengine):
    """The cc_seed hook's generator, on its own small scale."""
    import sqlalchemy as sa

    from cc_faq.seed import seed

    with dbengine.connect() as connection:
        last_article = connection.execute(sa.select(sa.func.max(Article.id))).scalar()
        last_folder = connection.execute(sa.select(sa.func.max(Folder.id))).scalar()
    try:
        seed(dbengine, folders=5, articles=40, random_seed=7)
        with dbengine.connect() as connection:
            rows = connection.execute(sa.select(Article.access_level, Article.answer_text)
                                      .where(Article.id > last_article)).all()
        assert len(rows) == 40 and all(text for _level, text in rows)
        assert {level for level, _text in rows} <= {0, 1, 2}
    finally:
        with dbengine.begin() as connection:
            connection.execute(sa.delete(Article).where(Article.id > last_article))
            connection.execute(sa.delete(Folder).where(Folder.id > last_folder))


def test_pages_speak_norwegian(testapp, dbsession):
    testapp.set_cookie("cc_lang", "nb")
    page = testapp.get("/faq")
    assert page.html.select_one("h1").text == "Ofte stilte spørsmål"
    assert page.html.select_one('nav.main-nav a[href="/faq"]').text.strip() == "Spørsmål og svar"
    folder = service.create_folder(dbsession, "Norsk")
    article = service.create_article(dbsession, folder, "Hvordan?", "Slik.")
    assert "Var dette til hjelp?" in testapp.get(f"/faq/articles/{article.id}").text
