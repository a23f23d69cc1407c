"""Real processes: a web server killed after a post, workers killed mid-job, workers side by side."""
import signal
import time

import pytest

from cc_core.db import utcnow

from .portal_process import PortalProcess


def test_kill_9_the_web_process_after_a_reset_post_then_the_worker_mails_it_once(jobs, smtp):
    portal = PortalProcess(jobs.ini)
    try:
        assert portal.post_form("/password/forgot", email="demo@example.com") == 303
    finally:
        portal.kill()
    assert smtp.count() == 0
    result = jobs.cli("worker", "--once")
    assert result.returncode == 0, result.stderr
    assert [str(m["To"]) for m in smtp.messages] == ["demo@example.com"]
    assert list(smtp.message_ids().values()) == [1] and jobs.jobs() == []


def test_a_worker_killed_mid_job_the_job_runs_again_after_the_lease_and_finishes_once(jobs, smtp):
    [message_id] = jobs.enqueue_mails(1)
    smtp.hang_seconds = 30
    worker = jobs.popen("worker", settings={"cc.jobs.lease_seconds": "1"})
    try:
        assert smtp.hanging.wait(60), "the worker never reached the SMTP server"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    smtp.hang_seconds = 0
    [row] = jobs.jobs()
    assert row.state == "running" and row.attempts == 1
    time.sleep(max((row.locked_until - utcnow()).total_seconds(), 0) + 0.1)
    result = jobs.cli("worker", "--once")
    assert result.returncode == 0, result.stderr
    assert smtp.message_ids() == {message_id: 1} and jobs.jobs() == []


def test_sqlite_refuses_a_second_cc_worker_clearly(jobs, smtp):
    if jobs.is_postgresql:
        pytest.skip("PostgreSQL runs any number of workers")
    first = jobs.popen("worker")
    try:
        deadline = time.monotonic() + 60
        while not _registered(jobs) and time.monotonic() < deadline:
            time.sleep(0.05)
        second = jobs.cli("worker", "--once")
        assert second.returncode == 1
        assert "another worker is running on this SQLite database" in second.stderr
    finally:
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=20) == 0


def _registered(jobs):
    import sqlalchemy as sa

    from cc_core.jobs.models import WorkerProcess

    with jobs.engine.connect() as connection:
        return connection.scalar(sa.select(sa.func.count()).select_from(WorkerProcess))


def test_postgresql_two_workers_deliver_a_thousand_mails_each_once(jobs, smtp):
    if not jobs.is_postgresql:
        pytest.skip("SQLite allows one worker")
    ids = jobs.enqueue_mails(1000)
    workers = [jobs.popen("worker", "--once", "--concurrency", "4") for _ in range(2)]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    assert sum(int(out.split()[0]) for out, _ in outputs) == 1000
    assert smtp.message_ids() == {message_id: 1 for message_id in ids}
    assert jobs.jobs() == []


def test_the_development_server_runs_a_worker_thread_mail_lands_in_the_folder_within_a_second(jobs, tmp_path):
    mail_dir = tmp_path / "mail"
    ini = jobs.ini_with(**{"cc.jobs.embedded_worker": "true", "mail.backend": "files",
                           "mail.files_dir": str(mail_dir), "cc.jobs.poll_seconds": "5"})
    portal = PortalProcess(ini)
    try:
        time.sleep(0.5)   # the worker thread registers
        assert portal.post_form("/password/forgot", email="demo@example.com") == 303
        posted = time.monotonic()
        while not list(mail_dir.glob("*.eml")) and time.monotonic() - posted < 1.0:
            time.sleep(0.02)
        files = list(mail_dir.glob("*.eml"))
    finally:
        portal.kill()
    assert len(files) == 1, "no mail within a second of the post"
    assert b"demo@example.com" in files[0].read_bytes()
