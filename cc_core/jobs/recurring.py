"""Recurring jobs: each due run is enqueued by exactly one worker.

Every worker checks now and then; the one whose conditional UPDATE moves
``next_run_at`` forward enqueues the job in the same transaction, so two
workers that look at once cannot both schedule a run, and a crash between
the two writes loses neither.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..db import utcnow
from .claim import _write_transaction
from .enqueue import max_attempts_setting
from .models import AVAILABLE, Job, RecurringRun


def schedule_due(engine: sa.Engine, registry) -> int:
    """Enqueue every recurring job that is due; returns how many were enqueued."""
    if not registry.recurring:
        return 0
    now = utcnow()
    enqueued = 0
    with _write_transaction(engine) as connection:
        known = set(connection.scalars(sa.select(RecurringRun.name)))
        for job in registry.recurring:
            if job.name not in known:
                # First run on this database: due now.  On PostgreSQL two
                # workers may both insert; the loser's error is harmless.
                try:
                    with connection.begin_nested():
                        connection.execute(sa.insert(RecurringRun).values(name=job.name, next_run_at=now))
                except sa.exc.IntegrityError:
                    pass
            advanced = connection.execute(
                sa.update(RecurringRun).where(RecurringRun.name == job.name, RecurringRun.next_run_at <= now)
                .values(next_run_at=now + dt.timedelta(seconds=job.every_seconds))).rowcount
            if advanced:
                handler = registry.handler(job.name)
                connection.execute(sa.insert(Job).values(
                    name=job.name, payload=dict(job.payload), state=AVAILABLE, attempts=0,
                    max_attempts=handler.max_attempts or max_attempts_setting(registry.settings),
                    run_at=now, last_error="", created_at=now))
                enqueued += 1
    return enqueued
