"""Liveness and database check for load balancers and monitoring.

Besides ``SELECT 1`` it asks whether a write could start now
(:mod:`cc_core.db_probe`), so a database that answers reads while every
write fails, a SQLite file whose lock is held, say, is not called healthy.
"""
import logging

import sqlalchemy as sa
from pyramid.view import view_config

from ..db_probe import write_problem

log = logging.getLogger(__name__)


@view_config(route_name="healthz", renderer="json", permission="public", request_method="GET")
def healthz(request):
    try:
        request.dbsession.execute(sa.text("SELECT 1"))
        database = _write_state(request)
    except sa.exc.SQLAlchemyError as exc:
        log.error("health check: database unreachable: %s", exc)
        database = "unreachable"
    if database != "ok":
        request.response.status_int = 503
    request.response.headers["Cache-Control"] = "no-store"
    return {"status": "ok" if database == "ok" else "error", "database": database}


def _write_state(request) -> str:
    # Only with the portal's own engine: the test harness shares one
    # connection, already in a transaction, between the test and the app.
    engine = request.registry.get("cc.db.engine")
    problem = write_problem(engine) if engine is not None else None
    if problem:
        log.error("health check: the database cannot take writes: %s", problem)
    return problem or "ok"
