"""``/readyz``: should the load balancer send this host traffic now?

Polled every second or two by every balancer, so it stays cheap: one
``stat()`` of the drain flag (:mod:`cc_core.drain`) and, unless the host
is draining, one ``SELECT 1``.  The job queue, the write probe and the
rest belong to ``/healthz``, which monitoring reads less often.

It answers 503 while the host drains (gunicorn got ``SIGTERM``, or an
operator ran ``cc drain``), so the balancer moves traffic to the other
hosts while this one still serves what it has, and 503 while the
database does not answer, since every page would fail here anyway.
"""
import logging

import sqlalchemy as sa
from pyramid.view import view_config

from ..drain import is_draining

log = logging.getLogger(__name__)


@view_config(route_name="readyz", renderer="json", permission="public", request_method=("GET", "HEAD"))
def readyz(request):
    request.response.headers["Cache-Control"] = "no-store"
    if is_draining():
        request.response.status_int = 503
        return {"ready": False, "reason": "draining"}
    try:
        request.dbsession.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as exc:
        log.error("readiness check: database unreachable: %s", exc)
        request.response.status_int = 503
        return {"ready": False, "reason": "database unreachable"}
    return {"ready": True}
