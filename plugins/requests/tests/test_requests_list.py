"""Item 2: the list: scope, filters, search, sorting by column headers, paging."""
import datetime as dt

import pytest
import sqlalchemy as sa

from cc_core import api
from cc_core.testing import create_person, person_by_email
from cc_requests.models import Request, SearchDocument
from cc_requests.search import normalise
from requests_testing import internal_note, request_of

pytestmark = pytest.mark.cc_plugins("requests")


def titles(page) -> list[str]:
    return [a.get_text() for a in page.html.select("#request-table td.col-title a")]


def test_own_open_requests_by_default_latest_update_first(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    page = testapp.get("/requests")
    owner = person_by_email(dbsession, "demo@example.com")
    expected = dbsession.scalars(sa.select(Request.title).where(Request.owner_id == owner.id, Request.is_open)
                                 .order_by(Request.updated_at.desc(), Request.id.desc())).all()
    assert titles(page) == expected
    assert page.html.select_one("th.col-updated")["aria-sort"] == "descending"


@pytest.mark.parametrize(("status", "expected"), [("closed", {"closed"}), ("all", {"open", "waiting", "closed"})])
def test_status_filter(testapp, login, status, expected):
    login(testapp, "demo@example.com")
    page = testapp.get(f"/requests?status={status}")
    shown = {span["class"][1].removeprefix("status-") for span in page.html.select("td.col-status > span")}
    assert shown == expected


def test_an_unknown_filter_value_falls_back_to_the_default(testapp, login):
    login(testapp, "demo@example.com")
    page = testapp.get("/requests?status=<x>&scope=everyone&sort=password")
    assert page.status_int == 200 and titles(page)


def test_search_finds_words_of_titles_and_external_messages(testapp, login):
    login(testapp, "demo@example.com")
    assert titles(testapp.get("/requests?status=all&q=CHECKOUT")) == ["The web shop checkout fails with a timeout"]
    assert titles(testapp.get("/requests?status=all&q=refund+payments")) == ["Invoice 2024-117 is charged twice"]
    assert titles(testapp.get("/requests?status=all&q=refund+nonexistentword")) == []


def test_search_never_finds_internal_notes(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "ERP")
    note = internal_note(dbsession, req)
    assert "legacy plan" in note.body
    login(testapp, "demo@example.com")
    page = testapp.get("/requests?status=all&q=legacy+plan")
    assert titles(page) == []
    assert "No requests match" in page.text


def test_search_treats_like_wildcards_as_text(testapp, login):
    login(testapp, "demo@example.com")
    assert titles(testapp.get("/requests?status=all&q=%25")) == []
    assert titles(testapp.get("/requests?status=all&q=_")) == []


def test_search_with_company_scope_stays_within_the_company(testapp, login):
    login(testapp, "manager@example.com")
    page = testapp.get("/requests?status=all&scope=company&q=password")
    assert titles(page) == ["Password reset mail does not arrive"]
    assert "API returns 500" not in testapp.get("/requests?status=all&scope=company&q=orders").text


COLUMNS = ("id", "title", "status", "category", "priority", "created", "updated")


@pytest.mark.parametrize("column", COLUMNS)
def test_every_column_header_is_a_link_that_sorts_both_ways(testapp, login, column):
    login(testapp, "manager@example.com")
    page = testapp.get("/requests?status=all&scope=company")
    link = page.html.select_one(f"th.col-{column} a")
    first = testapp.get(link["href"])
    th = first.html.select_one(f"th.col-{column}")
    direction = th["aria-sort"]
    assert direction in ("ascending", "descending")
    second = testapp.get(th.select_one("a")["href"])
    assert second.html.select_one(f"th.col-{column}")["aria-sort"] != direction
    assert sorted(titles(first)) == sorted(titles(second))
    if column in ("id", "title", "created"):  # unique values: the order simply reverses
        assert titles(second) == list(reversed(titles(first)))


def test_sorting_by_title_ignores_case(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    shown = titles(testapp.get("/requests?status=all&sort=title"))
    assert shown == sorted(shown, key=str.lower)


def test_the_chosen_sort_is_remembered_per_person(testapp, login, dbsession, new_testapp):
    login(testapp, "demo@example.com")
    testapp.get("/requests?sort=title")
    page = testapp.get("/requests")
    assert page.html.select_one("th.col-title")["aria-sort"] == "ascending"
    other_browser = new_testapp()
    login(other_browser, "demo@example.com")
    assert other_browser.get("/requests").html.select_one("th.col-title")["aria-sort"] == "ascending"
    login(new_testapp("192.0.2.12"), "manager@example.com")
    assert person_by_email(dbsession, "manager@example.com").preference("requests_list_sort") is None


def many_requests(dbsession, email, count):
    owner = person_by_email(dbsession, email)
    start = api.utcnow() - dt.timedelta(days=1)
    rows = []
    for n in range(count):
        at = start + dt.timedelta(minutes=n // 2)  # pairs share a time: the id breaks the tie
        req = Request(owner=owner, company_id=owner.company_id, title=f"Bulk {n:03d}", status="open",
                      created_at=at, updated_at=at)
        rows.append(req)
    dbsession.add_all(rows)
    dbsession.flush()
    dbsession.add_all([SearchDocument(request_id=r.id, document=normalise(r.title)) for r in rows])
    dbsession.flush()
    return rows


def test_paging_forward_and_back_visits_every_request_once(testapp, login, dbsession):
    many_requests(dbsession, "colleague@example.com", 120)
    login(testapp, "colleague@example.com")
    page = testapp.get("/requests?q=bulk")
    seen, pages = [], [titles(page)]
    while True:
        seen.extend(titles(page))
        link = page.html.select_one("a[rel=next]")
        if link is None:
            break
        page = testapp.get(link["href"])
        pages.append(titles(page))
    assert len(seen) == 120 and len(set(seen)) == 120
    assert seen == sorted(seen, reverse=True)
    assert [len(p) for p in pages] == [50, 50, 20]
    back = testapp.get(page.html.select_one("a[rel=prev]")["href"])
    assert titles(back) == pages[1]
    first = testapp.get(back.html.select_one("a[rel=prev]")["href"])
    assert titles(first) == pages[0]
    assert first.html.select_one("a[rel=prev]") is None


def test_a_forged_cursor_shows_the_first_page(testapp, login, dbsession):
    many_requests(dbsession, "colleague@example.com", 60)
    login(testapp, "colleague@example.com")
    first = titles(testapp.get("/requests?q=bulk"))
    assert titles(testapp.get("/requests?q=bulk&cursor=eyJhIjoxfQ.forged")) == first


def test_a_cursor_of_another_sort_shows_the_first_page(testapp, login, dbsession):
    many_requests(dbsession, "colleague@example.com", 60)
    login(testapp, "colleague@example.com")
    page = testapp.get("/requests?q=bulk&sort=-updated")
    cursor = page.html.select_one("a[rel=next]")["href"].split("cursor=")[1]
    assert titles(testapp.get(f"/requests?q=bulk&sort=title&cursor={cursor}")) == \
        titles(testapp.get("/requests?q=bulk&sort=title"))


def test_empty_states_say_what_to_do_next(testapp, login, dbsession):
    create_person(dbsession, email="fresh@example.org")
    login(testapp, "fresh@example.org")
    page = testapp.get("/requests")
    assert page.html.select_one(".empty-state a[href='/requests/new']")
    assert "No requests match" in testapp.get("/requests?q=anything").text


def test_company_scope_is_offered_only_with_company_access(testapp, login, new_testapp):
    login(testapp, "demo@example.com")
    assert testapp.get("/requests").html.select_one("#request-filters-scope") is None
    manager = new_testapp()
    login(manager, "manager@example.com")
    page = manager.get("/requests?scope=company")
    assert page.html.select_one("#request-filters-scope option[value=company]")["selected"] == "selected"
    assert "Dana Demo" in page.text  # the "From" column names each owner


def test_the_menu_counts_open_requests_and_the_home_page_lists_the_latest(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    owner = person_by_email(dbsession, "demo@example.com")
    open_count = dbsession.scalar(sa.select(sa.func.count()).select_from(Request)
                                  .where(Request.owner_id == owner.id, Request.is_open))
    home = testapp.get("/")
    item = home.html.select_one("nav.main-nav a[href='/requests']")
    assert "My requests" in item.get_text() and item.select_one(".badge").get_text() == str(open_count)
    latest = dbsession.scalars(sa.select(Request.title).where(Request.owner_id == owner.id)
                               .order_by(Request.updated_at.desc(), Request.id.desc()).limit(5)).all()
    panel = [a.get_text() for a in home.html.select(".panel-requests li a")]
    assert panel == latest


def test_anonymous_visitors_get_no_requests_menu_or_panel(testapp):
    home = testapp.get("/")
    assert home.html.select_one("nav.main-nav a[href='/requests']") is None
    assert home.html.select_one(".panel-requests") is None


def test_a_reply_moves_a_request_to_the_top(testapp, login, dbsession):
    top = request_of(dbsession, "demo@example.com", "price list")
    bottom = request_of(dbsession, "demo@example.com", "logs me out")
    login(testapp, "demo@example.com")
    assert titles(testapp.get("/requests"))[0] == top.title
    form = testapp.get(f"/requests/{bottom.id}").forms["reply"]
    form["message"] = "Still happening."
    form.submit(status=303)
    assert titles(testapp.get("/requests"))[0] == bottom.title
