"""Benchmark data of the desk for ``cc seed``: who works on which request.

The requests plugin's share has added the requests and twenty agents
(``agent<n>@support.bench.example``); this assigns a share of the requests
that are not closed to those agents, in bulk, so the queue's "assigned to
me" and "unassigned" filters are measured on a realistic mix.  Which
requests get an agent depends on their ids alone, so seeding again adds
nothing; the rows (which the requests table's trigger made) are
written by request id, the order of the table's primary key.
"""
from __future__ import annotations

import sqlalchemy as sa

from cc_core import api
from cc_requests import public as rq

from . import mirror
from .models import Ticket

#: Share of the requests that are not closed which have an assignee.
ASSIGNED_SHARE = 0.6
#: Rows per statement.
BATCH = 5_000


def _draw(request_id: int, salt: int) -> float:
    """A number in [0, 1) fixed by the request's id: seeding again picks the same requests."""
    return ((request_id * 2654435761 + salt * 40503) % 2**32) / 2**32


def seed(engine, sizes) -> None:
    salt = sizes.random_seed + 11
    person = api.Person.__table__
    request = rq.Request.__table__
    with engine.connect() as connection:
        agents = list(connection.execute(sa.select(person.c.id).where(
            person.c.is_staff.is_(True), person.c.email.like("%@support.bench.example")).order_by(person.c.id))
            .scalars())
        already = set(connection.execute(sa.select(Ticket.request_id).where(Ticket.assignee_id.is_not(None)))
                      .scalars())
        unclosed = [(row.id, row.status, row.updated_at) for row in connection.execute(
            sa.select(request.c.id, request.c.status, request.c.updated_at).where(request.c.status != rq.CLOSED)
            .order_by(request.c.id))]
    if not agents:
        return
    chosen = [(i, status, at) for i, status, at in unclosed if i not in already and _draw(i, salt) < ASSIGNED_SHARE]
    # Every request has its desk row already (the requests table's trigger made it): set the assignee.
    rows = ({"request_id": request_id, "assignee_id": agents[int(_draw(request_id, salt + 1) * len(agents))],
             "version": 1, "updated_at": at, "status": status, "activity_at": at}
            for request_id, status, at in chosen)
    with engine.begin() as connection:
        upsert = mirror.upsert_statement(connection.dialect.name, Ticket.__table__,
                                         ("assignee_id", "version", "updated_at"))
        with api.Progress("desk assignments", len(chosen)) as progress:
            for batch in _batches(rows):
                connection.execute(upsert, batch)
                progress.advance(len(batch))


def _batches(rows):
    """``rows`` in lists of :data:`BATCH`."""
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
