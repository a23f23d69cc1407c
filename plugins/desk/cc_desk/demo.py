"""Demonstration data of the desk: who works on which demo request.

``agent@example.com`` has the web shop outage and the double invoice on
their plate, the other open requests are nobody's yet, so "assigned to
me" and "unassigned" both show something in a fresh ``cc initdb --demo``.
Each assignment is in the request's history, as if made on the desk.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from cc_core import api
from cc_requests import public as rq

from .models import HistoryEntry, Ticket
from .tickets import saved_row

ASSIGNED_TO_AGENT = ("The web shop checkout fails with a timeout", "Invoice 2024-117 is charged twice",
                     "API returns 500 for large orders")


def create_demo(dbsession) -> None:
    agent = dbsession.scalar(sa.select(api.Person).where(api.Person.email == "agent@example.com"))
    if agent is None or dbsession.scalar(sa.select(sa.func.count()).select_from(Ticket)
                                         .where(Ticket.assignee_id.is_not(None))):
        return
    requests = dbsession.scalars(sa.select(rq.Request).where(rq.Request.title.in_(ASSIGNED_TO_AGENT)))
    for req in requests:
        at = req.created_at + dt.timedelta(minutes=20)
        # The request's row exists already (the requests table's trigger made it).
        saved_row(dbsession, req, assignee_id=agent.id, version=1, updated_at=at)
        dbsession.add(HistoryEntry(request_id=req.id, person_id=agent.id, field="assignee", old_value="",
                                   new_value=str(agent.id), created_at=at))
    dbsession.flush()
