"""The queue: open requests waiting longest first, filters, counts, search, sorting, keyset paging."""
import pytest

from cc_core.testing import create_company, create_person, person_by_email
from cc_requests import public as rq
from desk_testing import demo_request, titles

pytestmark = pytest.mark.cc_plugins("desk", "requests")
OPEN_BY_WAITING = ["The app logs me out every few minutes", "API returns 500 for large orders",
                   "Delivery address on orders is wrong", "The web shop checkout fails with a timeout",
                   "Can we get the price list for 2025?"]


def counts(page) -> dict:
    return {a["data-status"]: a.select_one(".count").text for a in page.html.select("#desk-queue-counts a")
            if a.select_one(".count")}


def test_open_requests_waiting_longest_come_first(agent):
    page = agent.get("/desk")
    assert titles(page) == OPEN_BY_WAITING
    assert page.html.select_one('#desk-queue-counts a[aria-current="page"]')["data-status"] == "open"
    assert counts(page) == {"open": "5", "waiting": "2", "closed": "4"}
    assert page.html.select_one("th.col-updated")["aria-sort"] == "ascending"


def test_the_desk_menu_and_main_menu_lead_to_the_queue(agent):
    page = agent.get("/")
    page = page.click(href="^/desk$")
    assert page.html.select_one('nav.desk-menu a[aria-current="page"]')["data-name"] == "queue"
    assert page.html.select_one("h1").text == "Queue"


@pytest.mark.parametrize(("params", "expected"), [
    ({"status": "waiting"}, {"Invoice 2024-117 is charged twice", "Contract renewal for 2025"}),
    ({"status": "closed", "q": "invoice"}, {"Invoice in pounds instead of euros"}),
    ({"status": "all", "q": "#3"}, {"How do I add a colleague to our account?"}),
    ({"q": "spins timeout"}, {"The web shop checkout fails with a timeout"}),
    ({"status": "all", "q": "2025"}, {"Can we get the price list for 2025?", "Contract renewal for 2025"}),
    ({"status": "all", "q": "#2025"}, set()),
    ({"status": "all", "q": "other@example"}, {"API returns 500 for large orders", "Invoice in pounds instead of euros"}),
])
def test_status_and_search(agent, params, expected):
    assert set(titles(agent.get("/desk", params))) == expected


def test_search_never_reads_internal_notes(agent):
    # "escalated to the API team" is only in an internal note.
    assert titles(agent.get("/desk", {"status": "all", "q": "escalated"})) == []


def test_category_priority_company_and_owner_filters(agent, dbsession):
    technical = next(i for i, label in rq.categories(dbsession) if label == "Technical problem")
    high = next(i for i, label in rq.priorities(dbsession) if label == "High")
    assert set(titles(agent.get("/desk", {"status": "all", "category": technical}))) == {
        "The web shop checkout fails with a timeout", "The app logs me out every few minutes",
        "API returns 500 for large orders"}
    assert set(titles(agent.get("/desk", {"priority": high}))) == {
        "The web shop checkout fails with a timeout", "API returns 500 for large orders"}
    other = person_by_email(dbsession, "other@example.net")
    page = agent.get("/desk", {"status": "all", "company": other.company_id})
    assert set(titles(page)) == {"API returns 500 for large orders", "Invoice in pounds instead of euros"}
    assert "Other" in page.html.select_one("#desk-queue-scope").text
    colleague = person_by_email(dbsession, "colleague@example.com")
    page = agent.get("/desk", {"status": "all", "owner": colleague.id})
    assert set(titles(page)) == {"Delivery address on orders is wrong", "Password reset mail does not arrive"}
    assert "Colin Colleague" in page.html.select_one("#desk-queue-scope").text
    # The counts follow the other filters.
    assert counts(page) == {"open": "1", "waiting": "0", "closed": "1"}


def test_assigned_to_me_or_to_nobody(agent, dbsession):
    mine = titles(agent.get("/desk", {"status": "all", "assignee": "me"}))
    assert set(mine) == {"The web shop checkout fails with a timeout", "Invoice 2024-117 is charged twice",
                         "API returns 500 for large orders"}
    nobody = titles(agent.get("/desk", {"assignee": "none"}))
    assert nobody == ["The app logs me out every few minutes", "Delivery address on orders is wrong",
                      "Can we get the price list for 2025?"]
    # Another agent's "me" is their own.
    create_person(dbsession, email="second@example.com", name="Second Agent", is_staff=True)
    from cc_core.testing import do_login

    agent.post("/logout", {"csrf_token": agent.get("/").forms["logout-form"]["csrf_token"].value})
    do_login(agent, "second@example.com")
    assert titles(agent.get("/desk", {"status": "all", "assignee": "me"})) == []


def test_the_filter_form_keeps_status_sort_and_scope(agent, dbsession):
    owner = person_by_email(dbsession, "demo@example.com")
    page = agent.get("/desk", {"status": "all", "owner": owner.id, "sort": "-created"})
    form = page.forms["desk-queue-filters"]
    assert form["status"].value == "all" and form["sort"].value == "-created" and form["owner"].value == str(owner.id)
    form["q"] = "invoice"
    assert titles(form.submit()) == ["Invoice 2024-117 is charged twice"]


def heading_link(page, column) -> str:
    return page.html.select_one(f"th.col-{column} a")["href"]


@pytest.mark.parametrize("column", ["id", "created", "updated"])
def test_every_sort_column_both_ways(agent, dbsession, column):
    page = agent.get("/desk", {"status": "all"})
    first = agent.get(heading_link(page, column))
    heading = first.html.select_one(f"th.col-{column}")
    rows = [demo_request(dbsession, title) for title in titles(first)]
    key = {"id": lambda r: r.id, "created": lambda r: r.created_at, "updated": lambda r: r.updated_at}[column]
    descending = heading["aria-sort"] == "descending"
    assert descending == (column == "updated")  # "updated" starts ascending: the link turns it round
    assert [r.id for r in rows] == [r.id for r in sorted(rows, key=lambda r: (key(r), r.id), reverse=descending)]
    turned = agent.get(heading_link(first, column))
    assert titles(turned) == list(reversed(titles(first)))


def test_unknown_parameters_fall_back_to_the_defaults(agent):
    page = agent.get("/desk", {"status": "bogus", "assignee": "x", "sort": "title; drop", "category": "1e9",
                               "cursor": "!!not-a-cursor", "owner": "99999999999"})
    assert titles(page) == OPEN_BY_WAITING


def test_markup_in_titles_is_text(agent, dbsession, testapp):
    demo = demo_request(dbsession, "price list")
    demo.title = "<script>alert(1)</script>"
    dbsession.flush()
    page = agent.get("/desk")
    assert "<script>alert(1)</script>" in titles(page)
    assert "<script>alert" not in page.text


def test_deep_pages_follow_without_gaps_or_repeats(agent, dbsession):
    company = create_company(dbsession, name="Paging AS")
    owner = create_person(dbsession, company=company, name="Paula Pager")
    made = []
    for i in range(120):
        req = rq.Request(owner=owner, company_id=company.id, title=f"Paged {i:03d}", status=rq.OPEN,
                         created_at=owner.created_at, updated_at=owner.created_at)
        dbsession.add(req)
        made.append(req)
    dbsession.flush()
    seen, page = [], agent.get("/desk", {"company": company.id, "sort": "id"})
    assert page.html.select_one('.pager a[rel="prev"]') is None
    while True:
        seen.extend(titles(page))
        link = page.html.select_one('.pager a[rel="next"]')
        if link is None:
            break
        assert f"company={company.id}" in link["href"]
        page = agent.get(link["href"])
        assert page.html.select_one('.pager a[rel="prev"]') is not None
    assert seen == [f"Paged {i:03d}" for i in range(120)]
    back = agent.get(page.html.select_one('.pager a[rel="prev"]')["href"])
    assert titles(back) == [f"Paged {i:03d}" for i in range(50, 100)]


def test_a_word_search_shows_the_statuses_without_counting_them(agent):
    page = agent.get("/desk", {"status": "all", "q": "invoice"})
    assert titles(page), "the search finds something"
    links = page.html.select("#desk-queue-counts a")
    assert {a["data-status"] for a in links} == {"open", "waiting", "closed", "all"}
    assert counts(page) == {}
    # A request number is one row: counted as usual.
    assert set(counts(agent.get("/desk", {"status": "all", "q": "#3"}))) == {"open", "waiting", "closed"}
