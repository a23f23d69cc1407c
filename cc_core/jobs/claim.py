"""Taking due jobs and settling them: the queue's only SQL.

Claiming follows Oban's engines: in one short transaction, jobs whose
worker's lease ran out are released, then due jobs are selected ``FOR
UPDATE SKIP LOCKED`` (PostgreSQL: concurrent workers skip each other's rows
instead of waiting or taking them twice) and marked running with this
worker's name and a lease.  SQLite has no row locks; there the claim runs
under ``BEGIN IMMEDIATE`` and only one worker may run at all
(:mod:`cc_core.jobs.workers`).  A job that succeeds is deleted in the
transaction its handler ran in; one that fails is put back with a backoff
or kept as failed.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import random

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..db import sqlite_write_intent, utcnow
from .models import AVAILABLE, FAILED, RUNNING, Job

LOST_LEASE_ERROR = "the worker running this job stopped before it finished"


@dataclasses.dataclass
class JobContext:
    """What a handler gets: the job's data and a session in the transaction that finishes the job."""

    id: int
    name: str
    payload: dict
    attempt: int
    max_attempts: int
    settings: dict
    dbsession: Session | None = None
    #: The worker's :class:`~cc_core.jobs.registry.JobRegistry`.
    jobs: object = None

    def pyramid_registry(self):
        """The application's Pyramid registry, for handlers that render as a request would."""
        return self.jobs.pyramid_registry()


@contextlib.contextmanager
def _write_transaction(bind):
    """A connection in a transaction that takes SQLite's write lock up front.

    ``bind`` is the engine, or (the test harness) a connection already in a
    transaction, where a savepoint stands in for the transaction.
    """
    sqlite_write_intent.set(True)
    if isinstance(bind, sa.Connection):
        with bind.begin_nested():
            yield bind
    else:
        with bind.begin() as connection:
            yield connection


def job_session(bind) -> Session:
    """The session a handler runs in (a savepoint of the harness's connection in tests)."""
    if isinstance(bind, sa.Connection):
        return Session(bind=bind, join_transaction_mode="create_savepoint")
    return Session(bind)


def release_expired(connection, now: dt.datetime) -> int:
    """Put back the jobs of workers that stopped heartbeating; fail those with no attempt left."""
    expired = sa.and_(Job.state == RUNNING, Job.locked_until < now)
    connection.execute(sa.update(Job).where(expired, Job.attempts >= Job.max_attempts)
                       .values(state=FAILED, locked_by=None, locked_until=None, finished_at=now,
                               last_error=LOST_LEASE_ERROR))
    return connection.execute(sa.update(Job).where(expired)
                              .values(state=AVAILABLE, locked_by=None, locked_until=None,
                                      last_error=LOST_LEASE_ERROR)).rowcount


def claim(engine: sa.Engine, worker_id: str, limit: int, lease_seconds: float, settings: dict) -> list[JobContext]:
    """Mark up to ``limit`` due jobs as this worker's for ``lease_seconds``, oldest due first."""
    now = utcnow()
    with _write_transaction(engine) as connection:
        release_expired(connection, now)
        ids = connection.scalars(
            sa.select(Job.id).where(Job.state == AVAILABLE, Job.run_at <= now)
            .order_by(Job.run_at, Job.id).limit(limit).with_for_update(skip_locked=True)).all()
        if not ids:
            return []
        connection.execute(sa.update(Job).where(Job.id.in_(ids))
                           .values(state=RUNNING, locked_by=worker_id, attempts=Job.attempts + 1,
                                   locked_until=now + dt.timedelta(seconds=lease_seconds)))
        rows = connection.execute(sa.select(Job.id, Job.name, Job.payload, Job.attempts, Job.max_attempts)
                                  .where(Job.id.in_(ids)).order_by(Job.run_at, Job.id)).all()
    return [JobContext(id=row.id, name=row.name, payload=row.payload or {}, attempt=row.attempts,
                       max_attempts=row.max_attempts, settings=settings) for row in rows]


def finish(dbsession: Session, job: JobContext, worker_id: str) -> bool:
    """Delete a succeeded job in its handler's transaction; False if the lease was lost to another worker."""
    return dbsession.execute(sa.delete(Job).where(Job.id == job.id, Job.locked_by == worker_id)).rowcount == 1


def backoff_seconds(attempt: int, settings: dict) -> float:
    """Exponential backoff with jitter: base, 2 x base, 4 x base ... up to the cap, each +-25 %.

    The jitter spreads the retries of jobs that failed together (a mail
    server that was down) so they do not all return at the same instant.
    """
    base = float(settings.get("cc.jobs.backoff_seconds", 15))
    cap = float(settings.get("cc.jobs.backoff_max_seconds", 3600))
    delay = min(base * 2 ** max(attempt - 1, 0), cap)
    return delay * random.uniform(0.75, 1.25)


def settle_failure(engine: sa.Engine, job: JobContext, worker_id: str, error: str, permanent: bool) -> str:
    """Record a failed attempt: back to the queue after a backoff, or failed for good. Returns the new state."""
    now = utcnow()
    error = error[:4000]
    if permanent or job.attempt >= job.max_attempts:
        values = dict(state=FAILED, finished_at=now)
    else:
        values = dict(state=AVAILABLE, run_at=now + dt.timedelta(seconds=backoff_seconds(job.attempt, job.settings)))
    with _write_transaction(engine) as connection:
        connection.execute(sa.update(Job).where(Job.id == job.id, Job.locked_by == worker_id)
                           .values(locked_by=None, locked_until=None, last_error=error, **values))
    return values["state"]


def extend_leases(engine: sa.Engine, worker_id: str, lease_seconds: float) -> None:
    """The heartbeat of the jobs a live worker holds: their leases move forward."""
    with _write_transaction(engine) as connection:
        connection.execute(sa.update(Job).where(Job.state == RUNNING, Job.locked_by == worker_id)
                           .values(locked_until=utcnow() + dt.timedelta(seconds=lease_seconds)))
