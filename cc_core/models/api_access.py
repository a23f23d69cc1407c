"""What the JSON API keeps: personal access tokens and the first answers to idempotent posts."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UTCDateTime, utcnow
from .identity import Person


class ApiToken(Base):
    """A personal access token: a name, a scope, an expiry, and only the digest of its secret.

    The secret is shown once when the token is made; the database keeps
    its SHA-256 digest, which is enough for a random secret of 256 bits
    (nobody can guess it, so a slow hash would only slow every request).
    """

    __tablename__ = "cc_api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("cc_person.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: ``read`` (safe methods only) or ``read-write``.
    scope: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    person: Mapped[Person] = relationship()


class IdempotentResult(Base):
    """The first answer to a POST sent with an ``Idempotency-Key``, replayed to its retries.

    Keyed by who asked (``token:<id>`` or ``person:<id>``) and the key, so
    two callers cannot see each other's answers; the primary key makes a
    second insert of the same pair fail even when both arrive at once.
    """

    __tablename__ = "cc_api_idempotency"

    owner: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    route: Mapped[str] = mapped_column(sa.String(2000))
    # sha256 of the path and the parsed body (idempotency.fingerprint); "" for rows kept before it.
    fingerprint: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    status: Mapped[int] = mapped_column()
    body: Mapped[str] = mapped_column(sa.Text())
    location: Mapped[str] = mapped_column(sa.String(2000), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
