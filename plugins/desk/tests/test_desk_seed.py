"""The desk's share of ``cc seed``: assignments over the requests that are not closed.

``cc seed`` writes with real commits, so the test removes what it added.
"""
import dataclasses

import pytest
import sqlalchemy as sa

from cc_core import api
from cc_desk import seed as seeder
from cc_desk.models import Ticket
from cc_requests import public as rq

pytestmark = pytest.mark.cc_plugins("requests", "desk")

PERSON = api.Person.__table__


@pytest.fixture
def bench_agent(dbengine):
    """A committed agent as the requests plugin's seed makes them; removed after, with new assignments."""
    with dbengine.begin() as connection:
        before = set(connection.execute(sa.select(Ticket.request_id).where(Ticket.assignee_id.is_not(None)))
                     .scalars())
        connection.execute(PERSON.insert(), [{
            "company_id": None, "email": "agent1@support.bench.example", "password_hash": "!", "name": "Agent 1",
            "phone": "", "mobile": "", "language": "en", "timezone": "UTC", "company_access": False,
            "is_manager": False, "is_staff": True, "is_active": True, "email_confirmed": True,
            "session_version": 1, "preferences": {}, "created_at": api.utcnow(), "last_login_at": None}])
        agent_id = connection.execute(sa.select(PERSON.c.id).where(
            PERSON.c.email == "agent1@support.bench.example")).scalar_one()
    yield agent_id, before
    with dbengine.begin() as connection:
        # Every request keeps its desk row (the requests table's trigger made it): unassign.
        connection.execute(sa.update(Ticket).where(Ticket.assignee_id == agent_id)
                           .values(assignee_id=None, version=0))
        connection.execute(sa.delete(PERSON).where(PERSON.c.id == agent_id))


def test_assigns_only_requests_that_are_not_closed_and_only_once(dbengine, bench_agent):
    agent_id, before = bench_agent
    sizes = dataclasses.replace(api.SeedSizes(), random_seed=1)
    seeder.seed(dbengine, sizes)
    with dbengine.connect() as connection:
        added = connection.execute(sa.select(Ticket.request_id, Ticket.assignee_id, rq.Request.status)
                                   .join(rq.Request, rq.Request.id == Ticket.request_id)
                                   .where(Ticket.assignee_id == agent_id)).all()
        unclosed = connection.execute(sa.select(sa.func.count()).select_from(rq.Request.__table__)
                                      .where(rq.Request.status != rq.CLOSED)).scalar()
    assert added, "some requests that are not closed get the agent"
    assert {status for _, _, status in added} <= {rq.OPEN, rq.WAITING}
    assert not {request_id for request_id, _, _ in added} & before
    assert len(added) <= unclosed - len(before)

    seeder.seed(dbengine, sizes)
    with dbengine.connect() as connection:
        again = connection.execute(sa.select(sa.func.count()).select_from(Ticket.__table__)
                                   .where(Ticket.assignee_id == agent_id)).scalar()
    assert again == len(added)


def test_without_bench_agents_nothing_is_assigned(dbengine):
    with dbengine.connect() as connection:
        before = connection.execute(sa.select(sa.func.count()).select_from(Ticket.__table__)).scalar()
    seeder.seed(dbengine, api.SeedSizes())
    with dbengine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(Ticket.__table__)).scalar() == before
