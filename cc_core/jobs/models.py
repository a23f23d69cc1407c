"""The job queue's tables: jobs waiting, running or failed, the workers alive, recurring schedules.

One table holds a job for its whole life, as Oban keeps it: ``state`` says
where it is.  A job that succeeds is deleted in the transaction that
finishes it, so the table holds only work still to do and failures kept
for inspection, and the claim query stays an index scan however long the
portal runs.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime, utcnow

#: Waiting for its ``run_at``, or for a worker.
AVAILABLE = "available"
#: Held by a worker until ``locked_until``; a worker that dies lets the lease run out.
RUNNING = "running"
#: Out of attempts, or refused for good; kept with its error until purged or retried.
FAILED = "failed"
STATES = (AVAILABLE, RUNNING, FAILED)


class Job(Base):
    """One unit of background work: a handler's name and its JSON payload."""

    __tablename__ = "cc_job"
    __table_args__ = (sa.Index("ix_cc_job_state_run_at", "state", "run_at"),)

    id: Mapped[int] = mapped_column(sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    payload: Mapped[dict] = mapped_column(sa.JSON(), default=dict)
    state: Mapped[str] = mapped_column(sa.String(20), default=AVAILABLE)
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=10)
    run_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    locked_by: Mapped[str | None] = mapped_column(sa.String(200))
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(sa.Text(), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class WorkerProcess(Base):
    """A running worker, registered at start and heartbeating while it lives.

    ``cc jobs`` shows them; on SQLite a second worker finds the first's
    fresh heartbeat here and refuses to start.
    """

    __tablename__ = "cc_worker"

    id: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    hostname: Mapped[str] = mapped_column(sa.String(200))
    pid: Mapped[int] = mapped_column()
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    heartbeat_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RecurringRun(Base):
    """When a recurring job is next due; the row every worker races to advance.

    Advancing ``next_run_at`` with a conditional UPDATE and enqueuing the
    job in the same transaction means exactly one worker schedules each run.
    """

    __tablename__ = "cc_recurring_run"

    name: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    next_run_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
