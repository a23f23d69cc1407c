"""Liveness and database check for load balancers and monitoring.

Besides ``SELECT 1`` it asks whether a write could start now
(:mod:`cc_core.db_probe`), so a database that answers reads while every
write fails, a SQLite file whose lock is held, say, is not called healthy.
It also reports the job queue's backlog and how long the oldest due job
has waited, so monitoring can alert on a stopped worker; a backlog never
makes the check fail, since the web part still serves.
"""
import logging

import sqlalchemy as sa
from pyramid.view import view_config

from ..db_probe import write_problem
from ..jobs.status import queue_status

log = logging.getLogger(__name__)


@view_config(route_name="healthz", renderer="json", permission="public", request_method="GET")
def healthz(request):
    jobs = None
    try:
        request.dbsession.execute(sa.text("SELECT 1"))
        status = queue_status(request.dbsession)
        jobs = {"due": status.due, "oldest_due_seconds": status.oldest_due_seconds, **status.counts}
        database = _write_state(request)
    except sa.exc.SQLAlchemyError as exc:
        log.error("health check: database unreachable: %s", exc)
        database = "unreachable"
    if database != "ok":
        request.response.status_int = 503
    request.response.headers["Cache-Control"] = "no-store"
    body = {"status": "ok" if database == "ok" else "error", "database": database}
    if jobs is not None:
        body["jobs"] = jobs
    return body


def _write_state(request) -> str:
    # Only with the portal's own engine: the test harness shares one
    # connection, already in a transaction, between the test and the app.
    engine = request.registry.get("cc.db.engine")
    problem = write_problem(engine) if engine is not None else None
    if problem:
        log.error("health check: the database cannot take writes: %s", problem)
    return problem or "ok"
