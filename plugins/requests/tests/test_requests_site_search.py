"""The requests plugin on the home page: the "New request" button and the person's requests in the search."""
import pytest

pytestmark = pytest.mark.cc_plugins("requests")


def found(page):
    section = page.html.select_one("section.search-section-requests")
    return [a.get_text() for a in section.select(".search-hits a")] if section else []


def test_the_home_page_leads_to_a_new_request(testapp, login):
    button = testapp.get("/").html.select_one(".home-actions a.primary")
    assert button.get_text() == "New request" and button["href"] == "/requests/new"
    login(testapp, "demo@example.com")
    assert testapp.get("/").html.select_one(".home-actions a.primary")["href"] == "/requests/new"


def test_a_customer_finds_their_own_requests_and_nobody_elses(testapp, login):
    assert found(testapp.get("/search", {"q": "invoice"})) == []  # visitors have no requests
    login(testapp, "demo@example.com")
    assert found(testapp.get("/search", {"q": "invoice"})) == ["#2 Invoice 2024-117 is charged twice"]
    assert found(testapp.get("/search", {"q": "pounds"})) == []  # another company's request


def test_a_person_with_company_access_finds_the_companys_requests(testapp, login, new_testapp):
    login(testapp, "manager@example.com")
    assert any("Invoice 2024-117" in title for title in found(testapp.get("/search", {"q": "invoice"})))
    colleague = new_testapp("192.0.2.11")
    login(colleague, "colleague@example.com")  # same company, no company access
    assert found(colleague.get("/search", {"q": "invoice"})) == []


def test_words_typed_so_far_are_enough_for_a_suggestion(testapp, login):
    login(testapp, "demo@example.com")
    sections = testapp.get("/search/suggestions", {"q": "charged tw"}).json["sections"]
    assert [hit["title"] for section in sections for hit in section["hits"]] == \
        ["#2 Invoice 2024-117 is charged twice"]


def test_many_matches_link_to_the_request_list(testapp, login):
    login(testapp, "demo@example.com")
    section = testapp.get("/search/suggestions", {"q": "e"}).json  # one letter: nobody is asked
    assert section["sections"] == []
    data = testapp.get("/search/suggestions", {"q": "th"}).json["sections"]
    [requests] = [s for s in data if s["title"] == "Your requests"]
    assert len(requests["hits"]) == 4 and requests["more_url"] == "/requests?status=all&q=th"
