"""Personal access tokens: made, found by their secret, revoked.

A token's secret is ``cc_`` and 43 characters of ``secrets.token_urlsafe``
(256 random bits).  Only its SHA-256 digest is stored, looked up through a
unique index: a stolen database gives no usable token, and a random
secret that long needs no slow hash, so checking one costs one indexed
query per request.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa

from ..db import utcnow
from ..models import ApiToken, Person

PREFIX = "cc_"
READ = "read"
READ_WRITE = "read-write"
SCOPES = (READ, READ_WRITE)


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_api_token(dbsession, person: Person, name: str, scope: str, expires_at: dt.datetime) -> tuple[ApiToken, str]:
    """A new token of ``person`` and its secret, which is not kept anywhere: show it once."""
    if scope not in SCOPES:
        raise ValueError(f"unknown token scope {scope!r}")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(person_id=person.id, name=name, scope=scope, digest=token_digest(secret),
                     created_at=utcnow(), expires_at=expires_at)
    dbsession.add(token)
    dbsession.flush()
    return token, secret


def person_tokens(dbsession, person_id: int) -> list[ApiToken]:
    """A person's tokens that are not revoked, newest first."""
    return list(dbsession.scalars(
        sa.select(ApiToken).where(ApiToken.person_id == person_id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke_api_token(dbsession, person_id: int, token_id: int) -> bool:
    """Revoke one of ``person_id``'s tokens; ``False`` when there is no such token of theirs."""
    result = dbsession.execute(
        sa.update(ApiToken).where(ApiToken.id == token_id, ApiToken.person_id == person_id,
                                  ApiToken.revoked_at.is_(None)).values(revoked_at=utcnow()))
    return bool(result.rowcount)


def usable_token(dbsession, secret: str) -> tuple[ApiToken, Person] | None:
    """The token with this secret and its person, if it is neither revoked nor expired and the person active."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    row = dbsession.execute(
        sa.select(ApiToken, Person).join(Person, Person.id == ApiToken.person_id)
        .where(ApiToken.digest == token_digest(secret))).one_or_none()
    if row is None:
        return None
    token, person = row
    if token.revoked_at is not None or token.expires_at <= utcnow() or not person.is_active:
        return None
    return token, person
