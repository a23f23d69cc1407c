"""What every log line written during a request says about it: its id, route and person.

The observing tween (:mod:`cc_core.observe`) sets the request here for
the request's thread; the JSON formatter reads it, so a module logs as
usual and its lines still say which request they belong to.
"""
from __future__ import annotations

import contextvars
import re
import uuid

#: An incoming ``X-Request-ID`` is kept when it matches this (what proxies and
#: load balancers generate: UUIDs, hex, base64url); anything else is replaced.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+/=-]{0,127}")

current_request: contextvars.ContextVar = contextvars.ContextVar("cc_log_request", default=None)


def request_id_from(header: str | None) -> str:
    """The incoming id when it is safe to echo and log, else a new one."""
    if header and SAFE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def person_id(request) -> int | None:
    """The logged-in person's id, if the request has already looked them up (never a query here)."""
    person = request.__dict__.get("person")
    if person is None:
        return None
    import sqlalchemy as sa

    try:
        identity = sa.inspect(person).identity   # the key the session holds: no load, even when expired
    except sa.exc.NoInspectionAvailable:          # a stand-in object some plugin set
        return getattr(person, "id", None)
    return identity[0] if identity else None


def route_name(request) -> str | None:
    route = getattr(request, "matched_route", None)
    return route.name if route is not None else None


def request_fields() -> dict:
    """The current request's fields for a log line (empty outside a request)."""
    request = current_request.get()
    if request is None:
        return {}
    fields = {"request_id": request.environ.get("cc.request_id")}
    route = route_name(request)
    if route is not None:
        fields["route"] = route
    person = person_id(request)
    if person is not None:
        fields["person_id"] = person
    return fields
