""""Assigned to me" and "unassigned": the same requests as the desk rows say, counts bounded."""
import pytest
import sqlalchemy as sa

from cc_desk.models import Ticket
from cc_desk.queue import queries
from cc_requests import public as rq
from desk_testing import staff_id, titles

pytestmark = pytest.mark.cc_plugins("desk", "requests")


def counts(page) -> dict:
    return {a["data-status"]: a.select_one(".count").text for a in page.html.select("#desk-queue-counts a")
            if a.select_one(".count")}


def expected(dbsession, assigned_to):
    """Titles of every request whose desk row names ``assigned_to`` (``None``: no row or nobody)."""
    rows = dbsession.execute(sa.select(rq.Request.title, Ticket.assignee_id)
                             .outerjoin(Ticket, Ticket.request_id == rq.Request.id)).all()
    return {title for title, assignee in rows if assignee == assigned_to}


def test_the_filters_show_exactly_the_assigned_and_unassigned_requests(agent, dbsession):
    me = staff_id(dbsession)
    mine = expected(dbsession, me)
    assert mine and set(titles(agent.get("/desk", {"status": "all", "assignee": "me"}))) == mine
    nobody = expected(dbsession, None)
    assert nobody and set(titles(agent.get("/desk", {"status": "all", "assignee": "none"}))) == nobody
    # A desk row without an assignee (unassigned again) counts as unassigned.
    req = dbsession.scalars(sa.select(rq.Request).join(Ticket, Ticket.request_id == rq.Request.id)
                            .where(Ticket.assignee_id == me)).first()
    dbsession.get(Ticket, req.id).assignee_id = None
    dbsession.flush()
    assert req.title in titles(agent.get("/desk", {"status": "all", "assignee": "none"}))
    assert req.title not in titles(agent.get("/desk", {"status": "all", "assignee": "me"}))


def test_unassigned_counts_stop_at_their_own_cap(agent, monkeypatch):
    plain = counts(agent.get("/desk", {"assignee": "none"}))
    assert plain["closed"].isdigit() and int(plain["closed"]) > 1
    monkeypatch.setattr(queries, "UNASSIGNED_COUNT_CAP", 1)
    assert counts(agent.get("/desk", {"assignee": "none"}))["closed"] == "1+"
    # The other filters keep the queue's cap.
    assert counts(agent.get("/desk"))["closed"].isdigit()
