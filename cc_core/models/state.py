"""Small tables that carry auth and form state across workers."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime, utcnow


class LoginFailure(Base):
    """One event of a windowed :class:`cc_core.throttle.Throttle` (the mail-flood throttle's requests).

    Failed logins are counted in :class:`LoginCounter` instead.
    """

    __tablename__ = "cc_login_failure"
    __table_args__ = (sa.Index("ix_cc_login_failure_key_at", "key", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(300))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LoginCounter(Base):
    """Failed logins counted under one throttle key (client, account or address).

    One row per key, changed under a row lock (PostgreSQL) or the write lock
    (SQLite), so parallel guesses on several workers are counted one after
    the other (:mod:`cc_core.login_throttle`).  ``failures`` is stale, and
    counts as 0, once ``last_failure_at`` is a window old.
    """

    __tablename__ = "cc_login_counter"

    key: Mapped[str] = mapped_column(sa.String(400), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), index=True)


class FormSubmission(Base):
    """A form's one-time submission token and where its first post led.

    The primary key makes a second post with the same token fail to insert,
    even when both arrive at once on different workers, so a double click
    can never apply a form twice.
    """

    __tablename__ = "cc_form_submission"

    token: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    person_id: Mapped[int | None] = mapped_column()
    result_url: Mapped[str] = mapped_column(sa.String(2000), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class UsedToken(Base):
    """A one-time link's token digest, kept once used so it cannot be reused."""

    __tablename__ = "cc_used_token"

    digest: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    used_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class RevokedSession(Base):
    """The id of a session that was logged out, refused until its cookie would have expired anyway.

    Sessions live in signed cookies; this small table is what lets logout
    make a saved copy of the cookie worthless (:mod:`cc_core.sessions`).
    """

    __tablename__ = "cc_revoked_session"

    session_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
