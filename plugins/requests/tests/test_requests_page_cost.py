"""What the customer's request pages cost, and that reading less changed nothing they show.

The request page reads its thread (messages, authors, files) as columns in
one statement (:mod:`cc_requests.thread`) and prepares only the forms it
shows; the new-request form reads the priorities once; the list writes
its rows without macro calls (:mod:`cc_requests.rows`).  The statements
are counted by the harness's ``sql_statements`` fixture (the test's
transaction: no ``BEGIN`` of its own).
"""
import datetime as dt

import pytest
import sqlalchemy as sa

from cc_core import api
from cc_core.testing import create_company, create_person
from cc_requests import thread
from cc_requests.models import Attachment, Message, Request
from cc_requests.request_page import external_messages
from requests_testing import request_of

pytestmark = pytest.mark.cc_plugins("requests")


def _statements(testapp, sql_statements, url, status=200):
    testapp.get(url, status=status)  # warm: first-use lookups must not count
    with sql_statements() as statements:
        testapp.get(url, status=status)
    return statements


def _thread_request(dbsession):
    """A request with external messages of customer and agent (none, one and two files), a removed
    author, and an internal note with a file of its own."""
    company = create_company(dbsession)
    customer = create_person(dbsession, company=company)
    agent = create_person(dbsession, is_staff=True, name="Agent Smith")
    start = api.utcnow() - dt.timedelta(days=1)
    req = Request(owner=customer, company_id=company.id, title="Thread", status="waiting", created_at=start,
                  updated_at=start)
    dbsession.add(req)
    dbsession.flush()
    authors = [customer, agent, None, customer, agent]
    files = [0, 2, 0, 1, 0]
    for n, (author, count) in enumerate(zip(authors, files)):
        message = Message(request_id=req.id, author=author, body=f"Message number {n}", is_external=True,
                          created_at=start + dt.timedelta(minutes=n))
        dbsession.add(message)
        dbsession.flush()
        for f in range(count):
            dbsession.add(Attachment(message_id=message.id, request_id=req.id, filename=f"m{n}-f{f}.txt",
                                     content_type="text/plain", size=1000 + n * 10 + f, sha256="0" * 64,
                                     storage_key="0" * 64))
    note = Message(request_id=req.id, author=agent, body="Internal: customer is difficult", is_external=False,
                   created_at=start + dt.timedelta(minutes=2, seconds=30))
    dbsession.add(note)
    dbsession.flush()
    dbsession.add(Attachment(message_id=note.id, request_id=req.id, filename="internal-only.txt",
                             content_type="text/plain", size=5, sha256="0" * 64, storage_key="0" * 64))
    dbsession.flush()
    return customer, req


def _as_read_by_the_orm(dbsession, req, newest_first):
    return [(m.id, m.author_id, (m.author.name, m.author.is_staff) if m.author else None, m.body, m.created_at,
             [(a.id, a.filename, a.size) for a in m.attachments])
            for m in external_messages(dbsession, req, newest_first=newest_first)]


@pytest.mark.parametrize("newest_first", [False, True])
def test_the_thread_read_as_columns_is_the_thread_the_orm_reads(dbsession, newest_first):
    _customer, req = _thread_request(dbsession)
    expected = _as_read_by_the_orm(dbsession, req, newest_first)
    dbsession.expunge_all()  # nothing from the identity map: the statement must hold it all
    found = [(m.id, m.author_id, (m.author.name, m.author.is_staff) if m.author else None, m.body, m.created_at,
              [(a.id, a.filename, a.size) for a in m.attachments])
             for m in thread.external_thread(dbsession, req.id, newest_first=newest_first)]
    assert found == expected
    assert len(found) == 5 and [len(m[5]) for m in found] == ([0, 2, 0, 1, 0][::-1] if newest_first else
                                                               [0, 2, 0, 1, 0])
    assert "Internal: customer is difficult" not in [m[3] for m in found]
    assert thread.staff_answered(thread.external_thread(dbsession, req.id))


def test_the_request_page_is_three_statements_the_thread_one(testapp, login, dbsession, sql_statements):
    customer, req = _thread_request(dbsession)
    login(testapp, customer.email)
    statements = _statements(testapp, sql_statements, f"/requests/{req.id}")
    # The person (with the menu's count), the request (category and priority joined), the thread.
    assert len(statements) == 3, statements
    assert [s for s in statements if "requests_attachment" in s] == [
        s for s in statements if "requests_message" in s]


def test_the_page_shows_every_message_and_file_and_no_internal_note(testapp, login, dbsession):
    customer, req = _thread_request(dbsession)
    login(testapp, customer.email)
    page = testapp.get(f"/requests/{req.id}")
    articles = page.html.select("article.message")
    assert [a.select_one(".message-body").get_text() for a in articles] == [f"Message number {n}" for n in range(5)]
    assert "Internal: customer is difficult" not in page.text and "internal-only.txt" not in page.text
    assert [a.select_one(".message-author").get_text(" ", strip=True) for a in articles][1:3] == [
        "Agent Smith Support team", "Former user"]
    links = [(link.get_text(), link["href"]) for link in page.html.select(".attachments a")]
    files = dbsession.execute(sa.select(Attachment.id, Attachment.filename).join(Message)
                              .where(Attachment.request_id == req.id, Message.is_external.is_(True))
                              .order_by(Message.created_at, Attachment.id)).all()
    assert links == [(name, f"/requests/{req.id}/attachments/{file_id}") for file_id, name in files]
    assert len(links) == 3


def test_another_customers_request_is_404_before_its_thread_is_read(testapp, login, dbsession, sql_statements):
    _customer, req = _thread_request(dbsession)
    stranger = create_person(dbsession, company=create_company(dbsession))
    login(testapp, stranger.email)
    statements = _statements(testapp, sql_statements, f"/requests/{req.id}", status=404)
    assert not [s for s in statements if "requests_message" in s], statements


ACTIONS = {"reply", "close", "reopen", "rate"}


def test_an_open_request_prepares_no_reopen_or_rating_form_and_a_closed_one_no_close_form(testapp, login, dbsession):
    customer, req = _thread_request(dbsession)
    login(testapp, customer.email)
    page = testapp.get(f"/requests/{req.id}")
    assert set(page.forms) & ACTIONS == {"reply", "close"}
    req.status, req.is_open, req.closed_at = "closed", False, api.utcnow()
    dbsession.flush()
    closed = testapp.get(f"/requests/{req.id}")
    assert set(closed.forms) & ACTIONS == {"reply", "reopen", "rate"}


@pytest.mark.cc_settings({"cc.requests.reopen_on_reply": "false"})
def test_a_closed_request_that_takes_no_replies_shows_no_reply_form(testapp, login, dbsession):
    customer, req = _thread_request(dbsession)
    req.status, req.is_open, req.closed_at = "closed", False, api.utcnow()
    dbsession.flush()
    login(testapp, customer.email)
    page = testapp.get(f"/requests/{req.id}")
    assert set(page.forms) & ACTIONS == {"reopen", "rate"} and page.html.select_one("#reply-refused")


def test_the_new_request_form_reads_the_priorities_once(testapp, login, sql_statements):
    login(testapp, "demo@example.com")
    statements = _statements(testapp, sql_statements, "/requests/new")
    # The person, the categories, the priorities.
    assert len(statements) == 3, statements
    assert len([s for s in statements if "FROM requests_priority" in s]) == 1
    page = testapp.get("/requests/new")
    priority = page.forms["new-request"]["priority"]
    assert priority.value and len(priority.options) > 1  # the default priority is still chosen


@pytest.mark.parametrize("url", ["/requests", "/requests?status=all&sort=title"])
def test_the_list_is_two_statements(testapp, login, sql_statements, url):
    login(testapp, "demo@example.com")
    statements = _statements(testapp, sql_statements, url)
    assert len(statements) == 2, statements  # the person, one page of the list


def test_list_rows_show_the_badge_link_and_times_of_each_request(testapp, login, dbsession):
    from babel.dates import format_timedelta

    login(testapp, "demo@example.com")
    page = testapp.get("/requests?status=all")
    rows = page.html.select("#request-table tbody tr")
    assert rows
    labels = {"open": "With the support team", "waiting": "Awaiting your reply", "closed": "Solved"}
    marks = {"open": "○", "waiting": "➜", "closed": "✓"}
    for row in rows:
        req = dbsession.get(Request, int(row["id"].removeprefix("request-row-")))
        assert row.select_one(".col-title a")["href"] == f"/requests/{req.id}"
        badge = row.select_one(".col-status .status")
        assert badge["class"] == ["status", f"status-{req.status}"]
        assert badge.select_one(".status-mark").get_text() == marks[req.status]
        assert badge.select_one(".status-label").get_text() == labels[req.status]
        created = row.select_one(".col-created time.relative-time")
        assert created["datetime"] == req.created_at.astimezone(dt.timezone.utc).isoformat()
        words = format_timedelta(req.created_at - api.utcnow(), add_direction=True, threshold=1.0, locale="en")
        assert created.contents[0] in (words, format_timedelta(req.created_at - api.utcnow() - dt.timedelta(
            seconds=5), add_direction=True, threshold=1.0, locale="en"))
        assert [td["data-label"] for td in row.select("td")][:7] == [
            "No.", "Title", "Status", "Category", "Priority", "Created", "Updated"]


def test_the_list_in_norwegian_translates_labels_and_badges(testapp, login, dbsession):
    from cc_core.testing import person_by_email

    person = person_by_email(dbsession, "demo@example.com")
    person.language = "nb"
    dbsession.flush()
    login(testapp, "demo@example.com")
    page = testapp.get("/requests?status=all")
    english = {"No.", "Title", "Category", "Created", "Updated"}  # "Status" is Norwegian too
    row = page.html.select_one("#request-table tbody tr")
    assert not english & {td["data-label"] for td in row.select("td")}
    assert row.select_one(".status-label").get_text() not in ("With the support team", "Awaiting your reply",
                                                              "Solved")


def test_row_links_follow_the_applications_path_prefix(testapp, login):
    """The rows' links are the route's one path with the id put in: under a prefix, the prefix stays."""
    login(testapp, "demo@example.com")
    page = testapp.get("/requests?status=all", extra_environ={"SCRIPT_NAME": "/portal"})
    rows = page.html.select("#request-table tbody tr")
    assert rows
    for row in rows:
        assert row.select_one(".col-title a")["href"] == "/portal/requests/" + row["id"].removeprefix("request-row-")
