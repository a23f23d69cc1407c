"""Who calls the API: a bearer token, or the browser's own session.

``Authorization: Bearer <secret>`` names a personal access token; the
request then acts as the token's person, with the token's scope.  Without
the header the signed session cookie counts, so scripts on the portal's
own pages can call the API; those send the session's CSRF token in
``X-CSRF-Token`` with every unsafe method, as forms send it in a field.
A token is never accepted from the query string or a cookie: URLs end
up in logs.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from pyramid.csrf import check_csrf_token

from ..db import utcnow
from ..i18n import _
from ..models import ApiToken, Person
from .access_tokens import READ_WRITE, usable_token
from .problems import ApiProblem

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
#: ``last_used_at`` is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
CHALLENGE = 'Bearer realm="api"'


@dataclasses.dataclass(frozen=True)
class Caller:
    person: Person | None
    token: ApiToken | None = None

    @property
    def may_write(self) -> bool:
        return self.token is None or self.token.scope == READ_WRITE

    @property
    def owner_key(self) -> str | None:
        """Who owns idempotency keys and rate counts: the token, else the person."""
        if self.token is not None:
            return f"token:{self.token.id}"
        if self.person is not None:
            return f"person:{self.person.id}"
        return None


def identify(request) -> Caller:
    """The caller of this request; a bad token is a 401 problem, never a silent fall back to anonymous."""
    header = request.headers.get("Authorization")
    if header is None:
        person = request.person
        if person is not None and request.method not in SAFE_METHODS:
            if not check_csrf_token(request, token="csrf_token", header="X-CSRF-Token", raises=False):
                raise ApiProblem(400, detail=_("api-csrf", default="Send the session's CSRF token in the "
                                                                   "X-CSRF-Token header."))
        return Caller(person=person)
    scheme, _space, secret = header.partition(" ")
    found = usable_token(request.dbsession, secret.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        raise ApiProblem(401, headers={"WWW-Authenticate": CHALLENGE + ', error="invalid_token"'})
    token, person = found
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
    # From here on the request is the token's person's, for views and ACLs alike.
    request.__dict__["person"] = person
    request.__dict__.pop("principals", None)
    return Caller(person=person, token=token)

