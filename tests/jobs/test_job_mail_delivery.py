"""Mail through the queue against a real SMTP server that fails: down, 451 once, 550, and the portal's own mail."""
import time

import pytest
import sqlalchemy as sa

from cc_core.jobs.models import AVAILABLE, FAILED, Job


def wait_until_due(jobs):
    rows = jobs.jobs()
    latest = max(row.run_at for row in rows)
    from cc_core.db import utcnow

    time.sleep(max((latest - utcnow()).total_seconds(), 0) + 0.05)


def test_mail_goes_out_once_with_its_message_id(jobs, smtp):
    [message_id] = jobs.enqueue_mails(1)
    jobs.run_once()
    assert smtp.message_ids() == {message_id: 1} and jobs.jobs() == []


def test_server_down_while_ten_mails_wait_then_up_each_arrives_exactly_once(jobs, smtp):
    ids = jobs.enqueue_mails(10)
    smtp.down()
    jobs.run_once(concurrency=1)
    rows = jobs.jobs()
    # Waiting, not failed.  A slow machine may reach a job's 0.2 s backoff
    # within the same run, so a job may have been tried more than once.
    assert [row.state for row in rows] == [AVAILABLE] * 10 and all(row.attempts >= 1 for row in rows)
    assert all("Connection refused" in row.last_error for row in rows)
    smtp.up()
    wait_until_due(jobs)
    jobs.worker(concurrency=4).run(once=True)
    assert jobs.jobs() == []
    assert smtp.message_ids() == {message_id: 1 for message_id in ids}


def test_a_451_answer_once_is_delivered_on_the_retry(jobs, smtp):
    smtp.answers.append("451 4.3.0 Mailbox busy, try again later")
    [message_id] = jobs.enqueue_mails(1)
    jobs.run_once()
    [row] = jobs.jobs()
    assert row.state == AVAILABLE and "451" in row.last_error and smtp.count() == 0
    wait_until_due(jobs)
    jobs.run_once()
    assert jobs.jobs() == [] and smtp.message_ids() == {message_id: 1}


def test_a_550_answer_fails_at_once_keeping_the_answer(jobs, smtp):
    smtp.refuse = "550 5.1.1 No such mailbox here"
    jobs.enqueue_mails(1)
    jobs.run_once()
    [row] = jobs.jobs()
    assert (row.state, row.attempts) == (FAILED, 1)
    assert row.last_error == "the mail server refused the message: 550 5.1.1 No such mailbox here"
    assert smtp.count() == 0


@pytest.mark.cc_settings({"mail.delivery": "queue"})
def test_no_request_sends_mail_itself_the_reset_mail_is_a_job(testapp, dbsession, mailbox, run_jobs):
    form = testapp.get("/password/forgot").forms["password-forgot"]
    form["email"] = "demo@example.com"
    form.submit().follow()
    assert mailbox.messages == []
    assert dbsession.scalars(sa.select(Job.name)).all() == ["cc.account_mail"]
    run_jobs()
    [message] = mailbox.messages
    assert message["Message-ID"].endswith("@example.com>") and "/password/reset/" in mailbox.text(message)
