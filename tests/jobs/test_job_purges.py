"""Recurring purges: after ``cc worker --once`` no purged table holds a row past its lifetime."""
import datetime as dt

import sqlalchemy as sa

from cc_core.db import utcnow
from cc_core.jobs.models import AVAILABLE, FAILED, Job, RecurringRun
from cc_core.models import (FormSubmission, IdempotentResult, InboundMail, LoginCounter, LoginFailure, RevokedSession,
                            UsedToken)

PURGING = {"cc.purge.every_seconds": "3600", "cc.token_ttl": "7200", "cc.login.window_seconds": "900",
           "cc.account.window_seconds": "3600", "cc.purge.form_submission_seconds": "172800",
           "cc.jobs.failed_retention_days": "30", "mail.inbound.ledger_days": "90"}


def ago(**delta):
    return utcnow() - dt.timedelta(**delta)


def failed_job(finished_at):
    return dict(name="cc.mail", payload={}, state=FAILED, attempts=10, max_attempts=10, run_at=finished_at,
                last_error="550", created_at=finished_at, finished_at=finished_at)


def test_cc_worker_once_purges_every_table_past_its_lifetime(jobs):
    with jobs.engine.begin() as connection:
        for table in (FormSubmission, UsedToken, LoginFailure, LoginCounter, RevokedSession, InboundMail,
                      IdempotentResult):
            connection.execute(sa.delete(table))
        connection.execute(sa.insert(InboundMail), [
            {"message_id": "<old@x>", "sender": "a@x", "outcome": "", "received_at": ago(days=91)},
            {"message_id": "<new@x>", "sender": "a@x", "outcome": "", "received_at": ago(days=89)}])
        connection.execute(sa.insert(FormSubmission), [
            {"token": "old", "result_url": "/", "created_at": ago(days=3)},
            {"token": "new", "result_url": "/", "created_at": ago(days=1)}])
        connection.execute(sa.insert(UsedToken), [{"digest": "old", "used_at": ago(hours=3)},
                                                  {"digest": "new", "used_at": ago(hours=1)}])
        connection.execute(sa.insert(LoginFailure), [{"key": "old", "created_at": ago(hours=2)},
                                                     {"key": "new", "created_at": ago(minutes=30)}])
        connection.execute(sa.insert(LoginCounter), [
            {"key": "client:old", "failures": 5, "last_failure_at": ago(minutes=20)},
            {"key": "client:new", "failures": 5, "last_failure_at": ago(minutes=5)}])
        connection.execute(sa.insert(RevokedSession), [{"session_id": "old", "expires_at": ago(minutes=1)},
                                                       {"session_id": "new", "expires_at": ago(minutes=-60)}])
        connection.execute(sa.insert(Job), [failed_job(ago(days=31)), failed_job(ago(days=29))])
        connection.execute(sa.insert(IdempotentResult), [
            {"owner": "token:1", "key": key, "route": "/api/v1/requests", "status": 201, "body": "{}",
             "location": "", "created_at": at} for key, at in (("old", ago(hours=25)), ("new", ago(hours=23)))])
    result = jobs.cli("worker", "--once", settings=PURGING)
    assert result.returncode == 0, result.stderr
    with jobs.engine.connect() as connection:
        assert connection.scalars(sa.select(FormSubmission.token)).all() == ["new"]
        assert connection.scalars(sa.select(UsedToken.digest)).all() == ["new"]
        assert connection.scalars(sa.select(LoginFailure.key)).all() == ["new"]
        assert connection.scalars(sa.select(LoginCounter.key)).all() == ["client:new"]
        assert connection.scalars(sa.select(RevokedSession.session_id)).all() == ["new"]
        assert connection.scalars(sa.select(InboundMail.message_id)).all() == ["<new@x>"]
        assert connection.scalars(sa.select(IdempotentResult.key)).all() == ["new"]
        kept = connection.execute(sa.select(Job.state, Job.finished_at)).all()
        assert len(kept) == 1 and kept[0].state == FAILED and kept[0].finished_at > ago(days=30)
        # The next runs are scheduled an interval on, once each.
        schedule = dict(connection.execute(sa.select(RecurringRun.name, RecurringRun.next_run_at)).all())
    assert sorted(schedule) == ["cc.purge.api_idempotency", "cc.purge.failed_jobs", "cc.purge.form_submissions",
                                "cc.purge.inbound_mail", "cc.purge.login_counters", "cc.purge.login_failures",
                                "cc.purge.orphan_files", "cc.purge.revoked_sessions", "cc.purge.used_tokens"]
    assert all(utcnow() + dt.timedelta(minutes=59) < due for due in schedule.values())


def test_a_recurring_run_is_enqueued_by_one_worker_only(jobs):
    from cc_core.jobs.recurring import schedule_due

    registry = jobs.registry(**PURGING)
    assert schedule_due(jobs.engine, registry) == 9   # the purges of every table with a lifetime
    assert schedule_due(jobs.engine, registry) == 0   # the second look finds nothing due
    assert [row.state for row in jobs.jobs()] == [AVAILABLE] * 9


def test_cc_worker_once_sweeps_stored_files_no_row_names_once_past_the_grace_period(jobs, tmp_path):
    import io
    import os

    from cc_core.storage import FolderStorage

    storage = FolderStorage(str(tmp_path / "files"))
    old = storage.store(io.BytesIO(b"left behind by a failed save"))
    new = storage.store(io.BytesIO(b"stored a moment ago"))
    two_days_ago = (utcnow() - dt.timedelta(days=2)).timestamp()
    os.utime(storage.path(old.key), (two_days_ago, two_days_ago))
    result = jobs.cli("worker", "--once", settings={**PURGING, "cc.files_dir": str(tmp_path / "files"),
                                                    "cc.storage.orphan_grace_seconds": "86400"})
    assert result.returncode == 0, result.stderr
    assert not storage.exists(old.key) and storage.exists(new.key)
