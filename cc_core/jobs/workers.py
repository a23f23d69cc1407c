"""Worker registrations and heartbeats, and SQLite's one-worker rule.

Solid Queue's processes register and heartbeat the same way.  A row whose
heartbeat is older than the lease belongs to a dead worker and is removed
by the next one to start; the jobs it held come back when their own
leases run out (:func:`cc_core.jobs.claim.release_expired`).
"""
from __future__ import annotations

import datetime as dt
import os

import sqlalchemy as sa

from ..db import utcnow
from .claim import _write_transaction
from .models import WorkerProcess


class WorkerRefused(Exception):
    """Another worker holds a database that allows only one (SQLite)."""


def register(engine: sa.Engine, worker_id: str, hostname: str, pid: int, stale_seconds: float) -> None:
    now = utcnow()
    with _write_transaction(engine) as connection:
        connection.execute(sa.delete(WorkerProcess)
                           .where(WorkerProcess.heartbeat_at < now - dt.timedelta(seconds=stale_seconds)))
        if engine.dialect.name == "sqlite":
            other = connection.execute(sa.select(WorkerProcess)).first()
            if other is not None and other.hostname == hostname and not _alive(other.pid):
                # Killed on this machine (the database is a local file): no
                # need to wait for its heartbeat to go stale.
                connection.execute(sa.delete(WorkerProcess).where(WorkerProcess.id == other.id))
                other = None
            if other is not None:
                raise WorkerRefused(
                    f"another worker is running on this SQLite database (pid {other.pid} on {other.hostname},"
                    f" last seen {other.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC); SQLite allows one worker:"
                    f" use PostgreSQL to run several")
        connection.execute(sa.insert(WorkerProcess).values(id=worker_id, hostname=hostname, pid=pid,
                                                           started_at=now, heartbeat_at=now))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def heartbeat(engine: sa.Engine, worker_id: str) -> None:
    with _write_transaction(engine) as connection:
        connection.execute(sa.update(WorkerProcess).where(WorkerProcess.id == worker_id)
                           .values(heartbeat_at=utcnow()))


def unregister(engine: sa.Engine, worker_id: str) -> None:
    with _write_transaction(engine) as connection:
        connection.execute(sa.delete(WorkerProcess).where(WorkerProcess.id == worker_id))
