"""The queue itself: transactional enqueue, claiming, retries, leases, one worker on SQLite."""
import datetime as dt
import threading
import time

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from cc_core import api
from cc_core.db import utcnow
from cc_core.jobs.claim import backoff_seconds, claim
from cc_core.jobs.models import AVAILABLE, FAILED, RUNNING, Job
from cc_core.jobs.registry import JobConfigurationError, registry_from_plugins
from cc_core.jobs.worker import Worker
from cc_core.jobs.workers import WorkerRefused
from cc_core.models import LoginFailure
from cc_core.plugins import build_plugin_manager

CALLS = []


def _record(job):
    CALLS.append((job.payload["n"], job.attempt))
    if job.payload.get("fail_times", 0) >= job.attempt:
        raise RuntimeError(f"attempt {job.attempt} went wrong")
    if job.payload.get("refuse"):
        raise api.JobFailed("cannot be done")
    if job.payload.get("sleep"):
        time.sleep(job.payload["sleep"])


READ, WROTE = threading.Event(), threading.Event()


def _read_then_write(job):
    job.dbsession.execute(sa.select(sa.func.count()).select_from(LoginFailure)).scalar()
    READ.set()
    WROTE.wait(1.0)   # another writer may commit now, if the job's transaction lets it
    job.dbsession.add(LoginFailure(key="from-the-job", created_at=utcnow()))
    job.dbsession.flush()


class RecordingPlugin:
    """Registers the jobs these tests enqueue, the way a plugin module would."""

    @api.hookimpl
    def cc_job_handlers(self, settings):
        return [api.JobHandler(name="test.record", run=_record, max_attempts=3),
                api.JobHandler(name="test.read_then_write", run=_read_then_write)]


class LonelyPlugin:
    """Schedules a job nobody handles."""

    @api.hookimpl
    def cc_recurring_jobs(self, settings):
        return [api.RecurringJob(name="lonely.tick", every_seconds=60)]


test_jobs_plugin = RecordingPlugin()


def registry(jobs, **overrides):
    settings = {**jobs.settings, **overrides}
    pm = build_plugin_manager(settings, only=(), extra=[("test_jobs", test_jobs_plugin)])
    return registry_from_plugins(pm, settings)


def add(jobs, **payload):
    with Session(jobs.engine) as session, session.begin():
        session.info["cc.jobs"] = registry(jobs)
        job = api.enqueue(session, "test.record", payload)
        session.flush()
        return job.id


def worker(jobs, concurrency=1, **overrides):
    return Worker(jobs.engine, registry(jobs, **overrides), concurrency=concurrency)


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()


def test_a_rolled_back_change_enqueues_nothing_a_committed_one_its_job(jobs):
    with Session(jobs.engine) as session:
        with session.begin():
            session.info["cc.jobs"] = registry(jobs)
            api.enqueue(session, "test.record", {"n": 1})
            session.rollback()
    assert jobs.jobs() == []
    add(jobs, n=2)
    assert [(row.name, row.payload, row.state) for row in jobs.jobs()] == [("test.record", {"n": 2}, AVAILABLE)]


def test_a_name_no_plugin_handles_is_refused_when_enqueued(jobs):
    with Session(jobs.engine) as session:
        session.info["cc.jobs"] = registry(jobs)
        with pytest.raises(JobConfigurationError, match="no job handler is registered for 'test.nothing'"):
            api.enqueue(session, "test.nothing", {})
        with pytest.raises(TypeError):
            api.enqueue(session, "test.record", {"when": dt.datetime.now()})


def test_two_plugins_with_one_job_name_stop_start_up_naming_both(jobs):
    pm = build_plugin_manager(jobs.settings, only=(),
                              extra=[("test_jobs", test_jobs_plugin), ("twin", RecordingPlugin())])
    with pytest.raises(JobConfigurationError, match="plugin '(twin|test_jobs)' registers the job 'test.record', "
                                                    "which plugin '(test_jobs|twin)' registers already"):
        registry_from_plugins(pm, jobs.settings)


def test_a_recurring_job_without_a_handler_stops_start_up_naming_the_plugin(jobs):
    pm = build_plugin_manager(jobs.settings, only=(), extra=[("lonely", LonelyPlugin())])
    with pytest.raises(JobConfigurationError, match="plugin 'lonely' declares the recurring job 'lonely.tick'"):
        registry_from_plugins(pm, jobs.settings)


def test_the_worker_runs_a_job_once_and_deletes_it(jobs):
    add(jobs, n=1)
    assert worker(jobs).run(once=True) == 1
    assert CALLS == [(1, 1)] and jobs.jobs() == []


def test_a_failing_job_is_retried_after_a_backoff_then_succeeds(jobs):
    add(jobs, n=1, fail_times=1)
    worker(jobs).run(once=True)
    [row] = jobs.jobs()
    assert row.state == AVAILABLE and row.attempts == 1 and "attempt 1 went wrong" in row.last_error
    assert row.run_at > utcnow()   # not due again at once: --once left it
    time.sleep((row.run_at - utcnow()).total_seconds() + 0.05)
    worker(jobs).run(once=True)
    assert CALLS == [(1, 1), (1, 2)] and jobs.jobs() == []


def test_a_job_out_of_attempts_is_kept_as_failed_with_its_error(jobs):
    add(jobs, n=1, fail_times=99)
    for _ in range(3):
        worker(jobs, **{"cc.jobs.backoff_seconds": "0"}).run(once=True)
    [row] = jobs.jobs()
    assert (row.state, row.attempts) == (FAILED, 3) and "attempt 3 went wrong" in row.last_error
    assert row.finished_at is not None and len(CALLS) == 3


def test_job_failed_fails_at_once(jobs):
    add(jobs, n=1, refuse=True)
    worker(jobs).run(once=True)
    [row] = jobs.jobs()
    assert (row.state, row.attempts, row.last_error) == (FAILED, 1, "cannot be done")


def test_backoff_grows_exponentially_with_jitter_up_to_the_cap():
    settings = {"cc.jobs.backoff_seconds": "10", "cc.jobs.backoff_max_seconds": "100"}
    delays = [backoff_seconds(attempt, settings) for attempt in (1, 2, 3, 10)]
    assert 7.5 <= delays[0] <= 12.5 and 15 <= delays[1] <= 25 and 30 <= delays[2] <= 50 and 75 <= delays[3] <= 125
    assert len({round(backoff_seconds(1, settings), 6) for _ in range(20)}) > 1


def test_a_job_whose_lease_ran_out_is_taken_again(jobs):
    add(jobs, n=1)
    [held] = claim(jobs.engine, "dead-worker", 1, lease_seconds=0.2, settings=jobs.settings)
    assert claim(jobs.engine, "other", 1, lease_seconds=30, settings=jobs.settings) == []  # still leased
    assert jobs.jobs()[0].state == RUNNING
    time.sleep(0.3)
    worker(jobs).run(once=True)
    assert CALLS == [(1, 2)] and jobs.jobs() == []


def test_claims_take_distinct_jobs(jobs):
    for n in range(5):
        add(jobs, n=n)
    first = claim(jobs.engine, "a", 3, lease_seconds=30, settings=jobs.settings)
    second = claim(jobs.engine, "b", 3, lease_seconds=30, settings=jobs.settings)
    assert len(first) == 3 and len(second) == 2
    assert not {job.id for job in first} & {job.id for job in second}


def test_a_job_is_not_run_before_its_time(jobs):
    with Session(jobs.engine) as session, session.begin():
        session.info["cc.jobs"] = registry(jobs)
        api.enqueue(session, "test.record", {"n": 1}, run_at=utcnow() + dt.timedelta(hours=1))
    assert worker(jobs).run(once=True) == 0 and CALLS == []


def test_sigterm_stop_finishes_the_jobs_in_hand_and_claims_no_more(jobs):
    for n in range(4):
        add(jobs, n=n, sleep=0.5)
    running = worker(jobs, concurrency=2)
    thread = threading.Thread(target=running.run)
    thread.start()
    deadline = time.monotonic() + 5
    while len(CALLS) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    running.stop()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert sorted(n for n, _ in CALLS) == [0, 1]
    assert [row.state for row in jobs.jobs()] == [AVAILABLE, AVAILABLE]   # the two not started wait


def test_sqlite_refuses_a_second_worker(jobs):
    if jobs.is_postgresql:
        pytest.skip("PostgreSQL runs any number of workers")
    first = worker(jobs)
    thread = threading.Thread(target=first.run)
    thread.start()
    try:
        deadline = time.monotonic() + 5
        while not jobs_workers(jobs) and time.monotonic() < deadline:
            time.sleep(0.01)
        with pytest.raises(WorkerRefused, match="another worker is running on this SQLite database"):
            worker(jobs).run(once=True)
    finally:
        first.stop()
        thread.join(timeout=5)


def jobs_workers(jobs):
    from cc_core.jobs.models import WorkerProcess

    with jobs.engine.connect() as connection:
        return connection.execute(sa.select(WorkerProcess)).all()


def test_a_job_with_no_handler_left_fails_with_a_clear_error(jobs):
    with jobs.engine.begin() as connection:
        connection.execute(sa.insert(Job).values(name="gone.plugin", payload={}, state=AVAILABLE, attempts=0,
                                                 max_attempts=3, run_at=utcnow(), last_error="",
                                                 created_at=utcnow()))
    worker(jobs).run(once=True)
    [row] = jobs.jobs()
    assert row.state == FAILED and "no handler is registered for the job 'gone.plugin'" in row.last_error


def test_a_handler_that_reads_then_writes_is_not_refused_by_a_write_in_between(jobs):
    """On SQLite the job's transaction takes the write lock first, as a writing request does."""
    READ.clear(), WROTE.clear()
    with Session(jobs.engine) as session, session.begin():
        session.info["cc.jobs"] = registry(jobs)
        api.enqueue(session, "test.read_then_write", {})

    def other_writer():
        READ.wait(5)
        with jobs.engine.begin() as connection:
            connection.execute(sa.insert(LoginFailure).values(key="from-a-request", created_at=utcnow()))
        WROTE.set()

    writer = threading.Thread(target=other_writer)
    writer.start()
    worker(jobs).run(once=True)
    writer.join(timeout=40)
    assert jobs.jobs() == []
    with jobs.engine.connect() as connection:
        keys = set(connection.scalars(sa.select(LoginFailure.key)))
    assert {"from-the-job", "from-a-request"} <= keys
