"""The customer pages run a fixed number of SQL statements, however many rows they show."""
import contextlib

import pytest
from sqlalchemy import event

from cc_core.testing import create_company, create_person

pytestmark = pytest.mark.cc_plugins("desk", "requests")


@contextlib.contextmanager
def counted(connection):
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(connection, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", count)


def statements_for(agent, connection, url) -> int:
    agent.get(url)  # warm up: the session's person and principals
    with counted(connection) as statements:
        agent.get(url)
    return len(statements)


@pytest.mark.parametrize("url", ["/desk/customers?q=counted", "/desk/companies?q=counted",
                                 "/desk/companies/{company}"])
def test_statements_do_not_grow_with_the_rows(agent, dbsession, dbconnection, url):
    company = create_company(dbsession, name="Counted AS")
    create_person(dbsession, company=company, name="Counted One")
    url = url.format(company=company.id)
    few = statements_for(agent, dbconnection, url)
    for i in range(30):
        other = create_company(dbsession, name=f"Counted {i:02d}")
        create_person(dbsession, company=other if i % 2 else company, name=f"Counted Person {i:02d}")
    dbsession.flush()
    many = statements_for(agent, dbconnection, url)
    assert few == many, f"{url}: {few} statements for a few rows, {many} for many"
    assert 0 < many <= 8
