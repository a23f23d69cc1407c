"""``Idempotency-Key`` on POST: a retried request gets the first answer and changes nothing again.

The form pipeline gives every rendered form a one-time token for the same
reason: a double click must not file a request twice.  An API client
picks its own key per operation and sends it with every retry.  The
first successful answer (status, body, ``Location``) is kept under the
caller and the key, inserted in the same transaction as the change it
answers, so either both are kept or neither is.  A retry finds it and
gets it again with ``Idempotent-Replayed: true``; a key sent again to
another URL or with another body is a 422 (a client that reuses keys by
mistake must hear it, not get an answer to a question it did not ask);
two requests with one key at once cannot both commit (the primary key),
and the loser gets a 409.

What "the same body" means is read from the parsed body, not its bytes:
a retry re-encodes its JSON or picks a new multipart boundary, and is
still the same request.
"""
from __future__ import annotations

import hashlib
import json

import sqlalchemy as sa
from pyramid.response import Response

from ..i18n import _
from ..models import IdempotentResult
from .bodies import posted_fields
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


def fingerprint(request) -> str:
    """A digest of what the request asks: its path and its body's fields (files by their content).

    Made once, before the endpoint reads the body (an upload's file is
    stored and may be gone by the time the answer is kept).
    """
    made = request.environ.get("cc.api.fingerprint")
    if made is not None:
        return made
    digest = hashlib.sha256(request.path.encode("utf-8"))
    data = request.environ.get("cc.api.json_body")
    if data is None and request.body:
        fields = posted_fields(request)
        data = request.environ.get("cc.api.json_body")
        if data is None:
            data = sorted((name, _field_digest(value)) for name, value in fields.items())
    digest.update(json.dumps(data, sort_keys=True, default=str).encode("utf-8"))
    request.environ["cc.api.fingerprint"] = digest.hexdigest()
    return request.environ["cc.api.fingerprint"]


def _field_digest(value) -> str:
    upload = getattr(value, "file", None)
    if upload is None:
        return str(value)
    content = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(65536), b""):
        content.update(chunk)
    upload.seek(0)
    return f"{getattr(value, 'filename', '')}:{content.hexdigest()}"


def replay(request, owner: str, key: str) -> Response | None:
    """The kept answer to ``key``, or ``None`` when this is its first use."""
    asked = fingerprint(request)
    kept = request.dbsession.get(IdempotentResult, (owner, key))
    if kept is None:
        return None
    # Answers kept before fingerprints were (an empty one) are matched by URL only.
    if kept.route != request.path or kept.fingerprint not in ("", asked):
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
    row = IdempotentResult(owner=owner, key=key, route=request.path, fingerprint=fingerprint(request),
                           status=response.status_int,
                           body=response.body.decode("utf-8"), location=response.headers.get("Location", ""))
    try:
        with request.dbsession.begin_nested():
            request.dbsession.add(row)
    except sa.exc.IntegrityError:
        raise ApiProblem(409) from None


def purge_idempotency(dbsession, before) -> int:
    """Forget answers kept since before ``before``; returns how many."""
    return dbsession.execute(sa.delete(IdempotentResult).where(IdempotentResult.created_at < before)).rowcount or 0
