"""The outermost tween: a request id on every response, the access log line, the request metrics.

It sits over every other tween, so it sees the final status of error
pages, 503s and API problems alike and adds ``X-Request-ID`` to each.  The
id is the caller's ``X-Request-ID`` when it is safe to repeat (a proxy's
or the load balancer's, so one id follows the request through every
log), else a new one.  Log lines written during the request carry it
(:mod:`cc_core.logs.context`); the access line is logged at ``INFO`` on
``cc_core.access`` with method, route, status, duration and the SQL
statements the request sent.  Metrics are counted by route *name*
(:mod:`cc_core.metrics.definitions`).
"""
from __future__ import annotations

import logging
import time

from pyramid.tweens import INGRESS

from .logs.context import current_request, request_id_from, route_name
from .metrics.db_time import StatementTally, current_tally

access_log = logging.getLogger("cc_core.access")

REQUEST_ID_HEADER = "X-Request-ID"


def observe_tween_factory(handler, registry):
    measure = registry.get("cc.metrics.enabled", False)
    if measure:
        from .metrics.definitions import DB_TIME, LATENCY, REQUESTS, STATEMENTS, UNMATCHED_ROUTE

    def tween(request):
        started = time.perf_counter()
        request_id = request.environ["cc.request_id"] = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        tally = StatementTally()
        request_token, tally_token = current_request.set(request), current_tally.set(tally)
        status = 500
        try:
            response = handler(request)
            status = response.status_int
            response.headers[REQUEST_ID_HEADER] = request_id
            return response
        finally:
            elapsed = time.perf_counter() - started
            route = route_name(request)
            if measure:
                label = route or UNMATCHED_ROUTE
                REQUESTS.labels(label, str(status)).inc()
                LATENCY.labels(label).observe(elapsed)
                DB_TIME.labels(label).observe(tally.seconds)
                STATEMENTS.labels(label).observe(tally.statements)
            if access_log.isEnabledFor(logging.INFO):
                access_log.info("%s %s %s %.1fms", request.method, route or "-", status, elapsed * 1000,
                                extra={"method": request.method, "status": status,
                                       "duration_ms": round(elapsed * 1000, 2), "statements": tally.statements,
                                       "db_ms": round(tally.seconds * 1000, 2)})
            current_tally.reset(tally_token)
            current_request.reset(request_token)

    return tween


def includeme(config):
    config.add_tween("cc_core.observe.observe_tween_factory", under=INGRESS)
