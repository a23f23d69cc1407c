"""Locked throttle counters: the one dialect-aware part of login throttling.

Counting a failed login after checking the count lets parallel guesses on
several workers all pass the check before any of them is counted.  So the
throttle takes its counter rows *locked* before deciding, and keeps them
locked until the request's transaction ends:

* the rows are created if missing with ``INSERT ... ON CONFLICT DO
  NOTHING`` (SQLite 3.24+ and PostgreSQL spell it the same way, but
  SQLAlchemy builds it per dialect, hence this module);
* PostgreSQL: ``SELECT ... FOR UPDATE`` row locks; a second request for the
  same key waits until the first commits and then reads its count;
* SQLite: a login is a POST, whose transaction starts with ``BEGIN
  IMMEDIATE`` (:mod:`cc_core.db`), so it already holds the database's write
  lock and ``FOR UPDATE`` is not needed (SQLAlchemy leaves it out).

Keys are locked in sorted order, so two requests sharing keys can never
wait for each other in a circle.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from .models import LoginCounter

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def locked_counters(dbsession, keys) -> dict[str, LoginCounter]:
    """The counter rows of ``keys``, created if missing and locked for this transaction."""
    keys = sorted(set(keys))
    dialect = dbsession.get_bind().dialect.name
    try:
        insert = _INSERTS[dialect]
    except KeyError:
        raise RuntimeError(f"login throttling does not support the {dialect!r} database") from None
    dbsession.execute(insert(LoginCounter).values([{"key": key, "failures": 0} for key in keys])
                      .on_conflict_do_nothing(index_elements=["key"]))
    rows = dbsession.scalars(
        sa.select(LoginCounter).where(LoginCounter.key.in_(keys)).order_by(LoginCounter.key)
        .with_for_update().execution_options(populate_existing=True)).all()
    return {row.key: row for row in rows}


def purge_expired(dbsession, now: dt.datetime, window: dt.timedelta) -> int:
    """Delete counters whose last failure is a ``window`` older than ``now``; returns how many.

    Such a counter counts as 0 anyway (and a row never failed is left by a
    successful login): for the recurring job runner, to keep the table to
    the accounts and addresses that failed recently.
    """
    stale = sa.or_(LoginCounter.last_failure_at.is_(None), LoginCounter.last_failure_at <= now - window)
    return dbsession.execute(sa.delete(LoginCounter).where(stale)).rowcount or 0
