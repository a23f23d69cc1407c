"""Liveness and database check for load balancers and monitoring."""
import logging

import sqlalchemy as sa
from pyramid.view import view_config

log = logging.getLogger(__name__)


@view_config(route_name="healthz", renderer="json", permission="public", request_method="GET")
def healthz(request):
    try:
        request.dbsession.execute(sa.text("SELECT 1"))
        database = "ok"
    except sa.exc.SQLAlchemyError as exc:
        log.error("health check: database unreachable: %s", exc)
        database = "unreachable"
        request.response.status_int = 503
    request.response.headers["Cache-Control"] = "no-store"
    return {"status": "ok" if database == "ok" else "error", "database": database}
