"""Liveness, database, schema, storage and job queue check for load balancers and monitoring.

Besides ``SELECT 1`` it asks whether a write could start now
(:mod:`cc_core.db_probe`), so a database that answers reads while every
write fails, a SQLite file whose lock is held, say, is not called healthy;
and whether the schema is at every migration head the code knows
(:mod:`cc_core.health_checks`).  Either failing answers 503 with
``"status": "error"``: pages would fail, so a load balancer should send
visitors elsewhere.

The file storage and the job backlog are reported too.  An unreachable
storage, or a backlog over ``cc.health.max_due_jobs`` (1000) or older than
``cc.health.max_oldest_due_seconds`` (900), answers 200 with
``"status": "degraded"`` and names the part in ``degraded``: most pages
still work, and taking the host out of rotation would not help when every
host shares the same storage and queue.  Monitoring alerts on it.
"""
import logging

import sqlalchemy as sa
from pyramid.view import view_config

from ..db_probe import write_problem
from ..health_checks import known_migrations, schema_state, storage_state
from ..jobs.status import queue_status
from ..storage import get_storage

log = logging.getLogger(__name__)


@view_config(route_name="healthz", renderer="json", permission="public", request_method="GET")
def healthz(request):
    body = {"status": "ok", "database": "ok"}
    try:
        request.dbsession.execute(sa.text("SELECT 1"))
        status = queue_status(request.dbsession)
        jobs = {"due": status.due, "oldest_due_seconds": status.oldest_due_seconds, **status.counts}
        schema = schema_state(request.dbsession.connection(), known_migrations(request.registry))
        body["database"] = _write_state(request)
        body.update(schema=schema, jobs=jobs)
    except sa.exc.SQLAlchemyError as exc:
        log.error("health check: database unreachable: %s", exc)
        body["database"] = "unreachable"
    body["storage"] = storage_state(get_storage(request))
    degraded = _degraded_parts(request.registry.settings, body)
    if degraded:
        body["status"], body["degraded"] = "degraded", degraded
    if body["database"] != "ok" or body.get("schema", {}).get("status") == "behind":
        body["status"] = "error"
        request.response.status_int = 503
    request.response.headers["Cache-Control"] = "no-store"
    return body


def _degraded_parts(settings, body) -> list[str]:
    parts = []
    if body["storage"]["status"] not in ("ok", "unchecked"):
        parts.append("storage")
    jobs = body.get("jobs")
    if jobs is not None and (jobs["due"] > int(settings.get("cc.health.max_due_jobs", 1000))
                             or jobs["oldest_due_seconds"] > float(settings.get("cc.health.max_oldest_due_seconds",
                                                                                 900))):
        parts.append("jobs")
    return parts


def _write_state(request) -> str:
    # Only with the portal's own engine: the test harness shares one
    # connection, already in a transaction, between the test and the app.
    engine = request.registry.get("cc.db.engine")
    problem = write_problem(engine) if engine is not None else None
    if problem:
        log.error("health check: the database cannot take writes: %s", problem)
    return problem or "ok"
