"""The worker: claims due jobs, runs them on a pool of threads, settles each.

One loop thread claims as many jobs as there are free threads, a second
thread heartbeats (the worker's registration and the leases of the jobs it
holds), and the pool runs the handlers.  :meth:`Worker.stop` (SIGTERM)
claims nothing more and returns once the jobs in hand are done, so a
deploy loses no work; a worker killed outright loses none either, since
its jobs' leases run out and another worker takes them.
"""
from __future__ import annotations

import concurrent.futures
import logging
import os
import socket
import threading
import time
import traceback
import uuid

import sqlalchemy as sa

from ..db import sqlite_write_intent
from .claim import JobContext, claim, extend_leases, finish, job_session, settle_failure
from .enqueue import job_committed
from .recurring import schedule_due
from .registry import JobFailed
from .workers import heartbeat, register, unregister

log = logging.getLogger(__name__)

RECURRING_CHECK_SECONDS = 5.0


class Worker:
    def __init__(self, engine: sa.Engine | sa.Connection, registry, concurrency: int = 1):
        settings = registry.settings
        self.engine = engine
        self.registry = registry
        self.settings = settings
        self.concurrency = max(1, int(concurrency))
        self.lease_seconds = float(settings.get("cc.jobs.lease_seconds", 60))
        self.poll_seconds = float(settings.get("cc.jobs.poll_seconds", 1))
        self.hostname = socket.gethostname()
        self.id = f"{self.hostname}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._stopping = threading.Event()
        self._in_flight: set[concurrent.futures.Future] = set()
        self.processed = 0
        self._count_lock = threading.Lock()

    # -- life ------------------------------------------------------------------

    def stop(self) -> None:
        """Claim nothing new; :meth:`run` returns when the jobs in hand are done."""
        self._stopping.set()
        job_committed.set()

    def run(self, once: bool = False) -> int:
        """Work until stopped (or, with ``once``, until nothing is due); returns the jobs run."""
        register(self.engine, self.id, self.hostname, os.getpid(), stale_seconds=self.lease_seconds)
        beat = threading.Thread(target=self._heartbeat, name="cc-worker-heartbeat", daemon=True)
        beat.start()
        try:
            with concurrent.futures.ThreadPoolExecutor(self.concurrency, thread_name_prefix="cc-job") as pool:
                self._loop(pool, once)
        finally:
            self._stopping.set()
            beat.join(timeout=5)
            unregister(self.engine, self.id)
        return self.processed

    def drain(self) -> int:
        """Run every due job in this thread, one by one, without registering (the test harness).

        ``engine`` may then be a connection in a test's transaction.
        """
        schedule_due(self.engine, self.registry)
        while jobs := claim(self.engine, self.id, 1, self.lease_seconds, self.settings):
            self.perform(jobs[0])
        return self.processed

    def _loop(self, pool, once: bool) -> None:
        next_recurring = 0.0
        while not self._stopping.is_set():
            if time.monotonic() >= next_recurring:
                schedule_due(self.engine, self.registry)
                next_recurring = time.monotonic() + RECURRING_CHECK_SECONDS
            self._in_flight = {f for f in self._in_flight if not f.done()}
            free = self.concurrency - len(self._in_flight)
            jobs = claim(self.engine, self.id, free, self.lease_seconds, self.settings) if free else []
            for job in jobs:
                self._in_flight.add(pool.submit(self.perform, job))
            if jobs and free:
                continue
            if once and not jobs and not self._in_flight:
                return
            if self._in_flight:
                concurrent.futures.wait(self._in_flight, timeout=self.poll_seconds,
                                        return_when=concurrent.futures.FIRST_COMPLETED)
            else:
                job_committed.wait(self.poll_seconds)
                job_committed.clear()

    def _heartbeat(self) -> None:
        interval = max(self.lease_seconds / 3, 0.05)
        while not self._stopping.wait(interval):
            try:
                heartbeat(self.engine, self.id)
                extend_leases(self.engine, self.id, self.lease_seconds)
            except sa.exc.SQLAlchemyError:
                log.exception("worker %s: heartbeat failed", self.id)

    # -- one job ---------------------------------------------------------------

    def perform(self, job: JobContext) -> None:
        handler = self.registry.handler(job.name)
        if handler is None:
            settle_failure(self.engine, job, self.id, f"no handler is registered for the job {job.name!r}",
                           permanent=True)
            return
        job.jobs = self.registry
        session = job_session(self.engine)
        session.info["cc.jobs"] = self.registry
        try:
            if handler.uses_database:
                # The handler's work and the job's deletion commit together.
                # SQLite: BEGIN IMMEDIATE, as for a writing request, so a
                # read followed by a write cannot find the snapshot stale.
                sqlite_write_intent.set(True)
                with session.begin():
                    job.dbsession = session
                    handler.run(job)
                    self._finish(session, job)
            else:
                # Talking to the outside (a mail server) holds no
                # transaction, so on SQLite no write lock waits on it.
                handler.run(job)
                sqlite_write_intent.set(True)
                with session.begin():
                    self._finish(session, job)
            with self._count_lock:
                self.processed += 1
        except JobFailed as exc:
            log.error("job %s (%s) failed: %s", job.id, job.name, exc)
            settle_failure(self.engine, job, self.id, str(exc), permanent=True)
        except Exception as exc:  # any error may pass: retried with backoff
            state = settle_failure(self.engine, job, self.id, _describe(exc), permanent=False)
            log.warning("job %s (%s) attempt %s of %s failed (%s): %s", job.id, job.name, job.attempt,
                        job.max_attempts, state, exc, exc_info=state == "failed")
        finally:
            job.dbsession = None
            session.close()

    def _finish(self, session, job: JobContext) -> None:
        if not finish(session, job, self.id):
            log.warning("job %s (%s) finished after its lease passed to another worker", job.id, job.name)


def _describe(exc: BaseException) -> str:
    """The error as staff read it: the message first, then where it came from."""
    return f"{type(exc).__name__}: {exc}\n\n" + "".join(traceback.format_exception(exc)[-3:])
