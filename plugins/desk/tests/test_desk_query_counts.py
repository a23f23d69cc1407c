"""The customer pages run a fixed number of SQL statements, however many rows they show."""
import pytest

from cc_core.testing import create_company, create_person

pytestmark = pytest.mark.cc_plugins("desk", "requests")


def statements_for(agent, sql_statements, url) -> int:
    agent.get(url)  # warm up: the session's person and principals
    with sql_statements() as statements:
        agent.get(url)
    return len(statements)


@pytest.mark.parametrize("url", ["/desk/customers?q=counted", "/desk/companies?q=counted",
                                 "/desk/companies/{company}"])
def test_statements_do_not_grow_with_the_rows(agent, dbsession, sql_statements, url):
    company = create_company(dbsession, name="Counted AS")
    create_person(dbsession, company=company, name="Counted One")
    url = url.format(company=company.id)
    few = statements_for(agent, sql_statements, url)
    for i in range(30):
        other = create_company(dbsession, name=f"Counted {i:02d}")
        create_person(dbsession, company=other if i % 2 else company, name=f"Counted Person {i:02d}")
    dbsession.flush()
    many = statements_for(agent, sql_statements, url)
    assert few == many, f"{url}: {few} statements for a few rows, {many} for many"
    assert 0 < many <= 8


def add_requests(dbsession, owner, count, agent_id):
    import datetime as dt

    from cc_desk.tickets import saved_row
    from cc_requests import public as rq

    for i in range(count):
        at = owner.created_at + dt.timedelta(minutes=i)
        req = rq.Request(owner=owner, company_id=owner.company_id, title=f"Counted request {i:02d}",
                         status=rq.OPEN, created_at=at, updated_at=at)
        dbsession.add(req)
        dbsession.flush()
        if i % 2:
            saved_row(dbsession, req, assignee_id=agent_id, version=1, updated_at=at)
    dbsession.flush()


@pytest.mark.parametrize("query", ["", "?status=all&sort=-created", "?assignee=none&q=counted",
                                   "?company={company}&sort=id", "?assignee=me", "?assignee=none&company={company}"])
def test_the_queue_runs_the_same_statements_for_one_row_or_fifty(agent, dbsession, sql_statements, query):
    from cc_core.testing import person_by_email

    company = create_company(dbsession, name="Counted Queue AS")
    agent_id = person_by_email(dbsession, "agent@example.com").id
    first = create_person(dbsession, company=company, name="Counted Customer")
    add_requests(dbsession, first, 1, agent_id)
    url = "/desk" + query.format(company=company.id)
    few = statements_for(agent, sql_statements, url)
    for i in range(10):
        other = create_person(dbsession, company=create_company(dbsession, name=f"Counted Co {i}"),
                              name=f"Counted {i}")
        add_requests(dbsession, other, 6, agent_id)
    many = statements_for(agent, sql_statements, url)
    assert few == many, f"{url}: {few} statements for one row, {many} for fifty"
    assert many <= 12


def test_the_request_page_runs_the_same_statements_for_a_short_or_long_thread(agent, dbsession, sql_statements):
    from cc_core.testing import person_by_email
    from cc_desk import tickets
    from cc_requests import public as rq

    owner = person_by_email(dbsession, "demo@example.com")
    staff = person_by_email(dbsession, "agent@example.com")
    req = rq.Request(owner=owner, company_id=owner.company_id, title="Long thread", status=rq.OPEN)
    dbsession.add(req)
    dbsession.flush()
    dbsession.add(rq.Message(request_id=req.id, author=owner, body="First", is_external=True))
    tickets.record(dbsession, req.id, staff, "assignee", "", str(staff.id))
    dbsession.flush()
    url = f"/desk/requests/{req.id}"
    few = statements_for(agent, sql_statements, url)
    for i in range(20):
        author = staff if i % 2 else owner
        dbsession.add(rq.Message(request_id=req.id, author=author, body=f"Message {i}", is_external=i % 3 != 0))
        tickets.record(dbsession, req.id, staff, "assignee", "", str(staff.id))
    dbsession.flush()
    many = statements_for(agent, sql_statements, url)
    assert few == many, f"{few} statements for one message, {many} for twenty-one and twenty changes"
    assert many <= 16
