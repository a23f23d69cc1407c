"""``Idempotency-Key`` on POST: a retried request gets the first answer and changes nothing again.

The form pipeline gives every rendered form a one-time token for the same
reason: a double click must not file a request twice.  An API client
picks its own key per operation and sends it with every retry.  The
first successful answer (status, body, ``Location``) is kept under the
caller and the key, inserted in the same transaction as the change it
answers, so either both are kept or neither is.  A retry finds it and
gets it again with ``Idempotent-Replayed: true``; a key sent again to
another URL is a 422; two requests with one key at once cannot both
commit (the primary key), and the loser gets a 409.
"""
from __future__ import annotations

import sqlalchemy as sa
from pyramid.response import Response

from ..i18n import _
from ..models import IdempotentResult
from .problems import ApiProblem

HEADER = "Idempotency-Key"
MAX_KEY = 200


def idempotency_key(request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY or not key.isprintable():
        raise ApiProblem(400, detail=_("api-bad-idempotency-key", default="An Idempotency-Key is 1 to 200 "
                                                                          "printable characters."))
    return key


def replay(request, owner: str, key: str) -> Response | None:
    """The kept answer to ``key``, or ``None`` when this is its first use."""
    kept = request.dbsession.get(IdempotentResult, (owner, key))
    if kept is None:
        return None
    if kept.route != request.path:
        raise ApiProblem(422, errors={"": _("api-idempotency-reused", default="This Idempotency-Key was used "
                                                                              "for another request.")})
    response = Response(status=kept.status, body=kept.body.encode("utf-8"), content_type="application/json",
                        charset="utf-8")
    if kept.location:
        response.headers["Location"] = kept.location
    response.headers["Idempotent-Replayed"] = "true"
    return response


def keep(request, owner: str, key: str, response: Response) -> None:
    """Keep a successful answer for the retries; a concurrent first use of the key gets a 409."""
    row = IdempotentResult(owner=owner, key=key, route=request.path, status=response.status_int,
                           body=response.body.decode("utf-8"), location=response.headers.get("Location", ""))
    try:
        with request.dbsession.begin_nested():
            request.dbsession.add(row)
    except sa.exc.IntegrityError:
        raise ApiProblem(409) from None


def purge_idempotency(dbsession, before) -> int:
    """Forget answers kept since before ``before``; returns how many."""
    return dbsession.execute(sa.delete(IdempotentResult).where(IdempotentResult.created_at < before)).rowcount or 0
