"""Articles in the customer's language: versions written by staff, read with a fallback, searched in that language."""
import pytest
import sqlalchemy as sa

from cc_faq.models import Article, ArticleVersion

pytestmark = pytest.mark.cc_plugins("faq")

RESET = "How do I reset my password?"


def article_id(dbsession, question):
    return dbsession.scalar(sa.select(Article.id).where(Article.question == question))


def translate(testapp, article, question, answer, language="nb"):
    page = testapp.get(f"/faq/manage/articles/{article}/versions", {"language": language})
    form = page.forms["faq-manage-version"]
    form["question"], form["answer"] = question, answer
    return form.submit()


@pytest.fixture
def norwegian_reset(testapp, login, dbsession, new_testapp):
    """The reset article translated into Norwegian by an agent (through the manager's form)."""
    agent = new_testapp("192.0.2.44")
    login(agent, "agent@example.com")
    reset = article_id(dbsession, RESET)
    translate(agent, reset, "Hvordan tilbakestiller jeg passordet?",
              "Gå til innloggingen og velg **Glemt passordet?** Passordene må ha minst tolv tegn.").follow()
    return reset


def test_staff_write_a_version_and_see_which_languages_have_one(testapp, login, dbsession, norwegian_reset):
    version = dbsession.scalar(sa.select(ArticleVersion).where(ArticleVersion.article_id == norwegian_reset))
    assert (version.language, version.search_config) == ("nb", "norwegian")
    assert "Glemt passordet?" in version.answer_text and "**" not in version.answer_text
    login(testapp, "agent@example.com")
    page = testapp.get(f"/faq/manage/articles/{norwegian_reset}")
    status = page.html.select_one("#translation-nb").find_parent("li").get_text(" ", strip=True)
    assert "translated" in status and "not" not in status
    other = testapp.get(f"/faq/manage/articles/{article_id(dbsession, 'Why is my account locked?')}")
    assert "not translated yet" in other.html.select_one("#translation-nb").find_parent("li").get_text()


def test_a_norwegian_reads_the_norwegian_version_and_others_the_article(testapp, norwegian_reset, dbsession):
    testapp.set_cookie("cc_lang", "nb")
    page = testapp.get(f"/faq/articles/{norwegian_reset}")
    assert page.html.h1.get_text() == "Hvordan tilbakestiller jeg passordet?"
    assert page.html.select_one("article.faq-article")["lang"] == "nb"
    assert page.html.select_one(".faq-answer strong").get_text() == "Glemt passordet?"
    locked = testapp.get(f"/faq/articles/{article_id(dbsession, 'Why is my account locked?')}")
    assert locked.html.h1.get_text() == "Why is my account locked?"  # no version: the article
    assert locked.html.select_one("article.faq-article")["lang"] == "en"
    testapp.set_cookie("cc_lang", "en")
    assert testapp.get(f"/faq/articles/{norwegian_reset}").html.h1.get_text() == RESET


def test_a_norwegian_search_finds_the_version_once_and_untranslated_articles_too(testapp, norwegian_reset):
    testapp.set_cookie("cc_lang", "nb")
    titles = [a.get_text() for a in testapp.get("/faq/search", {"q": "passordet"}).html.select(".faq-results h3 a")]
    assert titles == ["Hvordan tilbakestiller jeg passordet?"]
    english = [a.get_text() for a in testapp.get("/faq/search", {"q": "password"}).html.select(".faq-results h3 a")]
    assert RESET not in english and "Why is my account locked?" in english
    home = testapp.get("/search/suggestions", {"q": "tilbakest"}).json["sections"]
    assert home[0]["hits"][0]["title"] == "Hvordan tilbakestiller jeg passordet?"


def test_postgresql_stems_the_norwegian_version(testapp, norwegian_reset, dbsession):
    testapp.set_cookie("cc_lang", "nb")
    titles = [a.get_text() for a in testapp.get("/faq/search", {"q": "passord"}).html.select(".faq-results h3 a")]
    if dbsession.get_bind().dialect.name == "postgresql":
        # "passord" and "passordet"/"passordene" share the Norwegian stem.
        assert titles == ["Hvordan tilbakestiller jeg passordet?"]
    else:
        assert titles == []  # SQLite's FTS5 indexes word for word (docs: the FAQ's README)


def test_removing_a_version_brings_the_article_back(testapp, login, dbsession, norwegian_reset):
    login(testapp, "agent@example.com")
    half = translate(testapp, norwegian_reset, "Bare et spørsmål", "")
    assert half.status_int == 200 and half.html.select_one("#faq-manage-version-answer-error")
    translate(testapp, norwegian_reset, "", "").follow()
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(ArticleVersion)) == 0
    testapp.set_cookie("cc_lang", "nb")
    assert testapp.get(f"/faq/articles/{norwegian_reset}").html.h1.get_text() == RESET


def test_only_staff_and_only_offered_languages(testapp, login, dbsession):
    reset = article_id(dbsession, RESET)
    testapp.get(f"/faq/manage/articles/{reset}/versions", {"language": "nb"}, status=404)
    login(testapp, "demo@example.com")
    testapp.get(f"/faq/manage/articles/{reset}/versions", {"language": "nb"}, status=404)


def test_unknown_languages_and_articles_are_not_found(testapp, login, dbsession):
    login(testapp, "agent@example.com")
    reset = article_id(dbsession, RESET)
    for query in ({"language": "en"}, {"language": "xx"}, {}, {"language": "<b>"}):
        testapp.get(f"/faq/manage/articles/{reset}/versions", query, status=404)
    testapp.get("/faq/manage/articles/999999/versions", {"language": "nb"}, status=404)


def test_a_misspelt_word_suggests_the_indexed_one(testapp):
    page = testapp.get("/faq/search", {"q": "pasword"})
    link = page.html.select_one(".faq-did-you-mean a")
    assert link.get_text() == "password" and link["href"] == "/faq/search?q=password"
    home = testapp.get("/search", {"q": "acount pasword"})
    assert home.html.select_one(".did-you-mean a").get_text() == "account password"
    assert testapp.get("/search/suggestions", {"q": "pasword"}).json["sections"] == []  # not while typing
    assert testapp.get("/faq/search", {"q": "password"}).html.select_one(".faq-did-you-mean") is None
    assert testapp.get("/faq/search", {"q": "xqzvwk"}).html.select_one(".faq-did-you-mean") is None


def test_a_language_search_costs_the_same_for_one_hit_and_many(testapp, norwegian_reset, sql_statements):
    """A page of hits costs the same however many there are (hits from both indexes: one query more)."""
    testapp.set_cookie("cc_lang", "nb")
    testapp.get("/faq/search", {"q": "locked"})
    with sql_statements() as one:
        testapp.get("/faq/search", {"q": "locked"})
    with sql_statements() as many:
        testapp.get("/faq/search", {"q": "the"})
    assert len(one) == len(many)
