"""The FAQ's JSON API: the pages' visibility, search, languages and one vote per person."""
import pytest
import sqlalchemy as sa

from cc_core import api
from cc_core.testing import api_conforms, api_token, fuzz_api, person_by_email
from cc_faq import service, versions
from cc_faq.models import Article, Vote
from faq_testing import build_matrix, csrf_token, matrix_cases


class FaqApiSpy:
    """Records the FAQ's notifications, to see that the API gives the same ones as the pages."""

    votes: list = []
    misses: list = []

    @api.hookimpl(optionalhook=True)
    def cc_faq_on_vote(request, article, helpful, change):  # noqa: N805 - a namespace of hook functions
        FaqApiSpy.votes.append((article.id, helpful, change))

    @api.hookimpl(optionalhook=True)
    def cc_faq_on_search_miss(request, text):  # noqa: N805
        FaqApiSpy.misses.append(text)


pytestmark = [pytest.mark.cc_plugins("faq", extra=[("faq_api_spy", FaqApiSpy)]),
              pytest.mark.cc_settings({"cc.api.rate_limit": "100000"})]


@pytest.fixture(autouse=True)
def clear_spy():
    FaqApiSpy.votes.clear()
    FaqApiSpy.misses.clear()

ARTICLE = "/api/v1/faq/articles/{id}"
FOLDER = "/api/v1/faq/folders/{id}"
VOTE = "/api/v1/faq/articles/{id}/vote"


@pytest.fixture
def tree(dbsession):
    """A public folder with a customers' sub-folder, and an article in each, plus an internal one."""
    top = service.create_folder(dbsession, "Billing quokkas", description="Invoices and payments")
    inner = service.create_folder(dbsession, "Contracts", parent=top, visibility="customers")
    public = service.create_article(dbsession, top, "How do quokkas pay invoices?",
                                    "Pay by **card**.<script>alert(1)</script>")
    customers = service.create_article(dbsession, inner, "Where is my quokka contract?", "In the archive.")
    internal = service.create_article(dbsession, top, "Quokka refund override", "Staff only.",
                                      visibility="internal")
    return {"top": top, "inner": inner, "public": public, "customers": customers, "internal": internal}


def test_folders_list_the_visible_tree_with_counts(testapp, dbsession, api_document, tree):
    customer = api_token(dbsession, "demo@example.com", scope="read")
    top = api_conforms(api_document, "GET", "/api/v1/faq/folders", testapp.get("/api/v1/faq/folders", headers=customer))
    mine = next(item for item in top.json["items"] if item["id"] == tree["top"].id)
    # The internal article is not counted for a customer; the customers' folder is.
    assert (mine["parent_id"], mine["folder_count"], mine["article_count"]) == (None, 1, 1)
    assert mine["description"] == "Invoices and payments" and mine["url"].endswith(f"/faq/folders/{tree['top'].id}")
    staff = testapp.get("/api/v1/faq/folders", headers=api_token(dbsession, "agent@example.com")).json
    assert next(i for i in staff["items"] if i["id"] == tree["top"].id)["article_count"] == 2
    children = api_conforms(api_document, "GET", "/api/v1/faq/folders",
                        testapp.get(f"/api/v1/faq/folders?parent={tree['top'].id}", headers=customer))
    assert [(i["id"], i["parent_id"]) for i in children.json["items"]] == [(tree["inner"].id, tree["top"].id)]
    # Anonymous callers read the public tree, as on the pages; a customers' folder is not there for them.
    anonymous = testapp.get("/api/v1/faq/folders", params={"parent": tree["top"].id}).json
    assert anonymous["items"] == []
    api_conforms(api_document, "GET", "/api/v1/faq/folders",
             testapp.get(f"/api/v1/faq/folders?parent={tree['inner'].id}", status=404))
    api_conforms(api_document, "GET", "/api/v1/faq/folders", testapp.get("/api/v1/faq/folders?parent=x", status=422))


def test_a_folder_shows_its_trail_folders_and_a_page_of_articles(testapp, dbsession, api_document, tree):
    customer = api_token(dbsession, "demo@example.com", scope="read")
    top = api_conforms(api_document, "GET", FOLDER,
                       testapp.get(f"/api/v1/faq/folders/{tree['top'].id}", headers=customer))
    assert [a["id"] for a in top.json["articles"]] == [tree["public"].id]
    assert [f["id"] for f in top.json["folders"]] == [tree["inner"].id]
    assert (top.json["page"], top.json["has_more"], top.json["breadcrumbs"]) == (1, False, [])
    inner = testapp.get(f"/api/v1/faq/folders/{tree['inner'].id}", headers=customer).json
    assert inner["breadcrumbs"] == [{"id": tree["top"].id, "name": "Billing quokkas"}]
    for _n in range(50):
        service.create_article(dbsession, tree["inner"], f"Quokka question {_n}", "Answer.")
    first = testapp.get(f"/api/v1/faq/folders/{tree['inner'].id}", headers=customer).json
    second = testapp.get(f"/api/v1/faq/folders/{tree['inner'].id}?page=2", headers=customer).json
    assert (len(first["articles"]), first["has_more"]) == (50, True)
    assert (len(second["articles"]), second["has_more"]) == (1, False)
    api_conforms(api_document, "GET", FOLDER, testapp.get(f"/api/v1/faq/folders/{tree['inner'].id}?page=0",
                                                  headers=customer, status=422))
    api_conforms(api_document, "GET", FOLDER, testapp.get(f"/api/v1/faq/folders/{tree['inner'].id}", status=404))


def test_an_article_answers_as_sanitised_html_and_markdown_only_for_staff(testapp, dbsession, api_document, tree):
    url = f"/api/v1/faq/articles/{tree['public'].id}"
    article = api_conforms(api_document, "GET", ARTICLE, testapp.get(url)).json
    assert article["question"] == "How do quokkas pay invoices?"
    assert "<strong>card</strong>" in article["answer_html"] and "<script" not in article["answer_html"]
    assert article["answer_markdown"] is None and article["my_vote"] is None
    assert article["folder"] == {"id": tree["top"].id, "name": "Billing quokkas"}
    assert (article["helpful_yes"], article["helpful_no"], article["language"]) == (0, 0, "en")
    staff = api_conforms(api_document, "GET", ARTICLE,
                         testapp.get(url, headers=api_token(dbsession, "agent@example.com")))
    assert staff.json["answer_markdown"] == "Pay by **card**.<script>alert(1)</script>"


def test_reading_an_article_counts_a_view_as_the_page_does(testapp, dbsession, tree):
    testapp.get(f"/api/v1/faq/articles/{tree['public'].id}")
    dbsession.expire_all()
    assert dbsession.get(Article, tree["public"].id).view_count == 1


@pytest.mark.parametrize("folder_tier, article_tier, viewer, visible", list(matrix_cases()))
def test_articles_follow_the_pages_tiers(testapp, dbsession, folder_tier, article_tier, viewer, visible):
    article = build_matrix(dbsession)[folder_tier, article_tier]
    headers = api_token(dbsession, viewer, scope="read") if viewer else {}
    testapp.get(f"/api/v1/faq/articles/{article.id}", headers=headers, status=200 if visible else 404)
    word = article.question.split()[-1].rstrip("?")
    found = testapp.get("/api/v1/faq/search", params={"q": word}, headers=headers).json["items"]
    assert [hit["id"] for hit in found] == ([article.id] if visible else [])


def test_anonymous_reading_with_a_bad_token_is_refused_not_served_anonymously(testapp, dbsession, api_document,
                                                                               tree):
    url = f"/api/v1/faq/articles/{tree['public'].id}"
    refused = api_conforms(api_document, "GET", ARTICLE,
                           testapp.get(url, headers={"Authorization": "Bearer nonsense"}, status=401))
    assert 'error="invalid_token"' in refused.headers["WWW-Authenticate"]
    expired = api_token(dbsession, "demo@example.com", days=-1)
    api_conforms(api_document, "GET", "/api/v1/faq/search", testapp.get("/api/v1/faq/search?q=quokkas",
                                                                        headers=expired, status=401))


def test_unknown_and_malformed_ids_are_404_problems(testapp, api_document):
    for url in ("/api/v1/faq/articles/999999", "/api/v1/faq/articles/0", "/api/v1/faq/folders/99999999999",
                "/api/v1/faq/articles/abc"):
        response = testapp.get(url, status=404)
        assert response.content_type == "application/problem+json"


def test_search_is_the_pages_search_with_highlights_pages_and_misses(testapp, dbsession, api_document, tree):
    found = api_conforms(api_document, "GET", "/api/v1/faq/search",
                     testapp.get("/api/v1/faq/search", params={"q": "quokkas invoices"})).json
    assert [hit["id"] for hit in found["items"]] == [tree["public"].id]
    hit = found["items"][0]
    assert "<mark>" in hit["question_html"] and hit["folder"]["id"] == tree["top"].id
    page = testapp.get("/faq/search", params={"q": "quokkas invoices"})
    assert f"/faq/articles/{tree['public'].id}" in page.text
    for n in range(25):
        service.create_article(dbsession, tree["top"], f"Pelican quokka {n}", "Pelicans and quokkas.")
    first = testapp.get("/api/v1/faq/search", params={"q": "pelican"}).json
    second = testapp.get("/api/v1/faq/search", params={"q": "pelican", "page": 2}).json
    assert (len(first["items"]), first["has_more"], len(second["items"]), second["has_more"]) == (20, True, 5, False)
    assert not {h["id"] for h in first["items"]} & {h["id"] for h in second["items"]}
    miss = testapp.get("/api/v1/faq/search", params={"q": "quokkaz"}).json
    assert miss["items"] == [] and miss["suggestion"].startswith("quokka")
    assert FaqApiSpy.misses == ["quokkaz"]
    assert testapp.get("/api/v1/faq/search").json["items"] == []
    service.create_article(dbsession, tree["top"], "Are <b>wombats</b> bold?", "Wombats are <i>brave</i>.")
    bold = testapp.get("/api/v1/faq/search", params={"q": "wombats"}).json["items"][0]
    assert bold["question"] == "Are <b>wombats</b> bold?" and "<b>" not in bold["question_html"]
    assert "&lt;b&gt;<mark>wombats</mark>" in bold["question_html"] and "<i>" not in bold["snippet_html"]
    api_conforms(api_document, "GET", "/api/v1/faq/search",
             testapp.get("/api/v1/faq/search", params={"q": "x" * 501}, status=422))


def test_articles_come_in_the_callers_language(testapp, dbsession, tree):
    versions.save_version(dbsession, tree["public"], "nb", "Hvordan betaler quokkaer fakturaer?", "Med **kort**.")
    norwegian = api_token(dbsession, "demo@example.com")
    person_by_email(dbsession, "demo@example.com", fresh=True).language = "nb"
    dbsession.flush()
    article = testapp.get(f"/api/v1/faq/articles/{tree['public'].id}", headers=norwegian).json
    assert (article["question"], article["language"]) == ("Hvordan betaler quokkaer fakturaer?", "nb")
    assert "<strong>kort</strong>" in article["answer_html"]
    listed = testapp.get(f"/api/v1/faq/folders/{tree['top'].id}", headers=norwegian).json["articles"]
    assert listed[0]["question"] == "Hvordan betaler quokkaer fakturaer?"
    english = testapp.get(f"/api/v1/faq/articles/{tree['public'].id}", headers={"Accept-Language": "en"}).json
    assert english["language"] == "en"


def test_a_person_votes_once_and_may_change_their_answer(testapp, dbsession, api_document, tree):
    headers = api_token(dbsession, "demo@example.com")
    url = f"/api/v1/faq/articles/{tree['public'].id}/vote"
    first = api_conforms(api_document, "POST", VOTE, testapp.post_json(url, {"helpful": "yes"}, headers=headers)).json
    assert (first["outcome"], first["helpful_yes"], first["helpful_no"]) == ("new", 1, 0)
    assert testapp.post_json(url, {"helpful": "yes"}, headers=headers).json["outcome"] == "same"
    changed = testapp.post_json(url, {"helpful": "no"}, headers=headers).json
    assert (changed["outcome"], changed["helpful_yes"], changed["helpful_no"]) == ("changed", 0, 1)
    assert FaqApiSpy.votes == [(tree["public"].id, True, "new"), (tree["public"].id, False, "changed")]
    # The page sees the API's vote as the person's own: one person, one vote, wherever it was given.
    assert testapp.get(f"/api/v1/faq/articles/{tree['public'].id}", headers=headers).json["my_vote"] == "no"
    other = testapp.get(f"/api/v1/faq/articles/{tree['public'].id}",
                        headers=api_token(dbsession, "colleague@example.com")).json
    assert other["my_vote"] is None and other["helpful_no"] == 1


def test_a_vote_retried_with_its_idempotency_key_counts_once(testapp, dbsession, tree):
    headers = {**api_token(dbsession, "demo@example.com"), "Idempotency-Key": "vote-1"}
    url = f"/api/v1/faq/articles/{tree['public'].id}/vote"
    first = testapp.post_json(url, {"helpful": "yes"}, headers=headers)
    again = testapp.post_json(url, {"helpful": "yes"}, headers=headers)
    assert again.headers["Idempotent-Replayed"] == "true" and again.json == first.json
    assert again.json["outcome"] == "new"
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(Vote)) == 1


def test_voting_needs_credentials_write_scope_a_visible_article_and_a_valid_answer(testapp, dbsession, api_document,
                                                                                   tree):
    url = f"/api/v1/faq/articles/{tree['public'].id}/vote"
    api_conforms(api_document, "POST", VOTE, testapp.post_json(url, {"helpful": "yes"}, status=401))
    read_only = api_token(dbsession, "demo@example.com", scope="read")
    refused = api_conforms(api_document, "POST", VOTE, testapp.post_json(url, {"helpful": "yes"}, headers=read_only,
                                                                 status=403))
    assert "insufficient_scope" in refused.headers["WWW-Authenticate"]
    headers = api_token(dbsession, "demo@example.com")
    internal = f"/api/v1/faq/articles/{tree['internal'].id}/vote"
    api_conforms(api_document, "POST", VOTE,
                 testapp.post_json(internal, {"helpful": "yes"}, headers=headers, status=404))
    bad = api_conforms(api_document, "POST", VOTE,
                       testapp.post_json(url, {"helpful": "maybe"}, headers=headers, status=422))
    assert set(bad.json["errors"]) == {"helpful"}
    missing = testapp.post_json(url, {}, headers=headers, status=422)
    assert missing.json["errors"]["helpful"] == "Choose yes or no."
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(Vote)) == 0


def test_a_session_caller_votes_with_the_csrf_token(testapp, login, dbsession, tree):
    login(testapp, "demo@example.com")
    url = f"/api/v1/faq/articles/{tree['public'].id}/vote"
    testapp.post_json(url, {"helpful": "yes"}, status=400)
    token = csrf_token(testapp)
    assert testapp.post_json(url, {"helpful": "yes"}, headers={"X-CSRF-Token": token}).json["outcome"] == "new"


def test_fuzzing_the_faq_endpoints(app, dbsession, tree):
    ran = fuzz_api(app, api_token(dbsession, "demo@example.com"), examples=10, only="/api/v1/faq")
    assert len(ran) == 5 and all(ran.values())
