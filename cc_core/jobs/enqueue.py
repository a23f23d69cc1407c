"""Adding a job to the caller's transaction.

The job is an ordinary row added to the request's (or the given) session:
it commits with the change that caused it or not at all.  That is the
whole of the transactional outbox; no message broker has to agree.
"""
from __future__ import annotations

import datetime as dt
import json
import threading

from sqlalchemy import event

from ..db import utcnow
from .models import AVAILABLE, Job

DEFAULT_MAX_ATTEMPTS = 10

#: Set when a job commits in this process, so a worker thread in the same
#: process (the development server's) starts it at once instead of at its
#: next poll.
job_committed = threading.Event()


def _session_and_registry(request_or_session):
    dbsession = getattr(request_or_session, "dbsession", None)
    if dbsession is not None:  # a request
        return dbsession, request_or_session.registry.get("cc.jobs")
    session = request_or_session
    registry = session.info.get("cc.jobs")
    request = session.info.get("request")
    if registry is None and request is not None:
        registry = request.registry.get("cc.jobs")
    return session, registry


def max_attempts_setting(settings: dict) -> int:
    return int(settings.get("cc.jobs.max_attempts", DEFAULT_MAX_ATTEMPTS))


def enqueue(request_or_session, name: str, payload: dict | None = None,
            run_at: dt.datetime | None = None) -> Job:
    """Queue the job ``name`` with a JSON ``payload``, to run when the transaction commits.

    ``request_or_session`` is a request (its ``dbsession`` is used) or a
    SQLAlchemy session.  ``run_at`` (timezone-aware) delays the job.  A name
    no plugin handles, or a payload JSON cannot carry, raises here.
    """
    dbsession, registry = _session_and_registry(request_or_session)
    payload = dict(payload or {})
    json.dumps(payload)  # a payload that cannot be stored fails in the caller, not in the worker
    max_attempts = DEFAULT_MAX_ATTEMPTS
    if registry is not None:
        handler = registry.check_name(name)
        max_attempts = handler.max_attempts or max_attempts_setting(registry.settings)
    job = Job(name=name, payload=payload, state=AVAILABLE, attempts=0, max_attempts=max_attempts,
              run_at=run_at or utcnow(), last_error="", created_at=utcnow())
    dbsession.add(job)
    if not dbsession.info.get("cc.jobs.wake"):
        dbsession.info["cc.jobs.wake"] = True
        event.listen(dbsession, "after_commit", _wake_workers, once=True)
    return job


def _wake_workers(session) -> None:
    session.info.pop("cc.jobs.wake", None)
    job_committed.set()
