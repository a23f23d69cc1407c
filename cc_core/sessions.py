"""Ending sessions on the server while the session itself stays in a cookie.

The session cookie is signed, not stored, so any worker can serve any
request.  The price is that a copy of the cookie stays valid after logout
until its idle timeout, unless the server remembers that it ended.  Each
login therefore gets a random session id in the cookie, and logging out
records that id in ``cc_revoked_session``.  The record is needed only as
long as a copy of the cookie could still be accepted, so it is kept for the
idle timeout plus the reissue time (the cookie's own clock lags by up to
the reissue time) and then purged.  The check costs no extra query: the
statement that loads the person also asks whether the id was revoked
(:func:`cc_core.auth._load_person`).

"Log out everywhere" needs no list of sessions: it bumps the person's
``session_version``, which every other cookie carries a stale copy of.
"""
from __future__ import annotations

import datetime as dt
import secrets

import sqlalchemy as sa

from .db import utcnow
from .models import RevokedSession

SESSION_ID = "cc.sid"


def new_session_id() -> str:
    """A fresh random id for a session (192 bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def revocation_lifetime(settings) -> dt.timedelta:
    """How long a revoked id must be remembered: as long as a copy of its cookie could live."""
    idle = int(settings.get("cc.session.idle_timeout", 7200))
    reissue = int(settings.get("cc.session.reissue_time", 300))
    return dt.timedelta(seconds=idle + reissue)


def revoke_session(request) -> None:
    """Record the current session's id as ended, so a saved copy of its cookie is refused."""
    session_id = request.session.get(SESSION_ID)
    if not session_id:
        return
    dbsession = request.dbsession
    if dbsession.get(RevokedSession, session_id) is None:
        dbsession.add(RevokedSession(session_id=session_id,
                                     expires_at=utcnow() + revocation_lifetime(request.registry.settings)))


def end_other_sessions(request, person) -> None:
    """End every session of ``person`` except this request's, which gets a fresh id.

    Bumping ``session_version`` invalidates every cookie issued before; the
    current browser is then logged in again under the new version, so the
    person who asked stays where they are.
    """
    from pyramid.security import remember

    person.session_version += 1
    remember(request, person.id)


def purge_expired(dbsession, now: dt.datetime) -> int:
    """Delete revoked ids whose cookies have expired by ``now``; returns how many.

    Meant for the recurring job runner: the table only grows with logouts,
    and a row past ``expires_at`` protects nothing any more.
    """
    result = dbsession.execute(sa.delete(RevokedSession).where(RevokedSession.expires_at <= now))
    return result.rowcount or 0
