"""One-time links: signed, expiring, single-use tokens bound to a person.

A token is the person's id, their ``session_version`` and e-mail address
at the time of issue, optional data and a random nonce, signed with the
portal's secret under a purpose-specific salt (so a password-reset token
is worthless as a login link).  Nothing is stored when a token is issued;
its SHA-256 digest is stored in ``UsedToken`` once it is used, so a link
works once.  A token dies by itself when

* it is older than ``cc.token_ttl`` seconds (default two hours);
* the person's password changes (``session_version`` is bumped) or their
  e-mail address changes (a link mailed to the old address is void);
* it has been used.

Checking a token tells these cases apart (:class:`TokenError.reason`) so a
stale link can explain itself and offer to mail a fresh one.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

from .db import utcnow
from .models import Person, UsedToken

DEFAULT_TTL = 7200
#: No link lives longer, and used-token rows are purged after it.
MAX_TTL = 30 * 24 * 3600


class TokenError(Exception):
    """A token that cannot be used, and why.

    ``reason`` is one of :attr:`INVALID` (forged, garbled, another
    purpose's or an unknown person's), :attr:`EXPIRED`, :attr:`USED` or
    :attr:`SUPERSEDED` (the password or e-mail address changed since).
    ``person`` is known for every reason but :attr:`INVALID`.
    """

    INVALID = "invalid"
    EXPIRED = "expired"
    USED = "used"
    SUPERSEDED = "superseded"

    def __init__(self, reason: str, person: Person | None = None, data: dict | None = None):
        super().__init__(reason)
        self.reason = reason
        self.person = person
        self.data = data or {}


@dataclasses.dataclass(frozen=True)
class LinkToken:
    """A token that passed every check (see :func:`check_token`)."""

    purpose: str
    token: str
    person: Person
    data: dict
    issued_at: dt.datetime

    @property
    def digest(self) -> str:
        return token_digest(self.token)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_ttl(settings) -> int:
    """The lifetime of one-time links in seconds (``cc.token_ttl``)."""
    return min(int(settings.get("cc.token_ttl", DEFAULT_TTL)), MAX_TTL)


def _serializer(request, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.registry.settings["cc.secret"], salt=f"cc.token.{purpose}")


def issue_token(request, purpose: str, person: Person, data: dict | None = None) -> str:
    """A token for ``purpose`` (``"reset"``, ``"register"``, ...) and ``person``.

    ``data`` (JSON-serialisable, e.g. a new e-mail address) comes back from
    :func:`check_token`; it is signed, not encrypted, so keep secrets out.
    """
    payload = {"p": person.id, "v": person.session_version, "e": person.email.lower(),
               "n": secrets.token_hex(6)}
    if data:
        payload["d"] = data
    return _serializer(request, purpose).dumps(payload)


def token_url(request, route_name: str, purpose: str, person: Person, data: dict | None = None) -> str:
    """The absolute URL of route ``route_name`` (with a ``{token}`` part) for a fresh token."""
    return request.route_url(route_name, token=issue_token(request, purpose, person, data))


def _load_person(request, payload) -> Person | None:
    if not isinstance(payload, dict) or not isinstance(payload.get("p"), int):
        return None
    person = request.dbsession.get(Person, payload["p"])
    return person if person is not None and person.is_active else None


def check_token(request, purpose: str, token: str, ttl: int | None = None) -> LinkToken:
    """Verify ``token`` for ``purpose`` without using it up.

    Raise :class:`TokenError` when it cannot be used.  Checking does not
    consume: a ``GET`` of a mailed link (which mail scanners do) must leave
    it working; call :func:`consume_token` when the action is done.
    """
    serializer = _serializer(request, purpose)
    max_age = token_ttl(request.registry.settings) if ttl is None else min(ttl, MAX_TTL)
    try:
        payload, issued = serializer.loads(token or "", max_age=max_age, return_timestamp=True)
    except SignatureExpired:
        person, payload = _expired_owner(request, serializer, token)
        raise TokenError(TokenError.EXPIRED, person, payload.get("d")) from None
    except BadData:
        raise TokenError(TokenError.INVALID) from None
    person = _load_person(request, payload)
    if person is None:
        raise TokenError(TokenError.INVALID)
    data = payload.get("d") or {}
    if request.dbsession.get(UsedToken, token_digest(token)) is not None:
        raise TokenError(TokenError.USED, person, data)
    if payload.get("v") != person.session_version or payload.get("e") != person.email.lower():
        raise TokenError(TokenError.SUPERSEDED, person, data)
    return LinkToken(purpose, token, person, data, issued)


def _expired_owner(request, serializer, token) -> tuple[Person | None, dict]:
    """The person of a genuine but expired token (signature still checked)."""
    try:
        payload = serializer.loads(token, max_age=MAX_TTL)
    except BadData:
        return None, {}
    return _load_person(request, payload), payload if isinstance(payload, dict) else {}


def owner_of_stale_token(request, purpose: str, token: str) -> Person | None:
    """The person a genuine token of ``purpose`` was issued to, however stale.

    Used to mail a fresh link to that person's current address; the
    signature is still verified, and tokens older than ``MAX_TTL`` are
    refused.
    """
    try:
        payload = _serializer(request, purpose).loads(token or "", max_age=MAX_TTL)
    except BadData:
        return None
    return _load_person(request, payload)


def consume_token(request, link: LinkToken) -> None:
    """Mark ``link`` used; raise ``TokenError(USED)`` if somebody was quicker.

    The digest is the primary key, so of two concurrent uses on different
    workers exactly one inserts it; the savepoint lets the loser's
    transaction continue to render an answer.
    """
    dbsession = request.dbsession
    try:
        with dbsession.begin_nested():
            dbsession.add(UsedToken(digest=link.digest, used_at=utcnow()))
    except sa.exc.IntegrityError:
        raise TokenError(TokenError.USED, link.person, link.data) from None
    cutoff = utcnow() - dt.timedelta(seconds=MAX_TTL)
    dbsession.execute(sa.delete(UsedToken).where(UsedToken.used_at < cutoff))
