"""Item 10's promise: the SQL statements per page do not grow with the rows shown.

Each page is fetched for a person with one row to show and for one with
fifty, and the statements the database receives are counted by the
harness's ``sql_statements`` fixture.
"""
import datetime as dt

import pytest
import sqlalchemy as sa

from cc_core import api
from cc_core.testing import create_person
from cc_requests.models import Attachment, Message, Request, SearchDocument

pytestmark = pytest.mark.cc_plugins("requests")


def customer_with(dbsession, company, requests: int, messages: int = 1):
    person = create_person(dbsession, company=company, company_access=True)
    agent = create_person(dbsession, is_staff=True)
    start = api.utcnow() - dt.timedelta(days=2)
    for n in range(requests):
        at = start + dt.timedelta(minutes=n)
        req = Request(owner=person, company_id=company.id, title=f"Case {n}", status="open", created_at=at,
                      updated_at=at)
        dbsession.add(req)
        dbsession.flush()
        dbsession.add(SearchDocument(request_id=req.id, document=f"case {n} printer"))
        for m in range(messages):
            message = Message(request_id=req.id, author=person if m % 2 == 0 else agent, body=f"Message {m}",
                              is_external=True, created_at=at + dt.timedelta(seconds=m))
            dbsession.add(message)
            dbsession.flush()
            dbsession.add(Attachment(message_id=message.id, request_id=req.id, filename=f"f{m}.txt",
                                     content_type="text/plain", size=1, sha256="0" * 64, storage_key="0" * 64))
    dbsession.flush()
    return person


def statements_for(testapp, login, sql_statements, person, url):
    login(testapp, person.email)
    testapp.get(url)  # warm: first-use lookups must not count
    with sql_statements() as statements:
        response = testapp.get(url)
    assert response.status_int == 200
    return statements


@pytest.mark.parametrize("url", ["/requests", "/requests?status=all&sort=title", "/requests?scope=company&q=printer",
                                 "/requests?sort=-priority", "/requests?sort=category", "/"])
def test_list_pages_cost_the_same_for_1_and_50_rows(testapp, new_testapp, login, dbsession, sql_statements, url):
    from cc_core.testing import create_company

    one = customer_with(dbsession, create_company(dbsession), 1)
    fifty = customer_with(dbsession, create_company(dbsession), 50)
    few = statements_for(testapp, login, sql_statements, one, url)
    many = statements_for(new_testapp(), login, sql_statements, fifty, url)
    assert few, "the counter saw no statements"
    assert len(many) == len(few), (few, many)
    if url.startswith("/requests"):
        assert len(few) == 2, few  # the person (with the menu's count) and one page of the list


def test_the_request_page_costs_the_same_for_1_and_50_messages(testapp, new_testapp, login, dbsession,
                                                              sql_statements):
    from cc_core.testing import create_company

    one = customer_with(dbsession, create_company(dbsession), 1, messages=1)
    fifty = customer_with(dbsession, create_company(dbsession), 1, messages=50)
    short = dbsession.scalar(sa.select(Request.id).where(Request.owner_id == one.id))
    long = dbsession.scalar(sa.select(Request.id).where(Request.owner_id == fifty.id))
    few = statements_for(testapp, login, sql_statements, one, f"/requests/{short}")
    many = statements_for(new_testapp(), login, sql_statements, fifty, f"/requests/{long}")
    assert few and len(many) == len(few), (few, many)
    assert len(few) == 3, few  # the person, the request, the thread with its authors and files
