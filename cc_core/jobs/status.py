"""What the queue holds, for people: counts, the oldest due job, failures, and retrying them.

``cc jobs``, ``/healthz`` and the desk's failed-mail page all read it here.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa

from ..db import utcnow
from .models import AVAILABLE, FAILED, RUNNING, STATES, Job


@dataclasses.dataclass(frozen=True)
class QueueStatus:
    counts: dict[str, int]
    #: Jobs due now and not yet taken (the backlog).
    due: int
    #: Seconds the oldest due job has waited past its ``run_at`` (0 when none is due).
    oldest_due_seconds: float


def queue_status(dbsession) -> QueueStatus:
    now = utcnow()
    counts = dict.fromkeys(STATES, 0)
    counts.update(dict(dbsession.execute(sa.select(Job.state, sa.func.count()).group_by(Job.state)).all()))
    due_filter = sa.and_(Job.state == AVAILABLE, Job.run_at <= now)
    due, oldest = dbsession.execute(sa.select(sa.func.count(), sa.func.min(Job.run_at)).where(due_filter)).one()
    if oldest is not None and oldest.tzinfo is None:  # SQLite's MIN() loses the column's type
        oldest = dt.datetime.fromisoformat(str(oldest)).replace(tzinfo=dt.timezone.utc)
    age = max((now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0
    return QueueStatus(counts=counts, due=due, oldest_due_seconds=round(age, 1))


def failed_jobs(dbsession, name: str | None = None, limit: int = 100) -> list[Job]:
    """Failed jobs, newest failure first (``name`` narrows to one kind, say ``cc.mail``)."""
    query = sa.select(Job).where(Job.state == FAILED)
    if name is not None:
        query = query.where(Job.name == name)
    return list(dbsession.scalars(query.order_by(Job.finished_at.desc(), Job.id.desc()).limit(limit)))


def retry_jobs(dbsession, ids: list[int] | None = None) -> int:
    """Put failed jobs (the given ones, or all) back in the queue, due now, with fresh attempts."""
    query = sa.update(Job).where(Job.state == FAILED)
    if ids is not None:
        query = query.where(Job.id.in_(ids))
    return dbsession.execute(query.values(state=AVAILABLE, attempts=0, run_at=utcnow(), finished_at=None,
                                          locked_by=None, locked_until=None)).rowcount


__all__ = ["QueueStatus", "queue_status", "failed_jobs", "retry_jobs", "AVAILABLE", "RUNNING", "FAILED"]
